import { describe, expect, it } from 'vitest';
import { PointsScene } from '../../../src/render/points-gpu.ts';

/** The render worker's side of a point cloud: which changes it draws for, and what it keeps. */
describe('PointsScene.update', () => {
  const scene = () => new PointsScene({ panels: 2, particles: 3, extent: 1.1 });
  const step = (panel: number, n: number, blend = 0) => ({
    op: 'step' as const,
    panel,
    previous: new Float32Array(2 * n).fill(-0.5),
    current: new Float32Array(2 * n).fill(0.5),
    blend,
  });

  it('asks for a render for a new step, and not for a blend it already has', () => {
    const s = scene();
    expect(s.update(step(0, 3, 0.25))).toBe(true);
    expect(s.update({ op: 'blend', panel: 0, blend: 0.25 })).toBe(false);
    expect(s.update({ op: 'blend', panel: 0, blend: 0.5 })).toBe(true);
  });

  it('a ghost is drawn for only once it is shown', () => {
    const s = scene();
    const ghost = { op: 'ghost' as const, panel: 1, previous: null, current: new Float32Array(6) };
    expect(s.update(ghost)).toBe(false);
    expect(s.update({ op: 'ghostVisible', panel: 1, visible: true })).toBe(true);
    expect(s.update(ghost)).toBe(true);
  });

  it('ignores a panel it does not have instead of throwing', () => {
    const s = scene();
    expect(s.update(step(2, 3))).toBe(false);
    expect(s.update({ op: 'blend', panel: -1, blend: 1 })).toBe(false);
  });
});
