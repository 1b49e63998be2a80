import { describe, expect, test } from 'vitest';
import {
  axisScale,
  linePath,
  niceCeil,
  tickText,
  ticksTo,
} from '../../../src/render/line-chart.ts';

describe('axisScale', () => {
  test('a linear axis maps its ends to the pixel range', () => {
    const sx = axisScale({ min: 0, max: 40, ticks: [], label: '' }, 10, 110);
    expect(sx(0)).toBe(10);
    expect(sx(20)).toBe(60);
    expect(sx(40)).toBe(110);
  });

  test('a log axis spaces decades evenly', () => {
    const sx = axisScale({ min: 1, max: 100, log: true, ticks: [], label: '' }, 0, 200);
    expect(sx(1)).toBeCloseTo(0);
    expect(sx(10)).toBeCloseTo(100);
    expect(sx(100)).toBeCloseTo(200);
  });

  test('a y axis can run upwards (pixels decrease)', () => {
    const sy = axisScale({ min: 0, max: 1, ticks: [], label: '' }, 100, 0);
    expect(sy(0.25)).toBe(75);
  });
});

test('linePath sorts by x and skips points that are not finite', () => {
  const id = (v: number) => v;
  expect(
    linePath(
      [
        { x: 3, y: 1 },
        { x: 1, y: 2 },
        { x: 2, y: Number.NaN },
      ],
      id,
      id,
    ),
  ).toBe('M1.0 2.0L3.0 1.0');
  expect(linePath([], id, id)).toBe('');
});

test.each([
  [0.017, 0.02],
  [0.23, 0.25],
  [0.06, 0.1],
  [1, 1],
  [3, 5],
  [0, 1],
])('niceCeil(%f) = %f', (value, nice) => {
  expect(niceCeil(value)).toBeCloseTo(nice, 12);
});

test('ticks run from 0 to the axis maximum in round steps', () => {
  expect(ticksTo(0.25).map(tickText)).toEqual(['0', '0.05', '0.1', '0.15', '0.2', '0.25']);
  expect(ticksTo(0.1).map(tickText)).toEqual(['0', '0.02', '0.04', '0.06', '0.08', '0.1']);
});
