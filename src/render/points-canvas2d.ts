/**
 * The point-cloud layer drawn with Canvas 2D, for browsers without WebGL: the same panels,
 * colours, ghost and target outline as points-view.ts, the blend between steps computed on the
 * CPU (2 × 1,200 multiply-adds per frame). No three.js here. Particles are batched by colour (one
 * path and one fill per colour), so a frame is a handful of draw calls.
 */
import {
  DEFAULT_EXTENT,
  GHOST_OPACITY,
  PANEL_BACKGROUND,
  TARGET_OPACITY,
  blendInto,
  panelFrame,
  pointSize,
  singlePanel,
  summarisePixels,
  type LayerSnapshot,
  type PanelLayout,
  type PanelRect,
  type PointsLayer,
} from './points-layout.ts';

/** Device pixel ratio cap, as for the WebGL renderer. */
const MAX_PIXEL_RATIO = 2;

/** What the Canvas 2D layer is set up with (the same options as the WebGL one). */
export interface CanvasPointsOptions {
  panels?: number;
  particles?: number;
  layout?: PanelLayout;
  extent?: number;
}

/** A panel's arrays and, per distinct colour, the particles that have it. */
class Panel {
  count = 0;
  previous = new Float32Array(0);
  current = new Float32Array(0);
  drawn = new Float32Array(0);
  ghostPrevious = new Float32Array(0);
  ghostCurrent = new Float32Array(0);
  ghostDrawn = new Float32Array(0);
  colours = new Float32Array(0);
  blend = 1;
  hasGhost = false;
  ghostVisible = false;
  target: Float32Array | null = null;
  /** CSS colour → indices of the particles drawn in it. */
  groups: { style: string; indices: Uint32Array }[] = [];

  constructor(count: number) {
    this.resize(count);
  }

  resize(count: number): void {
    if (count === this.count && this.previous.length > 0) return;
    const colours = new Float32Array(3 * count).fill(0.9);
    colours.set(this.colours.subarray(0, Math.min(colours.length, this.colours.length)));
    this.count = count;
    this.previous = new Float32Array(2 * count);
    this.current = new Float32Array(2 * count);
    this.drawn = new Float32Array(2 * count);
    this.ghostPrevious = new Float32Array(2 * count);
    this.ghostCurrent = new Float32Array(2 * count);
    this.ghostDrawn = new Float32Array(2 * count);
    this.setColours(colours);
  }

  setColours(rgb: Float32Array): void {
    this.colours = new Float32Array(3 * this.count).fill(0.9);
    this.colours.set(rgb.subarray(0, this.colours.length));
    const byStyle = new Map<string, number[]>();
    for (let i = 0; i < this.count; i++) {
      const style = cssRgb(
        this.colours[3 * i] ?? 0,
        this.colours[3 * i + 1] ?? 0,
        this.colours[3 * i + 2] ?? 0,
      );
      const list = byStyle.get(style);
      if (list) list.push(i);
      else byStyle.set(style, [i]);
    }
    this.groups = [...byStyle].map(([style, list]) => ({ style, indices: Uint32Array.from(list) }));
  }
}

function cssRgb(r: number, g: number, b: number): string {
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round(v * 255)));
  return `rgb(${byte(r)} ${byte(g)} ${byte(b)})`;
}

/** The Canvas 2D layer. */
export class CanvasPointsLayer implements PointsLayer {
  readonly mode = 'canvas2d';
  readonly panelCount: number;
  readonly canvas: HTMLCanvasElement;
  #ctx: CanvasRenderingContext2D;
  #panels: Panel[];
  #extent: number;
  #layout: PanelLayout;
  #resize: ResizeObserver;
  #width = 0;
  #height = 0;
  #ratio = 1;
  #frame = 0;
  #visible = false;
  #disposed = false;

  constructor(canvas: HTMLCanvasElement, options: CanvasPointsOptions = {}) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('Canvas 2D is not available either');
    this.canvas = canvas;
    this.#ctx = ctx;
    this.panelCount = Math.max(1, Math.floor(options.panels ?? 1));
    const particles = Math.max(0, Math.floor(options.particles ?? 1200));
    this.#panels = Array.from({ length: this.panelCount }, () => new Panel(particles));
    this.#extent = options.extent ?? DEFAULT_EXTENT;
    this.#layout = options.layout ?? singlePanel;
    this.#resize = new ResizeObserver(() => this.#measure());
    this.#resize.observe(canvas);
    this.#measure();
  }

  #panel(i: number): Panel {
    const panel = this.#panels[i];
    if (!panel) throw new RangeError(`panel ${i} is not in 0…${this.panelCount - 1}`);
    return panel;
  }

  #measure(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.#ratio = Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO);
    this.#width = Math.round(rect.width);
    this.#height = Math.round(rect.height);
    const w = Math.round(this.#width * this.#ratio);
    const h = Math.round(this.#height * this.#ratio);
    if (w === this.canvas.width && h === this.canvas.height) return;
    this.canvas.width = w;
    this.canvas.height = h;
    this.requestRender();
  }

  requestRender(): void {
    if (this.#disposed || !this.#visible || this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#renderNow();
    });
  }

  #renderNow(): void {
    if (this.#disposed) return;
    const ctx = this.#ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(this.#ratio, 0, 0, this.#ratio, 0, 0);
    const rects = this.#layout(this.#width, this.#height);
    this.#panels.forEach((panel, i) => {
      const rect = rects[i];
      if (rect && rect.width > 0 && rect.height > 0) this.#drawPanel(panel, rect);
    });
  }

  #drawPanel(panel: Panel, rect: PanelRect): void {
    const ctx = this.#ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(rect.x, rect.y, rect.width, rect.height);
    ctx.clip();
    ctx.fillStyle = PANEL_BACKGROUND;
    ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
    const frame = panelFrame(rect, this.#extent);
    const radius = pointSize(rect) / 2;
    if (panel.target) {
      ctx.globalAlpha = TARGET_OPACITY;
      ctx.fillStyle = '#ffffff';
      ctx.beginPath();
      const t = panel.target;
      for (let i = 0; i + 1 < t.length; i += 2)
        dot(ctx, frame, t[i] ?? 0, t[i + 1] ?? 0, radius * 1.2);
      ctx.fill();
    }
    if (panel.hasGhost && panel.ghostVisible) {
      blendInto(panel.ghostPrevious, panel.ghostCurrent, panel.blend, panel.ghostDrawn);
      ctx.globalAlpha = GHOST_OPACITY;
      drawGroups(ctx, frame, panel, panel.ghostDrawn, radius);
    }
    blendInto(panel.previous, panel.current, panel.blend, panel.drawn);
    ctx.globalAlpha = 1;
    drawGroups(ctx, frame, panel, panel.drawn, radius);
    ctx.restore();
  }

  setLayout(layout: PanelLayout): void {
    this.#layout = layout;
    this.requestRender();
  }

  setColours(panel: number, rgb: Float32Array): void {
    this.#panel(panel).setColours(rgb);
    this.requestRender();
  }

  setStep(panel: number, previous: Float32Array, current: Float32Array, blend = 0): void {
    const p = this.#panel(panel);
    p.resize(current.length >> 1);
    p.previous.set(previous.subarray(0, p.previous.length));
    p.current.set(current.subarray(0, p.current.length));
    p.blend = blend;
    this.requestRender();
  }

  setBlend(panel: number, blend: number): void {
    const p = this.#panel(panel);
    if (p.blend === blend) return;
    p.blend = blend;
    this.requestRender();
  }

  setGhost(panel: number, previous: Float32Array | null, current: Float32Array | null): void {
    const p = this.#panel(panel);
    p.hasGhost = current !== null;
    if (current) {
      p.ghostCurrent.set(current.subarray(0, p.ghostCurrent.length));
      p.ghostPrevious.set((previous ?? current).subarray(0, p.ghostPrevious.length));
    }
    if (p.ghostVisible) this.requestRender();
  }

  setGhostVisible(panel: number, visible: boolean): void {
    this.#panel(panel).ghostVisible = visible;
    this.requestRender();
  }

  setTarget(panel: number, points: Float32Array | null): void {
    this.#panel(panel).target = points ? Float32Array.from(points) : null;
    this.requestRender();
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (!visible && this.#frame) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    }
    if (visible) this.requestRender();
  }

  drawnPositions(panel: number): Float32Array {
    const p = this.#panel(panel);
    return blendInto(p.previous, p.current, p.blend, new Float32Array(2 * p.count));
  }

  snapshot(): LayerSnapshot {
    this.#renderNow();
    const { width, height } = this.canvas;
    const { data } = this.#ctx.getImageData(0, 0, width, height);
    return summarisePixels(data, width, height, this.mode);
  }

  memory(): null {
    return null;
  }

  loseAndRestoreContext(): Promise<void> {
    return Promise.resolve();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#resize.disconnect();
  }
}

/** Adds one round particle to the current path. */
function dot(
  ctx: CanvasRenderingContext2D,
  frame: { cx: number; cy: number; scale: number },
  x: number,
  y: number,
  radius: number,
): void {
  const px = frame.cx + x * frame.scale;
  const py = frame.cy - y * frame.scale;
  ctx.moveTo(px + radius, py);
  ctx.arc(px, py, radius, 0, 2 * Math.PI);
}

/** Draws the particles at `positions`, one path and one fill per colour. */
function drawGroups(
  ctx: CanvasRenderingContext2D,
  frame: { cx: number; cy: number; scale: number },
  panel: Panel,
  positions: Float32Array,
  radius: number,
): void {
  for (const group of panel.groups) {
    ctx.fillStyle = group.style;
    ctx.beginPath();
    const indices = group.indices;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] ?? 0;
      dot(ctx, frame, positions[2 * i] ?? 0, positions[2 * i + 1] ?? 0, radius);
    }
    ctx.fill();
  }
}
