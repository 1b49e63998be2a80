/**
 * A canvas with a three.js renderer that renders on demand: CSS sizes the canvas, the drawing
 * buffer follows it through a ResizeObserver at a pixel ratio capped at 2, and one render runs per
 * requested change, never while paused. A lost context is waited out and the owner rebuilds its
 * GPU resources on restore. Used by every WebGL figure.
 */
import {
  Vector4,
  WebGLRenderer,
  type Camera,
  type Material,
  type Object3D,
  type Texture,
} from 'three';
import {
  acquireContext,
  cancelReservation,
  isReserved,
  makeRoom,
  moveReservation,
  releaseContext,
  reserveContext,
  touchContext,
  type LeaseHolder,
} from './context-budget.ts';
import { yieldToMain } from './yield-to-main.ts';

/** Device pixel ratio cap: sharper than 2 costs fill rate and nobody can see it. */
export const MAX_PIXEL_RATIO = 2;

export interface GlSurfaceOptions {
  /** Drawing-buffer pixels per CSS pixel for a canvas of this CSS size (default screenRatio). */
  ratio?(width: number, height: number): number;
  /** Draws one frame; called at most once per animation frame, only when asked and not paused. */
  render(renderer: WebGLRenderer, width: number, height: number): void;
  /** The context came back after a loss: recreate GPU resources, then a render is requested. */
  restored?(renderer: WebGLRenderer): void;
  /** The context was lost; the surface stops rendering until it is restored. */
  lost?(): void;
}

/** A canvas a GlSurface drew on. */
export interface GlCanvas extends HTMLCanvasElement {
  /** For tests: the renderer's `info.memory`, still readable after disposal (it must fall to 0). */
  glMemory?: () => { geometries: number; textures: number };
}

/** The screen's device pixel ratio, capped at MAX_PIXEL_RATIO. */
export function screenRatio(): number {
  return Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO);
}

/** The canvas's CSS size in whole pixels (0 × 0 while it is not laid out). */
function cssSize(canvas: HTMLCanvasElement): { width: number; height: number } {
  const rect = canvas.getBoundingClientRect();
  return { width: Math.round(rect.width), height: Math.round(rect.height) };
}

/**
 * Gives the canvas the drawing-buffer size it will be drawn at, before it has a context (call it
 * before the first getContext). Every change of a WebGL canvas's width or height reallocates its
 * drawing buffer: 5–20 ms each at 4× CPU slowdown here. Sized this way, the context is made at
 * its final size and the renderer's later sizing changes nothing; made at the default 300 × 150,
 * it was resized twice more (by the pixel ratio, then by the CSS size) as the figure woke.
 */
export function sizeDrawingBuffer(
  canvas: HTMLCanvasElement,
  ratio: (width: number, height: number) => number = screenRatio,
): void {
  const { width, height } = cssSize(canvas);
  if (width <= 0 || height <= 0) return;
  const r = ratio(width, height);
  // three.js's rounding (WebGLRenderer.setDrawingBufferSize), so that it finds nothing to change.
  const pixelWidth = Math.floor(width * r);
  const pixelHeight = Math.floor(height * r);
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
}

/** The context attributes GlSurface's renderer asks for (probes use them to get the same context). */
export const CONTEXT_ATTRIBUTES: WebGLContextAttributes = {
  alpha: true,
  depth: true,
  stencil: false,
  antialias: false,
  premultipliedAlpha: true,
  preserveDrawingBuffer: false,
  powerPreference: 'low-power',
  failIfMajorPerformanceCaveat: false,
};

/** The renderer options that go with CONTEXT_ATTRIBUTES. */
function makeRenderer(canvas: HTMLCanvasElement): WebGLRenderer {
  const renderer = new WebGLRenderer({
    canvas,
    antialias: false,
    alpha: true,
    powerPreference: 'low-power',
  });
  // The shaders are fixed and checked in development; in the built site, reading back each
  // program's and shader's log on first use only costs round trips to the GPU process.
  renderer.debug.checkShaderErrors = import.meta.env.DEV;
  return renderer;
}

/**
 * The extensions three.js's renderer looks up as it is made (WebGLExtensions.init) and the one its
 * programs and compileAhead ask for next, in two groups. The first time a context is asked for an
 * extension costs round trips to the GPU process (about 5 ms each at 4× CPU slowdown here);
 * asked again, it answers at once. Asked a group a task ahead, they took the renderer's task in a
 * traced scroll through the article at 4× CPU slowdown from 24–58 ms to 9–16 ms (the page's first
 * renderer: 138 ms to 44 ms). A unit test checks this list against what the renderer asks for.
 */
export const RENDERER_EXTENSIONS: readonly (readonly string[])[] = [
  ['EXT_color_buffer_float', 'WEBGL_clip_cull_distance', 'OES_texture_float_linear'],
  [
    'EXT_color_buffer_half_float',
    'WEBGL_multisampled_render_to_texture',
    'WEBGL_render_shared_exponent',
    'KHR_parallel_shader_compile',
  ],
];

/** A fresh canvas with the same attributes in the old one's place (a canvas keeps its first context). */
export function replaceCanvas(old: HTMLCanvasElement): HTMLCanvasElement {
  const fresh = old.cloneNode(false) as HTMLCanvasElement;
  old.replaceWith(fresh);
  moveReservation(old, fresh);
  dropPrepared(old);
  return fresh;
}

/** Renderers made ahead of their surface by prepareCanvas, by canvas. */
const preparedRenderers = new WeakMap<HTMLCanvasElement, WebGLRenderer>();

/** Lets go of what prepareCanvas made for `canvas` (its lease was evicted before a view took it). */
function dropPrepared(canvas: HTMLCanvasElement): void {
  const renderer = preparedRenderers.get(canvas);
  preparedRenderers.delete(canvas);
  if (renderer) {
    renderer.dispose();
    renderer.forceContextLoss();
  } else if (canvasesWithContext.has(canvas)) {
    canvas
      .getContext('webgl2', CONTEXT_ATTRIBUTES)
      ?.getExtension('WEBGL_lose_context')
      ?.loseContext();
  }
}

/** Canvases openContext made a WebGL context on (asking a canvas would make one). */
const canvasesWithContext = new WeakSet<HTMLCanvasElement>();

/**
 * Makes `canvas`'s WebGL 2 context at the size it will be drawn at, within the page's budget, with
 * the attributes three.js will ask for, so three then reuses it. Returns the canvas that holds the
 * context (a fresh one in its place when the old one's context had been let go: a canvas keeps its
 * first context for good) and whether WebGL is there at all; probing this way also spares the
 * console three.js's error on browsers without WebGL 2.
 */
export function openContext(
  canvas: HTMLCanvasElement,
  ratio: (width: number, height: number) => number = screenRatio,
): { canvas: HTMLCanvasElement; webgl: boolean } {
  // The probe makes a context: room first, unless a lease is reserved for it.
  if (!isReserved(canvas)) makeRoom();
  // Sized before its first getContext, which makes the context (a fresh canvas copies the size).
  sizeDrawingBuffer(canvas, ratio);
  if (canvas.getContext('webgl2', CONTEXT_ATTRIBUTES)?.isContextLost()) {
    canvas = replaceCanvas(canvas);
  }
  const webgl = canvas.getContext('webgl2', CONTEXT_ATTRIBUTES) !== null;
  if (webgl) canvasesWithContext.add(canvas);
  return { canvas, webgl };
}

/**
 * Gets a figure's canvas ready for its view in tasks of their own, `pause` between them: a lease
 * (which may evict another figure's renderer), the context (a round trip to the GPU process and a
 * drawing buffer), the extensions three.js will ask for (RENDERER_EXTENSIONS), then three.js's
 * renderer (a few dozen queries of the context). Made in one go as part of the view, they were
 * one task of 50–140 ms at 4× CPU slowdown. Returns the canvas to build the view on; the view's
 * GlSurface takes the renderer and its holder the lease. Without WebGL it returns the canvas with
 * nothing made, and the view falls back to Canvas 2D.
 */
export async function prepareCanvas(
  canvas: HTMLCanvasElement,
  pause: () => Promise<void>,
  ratio?: (width: number, height: number) => number,
): Promise<HTMLCanvasElement> {
  reserveContext(canvas, dropPrepared);
  await pause();
  const opened = openContext(canvas, ratio);
  if (!opened.webgl) {
    cancelReservation(opened.canvas);
    return opened.canvas;
  }
  await pause();
  for (const group of RENDERER_EXTENSIONS) {
    // A lost context answers null at once; an evicted one is skipped below.
    const gl = opened.canvas.getContext('webgl2', CONTEXT_ATTRIBUTES);
    for (const name of group) gl?.getExtension(name);
    await pause();
  }
  // Evicted meanwhile (another figure needed the room): the view makes its own in its turn.
  if (!isReserved(opened.canvas) || preparedRenderers.has(opened.canvas)) return opened.canvas;
  try {
    preparedRenderers.set(opened.canvas, makeRenderer(opened.canvas));
  } catch {
    // The view tries again as it is built, and falls back to Canvas 2D if it fails there too.
  }
  await pause();
  return opened.canvas;
}

/** What rebuildOnFreshCanvas needs of a view whose renderer was evicted. */
export interface EvictedView {
  /** The view's lease holder (it asks whether the view is on screen). */
  readonly holder: LeaseHolder;
  /** The view draws on `canvas` from now on (it replaced the view's canvas in the page). */
  adopt(canvas: HTMLCanvasElement): void;
  /** Makes the renderer and the GPU side on the adopted canvas; may throw. */
  build(): void;
  /** Frees what build made. */
  teardown(): void;
  /** Whether the view still wants what it built: it was built, and not disposed meanwhile. */
  keeps(): boolean;
}

/** Views whose rebuild is under way, so a second setVisible(true) does not start another. */
const rebuilding = new WeakSet<LeaseHolder>();

/**
 * Builds a view's renderer again after an eviction, on a fresh canvas in its old one's place (a
 * canvas keeps its first context): its lease, context and renderer each in a task of its own
 * (prepareCanvas), then the GPU side. Made in one go as the figure came back on screen, it was one
 * task of 50–110 ms at 4× CPU slowdown. Until it is done the fresh canvas is blank, as the evicted
 * one was. A view disposed meanwhile, or one whose build failed, gives its lease back.
 */
export function rebuildOnFreshCanvas(
  canvas: HTMLCanvasElement,
  view: EvictedView,
  ratio?: (width: number, height: number) => number,
): void {
  if (rebuilding.has(view.holder)) return;
  rebuilding.add(view.holder);
  const fresh = replaceCanvas(canvas);
  view.adopt(fresh);
  void prepareCanvas(fresh, yieldToMain, ratio).then((ready) => {
    rebuilding.delete(view.holder);
    view.adopt(ready);
    // Takes over the lease prepareCanvas reserved (or a new one if it was evicted meanwhile).
    acquireContext(view.holder, ready);
    try {
      view.build();
    } catch (error) {
      console.warn('The figure could not make its renderer again', error);
    }
    if (!view.keeps()) {
      view.teardown();
      releaseContext(view.holder);
    } else if (view.holder.visible) {
      touchContext(view.holder);
    }
  });
}

/**
 * Renders `scene` once with a scissor box of no pixels: every fragment is discarded, so the
 * canvas shows nothing new, but three.js does its first-draw work (geometry buffers and vertex
 * arrays, uniform uploads, and, for the page's first figure, its render path run for the first
 * time). In EP 01's first visible frame that work was about 40 ms of script at 4× CPU slowdown,
 * inside the frame's own layout, paint and commit; here it is a task of its own.
 */
function drawNothing(renderer: WebGLRenderer, scene: Object3D, camera: Camera): void {
  const scissorTest = renderer.getScissorTest();
  const scissor = renderer.getScissor(new Vector4());
  renderer.setScissorTest(true);
  renderer.setScissor(0, 0, 0, 0);
  try {
    renderer.render(scene, camera);
  } finally {
    renderer.setScissor(scissor);
    renderer.setScissorTest(scissorTest);
  }
}

/** What compileAhead uses of three's WebGLProgram. */
interface ProgramLike {
  isReady(): boolean;
  getUniforms(): unknown;
  getAttributes(): unknown;
}

/**
 * Compiles the programs `scene` needs, in a task of its own, without waiting for them, and
 * resolves once they are linked (KHR_parallel_shader_compile tells without blocking; without it,
 * after a short wait) or after about 300 ms, whichever is first; then, a task each, reads each
 * linked program's uniforms and attributes (what three does the first time it draws with a
 * program: a few dozen queries of the context, a third of a figure's first frame at 4× CPU
 * slowdown), uploads `textures`, and draws the scene once into no pixels (drawNothing). The
 * first render then finds all of it done instead of doing it inside the figure's first frame.
 */
export function compileAhead(
  renderer: WebGLRenderer,
  scene: Object3D,
  camera: Camera,
  textures: readonly Texture[] = [],
): Promise<void> {
  const programOf = (material: Material) =>
    (renderer.properties.get(material) as { currentProgram?: ProgramLike }).currentProgram;
  return new Promise((resolve) => {
    let materials: Material[] = [];
    let tries = 0;
    const steps: (() => void)[] = [];
    // A step that fails (the context was lost meanwhile) leaves its work to the first render;
    // the renders held for this must not wait for good.
    const attempt = (step: () => void) => {
      try {
        step();
      } catch (error) {
        console.warn('A figure could not prepare its first frame ahead', error);
      }
    };
    const next = () => {
      const step = steps.shift();
      if (!step) {
        resolve();
        return;
      }
      attempt(step);
      setTimeout(next, 0);
    };
    const check = () => {
      const pending = materials.filter((material) => {
        const program = programOf(material);
        return program !== undefined && !program.isReady();
      });
      if (pending.length > 0 && ++tries <= 30) {
        setTimeout(check, 10);
        return;
      }
      // A program still linking is left to the first render (asking now would wait for it).
      const linked = new Set<ProgramLike>();
      for (const material of materials) {
        const program = programOf(material);
        if (program?.isReady()) linked.add(program);
      }
      for (const program of linked) {
        steps.push(() => {
          program.getUniforms();
          program.getAttributes();
        });
      }
      for (const texture of textures) steps.push(() => renderer.initTexture(texture));
      steps.push(() => drawNothing(renderer, scene, camera));
      next();
    };
    // The compile in a task of its own too: in the task that builds the view, it made EP 01's
    // construction one task of about 50 ms of work at 4× CPU slowdown.
    setTimeout(() => {
      attempt(() => (materials = [...renderer.compile(scene, camera)]));
      setTimeout(check, 0);
    }, 0);
  });
}

/** Reads three's counters; made out here so the closure holds the counters and nothing else. */
function memoryReader(memory: { geometries: number; textures: number }) {
  return () => ({ ...memory });
}

/** Thrown when the browser gives no WebGL context; callers fall back to Canvas 2D. */
export class WebGLUnavailableError extends Error {
  constructor(cause: unknown) {
    super('WebGL is not available in this browser', { cause });
    this.name = 'WebGLUnavailableError';
  }
}

/** A renderer bound to one canvas, sized by CSS, rendering on demand. */
export class GlSurface {
  readonly renderer: WebGLRenderer;
  readonly canvas: HTMLCanvasElement;
  #options: GlSurfaceOptions;
  #resize: ResizeObserver;
  #frame = 0;
  #paused = false;
  #lost = false;
  #disposed = false;
  #width = 0;
  #height = 0;
  /** Renders are held while this is above 0 (see holdUntil); one is owed if asked meanwhile. */
  #holds = 0;
  #owed = false;
  /** Called once after the next frame is drawn. */
  #afterRender: (() => void)[] = [];

  constructor(canvas: HTMLCanvasElement, options: GlSurfaceOptions) {
    this.canvas = canvas;
    this.#options = options;
    try {
      this.renderer = preparedRenderers.get(canvas) ?? makeRenderer(canvas);
      preparedRenderers.delete(canvas);
    } catch (error) {
      throw new WebGLUnavailableError(error);
    }
    // Sized from the CSS box now (a no-op when sizeDrawingBuffer ran before the context was made).
    this.#measure();
    if (this.#width === 0) this.renderer.setPixelRatio(this.#ratio(0, 0));
    (canvas as GlCanvas).glMemory = memoryReader(this.renderer.info.memory);
    canvas.addEventListener('webglcontextlost', this.#onLost);
    canvas.addEventListener('webglcontextrestored', this.#onRestored);
    this.#resize = new ResizeObserver(() => this.#measure());
    this.#resize.observe(canvas);
  }

  /** The canvas's CSS size in pixels. */
  get size(): { width: number; height: number } {
    return { width: this.#width, height: this.#height };
  }

  /** The pixel ratio the drawing buffer uses. */
  get pixelRatio(): number {
    return this.renderer.getPixelRatio();
  }

  /** Whether the context is lost right now. */
  get isLost(): boolean {
    return this.#lost;
  }

  /** Asks for one render at the next animation frame (coalesced). */
  requestRender(): void {
    if (this.#holds > 0) {
      this.#owed = true;
      return;
    }
    if (this.#disposed || this.#paused || this.#lost || this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.renderNow();
    });
  }

  /**
   * Holds requested renders back until `ready` settles (shaders compiling: see compileAhead), then
   * draws the latest state once. renderNow() still draws at once.
   */
  holdUntil(ready: Promise<unknown>): void {
    this.#holds++;
    const done = () => {
      this.#holds--;
      if (this.#holds === 0 && this.#owed) {
        this.#owed = false;
        this.requestRender();
      }
    };
    ready.then(done, done);
  }

  /** Renders immediately (for tests and for the first frame). */
  renderNow(): void {
    if (this.#disposed || this.#lost || this.#width === 0 || this.#height === 0) return;
    this.#options.render(this.renderer, this.#width, this.#height);
    for (const callback of this.#afterRender.splice(0)) callback();
  }

  /** Draws the current state now and reads the drawing buffer back (RGBA, bottom row first). */
  readPixels(): { pixels: Uint8Array; width: number; height: number } {
    this.renderNow();
    const gl = this.renderer.getContext();
    const width = gl.drawingBufferWidth;
    const height = gl.drawingBufferHeight;
    const pixels = new Uint8Array(width * height * 4);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    return { pixels, width, height };
  }

  /**
   * For tests: loses the context (WEBGL_lose_context), restores it 50 ms later, and resolves once
   * the owner has rebuilt its GPU resources and a frame has been drawn again.
   */
  loseAndRestore(): Promise<void> {
    const extension = this.renderer.getContext().getExtension('WEBGL_lose_context');
    if (!extension) return Promise.reject(new Error('WEBGL_lose_context is not available'));
    return new Promise<void>((resolve) => {
      this.canvas.addEventListener(
        'webglcontextlost',
        () => setTimeout(() => extension.restoreContext(), 50),
        { once: true },
      );
      this.canvas.addEventListener(
        'webglcontextrestored',
        () => {
          this.#afterRender.push(resolve);
          this.setPaused(false);
          this.requestRender();
        },
        { once: true },
      );
      extension.loseContext();
    });
  }

  /** Pauses (offscreen) or resumes rendering; resuming renders the current state once. */
  setPaused(paused: boolean): void {
    this.#paused = paused;
    if (paused && this.#frame) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    }
    if (!paused) this.requestRender();
  }

  /** Frees the renderer and gives the WebGL context back to the browser. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#afterRender = [];
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#resize.disconnect();
    this.canvas.removeEventListener('webglcontextlost', this.#onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.#onRestored);
    this.renderer.dispose();
    this.renderer.forceContextLoss();
  }

  #ratio(width: number, height: number): number {
    return this.#options.ratio?.(width, height) ?? screenRatio();
  }

  #measure(): void {
    const { width, height } = cssSize(this.canvas);
    if (width === this.#width && height === this.#height) return;
    this.#width = width;
    this.#height = height;
    if (width > 0 && height > 0) {
      // One call sets the size and the ratio: the buffer is reallocated at most once.
      this.renderer.setDrawingBufferSize(width, height, this.#ratio(width, height));
      this.requestRender();
    }
  }

  #onLost = (event: Event): void => {
    // Prevent the default so the browser may restore the context later.
    event.preventDefault();
    this.#lost = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#options.lost?.();
  };

  #onRestored = (): void => {
    this.#lost = false;
    this.#options.restored?.(this.renderer);
    this.requestRender();
  };
}
