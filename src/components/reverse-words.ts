/**
 * What EP 02's cloud looks like, in words, from its measured "avg distance from target" (the mean
 * distance from each particle to the nearest point of the target shape). The thresholds were read
 * off the seed-7 heart run: static measures about 0.65, the first readable outline about 0.13,
 * the finished shape about 0.02.
 */

/** Bands of distance, largest first, and what a cloud in each band looks like. */
const BANDS: readonly { above: number; words: (shape: string) => string }[] = [
  { above: 0.5, words: () => 'shapeless static, with no hint of a shape yet' },
  { above: 0.3, words: () => 'the static is drawing in, but no shape shows yet' },
  { above: 0.15, words: () => 'a rough shape is gathering out of the blur' },
  {
    above: 0.06,
    words: (shape) => `the outline of ${shape} is visible through the last of the noise`,
  },
  { above: 0.035, words: (shape) => `${shape} has formed; a few particles are still settling` },
  { above: -Infinity, words: (shape) => `the particles trace ${shape}` },
];

/** The words for a cloud at this distance from `shape` (e.g. "a heart"). */
export function cloudWords(distance: number, shape: string): string {
  if (!Number.isFinite(distance)) return 'still being computed';
  const band = BANDS.find((b) => distance > b.above) ?? BANDS[BANDS.length - 1]!;
  return band.words(shape);
}

/** The counter above the figure: "step 12 / 60". */
export function counterText(frame: number, steps: number): string {
  return `step ${frame} / ${steps}`;
}

/**
 * The sentence screen readers hear and the canvas's label carry: the step, the cloud in words,
 * and the distance it was judged by, e.g.
 * "step 55 of 60 — the outline of a heart is visible through the last of the noise (avg distance from target 0.133)".
 */
export function describeFrame(
  frame: number,
  steps: number,
  distance: number | null,
  shape: string,
): string {
  if (distance === null) return `step ${frame} of ${steps} — still being computed`;
  return `step ${frame} of ${steps} — ${cloudWords(distance, shape)} (avg distance from target ${distance.toFixed(3)})`;
}
