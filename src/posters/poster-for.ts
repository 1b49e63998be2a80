/** Where each episode's build-time poster is served, with its size and alt text. */
import { forwardPoster, STRIP_HEIGHT, STRIP_WIDTH } from './forward-poster.ts';
import { DRAWN_POSTERS, posterBitmaps, posterPixelSize } from './poster-pixels.ts';
import type { EpisodeSlug } from '../scroll/scenes.ts';

/** An <img> for a poster. */
export interface PosterImage {
  src: string;
  width: number;
  height: number;
  alt: string;
  /** The media type of `src`. */
  type: string;
  /** Better-compressed encodings the browser may pick instead of `src` (<picture> sources). */
  sources: { type: string; srcset: string }[];
}

/** The encodings every poster is served in: AVIF first, WebP for browsers without it. */
export const POSTER_FORMATS = ['avif', 'webp'] as const;
export type PosterFormat = (typeof POSTER_FORMATS)[number];

/** The poster of an episode, with URLs under the site's base path. */
export async function posterFor(slug: EpisodeSlug, base: string): Promise<PosterImage> {
  const root = base.replace(/\/?$/, '/');
  const drawn = slug === 'forward' ? null : DRAWN_POSTERS[slug]();
  const { width, height } = drawn
    ? posterPixelSize(drawn)
    : { width: STRIP_WIDTH, height: STRIP_HEIGHT };
  const alt = drawn ? drawn.alt : (await forwardPoster()).alt;
  return {
    src: `${root}posters/${slug}.webp`,
    width,
    height,
    alt,
    type: 'image/webp',
    sources: [{ type: 'image/avif', srcset: `${root}posters/${slug}.avif` }],
  };
}

/** The bytes of an episode's poster in one encoding. */
export async function posterFile(
  slug: EpisodeSlug,
  format: PosterFormat,
): Promise<Uint8Array<ArrayBuffer>> {
  const encoded = slug === 'forward' ? await forwardPoster() : await posterBitmaps(slug);
  return encoded[format];
}
