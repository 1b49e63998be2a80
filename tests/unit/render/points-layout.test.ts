import { describe, expect, test } from 'vitest';
import {
  blendInto,
  panelFrame,
  panelRow,
  pointSize,
  singlePanel,
  summarisePixels,
} from '../../../src/render/points-layout.ts';

describe('point-cloud panel layout', () => {
  test('one panel fills the canvas', () => {
    expect(singlePanel(400, 300)).toEqual([{ x: 0, y: 0, width: 400, height: 300 }]);
  });

  test('three panels sit side by side on a wide canvas and stack on a tall one', () => {
    const wide = panelRow(3, 0.02)(960, 300);
    expect(wide).toHaveLength(3);
    expect(wide.every((r) => r.width === r.height && r.width <= 300)).toBe(true);
    expect(wide[1]!.x).toBeGreaterThan(wide[0]!.x + wide[0]!.width);
    expect(wide[2]!.x + wide[2]!.width).toBeLessThanOrEqual(960);
    const tall = panelRow(3)(300, 960);
    expect(tall[1]!.y).toBeGreaterThan(tall[0]!.y);
    expect(tall.every((r) => r.x === tall[0]!.x)).toBe(true);
  });

  test('data space maps onto the largest centred square, y up', () => {
    const f = panelFrame({ x: 100, y: 0, width: 400, height: 220 }, 1.1);
    expect(f.cx).toBe(300);
    expect(f.cy).toBe(110);
    expect(f.scale).toBeCloseTo(100, 10);
  });

  test('particles grow with the panel, within bounds', () => {
    expect(pointSize({ x: 0, y: 0, width: 100, height: 100 })).toBe(2.2);
    expect(pointSize({ x: 0, y: 0, width: 400, height: 400 })).toBeCloseTo(4.2);
    expect(pointSize({ x: 0, y: 0, width: 2000, height: 2000 })).toBe(5.5);
  });

  test('blendInto is exact at both ends and linear between', () => {
    const a = Float32Array.from([0.1, -0.3]);
    const b = Float32Array.from([0.7, 0.9]);
    const out = new Float32Array(2);
    expect(blendInto(a, b, 0, out)).toEqual(a);
    expect(blendInto(a, b, 1, out)).toEqual(b);
    const mid = blendInto(a, b, 0.5, out);
    expect(mid[0]).toBeCloseTo(0.4, 6);
    expect(mid[1]).toBeCloseTo(0.3, 6);
  });

  test('blendInto may write over its starting array (a glide cut short blends in place)', () => {
    const b = Float32Array.from([0.7, 0.9, -0.5]);
    const from = Float32Array.from([0.1, -0.3, 0.5]);
    const copy = blendInto(from, b, 0.25, new Float32Array(3));
    const same = blendInto(from, b, 0.25, from);
    expect(same).toBe(from);
    expect(same).toEqual(copy);
    // Again from the result, as a second cut would.
    expect(blendInto(from, b, 0.5, from)).toEqual(blendInto(copy, b, 0.5, new Float32Array(3)));
  });

  test('summarisePixels counts painted panel pixels and ignores the transparent surround', () => {
    const px = Uint8Array.from([
      0,
      0,
      0,
      0, // outside the panels
      0x1d,
      0x1f,
      0x27,
      255, // panel background
      230,
      120,
      90,
      255, // a particle
      0x1d,
      0x1f,
      0x27,
      255,
    ]);
    const s = summarisePixels(px, 2, 2, 'webgl');
    expect(s.painted).toBeCloseTo(1 / 3);
    expect(summarisePixels(px, 2, 2, 'webgl').checksum).toBe(s.checksum);
  });
});
