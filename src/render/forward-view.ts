/**
 * EP 01's picture: one canvas, two square panels side by side. Left, the picture at timestep t,
 * x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε (Ho et al. 2020, eq. 4), computed per pixel in a fragment shader from
 * the picture's texture and a seeded Gaussian noise texture. Right, ε itself, ±2.5σ mapped across
 * the colour range: the answer a diffusion model is trained to give.
 *
 * The noise is drawn once from the same seeded stream as the build-time poster (seed 7, purpose
 * "image"), so every reader sees the same static. Render on demand: one draw per change, none
 * offscreen. Without WebGL the same two panels are drawn with Canvas 2D, x_t computed on the CPU
 * by src/sim's noiseImage.
 */
import {
  ClampToEdgeWrapping,
  DataTexture,
  DataUtils,
  HalfFloatType,
  LinearFilter,
  Mesh,
  OrthographicCamera,
  PlaneGeometry,
  RGBAFormat,
  Scene,
  ShaderMaterial,
  UnsignedByteType,
  type WebGLRenderer,
} from 'three';
import {
  GlSurface,
  compileAhead,
  openContext,
  rebuildOnFreshCanvas,
  replaceCanvas,
  screenRatio,
} from './gl-surface.ts';
import {
  acquireContext,
  releaseContext,
  touchContext,
  type LeaseHolder,
} from './context-budget.ts';
import { WORK_SIZE, type Picture } from './forward-image.ts';
import { createRng } from '../sim/random.ts';
import { noiseImage } from '../sim/forward.ts';
import { noiseScale, signalScale, type Schedule } from '../sim/schedule.ts';

/** The seed of the figure's noise: "seed #7", as everywhere in the article. */
export const NOISE_SEED = 7;
/** ε is standard normal per channel; ±this many σ span the colour range of the right panel. */
export const EPS_DISPLAY_SIGMA = 2.5;
/** Gap between the panels, as a share of the canvas width. */
const GAP_SHARE = 0.02;

/** What the view draws: the element's state, resolved to a schedule table and pixels. */
export interface ForwardViewState {
  t: number;
  schedule: Schedule;
  picture: Picture;
}

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

/** The loaded figure: the FigureView contract plus EP 01's state and test hooks. */
export interface ForwardView {
  readonly mode: 'webgl' | 'canvas2d';
  applyScene(step: string, scene: object): void;
  setVisible(visible: boolean): void;
  dispose(): void;
  /** Draws this state (coalesced to one render per frame). */
  show(state: ForwardViewState): void;
  /** Renders now and summarises the pixels of both panels. */
  snapshot(): ForwardSnapshot;
  /** Loses the WebGL context and restores it; resolves once redrawn. No-op in Canvas 2D. */
  loseAndRestoreContext(): Promise<void>;
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
export function renderRatio(width: number, height: number, size: number): number {
  const screen = screenRatio();
  const { panel } = panelLayout(width, height);
  if (panel <= 0) return screen;
  return Math.min(screen, Math.max(0.5, size / panel));
}

/** renderRatio for a picture, in the form drawing buffers are sized by (gl-surface.ts). */
export function forwardRatio(picture: Picture): (width: number, height: number) => number {
  return (width, height) => renderRatio(width, height, picture.size);
}

/** The figure's ε: one standard normal per channel, and the same packed for the GPU. */
export interface FigureNoise {
  /** RGB per pixel, rows top to bottom (the Canvas 2D view computes x_t from these). */
  values: Float32Array;
  /** RGBA half floats (alpha 1), the noise texture's data. */
  half: Uint16Array;
}

/**
 * How long a slice of noise may run before it yields. Sliced by time, not by rows: the first
 * slice runs before the code is optimised and was three or four times slower than the rest
 * (a slice of 32 rows took 55 ms at 4× CPU slowdown, then 15 ms).
 */
const NOISE_SLICE_MS = 8;

/**
 * Draws ε for every channel of a `size`² picture from the article's seed, `pause`-ing between
 * slices. Made in one go it was a single task of about 150 ms at 4× CPU slowdown, right as the
 * figure woke under the reader's scroll. One generator runs through every slice, so the numbers
 * are those of one `fillGaussian` call over the whole array, wherever the slices fall.
 */
export async function makeNoise(size: number, pause: () => Promise<void>): Promise<FigureNoise> {
  const rng = createRng(NOISE_SEED, 'image');
  const values = new Float32Array(size * size * 3);
  const half = new Uint16Array(size * size * 4);
  const one = DataUtils.toHalfFloat(1);
  let sliceStart = performance.now();
  for (let row = 0; row < size; row++) {
    if (performance.now() - sliceStart > NOISE_SLICE_MS) {
      await pause();
      sliceStart = performance.now();
    }
    for (let i = row * size; i < (row + 1) * size; i++) {
      for (let c = 0; c < 3; c++) {
        values[3 * i + c] = rng.gaussian();
        half[4 * i + c] = DataUtils.toHalfFloat(values[3 * i + c] ?? 0);
      }
      half[4 * i + 3] = one;
    }
  }
  return { values, half };
}

/**
 * Makes the view on `canvas`: WebGL when the browser gives a context (within the page's budget),
 * Canvas 2D otherwise, in which case `note` receives a line for the reader. Never throws for a
 * missing WebGL.
 */
export function createForwardView(
  canvas: HTMLCanvasElement,
  state: ForwardViewState,
  noise: FigureNoise,
  note: (message: string) => void,
): ForwardView {
  const opened = openContext(canvas, forwardRatio(state.picture));
  canvas = opened.canvas;
  if (opened.webgl) {
    try {
      return new GlForwardView(canvas, state, noise.half);
    } catch (error) {
      console.warn('EP 01 falls back to Canvas 2D', error);
      canvas = replaceCanvas(canvas);
    }
  }
  note(
    'WebGL is not available in this browser, so this figure is drawn with Canvas 2D (same numbers, a little slower).',
  );
  return new CanvasForwardView(canvas, state, noise.values);
}

const VERTEX_SHADER = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
`;

const FRAGMENT_SHADER = /* glsl */ `
uniform sampler2D uImage;  // x0 as bytes: [0, 1] ↦ [-1, 1]
uniform sampler2D uNoise;  // ε ~ N(0, I) per channel, half floats
uniform float uSignal;     // √ᾱ_t
uniform float uNoiseScale; // √(1 − ᾱ_t)
uniform float uPanel;      // 0: x_t, 1: ε
uniform float uEpsSigma;   // ±σ shown across the colour range
varying vec2 vUv;
void main() {
  vec2 uv = vec2(vUv.x, 1.0 - vUv.y); // texture rows run top to bottom
  vec3 eps = texture2D(uNoise, uv).rgb;
  vec3 value;
  if (uPanel < 0.5) {
    vec3 x0 = texture2D(uImage, uv).rgb * 2.0 - 1.0;
    value = uSignal * x0 + uNoiseScale * eps;
  } else {
    value = eps / uEpsSigma;
  }
  gl_FragColor = vec4(clamp(value * 0.5 + 0.5, 0.0, 1.0), 1.0);
}
`;

/** The GPU side of one renderer: quad, shader and the two textures. Rebuilt with each renderer. */
class GpuScene {
  readonly scene = new Scene();
  readonly camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);
  readonly geometry = new PlaneGeometry(2, 2);
  readonly image: DataTexture;
  readonly noise: DataTexture;
  readonly material: ShaderMaterial;

  constructor(picture: Picture, noiseHalf: Uint16Array) {
    const size = picture.size;
    this.image = texture(
      new DataTexture(bytesOf(picture), size, size, RGBAFormat, UnsignedByteType),
    );
    this.noise = texture(new DataTexture(noiseHalf, size, size, RGBAFormat, HalfFloatType));
    this.material = new ShaderMaterial({
      vertexShader: VERTEX_SHADER,
      fragmentShader: FRAGMENT_SHADER,
      uniforms: {
        uImage: { value: this.image },
        uNoise: { value: this.noise },
        uSignal: { value: 1 },
        uNoiseScale: { value: 0 },
        uPanel: { value: 0 },
        uEpsSigma: { value: EPS_DISPLAY_SIGMA },
      },
      depthTest: false,
      depthWrite: false,
    });
    const quad = new Mesh(this.geometry, this.material);
    quad.frustumCulled = false;
    this.scene.add(quad);
  }

  setPicture(picture: Picture): void {
    this.image.image = { data: bytesOf(picture), width: picture.size, height: picture.size };
    this.image.needsUpdate = true;
  }

  /** After a context restore three.js has forgotten every upload: send them again. */
  reupload(): void {
    this.image.needsUpdate = true;
    this.noise.needsUpdate = true;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
    this.image.dispose();
    this.noise.dispose();
  }
}

function texture(t: DataTexture): DataTexture {
  t.minFilter = LinearFilter;
  t.magFilter = LinearFilter;
  t.wrapS = ClampToEdgeWrapping;
  t.wrapT = ClampToEdgeWrapping;
  t.generateMipmaps = false;
  t.needsUpdate = true;
  return t;
}

function bytesOf(picture: Picture): Uint8Array {
  const { pixels } = picture;
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}

/** Summarises RGBA pixels of the two panels; `flip` when rows run bottom to top (readPixels). */
function summarise(
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

/** The WebGL view: a GlSurface leased from the page's context budget, rebuilt if evicted. */
class GlForwardView implements ForwardView {
  readonly mode = 'webgl';
  #canvas: HTMLCanvasElement;
  #state: ForwardViewState;
  #noiseHalf: Uint16Array;
  #surface: GlSurface | null = null;
  #gpu: GpuScene | null = null;
  #visible = false;
  #disposed = false;
  #holder: LeaseHolder;

  /** `noiseHalf`: ε as RGBA half floats (filterable everywhere in WebGL 2, unlike 32-bit floats). */
  constructor(canvas: HTMLCanvasElement, state: ForwardViewState, noiseHalf: Uint16Array) {
    this.#canvas = canvas;
    this.#state = state;
    this.#noiseHalf = noiseHalf;
    const isVisible = () => this.#visible;
    this.#holder = {
      get visible() {
        return isVisible();
      },
      release: () => this.#teardown(),
    };
    // The lease prepareCanvas reserved for this canvas, if it did; else a new one.
    acquireContext(this.#holder, canvas);
    try {
      this.#build();
    } catch (error) {
      releaseContext(this.#holder);
      throw error;
    }
  }

  /** Builds the renderer again after an eviction, on a fresh canvas (see rebuildOnFreshCanvas). */
  #rebuild(): void {
    rebuildOnFreshCanvas(
      this.#canvas,
      {
        holder: this.#holder,
        adopt: (canvas) => (this.#canvas = canvas),
        build: () => this.#build(),
        teardown: () => this.#teardown(),
        keeps: () => !this.#disposed && this.#surface !== null,
      },
      (width, height) => renderRatio(width, height, this.#state.picture.size),
    );
  }

  #build(): void {
    const gpu = new GpuScene(this.#state.picture, this.#noiseHalf);
    this.#gpu = gpu;
    const surface = new GlSurface(this.#canvas, {
      ratio: (width, height) => renderRatio(width, height, this.#state.picture.size),
      render: (renderer, width, height) => this.#render(renderer, width, height),
      restored: () => gpu.reupload(),
    });
    surface.renderer.autoClear = false;
    surface.holdUntil(
      compileAhead(surface.renderer, gpu.scene, gpu.camera, [gpu.image, gpu.noise]),
    );
    surface.setPaused(!this.#visible);
    this.#surface = surface;
    this.#applyUniforms();
  }

  /** Frees the renderer (on eviction or disposal); the state stays for a rebuild. */
  #teardown(): void {
    this.#gpu?.dispose();
    this.#gpu = null;
    this.#surface?.dispose();
    this.#surface = null;
  }

  #applyUniforms(): void {
    const gpu = this.#gpu;
    if (!gpu) return;
    const { schedule, t } = this.#state;
    const u = gpu.material.uniforms;
    if (u.uSignal) u.uSignal.value = signalScale(schedule, t);
    if (u.uNoiseScale) u.uNoiseScale.value = noiseScale(schedule, t);
  }

  #render(renderer: WebGLRenderer, width: number, height: number): void {
    const gpu = this.#gpu;
    if (!gpu) return;
    const ratio = renderRatio(width, height, this.#state.picture.size);
    if (Math.abs(renderer.getPixelRatio() - ratio) > 0.01) renderer.setPixelRatio(ratio);
    const { panel, leftX, rightX, y } = panelLayout(width, height);
    renderer.setScissorTest(false);
    renderer.setClearColor(0x000000, 0);
    renderer.clear();
    renderer.setScissorTest(true);
    const panelUniform = gpu.material.uniforms.uPanel;
    [leftX, rightX].forEach((x, i) => {
      renderer.setViewport(x, y, panel, panel);
      renderer.setScissor(x, y, panel, panel);
      if (panelUniform) panelUniform.value = i;
      renderer.render(gpu.scene, gpu.camera);
    });
    renderer.setScissorTest(false);
  }

  applyScene(): void {
    // The element folds each scroll scene into its state and calls show().
  }

  show(state: ForwardViewState): void {
    const pictureChanged = state.picture !== this.#state.picture;
    this.#state = state;
    if (pictureChanged) this.#gpu?.setPicture(state.picture);
    this.#applyUniforms();
    this.#surface?.requestRender();
  }

  setVisible(visible: boolean): void {
    if (this.#disposed) return;
    this.#visible = visible;
    // Evicted while offscreen: rebuild on a fresh canvas.
    if (visible && !this.#surface) this.#rebuild();
    if (visible) touchContext(this.#holder);
    this.#surface?.setPaused(!visible);
  }

  snapshot(): ForwardSnapshot {
    const surface = this.#surface;
    if (!surface) throw new Error('The renderer is not live (evicted or disposed)');
    const { pixels, width, height } = surface.readPixels();
    return summarise(pixels, width, height, surface.pixelRatio, true, this.mode);
  }

  loseAndRestoreContext(): Promise<void> {
    const surface = this.#surface;
    if (!surface) return Promise.reject(new Error('The renderer is not live'));
    return surface.loseAndRestore();
  }

  /** The live renderer's memory counters (geometries, textures), for tests. */
  get memory(): { geometries: number; textures: number } | null {
    return this.#surface ? { ...this.#surface.renderer.info.memory } : null;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#teardown();
    releaseContext(this.#holder);
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
    const ratio = renderRatio(rect.width, rect.height, this.#state.picture.size);
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

  snapshot(): ForwardSnapshot {
    this.#renderNow();
    const { width, height } = this.#canvas;
    const { data } = this.#ctx.getImageData(0, 0, width, height);
    return summarise(data, width, height, this.#ratio, false, this.mode);
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

export { WORK_SIZE };
