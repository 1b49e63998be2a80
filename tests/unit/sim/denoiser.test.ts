import { describe, expect, it } from 'vitest';
import {
  PROMPT_WEIGHT,
  createDenoiser,
  createPromptDenoiser,
  type MixtureOptions,
} from '../../../src/sim/denoiser.ts';
import { createRng, fillGaussian } from '../../../src/sim/random.ts';
import { makeSchedule, timesteps } from '../../../src/sim/schedule.ts';
import { PROMPT_IDS, getTarget } from '../../../src/sim/targets.ts';
import { createReferenceDenoiser } from './reference-denoiser.ts';

const linear = makeSchedule('linear');
const cosine = makeSchedule('cosine');
const targets = PROMPT_IDS.map((id) => getTarget(id).points);

function predict(options: MixtureOptions, xt: Float64Array, t: number, reference = false) {
  const model = reference ? createReferenceDenoiser(options) : createDenoiser(options);
  const cond = new Float64Array(xt.length);
  const uncond = new Float64Array(xt.length);
  model.predict(xt, t, cond, uncond);
  return { cond, uncond };
}

function maxDeviation(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

/** Mean of a point set, or of the conditional mixture when `prompt` is given. */
function mixtureMean(prompt: number | null): [number, number] {
  let mx = 0;
  let my = 0;
  targets.forEach((points, group) => {
    const n = points.length / 2;
    const w =
      (prompt === null ? 1 : 1 - PROMPT_WEIGHT) / targets.length +
      (group === prompt ? PROMPT_WEIGHT : 0);
    for (let k = 0; k < n; k++) {
      mx += (w * (points[2 * k] ?? 0)) / n;
      my += (w * (points[2 * k + 1] ?? 0)) / n;
    }
  });
  return [mx, my];
}

describe('the exact denoiser', { timeout: 60_000 }, () => {
  it('at t → 0 (and σ₀ → 0) guesses the nearest target point', () => {
    const points = new Float32Array([0.5, 0.5, -0.25, 0.75, -0.5, -0.5]);
    const xt = new Float64Array([0.47, 0.52, -0.2, 0.7, -0.6, -0.45]);
    const { cond, uncond } = predict(
      { targets: [points], prompt: 0, schedule: linear, sigma0: 1e-3 },
      xt,
      1,
    );
    for (let i = 0; i < 6; i++) {
      expect(Math.abs((cond[i] ?? 0) - (points[i] ?? 0))).toBeLessThan(2e-3);
      expect(Math.abs((uncond[i] ?? 0) - (points[i] ?? 0))).toBeLessThan(2e-3);
    }
  });

  it.each([
    ['linear', linear],
    ['cosine', cosine],
  ])('at t = T (%s) guesses the mixture mean', (_, schedule) => {
    const xt = fillGaussian(createRng(5, 'denoiser-T'), new Float64Array(200));
    const { cond, uncond } = predict({ targets, prompt: 2, schedule }, xt, schedule.T);
    const [cx, cy] = mixtureMean(2);
    const [ux, uy] = mixtureMean(null);
    for (let i = 0; i < 100; i++) {
      expect(Math.abs((cond[2 * i] ?? 0) - cx)).toBeLessThan(0.01);
      expect(Math.abs((cond[2 * i + 1] ?? 0) - cy)).toBeLessThan(0.01);
      expect(Math.abs((uncond[2 * i] ?? 0) - ux)).toBeLessThan(0.01);
      expect(Math.abs((uncond[2 * i + 1] ?? 0) - uy)).toBeLessThan(0.01);
    }
  });

  it('matches the two-pass reference to 1e-6 at every step of a run, for both schedules', () => {
    for (const schedule of [linear, cosine]) {
      for (const prompt of [0, 3]) {
        const options = { targets, prompt, schedule };
        const noise = fillGaussian(createRng(prompt, 'denoiser-oracle'), new Float64Array(300));
        for (const t of timesteps(60)) {
          if (t === 0) continue;
          // Particles at the right noise level around the prompt's shape.
          const a = Math.sqrt(schedule.alphaBar[t] ?? NaN);
          const b = Math.sqrt(1 - (schedule.alphaBar[t] ?? NaN));
          const shape = targets[prompt] ?? new Float32Array(0);
          const xt = noise.map((e, i) => a * (shape[(7 * i) % shape.length] ?? 0) + b * e);
          const fast = predict(options, xt, t);
          const slow = predict(options, xt, t, true);
          expect(maxDeviation(fast.cond, slow.cond)).toBeLessThanOrEqual(1e-6);
          expect(maxDeviation(fast.uncond, slow.uncond)).toBeLessThanOrEqual(1e-6);
        }
      }
    }
  });

  it('stays exact for particles far from every target at low noise (the log-sum-exp fallback)', () => {
    const options = { targets, prompt: 1, schedule: linear };
    const xt = new Float64Array([5, 5, -4, 3, 0.3, 0.1, 1.5, -1.5]);
    for (const t of [1, 5, 40]) {
      const fast = predict(options, xt, t);
      const slow = predict(options, xt, t, true);
      expect(fast.cond.every(Number.isFinite)).toBe(true);
      expect(maxDeviation(fast.cond, slow.cond)).toBeLessThanOrEqual(1e-6);
      expect(maxDeviation(fast.uncond, slow.uncond)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('rejects empty targets, off-lattice points and a bad prompt index, naming them', () => {
    expect(() => createDenoiser({ targets: [], prompt: 0, schedule: linear })).toThrow(
      /targets must hold/,
    );
    expect(() =>
      createDenoiser({ targets: [new Float32Array(0)], prompt: 0, schedule: linear }),
    ).toThrow(/target 0 must hold at least 1 point/);
    expect(() =>
      createDenoiser({ targets: [new Float32Array([0.1, 0])], prompt: 0, schedule: linear }),
    ).toThrow(/lattice/);
    expect(() => createDenoiser({ targets, prompt: 9, schedule: linear })).toThrow(
      /prompt must be an index in 0…5/,
    );
    expect(() =>
      createPromptDenoiser('heart', linear).predict(
        new Float64Array(2),
        0,
        new Float64Array(2),
        new Float64Array(2),
      ),
    ).toThrow(/t must be an integer in 1…1000/);
  });
});
