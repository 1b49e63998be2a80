/**
 * Messages between the page and the render worker (render-worker.ts). Every WebGL figure draws in
 * that worker on an OffscreenCanvas the page handed over, so three.js, shader compiles, renders
 * and the canvas's frames stay off the page's main thread. The page keeps the figure's state and
 * the context budget; the worker keeps the GPU side. Types only.
 */
import type { LayerSnapshot, PanelRect } from './points-layout.ts';
import type { ForwardSnapshot } from './forward-summary.ts';

/** What a surface draws. */
export type SurfaceKind = 'points' | 'forward';

/** The canvas's CSS size and the drawing buffer's pixels per CSS pixel. */
export interface SurfaceSize {
  width: number;
  height: number;
  ratio: number;
}

/** Changes to a point-cloud surface, in the order the page made them. */
export type PointsUpdate =
  | { op: 'rects'; rects: PanelRect[] }
  | { op: 'colours'; panel: number; rgb: Float32Array }
  | { op: 'step'; panel: number; previous: Float32Array; current: Float32Array; blend: number }
  | { op: 'blend'; panel: number; blend: number }
  | { op: 'ghost'; panel: number; previous: Float32Array | null; current: Float32Array | null }
  | { op: 'ghostVisible'; panel: number; visible: boolean }
  | { op: 'target'; panel: number; points: Float32Array | null };

/** How a point-cloud surface starts. */
export interface PointsInit {
  panels: number;
  particles: number;
  extent: number;
}

/** Changes to EP 01's picture surface. */
export type ForwardUpdate =
  | { op: 'picture'; pixels: Uint8ClampedArray; size: number }
  | { op: 'scales'; signal: number; noise: number };

/** How EP 01's surface starts: the picture and the seed of its noise. */
export interface ForwardInit {
  pixels: Uint8ClampedArray;
  size: number;
  seed: number;
  signal: number;
  noise: number;
}

export type SurfaceInit =
  { kind: 'points'; init: PointsInit } | { kind: 'forward'; init: ForwardInit };

export type RenderRequest =
  | ({ type: 'create'; id: number; canvas: OffscreenCanvas; size: SurfaceSize } & SurfaceInit)
  | { type: 'size'; id: number; size: SurfaceSize }
  | { type: 'paused'; id: number; paused: boolean }
  | { type: 'update'; id: number; updates: (PointsUpdate | ForwardUpdate)[] }
  | { type: 'snapshot'; id: number; query: number }
  | { type: 'loseAndRestore'; id: number; query: number }
  | { type: 'dispose'; id: number };

/** three.js's `renderer.info.memory` of one surface. */
export interface GlMemory {
  geometries: number;
  textures: number;
}

export type RenderResponse =
  /** The surface's GPU memory changed (after a render, a restore or its disposal). */
  | { type: 'memory'; id: number; memory: GlMemory; live: boolean }
  /** The worker could not make a WebGL renderer for this surface. */
  | { type: 'failed'; id: number; message: string }
  | {
      type: 'answer';
      query: number;
      result?: LayerSnapshot | ForwardSnapshot | null;
      error?: string;
    };
