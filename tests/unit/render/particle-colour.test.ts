import { describe, expect, test } from 'vitest';
import {
  HUE_BUCKETS,
  bucketColour,
  bucketRgb,
  fillStartColours,
  startHueBucket,
} from '../../../src/render/particle-colour.ts';

describe('particle colour by starting position', () => {
  test.each([
    [-1, -1e-9, 0],
    [1, 0, 6],
    [0, 1, 9],
    [-1, 0, HUE_BUCKETS - 1],
  ])('startHueBucket(%d, %d) is %d', (x, y, bucket) => {
    expect(startHueBucket(x, y)).toBe(bucket);
  });

  test('every bucket has a distinct CSS colour in the posters’ form', () => {
    const colours = Array.from({ length: HUE_BUCKETS }, (_, b) => bucketColour(b));
    expect(new Set(colours).size).toBe(HUE_BUCKETS);
    expect(bucketColour(0)).toBe('hsl(200 80% 68%)');
    expect(bucketColour(1)).toBe('hsl(230 80% 68%)');
  });

  test('bucketRgb is the sRGB of the same hsl() colour', () => {
    // hsl(200 80% 68%) = rgb(108, 195, 239) in CSS.
    const [r, g, b] = bucketRgb(0);
    expect(Math.round(r * 255)).toBe(108);
    expect(Math.round(g * 255)).toBe(195);
    expect(Math.round(b * 255)).toBe(239);
  });

  test('fillStartColours gives each particle its bucket’s rgb', () => {
    const start = Float32Array.from([1, 0, 0, 1]);
    const out = fillStartColours(start);
    expect(out).toHaveLength(6);
    expect(Array.from(out.subarray(0, 3))).toEqual(bucketRgb(6).map(Math.fround));
    expect(Array.from(out.subarray(3, 6))).toEqual(bucketRgb(9).map(Math.fround));
  });
});
