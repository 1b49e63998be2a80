import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  DRAWN_POSTERS,
  POSTER_DENSITY,
  posterBitmaps,
  posterPixels,
  posterPixelSize,
} from '../../../src/posters/poster-pixels.ts';
import { stepsPoster } from '../../../src/posters/posters.ts';

/** Sampling a poster's runs and encoding it take seconds, more on a busy machine. */
const SLOW = 60_000;

/** The RGB triple at (x, y) of packed RGB rows `width` wide. */
function rgbAt(data: Buffer, width: number, x: number, y: number): [number, number, number] {
  const i = (y * width + x) * 3;
  return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
}

/** Pixels of a band of rows far brighter than the dark background (text, white or coloured). */
function brightPixels(data: Buffer, width: number, top: number, bottom: number) {
  let count = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < width; x++) if (Math.max(...rgbAt(data, width, x, y)) > 150) count++;
  }
  return count;
}

/** Pixels of a band of rows with a strong colour (a particle: hue from where it started). */
function colouredPixels(data: Buffer, width: number, top: number, bottom: number) {
  let count = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < width; x++) {
      const rgb = rgbAt(data, width, x, y);
      if (Math.max(...rgb) - Math.min(...rgb) > 80) count++;
    }
  }
  return count;
}

describe('drawn posters as pixels', () => {
  it.each(Object.keys(DRAWN_POSTERS) as (keyof typeof DRAWN_POSTERS)[])(
    '%s is rasterised at twice its drawing, with its labels and its particles',
    async (slug) => {
      const poster = DRAWN_POSTERS[slug]();
      const { width, height } = posterPixelSize(poster);
      expect([width, height]).toEqual([
        poster.width * POSTER_DENSITY,
        poster.height * POSTER_DENSITY,
      ]);
      const data = await posterPixels(poster);
      expect(data.length).toBe(width * height * 3);
      // The figure's dark background in the corner.
      expect(rgbAt(data, width, 1, 1)).toEqual([0x15, 0x16, 0x1b]);
      // Every poster's first row of labels sits in its top 30 drawing units: the text must be
      // there (a build machine without fonts would leave the band empty).
      expect(brightPixels(data, width, 0, 30 * POSTER_DENSITY)).toBeGreaterThan(200);
      // Below the labels, the panels hold coloured dots.
      expect(colouredPixels(data, width, 30 * POSTER_DENSITY, height)).toBeGreaterThan(5000);
    },
    SLOW,
  );

  it(
    'encodes AVIF and WebP of the same size that keep the drawing',
    async () => {
      const poster = stepsPoster();
      const { width, height } = posterPixelSize(poster);
      const exact = await posterPixels(poster);
      const { avif, webp } = await posterBitmaps('steps');
      for (const [name, bytes] of [
        ['avif', avif],
        ['webp', webp],
      ] as const) {
        const image = sharp(bytes);
        expect((await image.metadata()).format, name).toBe(name === 'avif' ? 'heif' : 'webp');
        const { data, info } = await image
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        expect([info.width, info.height], name).toEqual([width, height]);
        let error = 0;
        for (let i = 0; i < data.length; i++) error += Math.abs((data[i] ?? 0) - (exact[i] ?? 0));
        const mean = error / data.length;
        expect(mean, `${name} mean error per channel`).toBeLessThan(6);
        expect(mean, `${name} is lossy, not a copy`).toBeGreaterThan(0);
      }
      // Small enough to be worth it: a few times the gzipped SVG it replaces, not tens.
      expect(avif.length).toBeLessThan(30_000);
      expect(avif.length).toBeLessThan(webp.length);
    },
    SLOW,
  );
});
