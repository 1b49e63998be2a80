import { describe, expect, it } from 'vitest';
import { chamfer, coverage, precision } from '../../../src/sim/metrics.ts';

const target = new Float32Array([0, 0, 1, 0]);

describe('metrics', () => {
  it('precision is the mean particle → nearest target distance', () => {
    expect(precision(new Float32Array([0, 0.5, 1, 0.25]), target)).toBeCloseTo(0.375, 6);
  });

  it('coverage is the mean target → nearest particle distance', () => {
    // Both particles sit on the first target point: the second is missed by 1.
    expect(coverage(new Float32Array([0, 0, 0, 0]), target)).toBeCloseTo(0.5, 6);
  });

  it('chamfer is their mean', () => {
    const points = new Float32Array([0, 0.5, 0, 0.5]);
    expect(chamfer(points, target)).toBeCloseTo(
      (precision(points, target) + coverage(points, target)) / 2,
      6,
    );
  });

  it('rejects an empty target or cloud, naming it', () => {
    expect(() => precision(new Float32Array([0, 0]), new Float32Array(0))).toThrow(
      /target must hold at least 1 point/,
    );
    expect(() => coverage(new Float32Array(0), target)).toThrow(
      /points must hold at least 1 point/,
    );
  });
});
