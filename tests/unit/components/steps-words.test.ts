import { describe, expect, test } from 'vitest';
import {
  describeSteps,
  formatDistance,
  stepsTitle,
  stepsVerdict,
} from '../../../src/components/steps-words.ts';

describe('stepsVerdict', () => {
  test.each([
    [1, 'bad'],
    [3, 'bad'],
    [4, null],
    [10, null],
    [59, null],
    [60, 'good'],
    [100, 'good'],
  ] as const)('%i steps → %s', (steps, verdict) => {
    expect(stepsVerdict(steps)).toBe(verdict);
  });
});

test('the panel title marks the article’s good and bad cases', () => {
  expect(stepsTitle(60)).toBe('60 steps · ✓ good case');
  expect(stepsTitle(3)).toBe('3 steps · ✗ bad case');
  expect(stepsTitle(10)).toBe('10 steps');
  expect(stepsTitle(1)).toBe('1 step · ✗ bad case');
});

test('distances show three decimals, or a dash before they are measured', () => {
  expect(formatDistance(0.01694)).toBe('0.017');
  expect(formatDistance(null)).toBe('–');
  expect(formatDistance(Number.NaN)).toBe('–');
});

test('the summary carries the numbers the readouts show', () => {
  expect(
    describeSteps(60, 'ddim', 'a star', {
      step: 60,
      steps: 60,
      precision: 0.0169,
      coverage: 0.0146,
    }),
  ).toBe(
    'a star, 60 DDIM steps, step 60 of 60: avg distance from target 0.017, coverage 0.015 (✓ good case)',
  );
  expect(describeSteps(10, 'ddpm', 'a heart', null)).toBe(
    'a heart, 10 DDPM steps: still being computed',
  );
});
