import {
  Mesh,
  OrthographicCamera,
  PlaneGeometry,
  Scene,
  ShaderMaterial,
  Vector4,
  WebGLRenderer,
} from 'three';
import { describe, expect, it } from 'vitest';
import { compileAhead } from '../../../src/render/gl-surface.ts';
import { fakeCanvas, recordingContext } from './fake-webgl.ts';

/** A renderer on a recording context, and a scene of one shader quad. */
function setup() {
  const log: string[] = [];
  const gl = recordingContext(log);
  const renderer = new WebGLRenderer({
    canvas: fakeCanvas(gl),
    context: gl as unknown as WebGL2RenderingContext,
  });
  renderer.setSize(320, 240, false);
  renderer.setScissor(0, 0, 320, 240);
  const scene = new Scene();
  scene.add(
    new Mesh(
      new PlaneGeometry(2, 2),
      new ShaderMaterial({
        vertexShader: 'void main() { gl_Position = vec4(position, 1.0); }',
        fragmentShader: 'void main() { gl_FragColor = vec4(1.0); }',
      }),
    ),
  );
  log.length = 0;
  return { log, renderer, scene, camera: new OrthographicCamera() };
}

describe('compileAhead', () => {
  it('compiles in a task after the caller, then draws once into an empty scissor box', async () => {
    const { log, renderer, scene, camera } = setup();
    const ready = compileAhead(renderer, scene, camera);
    expect(log).not.toContain('createProgram'); // not in the task that builds the view
    await ready;
    const compiled = log.indexOf('createProgram');
    const drawn = log.findIndex((entry) => entry.startsWith('draw'));
    expect(compiled).toBeGreaterThanOrEqual(0);
    expect(drawn).toBeGreaterThan(compiled);
    // The scissor box in force at the draw has no pixels, and the test is on.
    const before = log.slice(0, drawn);
    expect(before.filter((entry) => entry.startsWith('scissor ')).at(-1)).toBe('scissor 0,0,0,0');
    expect(before).toContain('enable');
    // Afterwards the renderer's own scissor state is what it was.
    expect(renderer.getScissorTest()).toBe(false);
    expect(renderer.getScissor(new Vector4()).toArray()).toEqual([0, 0, 320, 240]);
  });

  it("resolves, so the figure's renders are not held for good, when a step fails", async () => {
    const { renderer, scene, camera } = setup();
    renderer.render = () => {
      throw new Error('context lost');
    };
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      await expect(compileAhead(renderer, scene, camera)).resolves.toBeUndefined();
    } finally {
      console.warn = warn;
    }
    expect(warnings).toHaveLength(1);
  });
});
