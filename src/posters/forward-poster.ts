/**
 * EP 01's poster, laid out like the live figure (two square panels side by side, 2 : 1) so nothing
 * moves when the interactive takes over. Left: the default picture pushed through the forward
 * process at the four scroll steps' timesteps, a 2 × 2 grid. Right: the noise ε that was added,
 * drawn from the same seeded stream at the same size as the interactive's, so it is the very ε the
 * reader will see. Encoded at build time with the real schedule, twice: AVIF, which browsers
 * prefer, and WebP for the few that cannot show AVIF.
 *
 * The poster is an embed's largest paint, so its bytes are on the critical path, and noise hardly
 * compresses. WebP needs 65 KB to keep ε's grain; AVIF keeps the same grain (the same contrast
 * and pixel-to-pixel variation, which the unit test measures) in 38 KB, under the ~44 KB that a
 * fresh connection delivers in its first two round trips.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng, fillGaussian } from '../sim/random.ts';
import { makeSchedule, signalScale, noiseScale } from '../sim/schedule.ts';
import { noiseImage } from '../sim/forward.ts';
import { POSTER_SEED } from './posters.ts';
import { encodePoster, type EncodedPoster } from './encode.ts';

/** The default picture, relative to the project root. */
export const ARTWORK_PATH = 'public/art/meadow.webp';
/** Side of each panel, in pixels: the interactive's working size, so ε matches it exactly. */
export const PANEL = 256;
/** Gap between the panels (about 2 % of the width, as in the live canvas). */
const GAP = 10;
/** Side of each tile of the left panel's 2 × 2 grid. */
const TILE = PANEL / 2;
/** The timesteps of the left grid, reading order: EP 01's scroll steps. */
export const GRID_T = [0, 100, 400, 1000] as const;
/** The figure's background, behind the gap. */
const BACKGROUND = { r: 0x15, g: 0x16, b: 0x1b };

/** The poster's pixel size (2 : 1, like the stage). */
export const STRIP_WIDTH = 2 * PANEL + GAP;
export const STRIP_HEIGHT = Math.round(STRIP_WIDTH / 2);
/** Where the panels sit vertically (centred in the strip). */
const TOP = Math.floor((STRIP_HEIGHT - PANEL) / 2);
/** The ε panel's square, in poster pixels. */
export const NOISE_PANEL = { left: PANEL + GAP, top: TOP, size: PANEL } as const;

/**
 * AVIF encoder settings, matched to the WebP's look: below quality ~50 ε loses contrast (at 40 it
 * is visibly greyer, at 30 blotchy), and 4 : 4 : 4 chroma spends the bytes on colour while the
 * grain goes grey (WebP is 4 : 2 : 0 too). Effort 3 encodes in well under a second; higher
 * efforts take many seconds and give this picture no smaller file.
 */
export const AVIF_OPTIONS = { quality: 50, effort: 3, chromaSubsampling: '4:2:0' } as const;
/** WebP settings of the fallback (lower qualities save WebP few bytes on noise: 50 KB at 40). */
export const WEBP_OPTIONS = { quality: 72, effort: 6 } as const;

/** The poster, encoded both ways, with its alt text. */
export interface ForwardPoster extends EncodedPoster {
  alt: string;
}

let pending: Promise<ForwardPoster> | null = null;

/** Builds (once per build) the poster and its alt text. */
export function forwardPoster(): Promise<ForwardPoster> {
  pending ??= build();
  return pending;
}

/** The picture as RGB floats in [-1, 1] at `size`². */
async function picture(source: Buffer, size: number): Promise<Float32Array> {
  const { data } = await sharp(source)
    .resize(size, size)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const x0 = new Float32Array(size * size * 3);
  for (let i = 0; i < x0.length; i++) x0[i] = ((data[i] ?? 0) / 255) * 2 - 1;
  return x0;
}

const toByte = (v: number) => Math.max(0, Math.min(255, Math.round(((v + 1) / 2) * 255)));

/** The poster's pixels before encoding: STRIP_WIDTH × STRIP_HEIGHT, RGB, row by row. */
export async function forwardPosterPixels(): Promise<Buffer> {
  const source = await readFile(join(process.cwd(), ARTWORK_PATH));
  const schedule = makeSchedule('linear');
  const top = TOP;
  const canvas = Buffer.alloc(STRIP_WIDTH * STRIP_HEIGHT * 3);
  for (let i = 0; i < canvas.length; i += 3) {
    canvas[i] = BACKGROUND.r;
    canvas[i + 1] = BACKGROUND.g;
    canvas[i + 2] = BACKGROUND.b;
  }
  const put = (left: number, y0: number, size: number, values: Float32Array, scale = 1) => {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const src = (y * size + x) * 3;
        const dst = ((y0 + y) * STRIP_WIDTH + left + x) * 3;
        for (let c = 0; c < 3; c++) canvas[dst + c] = toByte((values[src + c] ?? 0) / scale);
      }
    }
  };

  const x0Tile = await picture(source, TILE);
  const epsTile = fillGaussian(createRng(POSTER_SEED, 'image'), new Float32Array(TILE * TILE * 3));
  GRID_T.forEach((t, i) => {
    put(
      (i % 2) * TILE,
      top + Math.floor(i / 2) * TILE,
      TILE,
      noiseImage(x0Tile, epsTile, schedule, t),
    );
  });
  // ε is N(0, 1) per channel: ±2.5σ across the byte range, as the interactive shows it.
  const eps = fillGaussian(createRng(POSTER_SEED, 'image'), new Float32Array(PANEL * PANEL * 3));
  put(NOISE_PANEL.left, top, PANEL, eps, 2.5);

  const labels = GRID_T.map((t, i) => {
    const x = (i % 2) * TILE;
    const y = top + Math.floor(i / 2) * TILE;
    return tag(x, y, `t = ${t}`);
  }).join('');
  const overlay = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${STRIP_WIDTH}" height="${STRIP_HEIGHT}">` +
      `${labels}${tag(NOISE_PANEL.left, top, 'ε: the noise mixed in')}</svg>`,
  );
  const { data } = await sharp(canvas, {
    raw: { width: STRIP_WIDTH, height: STRIP_HEIGHT, channels: 3 },
  })
    .composite([{ input: overlay, top: 0, left: 0 }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data;
}

async function build(): Promise<ForwardPoster> {
  const { avif, webp } = await encodePoster(
    await forwardPosterPixels(),
    STRIP_WIDTH,
    STRIP_HEIGHT,
    { avif: AVIF_OPTIONS, webp: WEBP_OPTIONS },
  );

  const schedule = makeSchedule('linear');
  const kept = GRID_T.map(
    (t) =>
      `t = ${t}: ${(signalScale(schedule, t) * 100).toFixed(1)} % of its amplitude kept, noise at ${noiseScale(schedule, t).toFixed(3)}`,
  ).join('; ');
  const alt =
    `Left, the dusk meadow painting drowned by the forward process at four timesteps (${kept}). ` +
    `At t = 100 it is grainy but every shape is plain; at t = 400 only a faint glow where the sun was can be made out; at t = 1000 it is static. ` +
    `Right, ε: the Gaussian noise that was added, what the model must learn to predict.`;
  return { avif, webp, alt };
}

/** A small dark label in a panel's top-left corner (SVG, drawn over the pixels). */
function tag(x: number, y: number, text: string): string {
  const width = 10 + text.length * 6.6;
  return (
    `<rect x="${x}" y="${y}" width="${width.toFixed(1)}" height="17" fill="#15161b"/>` +
    `<text x="${x + 5}" y="${y + 12.5}" font-family="DejaVu Sans Mono, monospace" font-size="11" fill="#f1efea">${text}</text>`
  );
}
