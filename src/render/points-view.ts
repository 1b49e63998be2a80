/**
 * The point-cloud layer of EP 02–05: one canvas, any number of panels side by side, each with its
 * own particles. createPointsLayer() picks the renderer: WebGL in the render worker
 * (points-gpu.ts draws there, on the canvas handed over to it) when the browser can, else the same
 * drawing in Canvas 2D on the page (points-canvas2d.ts) with a note for the reader. It never
 * throws for a missing WebGL: a worker that cannot draw hands the figure to Canvas 2D with its
 * state, and the note follows.
 *
 * The page keeps every panel's arrays (the positions drawn are read from them, and a renderer
 * rebuilt after an eviction starts from them); the worker gets each change once.
 */
import { CanvasPointsLayer } from './points-canvas2d.ts';
import {
  DEFAULT_EXTENT,
  PanelData,
  blendInto,
  singlePanel,
  type LayerSnapshot,
  type PanelLayout,
  type PointsLayer,
} from './points-layout.ts';
import type { PointsUpdate } from './render-protocol.ts';
import { MAX_PIXEL_RATIO, RemoteSurface, canRenderInWorker } from './remote-surface.ts';

export type { LayerSnapshot, PanelLayout, PanelRect, PointsLayer } from './points-layout.ts';
export { panelRow, singlePanel } from './points-layout.ts';

/** How a layer is set up; everything else arrives through its methods. */
export interface PointsLayerOptions {
  /** Number of panels (default 1). */
  panels?: number;
  /** Particles per panel to allocate for (default 1,200; a different count resizes on setStep). */
  particles?: number;
  /** Where the panels sit (default: one panel filling the canvas). */
  layout?: PanelLayout;
  /** Half-width of the data square each panel shows (default 1.1). */
  extent?: number;
}

/** The one line the reader sees when the figure falls back to Canvas 2D. */
export const CANVAS_FALLBACK_NOTE =
  'WebGL is off in this browser, so this figure is drawn with Canvas 2D.';

/**
 * Makes a point-cloud layer on `canvas`: WebGL in the render worker within the page's context
 * budget, or Canvas 2D (then `note` receives CANVAS_FALLBACK_NOTE for the status line, at once or
 * when the worker finds it cannot draw). Never throws for a missing WebGL.
 */
export function createPointsLayer(
  canvas: HTMLCanvasElement,
  options: PointsLayerOptions = {},
  note: (message: string) => void = () => {},
): PointsLayer {
  if (canRenderInWorker()) {
    try {
      return new WorkerPointsLayer(canvas, options, note);
    } catch (error) {
      console.warn('The point cloud falls back to Canvas 2D', error);
    }
  }
  note(CANVAS_FALLBACK_NOTE);
  return new CanvasPointsLayer(canvas, options);
}

/** The WebGL layer: the page's copy of the panels, drawn by the render worker. */
class WorkerPointsLayer implements PointsLayer {
  readonly panelCount: number;
  #panels: PanelData[];
  #particles: number;
  #extent: number;
  #layout: PanelLayout;
  #surface: RemoteSurface;
  #fallback: CanvasPointsLayer | null = null;
  #visible = false;

  constructor(canvas: HTMLCanvasElement, options: PointsLayerOptions, note: (m: string) => void) {
    this.panelCount = Math.max(1, Math.floor(options.panels ?? 1));
    this.#particles = Math.max(0, Math.floor(options.particles ?? 1200));
    this.#panels = Array.from({ length: this.panelCount }, () => new PanelData(this.#particles));
    this.#extent = options.extent ?? DEFAULT_EXTENT;
    this.#layout = options.layout ?? singlePanel;
    this.#surface = new RemoteSurface(canvas, {
      state: () => ({
        init: {
          kind: 'points',
          init: { panels: this.panelCount, particles: this.#particles, extent: this.#extent },
        },
        updates: this.#replay(),
      }),
      ratio: () => Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO),
      resized: (width, height) => [{ op: 'rects', rects: this.#layout(width, height) }],
      failed: (message, fresh) => {
        console.warn(`The point cloud falls back to Canvas 2D (${message})`);
        this.#fallback = this.#canvasLayer(fresh, options);
        note(CANVAS_FALLBACK_NOTE);
      },
    });
  }

  get mode(): 'webgl' | 'canvas2d' {
    return this.#fallback ? 'canvas2d' : 'webgl';
  }

  get canvas(): HTMLCanvasElement {
    return this.#fallback?.canvas ?? this.#surface.canvas;
  }

  /** The Canvas 2D layer that takes over, with everything the panels hold now. */
  #canvasLayer(canvas: HTMLCanvasElement, options: PointsLayerOptions): CanvasPointsLayer {
    const layer = new CanvasPointsLayer(canvas, { ...options, layout: this.#layout });
    this.#panels.forEach((data, i) => {
      layer.setColours(i, data.colours);
      layer.setStep(i, data.previous, data.current, data.blend);
      if (data.hasGhost) layer.setGhost(i, data.ghostPrevious, data.ghostCurrent);
      layer.setGhostVisible(i, data.ghostVisible);
      layer.setTarget(i, data.target);
    });
    layer.setVisible(this.#visible);
    return layer;
  }

  /** Every panel's state as changes, for a renderer starting from nothing. */
  #replay(): PointsUpdate[] {
    const updates: PointsUpdate[] = [];
    const { width, height } = this.#surface?.size ?? { width: 0, height: 0 };
    if (width > 0 && height > 0) updates.push({ op: 'rects', rects: this.#layout(width, height) });
    this.#panels.forEach((data, panel) => {
      updates.push(
        { op: 'colours', panel, rgb: data.colours },
        { op: 'step', panel, previous: data.previous, current: data.current, blend: data.blend },
        {
          op: 'ghost',
          panel,
          previous: data.hasGhost ? data.ghostPrevious : null,
          current: data.hasGhost ? data.ghostCurrent : null,
        },
        { op: 'ghostVisible', panel, visible: data.ghostVisible },
        { op: 'target', panel, points: data.target },
      );
    });
    return updates;
  }

  #panel(i: number): PanelData {
    const data = this.#panels[i];
    if (!data) throw new RangeError(`panel ${i} is not in 0…${this.panelCount - 1}`);
    return data;
  }

  setLayout(layout: PanelLayout): void {
    this.#layout = layout;
    if (this.#fallback) return this.#fallback.setLayout(layout);
    const { width, height } = this.#surface.size;
    if (width > 0 && height > 0)
      this.#surface.update({ op: 'rects', rects: layout(width, height) });
  }

  setColours(panel: number, rgb: Float32Array): void {
    const data = this.#panel(panel);
    data.colours.set(rgb.subarray(0, data.colours.length));
    if (this.#fallback) return this.#fallback.setColours(panel, rgb);
    this.#surface.update({ op: 'colours', panel, rgb: data.colours });
  }

  setStep(panel: number, previous: Float32Array, current: Float32Array, blend = 0): void {
    const data = this.#panel(panel);
    data.resize(current.length >> 1);
    data.previous.set(previous.subarray(0, data.previous.length));
    data.current.set(current.subarray(0, data.current.length));
    data.blend = blend;
    if (this.#fallback) return this.#fallback.setStep(panel, previous, current, blend);
    this.#surface.update({
      op: 'step',
      panel,
      previous: data.previous,
      current: data.current,
      blend,
    });
  }

  setBlend(panel: number, blend: number): void {
    const data = this.#panel(panel);
    if (data.blend === blend) return;
    data.blend = blend;
    if (this.#fallback) return this.#fallback.setBlend(panel, blend);
    this.#surface.update({ op: 'blend', panel, blend });
  }

  setGhost(panel: number, previous: Float32Array | null, current: Float32Array | null): void {
    const data = this.#panel(panel);
    data.hasGhost = current !== null;
    if (current) {
      data.ghostCurrent.set(current.subarray(0, data.ghostCurrent.length));
      data.ghostPrevious.set((previous ?? current).subarray(0, data.ghostPrevious.length));
    }
    if (this.#fallback) return this.#fallback.setGhost(panel, previous, current);
    this.#surface.update({
      op: 'ghost',
      panel,
      previous: current ? data.ghostPrevious : null,
      current: current ? data.ghostCurrent : null,
    });
  }

  setGhostVisible(panel: number, visible: boolean): void {
    this.#panel(panel).ghostVisible = visible;
    if (this.#fallback) return this.#fallback.setGhostVisible(panel, visible);
    this.#surface.update({ op: 'ghostVisible', panel, visible });
  }

  setTarget(panel: number, points: Float32Array | null): void {
    const data = this.#panel(panel);
    data.target = points ? Float32Array.from(points) : null;
    if (this.#fallback) return this.#fallback.setTarget(panel, points);
    this.#surface.update({ op: 'target', panel, points: data.target });
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (this.#fallback) return this.#fallback.setVisible(visible);
    this.#surface.setVisible(visible);
  }

  requestRender(): void {
    // The worker draws after every change; only the Canvas 2D layer draws on request.
    this.#fallback?.requestRender();
  }

  drawnPositions(panel: number): Float32Array {
    const data = this.#panel(panel);
    return blendInto(data.previous, data.current, data.blend, new Float32Array(2 * data.count));
  }

  snapshot(): Promise<LayerSnapshot> {
    return this.#fallback ? this.#fallback.snapshot() : this.#surface.snapshot<LayerSnapshot>();
  }

  memory(): { geometries: number; textures: number } | null {
    return this.#fallback ? null : this.#surface.memory();
  }

  loseAndRestoreContext(): Promise<void> {
    return this.#fallback ? this.#fallback.loseAndRestoreContext() : this.#surface.loseAndRestore();
  }

  dispose(): void {
    this.#surface.dispose();
    this.#fallback?.dispose();
  }
}
