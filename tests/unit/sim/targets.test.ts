import { describe, expect, it } from 'vitest';
import {
  LATTICE_STEP,
  PROMPT_IDS,
  getTarget,
  isPromptId,
  matchPrompt,
} from '../../../src/sim/targets.ts';

describe('targets', () => {
  it('has at least six prompts, including the article examples', () => {
    expect(PROMPT_IDS.length).toBeGreaterThanOrEqual(6);
    for (const id of ['heart', 'star', 'spiral', 'cat', 'tree', 'letter']) {
      expect(isPromptId(id)).toBe(true);
    }
    expect(isPromptId('dog')).toBe(false);
    expect(isPromptId(3)).toBe(false);
  });

  it.each(PROMPT_IDS)('%s: ≥ 200 lattice points within ±0.85, the same every call', (id) => {
    const target = getTarget(id);
    expect(target.id).toBe(id);
    expect(target.label.length).toBeGreaterThan(0);
    expect(target.words.length).toBeGreaterThan(0);
    expect(target.points.length / 2).toBeGreaterThanOrEqual(200);
    expect(target.points.every((v) => Math.abs(v) <= 0.85)).toBe(true);
    expect(target.points.every((v) => Number.isInteger(v / LATTICE_STEP))).toBe(true);
    expect([...getTarget(id).points]).toEqual([...target.points]);
  });
});

describe('matchPrompt', () => {
  it.each([
    ['a red heart', 'heart'],
    ['Two STARS at night', 'star'],
    ['galaxies', 'spiral'],
    ['fluffy kittens', 'cat'],
    ['a Christmas tree', 'tree'],
    ['the letter A', 'letter'],
    ['a cat under a tree', 'cat'],
  ])('%j → %s', (text, id) => {
    expect(matchPrompt(text)).toBe(id);
  });

  it('returns null when no word names a prompt', () => {
    expect(matchPrompt('a dog')).toBeNull();
    expect(matchPrompt('')).toBeNull();
  });
});
