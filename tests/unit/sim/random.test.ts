import { describe, expect, it } from 'vitest';
import { createRng, fillGaussian } from '../../../src/sim/random.ts';

describe('createRng', () => {
  it('repeats the same stream for the same seed and purpose', () => {
    const a = createRng(7, 'init');
    const b = createRng(7, 'init');
    for (let i = 0; i < 100; i++) expect(a.uniform()).toBe(b.uniform());
  });

  it('splits streams by purpose and by seed', () => {
    const first = (seed: number, purpose: string) => createRng(seed, purpose).uniform();
    expect(first(7, 'init')).not.toBe(first(7, 'ddpm'));
    expect(first(7, 'init')).not.toBe(first(8, 'init'));
  });

  it('draws uniforms in [0, 1) with mean 1/2', () => {
    const rng = createRng(1, 'test');
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('draws finite standard normals (mean 0, variance 1)', () => {
    const out = fillGaussian(createRng(2, 'test'), new Float64Array(200_000));
    let sum = 0;
    let sumSq = 0;
    for (const g of out) {
      sum += g;
      sumSq += g * g;
    }
    expect(out.every(Number.isFinite)).toBe(true);
    const mean = sum / out.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sumSq / out.length - mean * mean - 1)).toBeLessThan(0.015);
  });
});
