import { describe, expect, test } from 'vitest';
import {
  describePrompt,
  matchedPromptMessage,
  nextSeed,
  parseSeed,
  promptsKicker,
  unknownPromptMessage,
} from '../../../src/components/prompts-words.ts';

test('the kicker names the seed', () => {
  expect(promptsKicker(7)).toBe('seed #7 · pick a prompt');
});

describe('nextSeed', () => {
  test('is the same sequence on every call', () => {
    const a = [7];
    for (let i = 0; i < 5; i++) a.push(nextSeed(a.at(-1)!));
    const b = [7];
    for (let i = 0; i < 5; i++) b.push(nextSeed(b.at(-1)!));
    expect(a).toEqual(b);
    expect(a[1]).toBe((7741 * 7 + 7919) % 1_000_000);
  });

  test('stays in 0…999,999 and does not repeat soon', () => {
    const seen = new Set<number>();
    let s = 7;
    for (let i = 0; i < 10_000; i++) {
      s = nextSeed(s);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(999_999);
      seen.add(s);
    }
    expect(seen.size).toBe(10_000);
  });
});

test.each([
  ['42', 42],
  [' 7 ', 7],
  ['999999', 999_999],
  ['1000000', null],
  ['-1', null],
  ['4.5', null],
  ['1e3', null],
  ['', null],
])('parseSeed(%j) = %j', (raw, seed) => {
  expect(parseSeed(raw)).toBe(seed);
});

test('an unknown prompt is answered with the prompts the model knows', () => {
  const message = unknownPromptMessage('a purple dragon', ['a heart', 'a star', 'a cat']);
  expect(message).toContain('a heart, a star and a cat');
  expect(message).toContain('“a purple dragon”');
});

test('a matched prompt says what it became', () => {
  expect(matchedPromptMessage('a red heart', 'a heart')).toBe('“a red heart” → a heart.');
});

test('the summary carries the measured distance', () => {
  expect(describePrompt(7, 'a heart', { step: 60, steps: 60, precision: 0.0222 })).toContain(
    'avg distance from target 0.022',
  );
  expect(describePrompt(7, 'a heart', null)).toBe(
    'seed #7 steered to a heart: still being computed',
  );
});
