import { describe, expect, test } from 'vitest';
import { cloudWords, counterText, describeFrame } from '../../../src/components/reverse-words.ts';
import { sample } from '../../../src/sim/sampler.ts';
import { precision } from '../../../src/sim/metrics.ts';
import { getTarget } from '../../../src/sim/targets.ts';

describe('words for the reverse cloud', () => {
  test.each([
    [0.65, 'shapeless static, with no hint of a shape yet'],
    [0.4, 'the static is drawing in, but no shape shows yet'],
    [0.2, 'a rough shape is gathering out of the blur'],
    [0.1, 'the outline of a heart is visible through the last of the noise'],
    [0.045, 'a heart has formed; a few particles are still settling'],
    [0.02, 'the particles trace a heart'],
  ])('a cloud %d from the target reads “%s”', (distance, words) => {
    expect(cloudWords(distance, 'a heart')).toBe(words);
  });

  test('the counter and the spoken line', () => {
    expect(counterText(12, 60)).toBe('step 12 / 60');
    expect(describeFrame(40, 60, 0.3551, 'a heart')).toBe(
      'step 40 of 60 — the static is drawing in, but no shape shows yet (avg distance from target 0.355)',
    );
    expect(describeFrame(3, 60, null, 'a heart')).toBe('step 3 of 60 — still being computed');
  });

  test('seed #7’s run reads from static to a traced heart, in order', () => {
    const target = getTarget('heart').points;
    const frames = sample({ seed: 7, prompt: 'heart', steps: 60, guidance: 7.5, particles: 1200 });
    const words = frames.map((f) => cloudWords(precision(f.positions, target), 'a heart'));
    expect(words[0]).toMatch(/^shapeless static/);
    expect(words[60]).toBe('the particles trace a heart');
    // The bands follow one another without going back.
    const order = [...new Set(words)];
    expect(order.length).toBeGreaterThanOrEqual(5);
  });
});
