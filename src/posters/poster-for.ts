/** Where each episode's build-time poster is served, with its size and alt text. */
import { forwardPoster, STRIP_HEIGHT, STRIP_WIDTH } from './forward-poster.ts';
import {
  guidancePoster,
  promptsPoster,
  reversePoster,
  stepsPoster,
  type Poster,
} from './posters.ts';
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

const SVG_POSTERS: Record<Exclude<EpisodeSlug, 'forward'>, () => Poster> = {
  reverse: reversePoster,
  prompts: promptsPoster,
  steps: stepsPoster,
  guidance: guidancePoster,
};

/** The poster image of an episode, with URLs under the site's base path. */
export async function posterFor(slug: EpisodeSlug, base: string): Promise<PosterImage> {
  const root = base.replace(/\/?$/, '/');
  if (slug === 'forward') {
    const { alt } = await forwardPoster();
    return {
      src: `${root}posters/forward.webp`,
      width: STRIP_WIDTH,
      height: STRIP_HEIGHT,
      alt,
      type: 'image/webp',
      sources: [{ type: 'image/avif', srcset: `${root}posters/forward.avif` }],
    };
  }
  const { width, height, alt } = SVG_POSTERS[slug]();
  return {
    src: `${root}posters/${slug}.svg`,
    width,
    height,
    alt,
    type: 'image/svg+xml',
    sources: [],
  };
}
