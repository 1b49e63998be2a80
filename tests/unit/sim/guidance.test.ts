import { describe, expect, it } from 'vitest';
import { applyGuidance, dynamicThreshold } from '../../../src/sim/guidance.ts';

const uncond = new Float64Array([1, -1]);
const cond = new Float64Array([2, 0]);

describe('applyGuidance', () => {
  it('s = 0 is unconditional, s = 1 conditional, s > 1 extrapolates past it', () => {
    expect([...applyGuidance(uncond, cond, 0, new Float64Array(2))]).toEqual([1, -1]);
    expect([...applyGuidance(uncond, cond, 1, new Float64Array(2))]).toEqual([2, 0]);
    expect([...applyGuidance(uncond, cond, 7.5, new Float64Array(2))]).toEqual([8.5, 6.5]);
  });
});

describe('dynamicThreshold', () => {
  it('leaves predictions inside [-1, 1] alone', () => {
    const x0 = new Float64Array([0.2, -0.9, 1]);
    expect(dynamicThreshold(x0)).toBe(1);
    expect([...x0]).toEqual([0.2, -0.9, 1]);
  });

  it('clips at the percentile of |x̂₀| and rescales into [-1, 1]', () => {
    const x0 = new Float64Array(200).map((_, i) => (i % 2 === 0 ? 1 : -1) * (1 + i / 100));
    const s = dynamicThreshold(x0, 0.9);
    expect(s).toBeCloseTo(2.8, 10);
    for (const v of x0) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    expect(x0[10]).toBeCloseTo(1.1 / 2.8, 10);
  });
});
