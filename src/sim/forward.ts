/**
 * The forward (noising) process and its inverse relations (Ho et al. 2020, eq. 4):
 * x_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε.
 */
import { alphaBarAt, type Schedule } from './schedule.ts';

type FloatArray = Float32Array | Float64Array;

function mix(x0: FloatArray, eps: FloatArray, s: Schedule, t: number, out: FloatArray): void {
  if (eps.length !== x0.length || out.length !== x0.length) {
    throw new RangeError(
      `x0, eps and out must have the same length, got ${x0.length}, ${eps.length}, ${out.length}`,
    );
  }
  const ab = alphaBarAt(s, t);
  const a = Math.sqrt(ab);
  const b = Math.sqrt(1 - ab);
  for (let i = 0; i < x0.length; i++) out[i] = a * (x0[i] ?? 0) + b * (eps[i] ?? 0);
}

/** Noises a point set (xy interleaved) to timestep t with the given standard normal ε. */
export function noisePoints(
  x0: Float32Array,
  eps: Float32Array,
  s: Schedule,
  t: number,
  out: Float32Array = new Float32Array(x0.length),
): Float32Array {
  mix(x0, eps, s, t, out);
  return out;
}

/** Noises an RGB image (channels interleaved, each in [-1, 1]) to timestep t with ε. */
export function noiseImage(
  x0: Float32Array,
  eps: Float32Array,
  s: Schedule,
  t: number,
  out: Float32Array = new Float32Array(x0.length),
): Float32Array {
  if (x0.length % 3 !== 0)
    throw new RangeError(`image length must be a multiple of 3 (RGB), got ${x0.length}`);
  mix(x0, eps, s, t, out);
  return out;
}

/** The noise ε implied by a clean estimate: ε = (x_t − √ᾱ·x̂₀)/√(1 − ᾱ), for t ≥ 1. */
export function epsFromX0<A extends FloatArray>(
  xt: FloatArray,
  x0: FloatArray,
  s: Schedule,
  t: number,
  out: A,
): A {
  const ab = alphaBarAt(s, t);
  const a = Math.sqrt(ab);
  const invB = 1 / Math.sqrt(1 - ab);
  for (let i = 0; i < out.length; i++) out[i] = ((xt[i] ?? 0) - a * (x0[i] ?? 0)) * invB;
  return out;
}

/** The clean estimate implied by a noise estimate: x̂₀ = (x_t − √(1 − ᾱ)·ε)/√ᾱ. */
export function x0FromEps<A extends FloatArray>(
  xt: FloatArray,
  eps: FloatArray,
  s: Schedule,
  t: number,
  out: A,
): A {
  const ab = alphaBarAt(s, t);
  const invA = 1 / Math.sqrt(ab);
  const b = Math.sqrt(1 - ab);
  for (let i = 0; i < out.length; i++) out[i] = ((xt[i] ?? 0) - b * (eps[i] ?? 0)) * invA;
  return out;
}
