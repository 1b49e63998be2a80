/**
 * The render worker: every WebGL figure of the page draws here, on an OffscreenCanvas the page
 * transferred, so three.js (its code, its shader compiles, its renders and the canvas's frames)
 * never holds up the page's main thread while a reader scrolls or plays. One worker per page;
 * one surface per canvas. The page keeps each figure's state and sends changes; the worker keeps
 * the GPU side and reports its GPU memory, which goes back to zero when a surface is disposed.
 * Started by remote-surface.ts.
 */
import { ForwardScene } from './forward-gpu.ts';
import { GlSurface } from './gl-surface.ts';
import { PointsScene } from './points-gpu.ts';
import type {
  ForwardUpdate,
  GlMemory,
  PointsUpdate,
  RenderRequest,
  RenderResponse,
} from './render-protocol.ts';

/** The part of DedicatedWorkerGlobalScope used here (the WebWorker lib is not in tsconfig). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<RenderRequest>) => void) | null;
  postMessage(message: RenderResponse): void;
}

const scope = self as unknown as WorkerScope;

/** One canvas's renderer and what it draws. */
interface Surface {
  gl: GlSurface;
  scene: PointsScene | ForwardScene;
  memory: GlMemory;
}

const surfaces = new Map<number, Surface>();

function post(message: RenderResponse): void {
  scope.postMessage(message);
}

/** Tells the page a surface's GPU memory when it has changed. */
function reportMemory(id: number, surface: Surface): void {
  const memory = surface.gl.memory;
  if (
    memory.geometries === surface.memory.geometries &&
    memory.textures === surface.memory.textures
  )
    return;
  surface.memory = memory;
  post({ type: 'memory', id, memory, live: true });
}

function create(request: Extract<RenderRequest, { type: 'create' }>): void {
  const { id, canvas, size } = request;
  let scene: PointsScene | ForwardScene | null = null;
  try {
    scene =
      request.kind === 'points' ? new PointsScene(request.init) : new ForwardScene(request.init);
    const drawing = scene;
    let surface: Surface | null = null;
    const gl = new GlSurface(canvas, size, {
      render: (renderer, width, height) => drawing.render(renderer, width, height),
      restored: () => drawing.restored(),
      drawn: () => {
        if (surface) reportMemory(id, surface);
      },
    });
    surface = { gl, scene, memory: gl.memory };
    surfaces.set(id, surface);
    post({ type: 'memory', id, memory: surface.memory, live: true });
  } catch (error) {
    scene?.dispose();
    post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
}

function dispose(id: number): void {
  const surface = surfaces.get(id);
  if (!surface) return;
  surfaces.delete(id);
  surface.scene.dispose();
  // What three.js still counts once the scene is freed: zero, or the page logs a leak.
  const memory = surface.gl.memory;
  surface.gl.dispose();
  post({ type: 'memory', id, memory, live: false });
}

async function answer(
  request: Extract<RenderRequest, { type: 'snapshot' | 'loseAndRestore' }>,
): Promise<void> {
  const surface = surfaces.get(request.id);
  try {
    if (!surface) throw new Error('The renderer is not live (evicted or disposed)');
    if (request.type === 'snapshot') {
      post({ type: 'answer', query: request.query, result: surface.scene.snapshot(surface.gl) });
    } else {
      await surface.gl.loseAndRestore();
      post({ type: 'answer', query: request.query, result: null });
    }
  } catch (error) {
    post({
      type: 'answer',
      query: request.query,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

scope.onmessage = ({ data: request }) => {
  switch (request.type) {
    case 'create':
      return create(request);
    case 'dispose':
      return dispose(request.id);
    case 'snapshot':
    case 'loseAndRestore':
      return void answer(request);
  }
  const surface = surfaces.get(request.id);
  if (!surface) return;
  switch (request.type) {
    case 'size':
      return surface.gl.setSize(request.size);
    case 'paused':
      return surface.gl.setPaused(request.paused);
    case 'update': {
      let changed = false;
      for (const update of request.updates) {
        changed =
          (surface.scene instanceof PointsScene
            ? surface.scene.update(update as PointsUpdate)
            : (surface.scene.update(update as ForwardUpdate), true)) || changed;
      }
      if (changed) surface.gl.requestRender();
    }
  }
};
