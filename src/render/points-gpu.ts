/**
 * Point clouds on the GPU, in the render worker: one canvas, any number of panels side by side
 * (scissor + viewport per panel), each with its own particles. EP 02 draws one panel; EP 05 draws
 * its guidance triple in one canvas, so the page stays within its budget of live contexts.
 *
 * Per panel, three `Points` layers, back to front: the target's outline (optional, faint), the
 * x̂₀ ghost (optional, faint) and the particles. Every layer holds two positions per particle,
 * the previous step's and the current one's, and the vertex shader mixes them by `uBlend`, so a
 * tween of one uniform (driven on the page, sent here as a number) moves every particle smoothly
 * between steps at any playback speed. Buffers are the panel's own Float32Arrays, updated in place
 * (`DynamicDrawUsage`, `needsUpdate`); nothing is allocated per frame.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Color,
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
import type { GlSurface } from './gl-surface.ts';
import {
  DEFAULT_EXTENT,
  GHOST_OPACITY,
  PANEL_BACKGROUND,
  PanelData,
  TARGET_OPACITY,
  panelFrame,
  pointSize,
  summarisePixels,
  type LayerSnapshot,
  type PanelRect,
} from './points-layout.ts';
import type { PointsInit, PointsUpdate } from './render-protocol.ts';

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

/** The GPU side of a point-cloud surface: its panels' data and scenes. */
export class PointsScene {
  #panels: PanelData[];
  #gpu: GpuPanel[];
  #extent: number;
  #rects: PanelRect[] = [];
  #camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);

  constructor(init: PointsInit) {
    const count = Math.max(1, Math.floor(init.panels));
    this.#panels = Array.from({ length: count }, () => new PanelData(init.particles));
    this.#gpu = this.#panels.map((data) => new GpuPanel(data));
    this.#extent = init.extent;
  }

  /** Applies one change; false when it changes nothing drawn. */
  update(u: PointsUpdate): boolean {
    if (u.op === 'rects') {
      this.#rects = u.rects;
      return true;
    }
    const data = this.#panels[u.panel];
    const gpu = this.#gpu[u.panel];
    if (!data || !gpu) return false;
    switch (u.op) {
      case 'colours':
        data.colours.set(u.rgb.subarray(0, data.colours.length));
        gpu.particles.touchColours();
        gpu.ghost.touchColours();
        return true;
      case 'step':
        data.resize(u.current.length >> 1);
        data.previous.set(u.previous.subarray(0, data.previous.length));
        data.current.set(u.current.subarray(0, data.current.length));
        data.blend = u.blend;
        gpu.sync(data);
        gpu.particles.touchPositions();
        return true;
      case 'blend':
        if (data.blend === u.blend) return false;
        data.blend = u.blend;
        return true;
      case 'ghost':
        data.hasGhost = u.current !== null;
        if (u.current) {
          data.ghostCurrent.set(u.current.subarray(0, data.ghostCurrent.length));
          data.ghostPrevious.set((u.previous ?? u.current).subarray(0, data.ghostPrevious.length));
        }
        gpu.sync(data);
        gpu.ghost.touchPositions();
        return data.ghostVisible;
      case 'ghostVisible':
        data.ghostVisible = u.visible;
        gpu.sync(data);
        return true;
      case 'target':
        data.target = u.points;
        gpu.sync(data);
        return true;
    }
  }

  render(renderer: WebGLRenderer, _width: number, height: number): void {
    const ratio = renderer.getPixelRatio();
    renderer.autoClear = false;
    // Layers draw in the order they were added (target, ghost, particles); no depth sorting.
    renderer.sortObjects = false;
    renderer.setScissorTest(false);
    renderer.setClearColor(0x000000, 0);
    renderer.clear(true, true, false);
    renderer.setScissorTest(true);
    for (let i = 0; i < this.#gpu.length; i++) {
      const gpu = this.#gpu[i];
      const data = this.#panels[i];
      const rect = this.#rects[i];
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

  /** After a context restore three.js has forgotten every upload: send them again. */
  restored(): void {
    for (const gpu of this.#gpu) gpu.reupload();
  }

  snapshot(surface: GlSurface): LayerSnapshot {
    const { pixels, width, height } = surface.readPixels();
    return summarisePixels(pixels, width, height, 'webgl');
  }

  dispose(): void {
    for (const gpu of this.#gpu) gpu.dispose();
    this.#gpu = [];
  }
}
