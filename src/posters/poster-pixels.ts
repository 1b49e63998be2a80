/**
 * The posters of EP 02–05 as pixels. They are drawn as SVG (particles-svg.ts) and rasterised at
 * build time at twice their drawing's size, then encoded as AVIF with a WebP fallback, as EP 01's
 * poster is.
 *
 * Served as SVG, each poster cost the reader's main thread a document of its own as it neared the
 * screen: Chromium builds a page for an SVG image, parses it, styles and lays out its text, and
 * records its paint there, in one task (20–49 ms each at 4× CPU slowdown, traced), with two more
 * layouts of 6–16 ms in the frames that first painted it. A bitmap is decoded off the main thread.
 * The price is bytes: 94 KB of AVIF for the four against 39 KB of gzipped SVG, all of it loaded
 * lazily in the article (an embed loads only its own).
 */
import sharp from 'sharp';
import { encodePoster, type EncodedPoster } from './encode.ts';
import {
  guidancePoster,
  promptsPoster,
  reversePoster,
  stepsPoster,
  type Poster,
} from './posters.ts';

/** Pixels per unit of the drawing (a CSS pixel at its natural size): crisp on 1.75–3× screens. */
export const POSTER_DENSITY = 2;

/**
 * AVIF settings: flat dark panels, round dots and labels keep their edges at quality 40 (the
 * noisiest poster, EP 02's, is 41 KB; 55 KB at quality 60). Effort 4 takes a few seconds a poster.
 */
export const POSTER_AVIF_OPTIONS = { quality: 40, effort: 4 } as const;
/** WebP settings of the fallback, for browsers without AVIF. */
export const POSTER_WEBP_OPTIONS = { quality: 70, effort: 6 } as const;

/** The episodes whose poster is a particle drawing. */
export const DRAWN_POSTERS = {
  reverse: reversePoster,
  prompts: promptsPoster,
  steps: stepsPoster,
  guidance: guidancePoster,
} as const satisfies Record<string, () => Poster>;

export type DrawnPosterSlug = keyof typeof DRAWN_POSTERS;

/** A drawn poster's pixel size: its drawing's, at POSTER_DENSITY. */
export function posterPixelSize(poster: Pick<Poster, 'width' | 'height'>): {
  width: number;
  height: number;
} {
  return { width: poster.width * POSTER_DENSITY, height: poster.height * POSTER_DENSITY };
}

const pending = new Map<DrawnPosterSlug, Promise<EncodedPoster>>();

/** Rasterises and encodes (once per build) the poster of `slug`. */
export function posterBitmaps(slug: DrawnPosterSlug): Promise<EncodedPoster> {
  let bitmaps = pending.get(slug);
  if (!bitmaps) {
    bitmaps = encode(DRAWN_POSTERS[slug]());
    pending.set(slug, bitmaps);
  }
  return bitmaps;
}

/** The poster's pixels, RGB, row by row, at POSTER_DENSITY. */
export async function posterPixels(poster: Poster): Promise<Buffer> {
  const { width, height } = posterPixelSize(poster);
  const { data, info } = await sharp(Buffer.from(poster.svg), { density: 72 * POSTER_DENSITY })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height) {
    throw new Error(`poster rasterised at ${info.width}×${info.height}, not ${width}×${height}`);
  }
  return data;
}

async function encode(poster: Poster): Promise<EncodedPoster> {
  const { width, height } = posterPixelSize(poster);
  return encodePoster(await posterPixels(poster), width, height, {
    avif: POSTER_AVIF_OPTIONS,
    webp: POSTER_WEBP_OPTIONS,
  });
}
