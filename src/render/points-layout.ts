/**
 * What the point-cloud layer's two renderers (WebGL in points-view.ts, Canvas 2D in
 * points-canvas2d.ts) share: the layer's interface, where panels sit in the canvas, how data
 * space maps into a panel, and how big a particle is. Pure: no three.js, no DOM.
 */

/** A panel's box in CSS pixels, measured from the canvas's top-left corner. */
export interface PanelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where each panel sits in a canvas of this CSS size (one rect per panel, in panel order). */
export type PanelLayout = (width: number, height: number) => PanelRect[];

/** Data space → CSS pixels inside a panel: px = cx + x·scale, py = cy − y·scale (y up). */
export interface PanelFrame {
  cx: number;
  cy: number;
  scale: number;
}

/** Half-width of the data square a panel shows: [-1, 1]² plus the poster's small margin. */
export const DEFAULT_EXTENT = 1.1;
/** Panel background (the posters' panel colour), as CSS and as sRGB 0 … 1. */
export const PANEL_BACKGROUND = '#1d1f27';
export const PANEL_BACKGROUND_RGB: readonly [number, number, number] = [
  0x1d / 255,
  0x1f / 255,
  0x27 / 255,
];
/** Particle diameter as a share of the panel's shorter side, and its bounds in CSS pixels. */
const POINT_SHARE = 0.0105;
const POINT_MIN_PX = 2.2;
const POINT_MAX_PX = 5.5;
/** The ghost (x̂₀) and target layers' opacity: present, but behind the particles. */
export const GHOST_OPACITY = 0.3;
export const TARGET_OPACITY = 0.16;

/** One panel filling the canvas. */
export const singlePanel: PanelLayout = (width, height) => [{ x: 0, y: 0, width, height }];

/**
 * `count` equal square panels side by side with a gap between them (a share of the width),
 * centred in the canvas; a canvas taller than wide stacks them instead.
 */
export function panelRow(count: number, gapShare = 0.03): PanelLayout {
  return (width, height) => {
    const across = width >= height;
    const long = across ? width : height;
    const short = across ? height : width;
    const gap = Math.round(long * gapShare);
    const size = Math.max(0, Math.floor(Math.min((long - gap * (count - 1)) / count, short)));
    const start = Math.floor((long - count * size - gap * (count - 1)) / 2);
    const side = Math.floor((short - size) / 2);
    return Array.from({ length: count }, (_, i) => {
      const along = start + i * (size + gap);
      return across
        ? { x: along, y: side, width: size, height: size }
        : { x: side, y: along, width: size, height: size };
    });
  };
}

/** Maps [-extent, extent]² onto the largest square centred in `rect`. */
export function panelFrame(rect: PanelRect, extent = DEFAULT_EXTENT): PanelFrame {
  const side = Math.min(rect.width, rect.height);
  return {
    cx: rect.x + rect.width / 2,
    cy: rect.y + rect.height / 2,
    scale: side / (2 * extent),
  };
}

/** A particle's diameter in CSS pixels for a panel of this size. */
export function pointSize(rect: PanelRect): number {
  const side = Math.min(rect.width, rect.height);
  return Math.min(POINT_MAX_PX, Math.max(POINT_MIN_PX, side * POINT_SHARE));
}

/** A summary of what a layer drew, for tests ("did it draw, did it change"). */
export interface LayerSnapshot {
  mode: 'webgl' | 'canvas2d';
  /** Drawing-buffer size in device pixels. */
  width: number;
  height: number;
  /** Share of the panels' pixels that differ from the panel background (particles drawn). */
  painted: number;
  /** A hash of every pixel: equal snapshots drew the same picture. */
  checksum: number;
}

/**
 * A canvas of point-cloud panels, each with its own particles, drawn on demand. Positions are
 * x, y interleaved in data space ([-1, 1]² is the shapes' box). Arrays passed in are copied into
 * the layer's own buffers; the caller keeps them.
 */
export interface PointsLayer {
  readonly mode: 'webgl' | 'canvas2d';
  /** The canvas drawn into now (a rebuilt WebGL renderer gets a fresh one in the old one's place). */
  readonly canvas: HTMLCanvasElement;
  /** How many panels the layer draws. */
  readonly panelCount: number;
  /** Moves the panels (default: one panel filling the canvas). */
  setLayout(layout: PanelLayout): void;
  /** Colours a panel's particles: 3 floats per particle, sRGB 0 … 1 (see particle-colour.ts). */
  setColours(panel: number, rgb: Float32Array): void;
  /**
   * Shows the move of a panel's particles from `previous` to `current`, drawn at `blend`
   * (0 = previous, 1 = current; the WebGL renderer interpolates on the GPU). A different
   * particle count resizes the panel's buffers (the only allocation outside construction).
   */
  setStep(panel: number, previous: Float32Array, current: Float32Array, blend?: number): void;
  /** Moves a panel along its current step (0 … 1), e.g. from a gsap tween. */
  setBlend(panel: number, blend: number): void;
  /** The x̂₀ ghost of a panel for the same step (blended with the particles), or null for none. */
  setGhost(panel: number, previous: Float32Array | null, current: Float32Array | null): void;
  /** Shows or hides a panel's ghost layer. */
  setGhostVisible(panel: number, visible: boolean): void;
  /** Faint outline points of the target shape behind a panel's particles, or null for none. */
  setTarget(panel: number, points: Float32Array | null): void;
  /** Resumes (on screen) or pauses (offscreen: no renders) the layer. */
  setVisible(visible: boolean): void;
  /** Asks for one render at the next animation frame (coalesced; none while paused). */
  requestRender(): void;
  /** The positions of a panel's particles as last drawn (a copy). */
  drawnPositions(panel: number): Float32Array;
  /** Renders now and summarises the pixels (for tests). */
  snapshot(): LayerSnapshot;
  /** The renderer's `info.memory` (also after disposal, to check it went back to 0); null in Canvas 2D. */
  memory(): { geometries: number; textures: number } | null;
  /** Loses the WebGL context and restores it; resolves once redrawn. Resolves at once in Canvas 2D. */
  loseAndRestoreContext(): Promise<void>;
  /** Frees everything (geometry, material, renderer, context lease, observers). */
  dispose(): void;
}

/** Writes previous + (current − previous)·blend into `out` (exact at blend 0 and 1). */
export function blendInto(
  previous: Float32Array,
  current: Float32Array,
  blend: number,
  out: Float32Array,
): Float32Array {
  if (blend >= 1) out.set(current.subarray(0, out.length));
  else if (blend <= 0) out.set(previous.subarray(0, out.length));
  else {
    for (let i = 0; i < out.length; i++) {
      const a = previous[i] ?? 0;
      out[i] = a + ((current[i] ?? 0) - a) * blend;
    }
  }
  return out;
}

/** Summarises RGBA pixels: share of panel pixels unlike the background, and a checksum. */
export function summarisePixels(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  mode: LayerSnapshot['mode'],
): LayerSnapshot {
  const [br, bg, bb] = PANEL_BACKGROUND_RGB.map((v) => Math.round(v * 255)) as [
    number,
    number,
    number,
  ];
  let panel = 0;
  let painted = 0;
  let checksum = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const r = pixels[i] ?? 0;
    const g = pixels[i + 1] ?? 0;
    const b = pixels[i + 2] ?? 0;
    const a = pixels[i + 3] ?? 0;
    checksum = (Math.imul(checksum, 31) + ((r << 16) ^ (g << 8) ^ b ^ (a << 24))) | 0;
    if (a === 0) continue; // outside every panel
    panel++;
    if (Math.abs(r - br) + Math.abs(g - bg) + Math.abs(b - bb) > 12) painted++;
  }
  return { mode, width, height, painted: panel ? painted / panel : 0, checksum: checksum >>> 0 };
}
