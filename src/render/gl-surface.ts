/**
 * A three.js renderer on an OffscreenCanvas, in the render worker: the page tells it the canvas's
 * CSS size and pixel ratio, and it renders on demand, at most once per animation frame, never
 * while paused. A lost context is waited out and the owner rebuilds its GPU resources on restore.
 * Used by every WebGL figure (render-worker.ts).
 */
import { WebGLRenderer } from 'three';
import type { GlMemory, SurfaceSize } from './render-protocol.ts';

export interface GlSurfaceOptions {
  /** Draws one frame; called at most once per animation frame, only when asked and not paused. */
  render(renderer: WebGLRenderer, width: number, height: number): void;
  /** The context came back after a loss: recreate GPU resources, then a render is requested. */
  restored?(renderer: WebGLRenderer): void;
  /** A frame was drawn. */
  drawn?(): void;
}

/** A renderer bound to one canvas, rendering on demand. */
export class GlSurface {
  readonly renderer: WebGLRenderer;
  readonly canvas: OffscreenCanvas;
  #options: GlSurfaceOptions;
  #frame = 0;
  #paused = true;
  #lost = false;
  #disposed = false;
  #width = 0;
  #height = 0;
  /** Called once after the next frame is drawn. */
  #afterRender: (() => void)[] = [];

  /** Throws when the browser gives no WebGL context here. */
  constructor(canvas: OffscreenCanvas, size: SurfaceSize, options: GlSurfaceOptions) {
    this.canvas = canvas;
    this.#options = options;
    this.renderer = new WebGLRenderer({
      canvas,
      antialias: false,
      alpha: true,
      powerPreference: 'low-power',
    });
    canvas.addEventListener('webglcontextlost', this.#onLost);
    canvas.addEventListener('webglcontextrestored', this.#onRestored);
    this.setSize(size);
  }

  /** The GPU memory three.js holds for this canvas. */
  get memory(): GlMemory {
    const { geometries, textures } = this.renderer.info.memory;
    return { geometries, textures };
  }

  /** The canvas's CSS size in pixels. */
  get size(): { width: number; height: number } {
    return { width: this.#width, height: this.#height };
  }

  /** The pixel ratio the drawing buffer uses. */
  get pixelRatio(): number {
    return this.renderer.getPixelRatio();
  }

  /** Follows the canvas's CSS size (measured by the page) and pixel ratio. */
  setSize({ width, height, ratio }: SurfaceSize): void {
    const w = Math.round(width);
    const h = Math.round(height);
    const changed =
      w !== this.#width || h !== this.#height || Math.abs(ratio - this.pixelRatio) > 0.001;
    if (!changed) return;
    this.#width = w;
    this.#height = h;
    if (w > 0 && h > 0) {
      this.renderer.setPixelRatio(ratio);
      this.renderer.setSize(w, h, false);
      this.requestRender();
    }
  }

  /** Asks for one render at the next animation frame (coalesced). */
  requestRender(): void {
    if (this.#disposed || this.#paused || this.#lost || this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.renderNow();
    });
  }

  /** Renders immediately (for snapshots and the first frame). */
  renderNow(): void {
    if (this.#disposed || this.#lost || this.#width === 0 || this.#height === 0) return;
    this.#options.render(this.renderer, this.#width, this.#height);
    this.#options.drawn?.();
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
    this.canvas.removeEventListener('webglcontextlost', this.#onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.#onRestored);
    this.renderer.dispose();
    this.renderer.forceContextLoss();
  }

  #onLost = (event: Event): void => {
    // Prevent the default so the browser may restore the context later.
    event.preventDefault();
    this.#lost = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  };

  #onRestored = (): void => {
    this.#lost = false;
    this.#options.restored?.(this.renderer);
    this.requestRender();
  };
}
