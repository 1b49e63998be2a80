/**
 * What EP 01's two renderers (WebGL in the render worker, Canvas 2D on the page) share: where the
 * two panels sit, how fine the drawing buffer is, the seeded noise, and the summary of the pixels
 * tests read. Pure: no three.js, no DOM.
 */
import { createRng, fillGaussian } from '../sim/random.ts';

/** The seed of the figure's noise: "seed #7", as everywhere in the article. */
export const NOISE_SEED = 7;
/** ε is standard normal per channel; ±this many σ span the colour range of the right panel. */
export const EPS_DISPLAY_SIGMA = 2.5;
/** Gap between the panels, as a share of the canvas width. */
const GAP_SHARE = 0.02;

/** Mean, spread and a checksum of one panel's pixels (for tests: "did it draw, did it change"). */
export interface PanelStats {
  mean: number;
  std: number;
  checksum: number;
}

/** A small summary of what the canvas shows right now. */
export interface ForwardSnapshot {
  mode: 'webgl' | 'canvas2d';
  width: number;
  height: number;
  /** Share of the canvas's pixels that are painted (not transparent background). */
  painted: number;
  left: PanelStats;
  right: PanelStats;
}

/** Where the two square panels sit in a canvas of this CSS size. */
export function panelLayout(
  width: number,
  height: number,
): { panel: number; leftX: number; rightX: number; y: number } {
  const gap = Math.round(width * GAP_SHARE);
  const panel = Math.max(0, Math.floor(Math.min((width - gap) / 2, height)));
  const leftX = Math.floor((width - 2 * panel - gap) / 2);
  return { panel, leftX, rightX: leftX + panel + gap, y: Math.floor((height - panel) / 2) };
}

/**
 * The drawing buffer's pixels per CSS pixel: the screen's ratio (capped), but no finer than the
 * working image, whose texels would only be interpolated further. Fewer pixels to fill and to
 * composite on every scrubbed frame, with nothing visible lost.
 */
export function renderRatio(width: number, height: number, size: number, screen: number): number {
  const { panel } = panelLayout(width, height);
  if (panel <= 0) return screen;
  return Math.min(screen, Math.max(0.5, size / panel));
}

/** Standard normal ε for every channel of the working image, from the article's seed. */
export function makeNoise(size: number, seed = NOISE_SEED): Float32Array {
  return fillGaussian(createRng(seed, 'image'), new Float32Array(size * size * 3));
}

/** Summarises RGBA pixels of the two panels; `flip` when rows run bottom to top (readPixels). */
export function summarise(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  ratio: number,
  flip: boolean,
  mode: ForwardSnapshot['mode'],
): ForwardSnapshot {
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++;
  const layout = panelLayout(width / ratio, height / ratio);
  const stats = (x0: number): PanelStats => {
    // Sample the middle 90 % of the panel, away from its filtered edge.
    const size = Math.floor(layout.panel * ratio);
    const inset = Math.floor(size * 0.05);
    const left = Math.floor(x0 * ratio) + inset;
    const top = Math.floor(layout.y * ratio) + inset;
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    let checksum = 0;
    for (let y = top; y < top + size - 2 * inset; y++) {
      const row = flip ? height - 1 - y : y;
      for (let x = left; x < left + size - 2 * inset; x++) {
        const i = (row * width + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = pixels[i + c] ?? 0;
          sum += v;
          sumSq += v * v;
          checksum = (Math.imul(checksum, 31) + v) | 0;
        }
        count += 3;
      }
    }
    const mean = count ? sum / count : 0;
    return {
      mean,
      std: count ? Math.sqrt(Math.max(0, sumSq / count - mean * mean)) : 0,
      checksum: checksum >>> 0,
    };
  };
  return {
    mode,
    width,
    height,
    painted: pixels.length ? painted / (pixels.length / 4) : 0,
    left: stats(layout.leftX),
    right: stats(layout.rightX),
  };
}
