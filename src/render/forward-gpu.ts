/**
 * EP 01's picture on the GPU, in the render worker. Left panel, the picture at timestep t,
 * x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε (Ho et al. 2020, eq. 4), computed per pixel in a fragment shader from
 * the picture's texture and a seeded Gaussian noise texture; right panel, ε itself, ±2.5σ mapped
 * across the colour range. The page sends the picture and the two scales √ᾱ_t and √(1−ᾱ_t); the
 * noise is drawn here from the same seed as the page's Canvas 2D fallback and the poster.
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
import type { GlSurface } from './gl-surface.ts';
import {
  EPS_DISPLAY_SIGMA,
  makeNoise,
  panelLayout,
  summarise,
  type ForwardSnapshot,
} from './forward-summary.ts';
import type { ForwardInit, ForwardUpdate } from './render-protocol.ts';

/** The picture as the worker holds it: RGBA bytes, size × size. */
interface Picture {
  pixels: Uint8ClampedArray;
  size: number;
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

/** ε packed as RGBA half floats (filterable everywhere in WebGL 2, unlike 32-bit floats). */
function packHalf(noise: Float32Array): Uint16Array {
  const n = noise.length / 3;
  const out = new Uint16Array(n * 4);
  const one = DataUtils.toHalfFloat(1);
  for (let i = 0, j = 0, k = 0; i < n; i++, j += 3, k += 4) {
    out[k] = DataUtils.toHalfFloat(noise[j] ?? 0);
    out[k + 1] = DataUtils.toHalfFloat(noise[j + 1] ?? 0);
    out[k + 2] = DataUtils.toHalfFloat(noise[j + 2] ?? 0);
    out[k + 3] = one;
  }
  return out;
}

/** The GPU side of EP 01 on one surface; `render` draws both panels. */
export class ForwardScene {
  #gpu: GpuScene;
  #signal: number;
  #noise: number;

  constructor(init: ForwardInit) {
    const picture = { pixels: init.pixels, size: init.size };
    this.#gpu = new GpuScene(picture, packHalf(makeNoise(init.size, init.seed)));
    this.#signal = init.signal;
    this.#noise = init.noise;
  }

  update(update: ForwardUpdate): void {
    if (update.op === 'picture') this.#gpu.setPicture(update);
    else {
      this.#signal = update.signal;
      this.#noise = update.noise;
    }
  }

  render(renderer: WebGLRenderer, width: number, height: number): void {
    const gpu = this.#gpu;
    const u = gpu.material.uniforms;
    if (u.uSignal) u.uSignal.value = this.#signal;
    if (u.uNoiseScale) u.uNoiseScale.value = this.#noise;
    renderer.autoClear = false;
    const { panel, leftX, rightX, y } = panelLayout(width, height);
    renderer.setScissorTest(false);
    renderer.setClearColor(0x000000, 0);
    renderer.clear();
    renderer.setScissorTest(true);
    [leftX, rightX].forEach((x, i) => {
      renderer.setViewport(x, y, panel, panel);
      renderer.setScissor(x, y, panel, panel);
      if (u.uPanel) u.uPanel.value = i;
      renderer.render(gpu.scene, gpu.camera);
    });
    renderer.setScissorTest(false);
  }

  restored(): void {
    this.#gpu.reupload();
  }

  snapshot(surface: GlSurface): ForwardSnapshot {
    const { pixels, width, height } = surface.readPixels();
    return summarise(pixels, width, height, surface.pixelRatio, true, 'webgl');
  }

  dispose(): void {
    this.#gpu.dispose();
  }
}
