import { describe, expect, it } from 'vitest';
import { intervals, percentile, spread } from '../../perf/stats.ts';

describe('spread', () => {
  it.each([
    [[3], { median: 3, min: 3, max: 3, runs: 1 }],
    [[90, 97, 95], { median: 95, min: 90, max: 97, runs: 3 }],
    [[4, 1, 3, 2], { median: 2.5, min: 1, max: 4, runs: 4 }],
  ])('summarises %j', (values, expected) => {
    expect(spread(values)).toEqual(expected);
  });

  it('does not reorder the measurements it was given', () => {
    const values = [3, 1, 2];
    spread(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list rather than inventing a figure', () => {
    expect(() => spread([])).toThrow();
  });
});

describe('percentile', () => {
  const frames = Array.from({ length: 100 }, (_, i) => i + 1);

  it.each([
    [95, 95],
    [50, 50],
    [100, 100],
    [0.1, 1],
  ])('p%d of 1…100 is %d (nearest rank: a measured value)', (p, expected) => {
    expect(percentile(frames, p)).toBe(expected);
  });

  it('of a few values picks the larger one a frame-pacing budget cares about', () => {
    expect(percentile([16, 17, 50], 95)).toBe(50);
  });
});

describe('intervals', () => {
  it('gives the gaps between consecutive timestamps', () => {
    expect(intervals([0, 16, 33, 83])).toEqual([16, 17, 50]);
    expect(intervals([5])).toEqual([]);
  });
});
