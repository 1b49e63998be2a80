/**
 * EP 01's poster: the default picture pushed through the forward process at a few timesteps, and
 * the noise ε that was added, encoded as one WebP strip at build time with the real schedule.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng, fillGaussian } from '../sim/random.ts';
import { makeSchedule, signalScale, noiseScale } from '../sim/schedule.ts';
import { noiseImage } from '../sim/forward.ts';
import { POSTER_SEED } from './posters.ts';

/** The default picture, relative to the project root. */
export const ARTWORK_PATH = 'public/art/meadow.webp';
/** Tile size of each frame of the strip, in pixels. */
export const TILE = 144;
/** The timesteps shown, left to right; the last tile is ε itself. */
export const STRIP_T = [0, 100, 250, 500, 1000] as const;

/** The strip's pixel size. */
export const STRIP_WIDTH = TILE * (STRIP_T.length + 1);
export const STRIP_HEIGHT = TILE;

let pending: Promise<{ webp: Uint8Array; alt: string }> | null = null;

/** Builds (once per build) the strip and its alt text. */
export function forwardPoster(): Promise<{ webp: Uint8Array; alt: string }> {
  pending ??= build();
  return pending;
}

async function build(): Promise<{ webp: Uint8Array; alt: string }> {
  const source = await readFile(join(process.cwd(), ARTWORK_PATH));
  const { data } = await sharp(source)
    .resize(TILE, TILE)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const n = TILE * TILE * 3;
  const x0 = new Float32Array(n);
  for (let i = 0; i < n; i++) x0[i] = ((data[i] ?? 0) / 255) * 2 - 1;
  const eps = fillGaussian(createRng(POSTER_SEED, 'image'), new Float32Array(n));
  const schedule = makeSchedule('linear');

  const tiles = STRIP_T.length + 1;
  const strip = Buffer.alloc(STRIP_WIDTH * STRIP_HEIGHT * 3);
  const put = (tile: number, values: Float32Array, toByte: (v: number) => number) => {
    for (let y = 0; y < TILE; y++) {
      for (let x = 0; x < TILE; x++) {
        const src = (y * TILE + x) * 3;
        const dst = (y * STRIP_WIDTH + tile * TILE + x) * 3;
        for (let c = 0; c < 3; c++) strip[dst + c] = toByte(values[src + c] ?? 0);
      }
    }
  };
  const toByte = (v: number) => Math.max(0, Math.min(255, Math.round(((v + 1) / 2) * 255)));
  STRIP_T.forEach((t, i) => put(i, noiseImage(x0, eps, schedule, t), toByte));
  // ε is N(0, 1) per channel: show ±2.5σ across the byte range, as the interactive does.
  put(tiles - 1, eps, (v) => toByte(v / 2.5));

  const webp = await sharp(strip, { raw: { width: STRIP_WIDTH, height: STRIP_HEIGHT, channels: 3 } })
    .webp({ quality: 70, effort: 6 })
    .toBuffer();

  const kept = STRIP_T.map(
    (t) => `t = ${t}: ${(signalScale(schedule, t) * 100).toFixed(1)} % of the picture's amplitude, noise at ${noiseScale(schedule, t).toFixed(3)}`,
  ).join('; ');
  const alt =
    `The dusk meadow painting drowned by the forward process at five timesteps, then the noise itself. ${kept}. ` +
    `By t = 500 only the brightest shapes (the sun, the house) can be made out; at t = 1000 it is static. ` +
    `The last tile is ε, the Gaussian noise that was added: what the model must learn to predict.`;
  return { webp: new Uint8Array(webp), alt };
}
