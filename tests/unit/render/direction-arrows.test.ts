import { expect, test } from 'vitest';
import { ARROW_MAX, ARROW_SCALE, arrowsFor } from '../../../src/render/direction-arrows.ts';

test('an arrow is −ε times the scale, from the particle', () => {
  const [a] = arrowsFor(Float32Array.of(0.5, -0.25), Float32Array.of(1, -2), 1);
  expect(a!.x).toBe(0.5);
  expect(a!.y).toBe(-0.25);
  expect(a!.dx).toBeCloseTo(-ARROW_SCALE, 6);
  expect(a!.dy).toBeCloseTo(2 * ARROW_SCALE, 6);
});

test('long arrows are clamped to ARROW_MAX, keeping their direction', () => {
  const [a] = arrowsFor(Float32Array.of(0, 0), Float32Array.of(300, 400), 1);
  expect(Math.hypot(a!.dx, a!.dy)).toBeCloseTo(ARROW_MAX, 6);
  expect(a!.dy / a!.dx).toBeCloseTo(4 / 3, 6);
});

test('every stride-th particle gets an arrow', () => {
  const positions = new Float32Array(2 * 25);
  expect(arrowsFor(positions, new Float32Array(50), 12)).toHaveLength(3);
});
