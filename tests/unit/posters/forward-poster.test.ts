import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  forwardPoster,
  forwardPosterPixels,
  NOISE_PANEL,
  PANEL,
  STRIP_HEIGHT,
  STRIP_WIDTH,
} from '../../../src/posters/forward-poster.ts';

/** Encoding both formats takes a second or two, more on a busy machine. */
const SLOW = 30_000;
/** The dark label drawn over each panel's top-left corner is this tall. */
const LABEL = 17;

interface Rgb {
  data: Buffer;
  width: number;
  height: number;
}

async function decode(bytes: Uint8Array): Promise<Rgb> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function lossless(): Promise<Rgb> {
  return { data: await forwardPosterPixels(), width: STRIP_WIDTH, height: STRIP_HEIGHT };
}

/** A rectangle of the strip, in pixels. */
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** ε's panel below its label. */
const NOISE: Box = {
  left: NOISE_PANEL.left,
  top: NOISE_PANEL.top + LABEL,
  width: NOISE_PANEL.size,
  height: NOISE_PANEL.size - LABEL,
};
/** The clean picture (t = 0, the grid's first tile) below its label. */
const CLEAN: Box = {
  left: 0,
  top: NOISE_PANEL.top + LABEL,
  width: PANEL / 2,
  height: PANEL / 2 - LABEL,
};

function* channels(image: Rgb, box: Box): Generator<[value: number, right: number | null]> {
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * image.width + x) * 3 + c;
        const right = x + 1 < box.left + box.width ? (image.data[i + 3] ?? 0) : null;
        yield [image.data[i] ?? 0, right];
      }
    }
  }
}

/** What makes noise look like noise: its contrast and how much each pixel differs from the next. */
function grain(image: Rgb, box: Box): { contrast: number; roughness: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let steps = 0;
  let stepSum = 0;
  for (const [value, right] of channels(image, box)) {
    n++;
    sum += value;
    sumSq += value * value;
    if (right !== null) {
      steps++;
      stepSum += Math.abs(value - right);
    }
  }
  const mean = sum / n;
  return { contrast: Math.sqrt(sumSq / n - mean * mean), roughness: stepSum / steps };
}

/** Peak signal-to-noise ratio of `image` against `reference` inside `box`, in dB. */
function psnr(image: Rgb, reference: Rgb, box: Box): number {
  let n = 0;
  let squared = 0;
  const a = channels(image, box);
  for (const [expected] of channels(reference, box)) {
    const [actual] = a.next().value ?? [0];
    squared += (actual - expected) ** 2;
    n++;
  }
  return 10 * Math.log10((255 * 255) / (squared / n));
}

describe('EP 01 poster', () => {
  it(
    'comes in AVIF and WebP, both the size the page reserves for it',
    async () => {
      const { avif, webp } = await forwardPoster();
      for (const bytes of [avif, webp]) {
        const image = await decode(bytes);
        expect([image.width, image.height]).toEqual([STRIP_WIDTH, STRIP_HEIGHT]);
      }
      expect((await sharp(avif).metadata()).format).toBe('heif');
      expect((await sharp(webp).metadata()).format).toBe('webp');
    },
    SLOW,
  );

  it(
    'AVIF, the one browsers pick, fits two round trips of a fresh connection',
    async () => {
      const { avif, webp } = await forwardPoster();
      // A new TCP connection sends 10 packets, then 20: about 44 KB in its first two round trips.
      expect(avif.byteLength).toBeLessThan(44_000);
      expect(avif.byteLength).toBeLessThan(webp.byteLength * 0.65);
    },
    SLOW,
  );

  it(
    'keeps the grain of ε: the AVIF looks like the WebP, and neither has smoothed it away',
    async () => {
      const { avif, webp } = await forwardPoster();
      const exact = grain(await lossless(), NOISE);
      const asAvif = grain(await decode(avif), NOISE);
      const asWebp = grain(await decode(webp), NOISE);
      // Gaussian noise at ±2.5σ over the byte range: a standard deviation of about 51 levels.
      expect(exact.contrast).toBeGreaterThan(45);
      for (const lossy of [asAvif, asWebp]) {
        expect(lossy.contrast).toBeGreaterThan(exact.contrast * 0.6);
        expect(lossy.roughness).toBeGreaterThan(exact.roughness * 0.6);
      }
      expect(asAvif.contrast).toBeGreaterThan(asWebp.contrast * 0.9);
      expect(asAvif.roughness).toBeGreaterThan(asWebp.roughness * 0.9);
    },
    SLOW,
  );

  it(
    'keeps the clean painting faithful',
    async () => {
      const { avif, webp } = await forwardPoster();
      const reference = await lossless();
      expect(psnr(await decode(avif), reference, CLEAN)).toBeGreaterThan(30);
      expect(psnr(await decode(webp), reference, CLEAN)).toBeGreaterThan(30);
    },
    SLOW,
  );
});
