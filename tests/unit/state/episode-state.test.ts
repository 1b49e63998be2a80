import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  LIMITS,
  defaultState,
  parseUrlState,
  serializeUrlState,
  type StateByEpisode,
} from '../../../src/state/episode-state.ts';
import { EPISODE_SLUGS } from '../../../src/scroll/scenes.ts';
import { PROMPT_IDS } from '../../../src/sim/targets.ts';
import { createRng } from '../../../src/sim/random.ts';

const SAMPLE_STATES: { [E in keyof StateByEpisode]: StateByEpisode[E] } = {
  forward: { t: 400, schedule: 'cosine' },
  reverse: { seed: 42, prompt: 'spiral', frame: 12, ghost: true },
  prompts: { seed: 123456, prompt: 'cat' },
  steps: { seed: 0, prompt: 'letter', steps: 3, sampler: 'ddpm' },
  guidance: { seed: 99, prompt: 'star', s: 12.25, threshold: true },
};

describe('URL state', () => {
  it.each(EPISODE_SLUGS)('%s: a state survives the round trip through the URL', (slug) => {
    const state = SAMPLE_STATES[slug];
    const parsed = parseUrlState(serializeUrlState(slug, state));
    expect(parsed).toEqual({ episode: slug, state });
  });

  it('reads the example from the sharing issue', () => {
    expect(parseUrlState('?ep=5&seed=42&prompt=star&s=7.5&steps=60&t=400')).toEqual({
      episode: 'guidance',
      state: { seed: 42, prompt: 'star', s: 7.5, threshold: false },
    });
  });

  it('accepts an episode by slug as well as by number', () => {
    expect(parseUrlState('ep=steps&steps=10')?.state).toMatchObject({ steps: 10 });
  });

  it('defaults are the values an untouched page shows', () => {
    for (const slug of EPISODE_SLUGS) {
      expect(parseUrlState(`?ep=${slug}`)).toEqual({ episode: slug, state: defaultState(slug) });
    }
  });

  it('no episode, no state', () => {
    expect(parseUrlState('')).toBeNull();
    expect(parseUrlState('?seed=4')).toBeNull();
    expect(parseUrlState('?ep=6')).toBeNull();
  });

  // A table of hostile and malformed values: each must fall back to its default while the
  // valid parts of the same URL still apply.
  const BAD_VALUES = [
    '',
    ' ',
    '-1',
    '+5',
    '1e3',
    '0x10',
    'NaN',
    'Infinity',
    '-Infinity',
    '1.',
    '.5',
    '1,5',
    '１２',
    '99999999',
    '1.0001',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '%00',
    '\u0000',
    '\u202e',
    '../../etc',
    '{}',
    '[]',
    'null',
    'undefined',
    'true',
    'HEART',
    ' heart',
    'heart ',
    'hearts',
    '__proto__',
    'constructor',
    'toString',
    'a'.repeat(5000),
    '7.5.5',
    '1/0',
    '0b11',
    '٣',
    '1 2',
    '1%2B1',
    '%',
    '%%',
    '%E0%A4%A',
    '\n1',
    '1\n',
    '01e1',
    '-0',
    '−5',
    '5e-1',
    'ddim ',
    'DDIM',
    'Linear',
    'yes',
    'on',
    '2x',
  ];
  const FIELDS: { ep: number; key: string; field: string; valid: string; expected: unknown }[] = [
    { ep: 1, key: 't', field: 't', valid: 't=250', expected: 250 },
    { ep: 1, key: 'sched', field: 'schedule', valid: 'sched=cosine', expected: 'cosine' },
    { ep: 2, key: 'frame', field: 'frame', valid: 'frame=30', expected: 30 },
    { ep: 2, key: 'ghost', field: 'ghost', valid: 'ghost=1', expected: true },
    { ep: 3, key: 'seed', field: 'seed', valid: 'seed=42', expected: 42 },
    { ep: 3, key: 'prompt', field: 'prompt', valid: 'prompt=cat', expected: 'cat' },
    { ep: 4, key: 'steps', field: 'steps', valid: 'steps=10', expected: 10 },
    { ep: 4, key: 'sampler', field: 'sampler', valid: 'sampler=ddpm', expected: 'ddpm' },
    { ep: 5, key: 's', field: 's', valid: 's=20', expected: 20 },
    { ep: 5, key: 'thr', field: 'threshold', valid: 'thr=1', expected: true },
  ];
  const cases = FIELDS.flatMap((f) => BAD_VALUES.map((bad) => ({ ...f, bad })));

  it(`falls back field by field on ${cases.length} malformed values`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
    for (const c of cases) {
      const slug = EPISODE_SLUGS[c.ep - 1]!;
      const other = FIELDS.find((f) => f.ep === c.ep && f.key !== c.key)!;
      const url = `?ep=${c.ep}&${c.key}=${encodeURIComponent(c.bad)}&${other.valid}`;
      const parsed = parseUrlState(url);
      const state = parsed?.state as Record<string, unknown> | undefined;
      const defaults = DEFAULTS[slug] as Record<string, unknown>;
      if (url.length <= 512) {
        expect(state?.[c.field], url).toEqual(defaults[c.field]);
        expect(state?.[other.field], url).toEqual(other.expected);
      } else {
        expect(parsed, 'over-long URLs are ignored whole').toBeNull();
      }
    }
  });

  it('ignores a duplicated key rather than guessing which one was meant', () => {
    const parsed = parseUrlState('?ep=4&steps=3&steps=60&sampler=ddpm');
    expect(parsed?.state).toMatchObject({ steps: DEFAULTS.steps.steps, sampler: 'ddpm' });
  });

  it('clamps nothing silently: out-of-range values fall back to the default', () => {
    expect(parseUrlState(`?ep=1&t=${LIMITS.t.max + 1}`)?.state).toMatchObject({ t: 0 });
    expect(parseUrlState(`?ep=5&s=${LIMITS.s.max + 0.5}`)?.state).toMatchObject({ s: 7.5 });
    expect(parseUrlState('?ep=4&steps=0')?.state).toMatchObject({ steps: 60 });
  });

  it('survives 1,000 random query strings without throwing, always within limits', () => {
    const rng = createRng(2024, 'url-fuzz');
    const alphabet = 'ep=&?%#s0123456789.-+eEtxprompseedheartcat<>"\'\\/ \u00e9\u202e';
    for (let i = 0; i < 1000; i++) {
      const length = Math.floor(rng.uniform() * 80);
      let query = '';
      for (let j = 0; j < length; j++)
        query += alphabet[Math.floor(rng.uniform() * alphabet.length)];
      if (rng.uniform() < 0.5) query = `ep=${1 + Math.floor(rng.uniform() * 5)}&${query}`;
      const parsed = parseUrlState(query);
      if (!parsed) continue;
      const state = parsed.state as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(state)) {
        if (typeof value === 'number') {
          const limit = LIMITS[key as keyof typeof LIMITS];
          expect(Number.isFinite(value)).toBe(true);
          if (limit) expect(value).toBeGreaterThanOrEqual(limit.min);
          if (limit) expect(value).toBeLessThanOrEqual(limit.max);
        }
        if (key === 'prompt') expect(PROMPT_IDS).toContain(value);
      }
    }
  });
});
