/** Summaries of repeated measurements: the median is judged, the range shows how noisy it was. */

/** A figure measured one or more times. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many measurements it summarises. */
  runs: number;
}

/** Median, min and max of measurements (the median of an even count is the mean of the middle two). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() needs at least one measurement');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] as number;
  const median = sorted.length % 2 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    runs: sorted.length,
  };
}

/**
 * The p-th percentile (0 < p ≤ 100) by the nearest-rank method: a value that was actually
 * measured, never an interpolation between two frames.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Intervals between consecutive timestamps (e.g. requestAnimationFrame times). */
export function intervals(timestamps: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    out.push((timestamps[i] as number) - (timestamps[i - 1] as number));
  }
  return out;
}
