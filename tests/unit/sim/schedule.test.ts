import { describe, expect, it } from 'vitest';
import {
  T_MAX,
  makeSchedule,
  noiseScale,
  signalScale,
  snr,
  timesteps,
} from '../../../src/sim/schedule.ts';

describe('linear schedule', () => {
  const s = makeSchedule();

  describe.each([
    [250, 0.5241],
    [500, 0.07859],
    [750, 0.003351],
    [1000, 4.036e-5],
  ])('alphaBar(%i)', (t, expected) => {
    it(`is ${expected} (DESIGN.md)`, () => {
      expect(Math.abs((s.alphaBar[t] ?? NaN) / expected - 1)).toBeLessThan(5e-4);
    });
  });

  it('has beta from 1e-4 to 0.02 over t = 1 … 1000 and alphaBar(0) = 1', () => {
    expect(s.T).toBe(T_MAX);
    expect(s.beta[1]).toBeCloseTo(1e-4, 12);
    expect(s.beta[T_MAX]).toBeCloseTo(0.02, 12);
    expect(s.alphaBar[0]).toBe(1);
    expect(s.alphaBar.length).toBe(T_MAX + 1);
  });

  it('alphaBar(t) decreases monotonically', () => {
    for (let t = 1; t <= T_MAX; t++) expect(s.alphaBar[t]).toBeLessThan(s.alphaBar[t - 1] ?? 0);
  });

  it('gives √ᾱ, √(1 − ᾱ) and the SNR', () => {
    const ab = s.alphaBar[500] ?? NaN;
    expect(signalScale(s, 500)).toBeCloseTo(Math.sqrt(ab), 12);
    expect(noiseScale(s, 500)).toBeCloseTo(Math.sqrt(1 - ab), 12);
    expect(snr(s, 500)).toBeCloseTo(ab / (1 - ab), 12);
    expect(snr(s, 0)).toBe(Infinity);
    expect(() => signalScale(s, 1001)).toThrow(/t must be an integer in 0…1000/);
  });
});

describe('cosine schedule', () => {
  const s = makeSchedule('cosine');
  const f = (t: number) => Math.cos(((t / T_MAX + 0.008) / 1.008) * (Math.PI / 2)) ** 2;

  it('follows alphaBar(t) = f(t)/f(0) wherever beta is below its cap', () => {
    for (const t of [1, 100, 250, 500, 750, 900, 990]) {
      expect(Math.abs((s.alphaBar[t] ?? NaN) - f(t) / f(0))).toBeLessThan(1e-12);
    }
  });

  it('caps beta at 0.999', () => {
    expect(Math.max(...s.beta)).toBe(0.999);
    expect(s.beta[T_MAX]).toBe(0.999);
    for (let t = 1; t <= T_MAX; t++) expect(s.alphaBar[t]).toBeLessThan(s.alphaBar[t - 1] ?? 0);
  });
});

describe('timesteps', () => {
  it('uses trailing spacing from T down to 0', () => {
    expect([...timesteps(1)]).toEqual([1000, 0]);
    expect([...timesteps(3)]).toEqual([1000, 667, 333, 0]);
    const sixty = timesteps(60);
    expect(sixty.length).toBe(61);
    expect([sixty[0], sixty[1], sixty[59], sixty[60]]).toEqual([1000, 983, 17, 0]);
    const all = timesteps(1000);
    for (let i = 0; i <= 1000; i++) expect(all[i]).toBe(1000 - i);
  });

  it('rejects step counts outside 1 … T', () => {
    expect(() => timesteps(0)).toThrow(/steps must be an integer in 1…1000/);
    expect(() => timesteps(1001)).toThrow(/steps/);
  });
});
