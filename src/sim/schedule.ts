/**
 * Noise schedules: how much of the clean signal survives at each timestep t = 0 … T.
 * t = 0 is clean (ᾱ₀ = 1); ᾱ_t = Π_{s ≤ t} (1 − β_s).
 */

/** Which β schedule: DDPM's linear one or Nichol & Dhariwal's cosine one. */
export type ScheduleKind = 'linear' | 'cosine';

/** The number of diffusion steps of the trained process (Ho et al. 2020); samplers resample it. */
export const T_MAX = 1000;
/** β₁ of the linear schedule (Ho et al. 2020, §4). */
const LINEAR_BETA_START = 1e-4;
/** β_T of the linear schedule (Ho et al. 2020, §4). */
const LINEAR_BETA_END = 0.02;
/** The cosine schedule's offset s, which keeps β₁ from being vanishingly small (Nichol & Dhariwal 2021, eq. 17). */
const COSINE_OFFSET = 0.008;
/** The cosine schedule's cap on β, which avoids a singularity at t = T (Nichol & Dhariwal 2021, §3.2). */
const COSINE_BETA_MAX = 0.999;

/** A schedule tabulated for t = 0 … T (index 0 is the clean data). */
export interface Schedule {
  kind: ScheduleKind;
  T: number;
  /** β_t, with β₀ = 0. */
  beta: Float64Array;
  /** ᾱ_t, with ᾱ₀ = 1. */
  alphaBar: Float64Array;
}

/**
 * Tabulates a schedule over T = 1000 steps.
 * - linear: β_t from 1e-4 to 0.02 (Ho et al. 2020).
 * - cosine: ᾱ(t) = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s))·π/2), with β_t = 1 − ᾱ(t)/ᾱ(t−1)
 *   capped at 0.999 and ᾱ re-accumulated from the capped β (Nichol & Dhariwal 2021, eq. 17).
 */
export function makeSchedule(kind: ScheduleKind = 'linear'): Schedule {
  const T = T_MAX;
  const beta = new Float64Array(T + 1);
  const alphaBar = new Float64Array(T + 1);
  const f = (t: number): number =>
    Math.cos(((t / T + COSINE_OFFSET) / (1 + COSINE_OFFSET)) * (Math.PI / 2)) ** 2;
  let product = 1;
  alphaBar[0] = 1;
  for (let t = 1; t <= T; t++) {
    const b =
      kind === 'linear'
        ? LINEAR_BETA_START + ((LINEAR_BETA_END - LINEAR_BETA_START) * (t - 1)) / (T - 1)
        : Math.min(1 - f(t) / f(t - 1), COSINE_BETA_MAX);
    beta[t] = b;
    product *= 1 - b;
    alphaBar[t] = product;
  }
  return { kind, T, beta, alphaBar };
}

/** ᾱ_t, checking that t is a timestep of the schedule. */
export function alphaBarAt(s: Schedule, t: number): number {
  const value = Number.isInteger(t) ? s.alphaBar[t] : undefined;
  if (value === undefined) throw new RangeError(`t must be an integer in 0…${s.T}, got ${t}`);
  return value;
}

/** √ᾱ_t: how much of the clean signal is left at t. */
export function signalScale(s: Schedule, t: number): number {
  return Math.sqrt(alphaBarAt(s, t));
}

/** √(1 − ᾱ_t): the standard deviation of the noise mixed in by t. */
export function noiseScale(s: Schedule, t: number): number {
  return Math.sqrt(1 - alphaBarAt(s, t));
}

/** Signal-to-noise ratio ᾱ_t / (1 − ᾱ_t); Infinity at t = 0. */
export function snr(s: Schedule, t: number): number {
  const ab = alphaBarAt(s, t);
  return ab === 1 ? Infinity : ab / (1 - ab);
}

/**
 * The timesteps a sampler with `steps` steps visits, "trailing" spacing (Lin et al. 2024,
 * "Common Diffusion Noise Schedules and Sample Steps are Flawed"): t_i = round(T − i·T/steps),
 * so the first is T (pure noise) and the last is 0 (clean). Length steps + 1, strictly decreasing.
 */
export function timesteps(steps: number, T: number = T_MAX): Int32Array {
  if (!Number.isInteger(steps) || steps < 1 || steps > T) {
    throw new RangeError(`steps must be an integer in 1…${T}, got ${steps}`);
  }
  const out = new Int32Array(steps + 1);
  for (let i = 0; i <= steps; i++) out[i] = Math.round(T - (i * T) / steps);
  return out;
}
