import { WebGLRenderer } from 'three';
import { describe, expect, it } from 'vitest';
import { RENDERER_EXTENSIONS, prepareCanvas } from '../../../src/render/gl-surface.ts';
import { fakeCanvas, recordingContext } from './fake-webgl.ts';

/** The extensions a log asked for, in order. */
function extensionsIn(log: readonly string[]): string[] {
  return log.filter((entry) => entry.startsWith('extension ')).map((entry) => entry.slice(10));
}

describe('renderer extensions', () => {
  it('lists every extension three.js asks for while it makes a renderer', () => {
    const log: string[] = [];
    const gl = recordingContext(log);
    new WebGLRenderer({ canvas: fakeCanvas(gl), context: gl as unknown as WebGL2RenderingContext });
    const asked = extensionsIn(log);
    expect(asked.length).toBeGreaterThan(0);
    expect(RENDERER_EXTENSIONS.flat()).toEqual(expect.arrayContaining(asked));
  });

  it('asks for them a task ahead, so the renderer finds each one already answered', async () => {
    const log: string[] = [];
    const gl = recordingContext(log);
    await prepareCanvas(
      fakeCanvas(gl),
      async () => void log.push('-- pause --'),
      () => 1,
    );
    // The log's tasks, split at each pause; three's renderer is the one that asks precisions.
    const tasks: string[][] = [[]];
    for (const entry of log) {
      if (entry === '-- pause --') tasks.push([]);
      else tasks.at(-1)!.push(entry);
    }
    const rendererTask = tasks.findIndex((task) => task.includes('getShaderPrecisionFormat'));
    expect(rendererTask).toBeGreaterThan(0);
    const before = new Set(extensionsIn(tasks.slice(0, rendererTask).flat()));
    const inRenderer = extensionsIn(tasks[rendererTask]!);
    expect(inRenderer.length).toBeGreaterThan(0);
    for (const name of inRenderer) expect(before).toContain(name);
    // No single task asks the whole list: the look-ups are spread out.
    for (const task of tasks.slice(0, rendererTask)) {
      expect(extensionsIn(task).length).toBeLessThan(RENDERER_EXTENSIONS.flat().length);
    }
  });
});
