/**
 * The page's side of a WebGL figure drawn in the render worker (render-worker.ts). A RemoteSurface
 * hands its canvas to the worker (transferControlToOffscreen), measures it with a ResizeObserver
 * (no forced layout), sends the figure's changes batched once per task, and holds a lease from
 * the page's context budget: evicted, it tells the worker to free the renderer; back on screen it
 * takes a fresh canvas (a canvas is handed over only once) and sends the whole state again.
 * If the worker cannot draw (no WebGL there, or the worker failed to start) the owner is told once
 * and gets a fresh canvas for its Canvas 2D fallback.
 */
import {
  acquireContext,
  makeRoom,
  releaseContext,
  touchContext,
  type LeaseHolder,
} from './context-budget.ts';
import type {
  ForwardUpdate,
  GlMemory,
  PointsUpdate,
  RenderRequest,
  RenderResponse,
  SurfaceInit,
  SurfaceSize,
} from './render-protocol.ts';
import { startWorker, type WorkerLike } from './start-worker.ts';
// The URL of the bundled worker script (one self-contained file), for the sandboxed fallback.
import workerUrl from './render-worker.ts?worker&url';

/** Device pixel ratio cap: sharper than 2 costs fill rate and nobody can see it. */
export const MAX_PIXEL_RATIO = 2;

/** A canvas whose drawing the render worker does, with its test hook. */
export interface GlCanvas extends HTMLCanvasElement {
  /** For tests: three.js's `info.memory` for this canvas as the worker last reported it. */
  glMemory?: () => GlMemory;
  /** For tests: whether the worker last reported a live renderer (a WebGL context) for it. */
  glLive?: () => boolean;
}

type Update = PointsUpdate | ForwardUpdate;

/** Whether this browser can draw WebGL in a worker at all (the worker may still fail to). */
export function canRenderInWorker(): boolean {
  return (
    typeof Worker === 'function' &&
    typeof OffscreenCanvas === 'function' &&
    typeof WebGL2RenderingContext === 'function' &&
    'transferControlToOffscreen' in HTMLCanvasElement.prototype
  );
}

/** What a surface's owner provides. */
export interface RemoteSurfaceOptions {
  /** The whole state, to start a renderer from (first build and after each eviction). */
  state(): { init: SurfaceInit; updates: Update[] };
  /** Drawing-buffer pixels per CSS pixel for a canvas of this CSS size. */
  ratio(width: number, height: number): number;
  /** The canvas's CSS size changed; updates returned go out with the new size. */
  resized?(width: number, height: number): Update[];
  /** The worker cannot draw this figure; `canvas` is a fresh one in the old one's place. */
  failed(message: string, canvas: HTMLCanvasElement): void;
}

/** What the worker last said about one canvas's renderer. */
interface WorkerReport {
  memory: GlMemory;
  live: boolean;
}

/**
 * The canvas's test hooks, made out here so that they hold the report and nothing else: a canvas
 * swapped out keeps no view alive through them.
 */
function testHooks(report: WorkerReport): Required<Pick<GlCanvas, 'glMemory' | 'glLive'>> {
  return { glMemory: () => ({ ...report.memory }), glLive: () => report.live };
}

/** The page's one render worker and the surfaces drawing in it. */
class RenderHost {
  #worker: WorkerLike<RenderRequest, RenderResponse> | null = null;
  #surfaces = new Map<number, RemoteSurface>();
  #queries = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  #nextId = 1;

  register(surface: RemoteSurface): number {
    const id = this.#nextId++;
    this.#surfaces.set(id, surface);
    return id;
  }

  forget(id: number): void {
    this.#surfaces.delete(id);
  }

  post(message: RenderRequest, transfer: Transferable[] = []): void {
    this.#ensure().postMessage(message, transfer);
  }

  ask<T>(message: (query: number) => RenderRequest): Promise<T> {
    const query = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#queries.set(query, { resolve: resolve as (v: unknown) => void, reject });
      this.post(message(query));
    });
  }

  #ensure(): WorkerLike<RenderRequest, RenderResponse> {
    if (this.#worker) return this.#worker;
    const worker = startWorker<RenderRequest, RenderResponse>(
      () => new Worker(new URL('./render-worker.ts', import.meta.url), { type: 'module' }),
      workerUrl,
      'The renderer',
    );
    worker.onmessage = ({ data }) => this.#receive(data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.#fail(event.message || 'the renderer stopped');
    };
    this.#worker = worker;
    return worker;
  }

  #receive(message: RenderResponse): void {
    if (message.type === 'answer') {
      const query = this.#queries.get(message.query);
      this.#queries.delete(message.query);
      if (message.error !== undefined) query?.reject(new Error(message.error));
      else query?.resolve(message.result);
      return;
    }
    const surface = this.#surfaces.get(message.id);
    if (message.type === 'memory') {
      if (!message.live && (message.memory.geometries || message.memory.textures)) {
        console.error('A figure left GPU memory behind', message.memory);
      }
      surface?.reported(message.id, message.memory, message.live);
      // A surface's last report comes after its renderer is freed.
      if (!message.live) this.#surfaces.delete(message.id);
    } else surface?.failedInWorker(message.message);
  }

  /** The worker failed as a whole: every surface falls back, and a later one starts a new worker. */
  #fail(reason: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const query of this.#queries.values()) query.reject(new Error(reason));
    this.#queries.clear();
    for (const surface of [...this.#surfaces.values()]) surface.failedInWorker(reason);
  }
}

let host: RenderHost | null = null;
/** Canvases whose drawing was handed to the worker. */
const handedOver = new WeakSet<HTMLCanvasElement>();

/** A figure's canvas drawn by the render worker. */
export class RemoteSurface {
  #canvas: GlCanvas;
  #options: RemoteSurfaceOptions;
  #id = 0;
  #visible = false;
  #disposed = false;
  #failed = false;
  #size: { width: number; height: number } = { width: 0, height: 0 };
  /** The worker's last word on the current canvas's renderer (a new object per canvas). */
  #report: WorkerReport = { memory: { geometries: 0, textures: 0 }, live: false };
  /** The reports of renderers not yet freed, by id (an evicted one reports once more). */
  #reports = new Map<number, WorkerReport>();
  #pending: Update[] = [];
  #transfer: Transferable[] = [];
  #flushQueued = false;
  #resize: ResizeObserver;
  #holder: LeaseHolder;

  constructor(canvas: HTMLCanvasElement, options: RemoteSurfaceOptions) {
    this.#canvas = canvas;
    this.#options = options;
    const isVisible = () => this.#visible;
    this.#holder = {
      get visible() {
        return isVisible();
      },
      release: () => this.#teardown(),
    };
    this.#resize = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) this.#resized(box.width, box.height);
    });
    makeRoom();
    acquireContext(this.#holder);
    try {
      this.#build();
    } catch (error) {
      releaseContext(this.#holder);
      throw error;
    }
  }

  /** The canvas on the page now (a rebuilt renderer draws on a fresh one in its place). */
  get canvas(): HTMLCanvasElement {
    return this.#canvas;
  }

  /** The canvas's CSS size, as last measured. */
  get size(): { width: number; height: number } {
    return this.#size;
  }

  /** Whether a renderer in the worker is drawing this canvas now. */
  get live(): boolean {
    return this.#id !== 0;
  }

  /**
   * Sends changes (batched with the others of this task). Arrays in them are copied now, so the
   * caller may reuse its own.
   */
  update(...updates: Update[]): void {
    if (this.#failed || this.#disposed) return;
    for (const update of updates) this.#pending.push(this.#copied(update));
    if (!this.#id || this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => this.#flush());
  }

  /** Resumes (on screen) or pauses (offscreen: no renders) the figure. */
  setVisible(visible: boolean): void {
    if (this.#disposed || this.#failed) return;
    this.#visible = visible;
    if (visible && !this.#id) {
      // Evicted while offscreen: take a lease again and rebuild on a fresh canvas.
      makeRoom();
      acquireContext(this.#holder);
      this.#build();
    }
    if (visible) touchContext(this.#holder);
    if (this.#id) this.#post({ type: 'paused', id: this.#id, paused: !visible });
  }

  /** Renders now in the worker and summarises the pixels. */
  snapshot<T>(): Promise<T> {
    const id = this.#id;
    if (!id || !host)
      return Promise.reject(new Error('The renderer is not live (evicted or disposed)'));
    this.#flush();
    return host.ask<T>((query) => ({ type: 'snapshot', id, query }));
  }

  /** Loses the WebGL context in the worker and restores it; resolves once redrawn. */
  loseAndRestore(): Promise<void> {
    const id = this.#id;
    if (!id || !host) return Promise.reject(new Error('The renderer is not live'));
    this.#flush();
    return host.ask<void>((query) => ({ type: 'loseAndRestore', id, query }));
  }

  /** three.js's GPU memory for this canvas as the worker last reported it; null once failed. */
  memory(): GlMemory | null {
    return this.#failed ? null : { ...this.#report.memory };
  }

  /** Frees the renderer in the worker and the lease; the canvas stays on the page. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#resize.disconnect();
    this.#teardown();
    releaseContext(this.#holder);
  }

  /** Called by the host: the worker's count of GPU memory for this canvas's renderer `id`. */
  reported(id: number, memory: GlMemory, live: boolean): void {
    const report = this.#reports.get(id);
    if (!report) return;
    report.memory = memory;
    report.live = live;
    if (!live) this.#reports.delete(id);
  }

  /** Called by the host: the worker cannot draw this canvas. */
  failedInWorker(message: string): void {
    if (this.#failed || this.#disposed) return;
    this.#failed = true;
    this.#report.live = false;
    this.#resize.disconnect();
    if (this.#id) host?.forget(this.#id);
    this.#id = 0;
    this.#pending = [];
    releaseContext(this.#holder);
    this.#canvas = replaceCanvas(this.#canvas);
    this.#options.failed(message, this.#canvas);
  }

  #build(): void {
    host ??= new RenderHost();
    // A canvas is handed to a worker once; one handed over before (its figure left the page and
    // came back) is swapped for a fresh one.
    if (handedOver.has(this.#canvas)) this.#canvas = replaceCanvas(this.#canvas);
    const canvas = this.#canvas;
    this.#report = { memory: { geometries: 0, textures: 0 }, live: false };
    const offscreen = canvas.transferControlToOffscreen();
    handedOver.add(canvas);
    this.#id = host.register(this);
    this.#reports.set(this.#id, this.#report);
    const { glMemory, glLive } = testHooks(this.#report);
    canvas.glMemory = glMemory;
    canvas.glLive = glLive;
    const { init, updates } = this.#options.state();
    this.#pending = [];
    this.#transfer = [];
    const { width, height } = this.#size;
    const size: SurfaceSize = { width, height, ratio: this.#options.ratio(width, height) };
    this.#post({ type: 'create', id: this.#id, canvas: offscreen, size, ...init }, [offscreen]);
    this.update(...updates);
    this.#post({ type: 'paused', id: this.#id, paused: !this.#visible });
    this.#resize.observe(canvas);
  }

  /** Frees the renderer in the worker (eviction or disposal); the owner's state stays. */
  #teardown(): void {
    const id = this.#id;
    if (!id) return;
    this.#flush();
    this.#resize.unobserve(this.#canvas);
    // The worker frees the renderer when this arrives and reports its memory a last time.
    this.#post({ type: 'dispose', id });
    this.#id = 0;
  }

  #resized(width: number, height: number): void {
    if (width === this.#size.width && height === this.#size.height) return;
    this.#size = { width, height };
    const extra = this.#options.resized?.(width, height) ?? [];
    this.update(...extra);
    this.#flush();
    if (this.#id) {
      const size = { width, height, ratio: this.#options.ratio(width, height) };
      this.#post({ type: 'size', id: this.#id, size });
    }
  }

  #flush(): void {
    this.#flushQueued = false;
    if (!this.#id || this.#pending.length === 0) return;
    const updates = this.#pending;
    const transfer = this.#transfer;
    this.#pending = [];
    this.#transfer = [];
    this.#post({ type: 'update', id: this.#id, updates }, transfer);
  }

  #post(message: RenderRequest, transfer: Transferable[] = []): void {
    host?.post(message, transfer);
  }

  /** The update with its arrays copied into new buffers that go to the worker as transfers. */
  #copied(update: Update): Update {
    const copy = <A extends Float32Array | Uint8ClampedArray | null>(array: A): A => {
      if (!array) return array;
      const out = array.slice() as A & (Float32Array | Uint8ClampedArray);
      this.#transfer.push(out.buffer as ArrayBuffer);
      return out;
    };
    switch (update.op) {
      case 'colours':
        return { ...update, rgb: copy(update.rgb) };
      case 'step':
        return { ...update, previous: copy(update.previous), current: copy(update.current) };
      case 'ghost':
        return { ...update, previous: copy(update.previous), current: copy(update.current) };
      case 'target':
        return { ...update, points: copy(update.points) };
      case 'picture':
        return { ...update, pixels: copy(update.pixels) };
      default:
        return update;
    }
  }
}

/** A fresh canvas with the same attributes in the old one's place (a canvas keeps its first context). */
export function replaceCanvas(old: HTMLCanvasElement): HTMLCanvasElement {
  const fresh = old.cloneNode(false) as HTMLCanvasElement;
  fresh.removeAttribute('data-engine');
  old.replaceWith(fresh);
  return fresh;
}
