/**
 * EP 01's picture: one canvas, two square panels side by side. Left, the picture at timestep t,
 * x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε (Ho et al. 2020, eq. 4); right, ε itself. With WebGL the render
 * worker draws them (forward-gpu.ts: a fragment shader over the picture's texture and a seeded
 * noise texture) on the canvas handed over to it; without, the same two panels are drawn here
 * with Canvas 2D, x_t computed on the CPU by src/sim's noiseImage.
 *
 * The noise is drawn once from the same seeded stream as the build-time poster (seed 7, purpose
 * "image"), so every reader sees the same static. Render on demand: one draw per change, none
 * offscreen.
 */
import type { Picture } from './forward-image.ts';
import {
  EPS_DISPLAY_SIGMA,
  NOISE_SEED,
  makeNoise,
  panelLayout,
  renderRatio,
  summarise,
  type ForwardSnapshot,
} from './forward-summary.ts';
import type { ForwardUpdate } from './render-protocol.ts';
import { MAX_PIXEL_RATIO, RemoteSurface, canRenderInWorker } from './remote-surface.ts';
import { noiseImage } from '../sim/forward.ts';
import { noiseScale, signalScale, type Schedule } from '../sim/schedule.ts';

export type { ForwardSnapshot, PanelStats } from './forward-summary.ts';

/** What the view draws: the element's state, resolved to a schedule table and pixels. */
export interface ForwardViewState {
  t: number;
  schedule: Schedule;
  picture: Picture;
}

/** The loaded figure: the FigureView contract plus EP 01's state and test hooks. */
export interface ForwardView {
  readonly mode: 'webgl' | 'canvas2d';
  applyScene(step: string, scene: object): void;
  setVisible(visible: boolean): void;
  dispose(): void;
  /** Draws this state (coalesced to one render per frame). */
  show(state: ForwardViewState): void;
  /** Renders now and summarises the pixels of both panels. */
  snapshot(): Promise<ForwardSnapshot>;
  /** Loses the WebGL context and restores it; resolves once redrawn. No-op in Canvas 2D. */
  loseAndRestoreContext(): Promise<void>;
}

/** The line the reader sees when the figure is drawn with Canvas 2D. */
const CANVAS_NOTE =
  'WebGL is not available in this browser, so this figure is drawn with Canvas 2D (same numbers, a little slower).';

/** The screen's pixels per CSS pixel, capped. */
function screenRatio(): number {
  return Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO);
}

/**
 * Makes the view on `canvas`: WebGL in the render worker when the browser can (within the page's
 * budget), Canvas 2D otherwise, in which case `note` receives a line for the reader (at once, or
 * when the worker finds it cannot draw). Never throws for a missing WebGL.
 */
export function createForwardView(
  canvas: HTMLCanvasElement,
  state: ForwardViewState,
  note: (message: string) => void,
): ForwardView {
  if (canRenderInWorker()) {
    try {
      return new WorkerForwardView(canvas, state, note);
    } catch (error) {
      console.warn('EP 01 falls back to Canvas 2D', error);
    }
  }
  note(CANVAS_NOTE);
  return new CanvasForwardView(canvas, state, makeNoise(state.picture.size));
}

/** The scales of x₀ and ε at the state's timestep, for the shader. */
function scalesOf(state: ForwardViewState): Extract<ForwardUpdate, { op: 'scales' }> {
  return {
    op: 'scales',
    signal: signalScale(state.schedule, state.t),
    noise: noiseScale(state.schedule, state.t),
  };
}

/** The WebGL view: the page keeps the state; the render worker draws it. */
class WorkerForwardView implements ForwardView {
  #state: ForwardViewState;
  #surface: RemoteSurface;
  #fallback: CanvasForwardView | null = null;
  #visible = false;

  constructor(canvas: HTMLCanvasElement, state: ForwardViewState, note: (m: string) => void) {
    this.#state = state;
    this.#surface = new RemoteSurface(canvas, {
      state: () => {
        const { picture } = this.#state;
        const { signal, noise } = scalesOf(this.#state);
        return {
          init: {
            kind: 'forward',
            init: { pixels: picture.pixels, size: picture.size, seed: NOISE_SEED, signal, noise },
          },
          updates: [],
        };
      },
      ratio: (width, height) => renderRatio(width, height, this.#state.picture.size, screenRatio()),
      failed: (message, fresh) => {
        console.warn(`EP 01 falls back to Canvas 2D (${message})`);
        const fallback = new CanvasForwardView(
          fresh,
          this.#state,
          makeNoise(this.#state.picture.size),
        );
        fallback.setVisible(this.#visible);
        this.#fallback = fallback;
        note(CANVAS_NOTE);
      },
    });
  }

  get mode(): 'webgl' | 'canvas2d' {
    return this.#fallback ? 'canvas2d' : 'webgl';
  }

  applyScene(): void {
    // The element folds each scroll scene into its state and calls show().
  }

  show(state: ForwardViewState): void {
    const previous = this.#state;
    this.#state = state;
    if (this.#fallback) return this.#fallback.show(state);
    const updates: ForwardUpdate[] = [];
    if (state.picture !== previous.picture) {
      updates.push({ op: 'picture', pixels: state.picture.pixels, size: state.picture.size });
    }
    if (state.t !== previous.t || state.schedule !== previous.schedule)
      updates.push(scalesOf(state));
    if (updates.length) this.#surface.update(...updates);
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (this.#fallback) return this.#fallback.setVisible(visible);
    this.#surface.setVisible(visible);
  }

  snapshot(): Promise<ForwardSnapshot> {
    return this.#fallback ? this.#fallback.snapshot() : this.#surface.snapshot<ForwardSnapshot>();
  }

  loseAndRestoreContext(): Promise<void> {
    return this.#fallback ? this.#fallback.loseAndRestoreContext() : this.#surface.loseAndRestore();
  }

  /** The renderer's memory counters (geometries, textures) as the worker last reported, for tests. */
  get memory(): { geometries: number; textures: number } | null {
    return this.#fallback ? null : this.#surface.memory();
  }

  dispose(): void {
    this.#surface.dispose();
    this.#fallback?.dispose();
  }
}

/** The fallback: the same panels drawn with Canvas 2D; x_t computed on the CPU by src/sim. */
class CanvasForwardView implements ForwardView {
  readonly mode = 'canvas2d';
  #canvas: HTMLCanvasElement;
  #ctx: CanvasRenderingContext2D;
  #state: ForwardViewState;
  #eps: Float32Array;
  #x0: Float32Array;
  #xt: Float32Array;
  #left: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; image: ImageData };
  #right: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; image: ImageData };
  #resize: ResizeObserver;
  #frame = 0;
  #dirty = true;
  #visible = false;
  #disposed = false;
  #picture: Picture | null = null;
  #ratio = 1;

  constructor(canvas: HTMLCanvasElement, state: ForwardViewState, noise: Float32Array) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('Canvas 2D is not available either');
    this.#canvas = canvas;
    this.#ctx = ctx;
    this.#state = state;
    this.#eps = noise;
    const n = state.picture.size;
    this.#x0 = new Float32Array(n * n * 3);
    this.#xt = new Float32Array(n * n * 3);
    this.#left = offscreen(n);
    this.#right = offscreen(n);
    const { data } = this.#right.image;
    for (let i = 0, j = 0; j < data.length; i += 3, j += 4) {
      for (let c = 0; c < 3; c++) data[j + c] = toByte((noise[i + c] ?? 0) / EPS_DISPLAY_SIGMA);
      data[j + 3] = 255;
    }
    this.#right.ctx.putImageData(this.#right.image, 0, 0);
    this.#resize = new ResizeObserver(() => this.#measure());
    this.#resize.observe(canvas);
    this.#measure();
  }

  #measure(): void {
    const rect = this.#canvas.getBoundingClientRect();
    const ratio = renderRatio(rect.width, rect.height, this.#state.picture.size, screenRatio());
    const width = Math.round(rect.width * ratio);
    const height = Math.round(rect.height * ratio);
    this.#ratio = ratio;
    if (width === this.#canvas.width && height === this.#canvas.height) return;
    this.#canvas.width = width;
    this.#canvas.height = height;
    this.#requestRender();
  }

  #requestRender(): void {
    if (this.#disposed || !this.#visible || this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#renderNow();
    });
  }

  #renderNow(): void {
    const { schedule, t, picture } = this.#state;
    if (picture !== this.#picture) {
      const { pixels } = picture;
      const x0 = this.#x0;
      for (let i = 0, j = 0; j < pixels.length; i += 3, j += 4) {
        x0[i] = ((pixels[j] ?? 0) / 255) * 2 - 1;
        x0[i + 1] = ((pixels[j + 1] ?? 0) / 255) * 2 - 1;
        x0[i + 2] = ((pixels[j + 2] ?? 0) / 255) * 2 - 1;
      }
      this.#picture = picture;
      this.#dirty = true;
    }
    if (this.#dirty) {
      noiseImage(this.#x0, this.#eps, schedule, t, this.#xt);
      const xt = this.#xt;
      const data = this.#left.image.data;
      for (let i = 0, j = 0; j < data.length; i += 3, j += 4) {
        data[j] = toByte(xt[i] ?? 0);
        data[j + 1] = toByte(xt[i + 1] ?? 0);
        data[j + 2] = toByte(xt[i + 2] ?? 0);
        data[j + 3] = 255;
      }
      this.#left.ctx.putImageData(this.#left.image, 0, 0);
      this.#dirty = false;
    }
    const ctx = this.#ctx;
    const ratio = this.#ratio;
    const { panel, leftX, rightX, y } = panelLayout(
      this.#canvas.width / ratio,
      this.#canvas.height / ratio,
    );
    ctx.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.#left.canvas, leftX * ratio, y * ratio, panel * ratio, panel * ratio);
    ctx.drawImage(this.#right.canvas, rightX * ratio, y * ratio, panel * ratio, panel * ratio);
  }

  applyScene(): void {
    // The element folds each scroll scene into its state and calls show().
  }

  show(state: ForwardViewState): void {
    if (state.t !== this.#state.t || state.schedule !== this.#state.schedule) this.#dirty = true;
    this.#state = state;
    this.#requestRender();
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (!visible && this.#frame) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    }
    if (visible) this.#requestRender();
  }

  snapshot(): Promise<ForwardSnapshot> {
    this.#renderNow();
    const { width, height } = this.#canvas;
    const { data } = this.#ctx.getImageData(0, 0, width, height);
    return Promise.resolve(summarise(data, width, height, this.#ratio, false, this.mode));
  }

  loseAndRestoreContext(): Promise<void> {
    return Promise.resolve();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#resize.disconnect();
  }
}

function offscreen(size: number): {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  image: ImageData;
} {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available');
  return { canvas, ctx, image: ctx.createImageData(size, size) };
}

/** [-1, 1] to a byte, as the poster does. */
function toByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(((v + 1) / 2) * 255)));
}
