/**
 * The test oracle: DESIGN.md's denoiser written the straightforward way, one log-sum-exp pass
 * over every component for the conditional model and another for the unconditional one, with no
 * lattice, merging or skipping. The optimised denoiser in src/sim/denoiser.ts must match it.
 */
import { checkMixture, type Denoiser, type MixtureOptions } from '../../../src/sim/denoiser.ts';
import { alphaBarAt } from '../../../src/sim/schedule.ts';

/** A denoiser that evaluates the mixture posterior directly, two passes per particle. */
export function createReferenceDenoiser(options: MixtureOptions): Denoiser {
  const { sigma0, promptWeight: lambda } = checkMixture(options);
  const { targets, prompt, schedule } = options;
  const points: number[] = [];
  const uncondWeights: number[] = [];
  const condWeights: number[] = [];
  targets.forEach((set, group) => {
    const n = set.length / 2;
    const pu = 1 / (targets.length * n);
    for (let k = 0; k < n; k++) {
      points.push(set[2 * k] ?? 0, set[2 * k + 1] ?? 0);
      uncondWeights.push(pu);
      condWeights.push((1 - lambda) * pu + (group === prompt ? lambda / n : 0));
    }
  });
  const logCond = condWeights.map(Math.log);
  const logUncond = uncondWeights.map(Math.log);

  /** Posterior mean of one particle under mixture weights exp(logPi). */
  function posteriorMean(
    x: number,
    y: number,
    a: number,
    v: number,
    logPi: number[],
    out: Float64Array,
    i: number,
  ): void {
    let max = -Infinity;
    for (let k = 0; k < logPi.length; k++) {
      const dx = x - a * (points[2 * k] ?? 0);
      const dy = y - a * (points[2 * k + 1] ?? 0);
      max = Math.max(max, (logPi[k] ?? 0) - (dx * dx + dy * dy) / (2 * v));
    }
    let norm = 0;
    let mx = 0;
    let my = 0;
    for (let k = 0; k < logPi.length; k++) {
      const yx = points[2 * k] ?? 0;
      const yy = points[2 * k + 1] ?? 0;
      const dx = x - a * yx;
      const dy = y - a * yy;
      const w = Math.exp((logPi[k] ?? 0) - (dx * dx + dy * dy) / (2 * v) - max);
      // E[x₀ | x_t, k] = y_k + (√ᾱσ₀²/v)(x_t − √ᾱ·y_k)
      const gain = (a * sigma0 * sigma0) / v;
      norm += w;
      mx += w * (yx + gain * dx);
      my += w * (yy + gain * dy);
    }
    out[2 * i] = mx / norm;
    out[2 * i + 1] = my / norm;
  }

  return {
    predict(xt, t, x0Cond, x0Uncond) {
      const ab = alphaBarAt(schedule, t);
      const a = Math.sqrt(ab);
      const v = ab * sigma0 * sigma0 + 1 - ab;
      for (let i = 0; i < xt.length / 2; i++) {
        const x = xt[2 * i] ?? 0;
        const y = xt[2 * i + 1] ?? 0;
        posteriorMean(x, y, a, v, logCond, x0Cond, i);
        posteriorMean(x, y, a, v, logUncond, x0Uncond, i);
      }
    },
  };
}
