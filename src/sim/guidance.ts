/**
 * Classifier-free guidance (Ho & Salimans 2022) in diffusers' convention, and Imagen's dynamic
 * thresholding (Saharia et al. 2022, §2.3) as the standard fix for large guidance scales.
 */

/** Stable Diffusion's default guidance scale: the article's "just right". */
export const DEFAULT_GUIDANCE = 7.5;
/** Imagen's percentile of |x̂₀| used as the dynamic threshold (Saharia et al. 2022, §2.3). */
export const THRESHOLD_PERCENTILE = 0.995;

/**
 * Guided prediction ε̃ = ε_u + s·(ε_c − ε_u): s = 1 is the conditional model, s = 0 the
 * unconditional one, s > 1 extrapolates away from the unconditional model. Because ε is affine in
 * x̂₀ at a fixed x_t, the same combination applies to x̂₀ predictions.
 */
export function applyGuidance<A extends Float32Array | Float64Array>(
  uncond: Float32Array | Float64Array,
  cond: Float32Array | Float64Array,
  scale: number,
  out: A,
): A {
  for (let i = 0; i < out.length; i++) {
    const u = uncond[i] ?? 0;
    out[i] = u + scale * ((cond[i] ?? 0) - u);
  }
  return out;
}

/**
 * Dynamic thresholding, in place: s = max(1, the `percentile` quantile of |x̂₀| over every
 * coordinate of the cloud); x̂₀ ← clip(x̂₀, −s, s)/s (Saharia et al. 2022, §2.3). Pulls
 * overshooting predictions back into the data range [-1, 1]. Returns s.
 */
export function dynamicThreshold(
  x0: Float64Array,
  percentile: number = THRESHOLD_PERCENTILE,
): number {
  if (x0.length === 0) return 1;
  const magnitudes = Float64Array.from(x0, Math.abs).sort();
  const index = Math.min(magnitudes.length - 1, Math.floor(percentile * magnitudes.length));
  const s = Math.max(1, magnitudes[index] ?? 1);
  for (let i = 0; i < x0.length; i++) {
    const value = x0[i] ?? 0;
    x0[i] = Math.max(-s, Math.min(s, value)) / s;
  }
  return s;
}
