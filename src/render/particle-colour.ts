/**
 * The colour of a particle from where it started: hue by the angle of its starting position, in
 * twelve buckets, so a reader can follow a region of the starting noise to where it ends up. The
 * build-time posters and the live figures (WebGL and Canvas 2D) all colour with these functions,
 * so the still and the interactive match.
 */

/** Number of hue buckets used to colour particles by their starting position. */
export const HUE_BUCKETS = 12;
/** Saturation and lightness of every bucket, in percent: light enough to read on the dark background. */
const SATURATION = 80;
const LIGHTNESS = 68;
/** Where bucket 0's hue sits on the colour wheel, in degrees (blue, for particles starting at −π). */
const HUE_OFFSET = 200;

/** The hue bucket (0 … HUE_BUCKETS − 1) of a particle that started at (x, y). */
export function startHueBucket(x: number, y: number): number {
  const angle = Math.atan2(y, x); // −π … π
  return Math.min(HUE_BUCKETS - 1, Math.floor(((angle + Math.PI) / (2 * Math.PI)) * HUE_BUCKETS));
}

/** The hue of a bucket in whole degrees. */
export function bucketHue(bucket: number): number {
  return Math.round((bucket / HUE_BUCKETS) * 360 + HUE_OFFSET) % 360;
}

/** The CSS colour of a hue bucket. */
export function bucketColour(bucket: number): string {
  return `hsl(${bucketHue(bucket)} ${SATURATION}% ${LIGHTNESS}%)`;
}

/** The same colour as sRGB components in 0 … 1 (CSS Color 4's hsl-to-rgb), for GPU attributes. */
export function bucketRgb(bucket: number): [number, number, number] {
  const h = bucketHue(bucket);
  const s = SATURATION / 100;
  const l = LIGHTNESS / 100;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

/**
 * Fills `out` (3 floats per particle, sRGB 0 … 1) with each particle's colour from its starting
 * position `start` (x, y interleaved), and returns it.
 */
export function fillStartColours(
  start: Float32Array,
  out: Float32Array = new Float32Array((start.length / 2) * 3),
): Float32Array {
  const table = Array.from({ length: HUE_BUCKETS }, (_, b) => bucketRgb(b));
  const n = Math.min(start.length >> 1, Math.floor(out.length / 3));
  for (let i = 0; i < n; i++) {
    const rgb = table[startHueBucket(start[2 * i] ?? 0, start[2 * i + 1] ?? 0)] ?? [1, 1, 1];
    out[3 * i] = rgb[0];
    out[3 * i + 1] = rgb[1];
    out[3 * i + 2] = rgb[2];
  }
  return out;
}
