import { describe, expect, it } from 'vitest';
import { epsFromX0, noiseImage, noisePoints, x0FromEps } from '../../../src/sim/forward.ts';
import { createRng, fillGaussian } from '../../../src/sim/random.ts';
import { makeSchedule } from '../../../src/sim/schedule.ts';

const s = makeSchedule();

describe('noisePoints', () => {
  it.each([100, 250, 500, 900])('matches mean √ᾱ·x₀ and variance 1 − ᾱ at t = %i', (t) => {
    const n = 40_000;
    const x0 = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) x0.set([0.6, -0.3], 2 * i);
    const eps = fillGaussian(createRng(3, `forward-${t}`), new Float32Array(2 * n));
    const xt = noisePoints(x0, eps, s, t);
    const ab = s.alphaBar[t] ?? NaN;
    [0.6, -0.3].forEach((clean, axis) => {
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < n; i++) {
        const v = xt[2 * i + axis] ?? NaN;
        sum += v;
        sumSq += v * v;
      }
      const mean = sum / n;
      const variance = sumSq / n - mean * mean;
      // Four standard errors of the sample mean and of the sample variance.
      expect(Math.abs(mean - Math.sqrt(ab) * clean)).toBeLessThan(4 * Math.sqrt((1 - ab) / n));
      expect(Math.abs(variance - (1 - ab))).toBeLessThan(4 * (1 - ab) * Math.sqrt(2 / n));
    });
  });

  it('is the identity at t = 0', () => {
    const x0 = new Float32Array([0.1, 0.2]);
    expect([...noisePoints(x0, new Float32Array([5, 5]), s, 0)]).toEqual([...x0]);
  });
});

describe('noiseImage', () => {
  it('noises every RGB channel and rejects a length that is not RGB', () => {
    const img = new Float32Array([1, -1, 0, 0.5, 0.5, 0.5]);
    const eps = fillGaussian(createRng(4, 'img'), new Float32Array(6));
    const out = noiseImage(img, eps, s, 300);
    const a = Math.sqrt(s.alphaBar[300] ?? NaN);
    const b = Math.sqrt(1 - (s.alphaBar[300] ?? NaN));
    out.forEach((v, i) => expect(v).toBeCloseTo(a * (img[i] ?? 0) + b * (eps[i] ?? 0), 6));
    expect(() => noiseImage(new Float32Array(4), new Float32Array(4), s, 1)).toThrow(
      /multiple of 3/,
    );
  });
});

describe('epsFromX0 and x0FromEps', () => {
  it('invert the forward equation', () => {
    const x0 = new Float64Array([0.3, -0.7]);
    const eps = new Float64Array([1.2, 0.4]);
    const xt = new Float64Array(2);
    const a = Math.sqrt(s.alphaBar[400] ?? NaN);
    const b = Math.sqrt(1 - (s.alphaBar[400] ?? NaN));
    xt.set([a * 0.3 + b * 1.2, a * -0.7 + b * 0.4]);
    const e = epsFromX0(xt, x0, s, 400, new Float64Array(2));
    const back = x0FromEps(xt, eps, s, 400, new Float64Array(2));
    expect(e[0]).toBeCloseTo(1.2, 12);
    expect(e[1]).toBeCloseTo(0.4, 12);
    expect(back[0]).toBeCloseTo(0.3, 12);
    expect(back[1]).toBeCloseTo(-0.7, 12);
  });
});
