/**
 * Point clouds on the GPU: one canvas, one WebGL context, any number of panels side by side
 * (scissor + viewport per panel), each with its own particles. EP 02 draws one panel; EP 05 draws
 * its guidance triple in one canvas, so the page stays within its budget of live contexts.
 *
 * Per panel, three `Points` layers, back to front: the target's outline (optional, faint), the
 * x̂₀ ghost (optional, faint) and the particles. Every layer holds two positions per particle,
 * the previous step's and the current one's, and the vertex shader mixes them by `uBlend`, so a
 * tween of one uniform moves every particle smoothly between steps at any playback speed.
 * Buffers are the layer's own Float32Arrays, updated in place (`DynamicDrawUsage`, `needsUpdate`);
 * nothing is allocated per frame, and nothing renders unless something changed and the canvas is
 * on screen.
 *
 * createPointsLayer() picks the renderer: WebGL when the browser gives a context, else the same
 * drawing in Canvas 2D (points-canvas2d.ts) with a note for the reader. It never throws for a
 * missing WebGL.
 */
import {
  BufferAttribute,
  Color,
  BufferGeometry,
  DynamicDrawUsage,
  NormalBlending,
  OrthographicCamera,
  Points,
  Scene,
  ShaderMaterial,
  Sphere,
  StaticDrawUsage,
  Vector2,
  Vector3,
  type WebGLRenderer,
} from 'three';
import {
  GlSurface,
  compileAhead,
  openContext,
  rebuildOnFreshCanvas,
  replaceCanvas,
} from './gl-surface.ts';
import {
  acquireContext,
  releaseContext,
  touchContext,
  type LeaseHolder,
} from './context-budget.ts';
import { CanvasPointsLayer } from './points-canvas2d.ts';
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
 * Makes a point-cloud layer on `canvas`: WebGL within the page's context budget, or Canvas 2D
 * (then `note` receives CANVAS_FALLBACK_NOTE for the status line). Never throws for a missing WebGL.
 */
export function createPointsLayer(
  canvas: HTMLCanvasElement,
  options: PointsLayerOptions = {},
  note: (message: string) => void = () => {},
): PointsLayer {
  const opened = openContext(canvas);
  canvas = opened.canvas;
  if (opened.webgl) {
    try {
      return new GlPointsLayer(canvas, options);
    } catch (error) {
      console.warn('The point cloud falls back to Canvas 2D', error);
      canvas = replaceCanvas(canvas);
    }
  }
  note(CANVAS_FALLBACK_NOTE);
  return new CanvasPointsLayer(canvas, options);
}

/** The panels' background (parsed as sRGB; three.js converts it back for the clear). */
const BACKGROUND = new Color(PANEL_BACKGROUND);

const VERTEX_SHADER = /* glsl */ `
attribute vec2 previous;   // the particle at the previous step; position is the current step
attribute vec3 aColour;    // sRGB 0…1
uniform float uBlend;      // 0: previous step, 1: current step
uniform vec2 uScale;       // data units → clip space, per axis (keeps the panel's square aspect)
uniform float uSize;       // diameter in device pixels
varying vec3 vColour;
void main() {
  vColour = aColour;
  gl_Position = vec4(mix(previous, position.xy, uBlend) * uScale, 0.0, 1.0);
  gl_PointSize = uSize;
}
`;

const FRAGMENT_SHADER = /* glsl */ `
uniform float uOpacity;
varying vec3 vColour;
void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  float r = dot(p, p);
  if (r > 1.0) discard;
  // A round dot with a soft rim, so 1,200 overlapping particles read as a cloud, not as pixels.
  gl_FragColor = vec4(vColour, uOpacity * (1.0 - smoothstep(0.4, 1.0, r)));
}
`;

/** The CPU side of a panel: the layer's own arrays, kept across renderer rebuilds. */
class PanelData {
  count: number;
  previous: Float32Array;
  current: Float32Array;
  colours: Float32Array;
  blend = 1;
  ghostPrevious: Float32Array;
  ghostCurrent: Float32Array;
  hasGhost = false;
  ghostVisible = false;
  target: Float32Array | null = null;
  /** Bumped when the arrays are replaced (a new count), so the GPU side rebuilds its geometry. */
  shape = 0;

  constructor(count: number) {
    this.count = count;
    this.previous = new Float32Array(2 * count);
    this.current = new Float32Array(2 * count);
    this.colours = new Float32Array(3 * count).fill(0.9);
    this.ghostPrevious = new Float32Array(2 * count);
    this.ghostCurrent = new Float32Array(2 * count);
  }

  resize(count: number): void {
    if (count === this.count) return;
    const colours = new Float32Array(3 * count).fill(0.9);
    colours.set(this.colours.subarray(0, Math.min(colours.length, this.colours.length)));
    this.count = count;
    this.previous = new Float32Array(2 * count);
    this.current = new Float32Array(2 * count);
    this.colours = colours;
    this.ghostPrevious = new Float32Array(2 * count);
    this.ghostCurrent = new Float32Array(2 * count);
    this.shape++;
  }
}

/** One `Points` layer: geometry over the panel's arrays and its material. */
class PointsLayerMesh {
  readonly geometry = new BufferGeometry();
  readonly material: ShaderMaterial;
  readonly points: Points;
  readonly uniforms: {
    uBlend: { value: number };
    uScale: { value: Vector2 };
    uSize: { value: number };
    uOpacity: { value: number };
  };

  constructor(opacity: number, order: number) {
    this.uniforms = {
      uBlend: { value: 1 },
      uScale: { value: new Vector2(1, 1) },
      uSize: { value: 3 },
      uOpacity: { value: opacity },
    };
    this.material = new ShaderMaterial({
      vertexShader: VERTEX_SHADER,
      fragmentShader: FRAGMENT_SHADER,
      uniforms: this.uniforms,
      transparent: true,
      blending: NormalBlending,
      depthTest: false,
      depthWrite: false,
    });
    this.points = new Points(this.geometry, this.material);
    this.points.frustumCulled = false;
    this.points.renderOrder = order;
  }

  /** Points the geometry at new arrays (construction and resizes only). */
  bind(
    current: Float32Array,
    previous: Float32Array,
    colours: Float32Array,
    dynamic: boolean,
  ): void {
    const usage = dynamic ? DynamicDrawUsage : StaticDrawUsage;
    this.geometry.setAttribute('position', new BufferAttribute(current, 2).setUsage(usage));
    this.geometry.setAttribute('previous', new BufferAttribute(previous, 2).setUsage(usage));
    this.geometry.setAttribute('aColour', new BufferAttribute(colours, 3).setUsage(usage));
    // Positions are 2D and move every step: a fixed sphere around the data square spares three.js
    // from measuring them (its measure reads a z that 2D positions do not have).
    this.geometry.boundingSphere = new Sphere(new Vector3(), 2 * DEFAULT_EXTENT);
  }

  /** Marks the position buffers for upload at the next render. */
  touchPositions(): void {
    const { position, previous } = this.geometry.attributes;
    if (position) position.needsUpdate = true;
    if (previous) previous.needsUpdate = true;
  }

  touchColours(): void {
    const colour = this.geometry.attributes.aColour;
    if (colour) colour.needsUpdate = true;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}

/** The GPU side of a panel: a scene of its three layers. Rebuilt with each renderer. */
class GpuPanel {
  readonly scene = new Scene();
  readonly target = new PointsLayerMesh(TARGET_OPACITY, 0);
  readonly ghost = new PointsLayerMesh(GHOST_OPACITY, 1);
  readonly particles = new PointsLayerMesh(1, 2);
  #shape = -1;
  #targetArray: Float32Array | null = null;

  constructor(data: PanelData) {
    this.scene.add(this.target.points, this.ghost.points, this.particles.points);
    this.sync(data);
  }

  /** Follows the panel's arrays after a resize or a new target (not per frame). */
  sync(data: PanelData): void {
    if (this.#shape !== data.shape) {
      this.#shape = data.shape;
      this.particles.bind(data.current, data.previous, data.colours, true);
      this.ghost.bind(data.ghostCurrent, data.ghostPrevious, data.colours, true);
    }
    if (this.#targetArray !== data.target) {
      this.#targetArray = data.target;
      const t = data.target ?? new Float32Array(0);
      this.target.bind(t, t, new Float32Array((t.length / 2) * 3).fill(1), false);
    }
    this.target.points.visible = data.target !== null && data.target.length > 0;
    this.ghost.points.visible = data.hasGhost && data.ghostVisible;
  }

  /** Sets the uniforms for this panel's viewport and draws it. */
  draw(
    renderer: WebGLRenderer,
    camera: OrthographicCamera,
    data: PanelData,
    rect: PanelRect,
    extent: number,
    ratio: number,
  ): void {
    const { scale } = panelFrame(rect, extent);
    const sx = (2 * scale) / rect.width;
    const sy = (2 * scale) / rect.height;
    const size = pointSize(rect) * ratio;
    for (const layer of [this.target, this.ghost, this.particles]) {
      layer.uniforms.uScale.value.set(sx, sy);
      layer.uniforms.uSize.value = layer === this.target ? size * 1.2 : size;
      layer.uniforms.uBlend.value = layer === this.target ? 1 : data.blend;
    }
    renderer.render(this.scene, camera);
  }

  /** After a context restore three.js has forgotten every upload: send them again. */
  reupload(): void {
    for (const layer of [this.target, this.ghost, this.particles]) {
      layer.touchPositions();
      layer.touchColours();
    }
  }

  dispose(): void {
    this.target.dispose();
    this.ghost.dispose();
    this.particles.dispose();
  }
}

/** The WebGL layer: a GlSurface leased from the page's context budget, rebuilt if evicted. */
class GlPointsLayer implements PointsLayer {
  readonly mode = 'webgl';
  readonly panelCount: number;
  #canvas: HTMLCanvasElement;
  #panels: PanelData[];
  #extent: number;
  #layout: PanelLayout;
  #rects: PanelRect[] = [];
  #rectsFor = '';
  #surface: GlSurface | null = null;
  #gpu: GpuPanel[] = [];
  #camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);
  #info: WebGLRenderer['info'] | null = null;
  #visible = false;
  #disposed = false;
  #holder: LeaseHolder;

  constructor(canvas: HTMLCanvasElement, options: PointsLayerOptions) {
    this.#canvas = canvas;
    this.panelCount = Math.max(1, Math.floor(options.panels ?? 1));
    const particles = Math.max(0, Math.floor(options.particles ?? 1200));
    this.#panels = Array.from({ length: this.panelCount }, () => new PanelData(particles));
    this.#extent = options.extent ?? DEFAULT_EXTENT;
    this.#layout = options.layout ?? singlePanel;
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
      this.#teardown();
      releaseContext(this.#holder);
      throw error;
    }
  }

  get canvas(): HTMLCanvasElement {
    return this.#canvas;
  }

  /** Builds the renderer again after an eviction, on a fresh canvas (see rebuildOnFreshCanvas). */
  #rebuild(): void {
    rebuildOnFreshCanvas(this.#canvas, {
      holder: this.#holder,
      adopt: (canvas) => (this.#canvas = canvas),
      build: () => this.#build(),
      teardown: () => this.#teardown(),
      keeps: () => !this.#disposed && this.#surface !== null,
    });
  }

  #build(): void {
    const surface = new GlSurface(this.#canvas, {
      render: (renderer, width, height) => this.#render(renderer, width, height),
      restored: () => {
        for (const gpu of this.#gpu) gpu.reupload();
      },
    });
    this.#surface = surface;
    this.#info = surface.renderer.info;
    surface.renderer.autoClear = false;
    // Layers draw in the order they were added (target, ghost, particles); no depth sorting.
    surface.renderer.sortObjects = false;
    this.#gpu = this.#panels.map((data) => new GpuPanel(data));
    // Every panel draws with the same program: compiling one scene readies them all.
    const first = this.#gpu[0];
    if (first) surface.holdUntil(compileAhead(surface.renderer, first.scene, this.#camera));
    surface.setPaused(!this.#visible);
  }

  /** Frees the renderer and the GPU side (on eviction or disposal); the panels' data stays. */
  #teardown(): void {
    for (const gpu of this.#gpu) gpu.dispose();
    this.#gpu = [];
    this.#surface?.dispose();
    this.#surface = null;
  }

  #panel(i: number): PanelData {
    const data = this.#panels[i];
    if (!data) throw new RangeError(`panel ${i} is not in 0…${this.panelCount - 1}`);
    return data;
  }

  #rectsOf(width: number, height: number): PanelRect[] {
    const key = `${width}x${height}`;
    if (key !== this.#rectsFor) {
      this.#rects = this.#layout(width, height);
      this.#rectsFor = key;
    }
    return this.#rects;
  }

  #render(renderer: WebGLRenderer, width: number, height: number): void {
    const ratio = renderer.getPixelRatio();
    const rects = this.#rectsOf(width, height);
    renderer.setScissorTest(false);
    renderer.setClearColor(0x000000, 0);
    renderer.clear(true, true, false);
    renderer.setScissorTest(true);
    for (let i = 0; i < this.#gpu.length; i++) {
      const gpu = this.#gpu[i];
      const data = this.#panels[i];
      const rect = rects[i];
      if (!gpu || !data || !rect || rect.width <= 0 || rect.height <= 0) continue;
      const y = height - rect.y - rect.height; // WebGL counts rows from the bottom
      renderer.setScissor(rect.x, y, rect.width, rect.height);
      renderer.setViewport(rect.x, y, rect.width, rect.height);
      renderer.setClearColor(BACKGROUND, 1);
      renderer.clear(true, false, false);
      gpu.draw(renderer, this.#camera, data, rect, this.#extent, ratio);
    }
    renderer.setScissorTest(false);
  }

  setLayout(layout: PanelLayout): void {
    this.#layout = layout;
    this.#rectsFor = '';
    this.requestRender();
  }

  setColours(panel: number, rgb: Float32Array): void {
    const data = this.#panel(panel);
    data.colours.set(rgb.subarray(0, data.colours.length));
    const gpu = this.#gpu[panel];
    gpu?.particles.touchColours();
    gpu?.ghost.touchColours();
    this.requestRender();
  }

  setStep(panel: number, previous: Float32Array, current: Float32Array, blend = 0): void {
    const data = this.#panel(panel);
    data.resize(current.length >> 1);
    data.previous.set(previous.subarray(0, data.previous.length));
    data.current.set(current.subarray(0, data.current.length));
    data.blend = blend;
    const gpu = this.#gpu[panel];
    gpu?.sync(data);
    gpu?.particles.touchPositions();
    this.requestRender();
  }

  setBlend(panel: number, blend: number): void {
    const data = this.#panel(panel);
    if (data.blend === blend) return;
    data.blend = blend;
    this.requestRender();
  }

  setGhost(panel: number, previous: Float32Array | null, current: Float32Array | null): void {
    const data = this.#panel(panel);
    data.hasGhost = current !== null;
    if (current) {
      data.ghostCurrent.set(current.subarray(0, data.ghostCurrent.length));
      data.ghostPrevious.set((previous ?? current).subarray(0, data.ghostPrevious.length));
    }
    const gpu = this.#gpu[panel];
    gpu?.sync(data);
    gpu?.ghost.touchPositions();
    if (data.ghostVisible) this.requestRender();
  }

  setGhostVisible(panel: number, visible: boolean): void {
    const data = this.#panel(panel);
    data.ghostVisible = visible;
    this.#gpu[panel]?.sync(data);
    this.requestRender();
  }

  setTarget(panel: number, points: Float32Array | null): void {
    const data = this.#panel(panel);
    data.target = points ? Float32Array.from(points) : null;
    this.#gpu[panel]?.sync(data);
    this.requestRender();
  }

  setVisible(visible: boolean): void {
    if (this.#disposed) return;
    this.#visible = visible;
    // Evicted while offscreen: rebuild on a fresh canvas.
    if (visible && !this.#surface) this.#rebuild();
    if (visible) touchContext(this.#holder);
    this.#surface?.setPaused(!visible);
  }

  requestRender(): void {
    this.#surface?.requestRender();
  }

  drawnPositions(panel: number): Float32Array {
    const data = this.#panel(panel);
    return blendInto(data.previous, data.current, data.blend, new Float32Array(2 * data.count));
  }

  snapshot(): LayerSnapshot {
    const surface = this.#surface;
    if (!surface) throw new Error('The renderer is not live (evicted or disposed)');
    const { pixels, width, height } = surface.readPixels();
    return summarisePixels(pixels, width, height, this.mode);
  }

  memory(): { geometries: number; textures: number } | null {
    return this.#info ? { ...this.#info.memory } : null;
  }

  loseAndRestoreContext(): Promise<void> {
    const surface = this.#surface;
    if (!surface) return Promise.reject(new Error('The renderer is not live'));
    return surface.loseAndRestore();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#teardown();
    releaseContext(this.#holder);
  }
}
