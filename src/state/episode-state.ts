/**
 * The state of each interactive as one typed object, with defaults, limits, and a total
 * URL (de)serialiser: `?ep=5&seed=42&prompt=star&s=7.5&steps=60&t=400`. Parsing never throws:
 * every malformed, out-of-range, duplicated, over-long or hostile value falls back to its default
 * while the rest of the URL still applies. Values only ever become numbers or members of fixed
 * lists, so nothing from the URL can reach the page as markup.
 */
import { PROMPT_IDS, type PromptId } from '../sim/prompt-ids.ts';
import { EPISODE_SLUGS, type EpisodeSlug } from '../scroll/scenes.ts';

export type ScheduleName = 'linear' | 'cosine';
export type SamplerName = 'ddim' | 'ddpm';

/** EP 01: the forward timestep and the schedule. */
export interface ForwardState {
  t: number;
  schedule: ScheduleName;
}
/** EP 02: the reverse run's seed and prompt, the frame shown, and the x̂₀ ghost. */
export interface ReverseState {
  seed: number;
  prompt: PromptId;
  frame: number;
  ghost: boolean;
}
/** EP 03: one seed, the prompt it is steered toward. */
export interface PromptsState {
  seed: number;
  prompt: PromptId;
}
/** EP 04: the number of sampling steps and the sampler. */
export interface StepsState {
  seed: number;
  prompt: PromptId;
  steps: number;
  sampler: SamplerName;
}
/** EP 05: the free guidance scale and dynamic thresholding. */
export interface GuidanceState {
  seed: number;
  prompt: PromptId;
  s: number;
  threshold: boolean;
}

export interface StateByEpisode {
  forward: ForwardState;
  reverse: ReverseState;
  prompts: PromptsState;
  steps: StepsState;
  guidance: GuidanceState;
}

/** The largest seed a reader can type (seeds are 32-bit unsigned in the generator; keep them short). */
export const MAX_SEED = 999_999;
/** Limits of the numeric fields. */
export const LIMITS = {
  t: { min: 0, max: 1000 },
  frame: { min: 0, max: 60 },
  steps: { min: 1, max: 100 },
  s: { min: 0, max: 40 },
  seed: { min: 0, max: MAX_SEED },
} as const;

/** What each interactive shows before the reader touches it (and what bad input falls back to). */
export const DEFAULTS: { readonly [E in EpisodeSlug]: Readonly<StateByEpisode[E]> } = {
  forward: { t: 0, schedule: 'linear' },
  reverse: { seed: 7, prompt: 'heart', frame: 60, ghost: false },
  prompts: { seed: 7, prompt: 'heart' },
  steps: { seed: 7, prompt: 'star', steps: 60, sampler: 'ddim' },
  guidance: { seed: 7, prompt: 'tree', s: 7.5, threshold: false },
};

/** A fresh copy of an episode's default state. */
export function defaultState<E extends EpisodeSlug>(episode: E): StateByEpisode[E] {
  return { ...DEFAULTS[episode] } as StateByEpisode[E];
}

/** Longest query string we read; anything longer is ignored as a whole. */
const MAX_QUERY_LENGTH = 512;
/** Longest single value we look at. */
const MAX_VALUE_LENGTH = 16;

/** One value of a key, only if the key appears exactly once with a short value. */
function single(params: URLSearchParams, key: string): string | null {
  const all = params.getAll(key);
  if (all.length !== 1) return null;
  const value = all[0] ?? '';
  return value.length > 0 && value.length <= MAX_VALUE_LENGTH ? value : null;
}

/** A plain decimal number in [min, max] (no hex, exponents, Infinity or NaN), or null. */
export function parseNumber(
  raw: string | null,
  min: number,
  max: number,
  integer: boolean,
): number | null {
  if (raw === null) return null;
  const pattern = integer ? /^\d{1,7}$/ : /^\d{1,4}(\.\d{1,3})?$/;
  if (!pattern.test(raw)) return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min && value <= max ? value : null;
}

function parseChoice<T extends string>(raw: string | null, choices: readonly T[]): T | null {
  return raw !== null && (choices as readonly string[]).includes(raw) ? (raw as T) : null;
}

function parseFlag(raw: string | null): boolean | null {
  return raw === '1' ? true : raw === '0' ? false : null;
}

/** Reads an episode number (1–5) or slug from `ep`. */
function parseEpisode(raw: string | null): EpisodeSlug | null {
  if (raw === null) return null;
  const bySlug = parseChoice(raw, EPISODE_SLUGS);
  if (bySlug) return bySlug;
  const n = parseNumber(raw, 1, EPISODE_SLUGS.length, true);
  return n === null ? null : (EPISODE_SLUGS[n - 1] ?? null);
}

/** The episode a URL points at and its state; null when the URL names no (valid) episode. */
export type ParsedUrlState = {
  [E in EpisodeSlug]: { episode: E; state: StateByEpisode[E] };
}[EpisodeSlug];

/** Parses a query string (with or without "?") into an episode and its state. Never throws. */
export function parseUrlState(search: string): ParsedUrlState | null {
  if (typeof search !== 'string' || search.length > MAX_QUERY_LENGTH) return null;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return null;
  }
  const episode = parseEpisode(single(params, 'ep'));
  if (!episode) return null;
  const num = (key: keyof typeof LIMITS, integer: boolean) =>
    parseNumber(single(params, key), LIMITS[key].min, LIMITS[key].max, integer);
  const seed = num('seed', true);
  const prompt = parseChoice(single(params, 'prompt'), PROMPT_IDS);
  switch (episode) {
    case 'forward': {
      const d = DEFAULTS.forward;
      return {
        episode,
        state: {
          t: num('t', true) ?? d.t,
          schedule:
            parseChoice(single(params, 'sched'), ['linear', 'cosine'] as const) ?? d.schedule,
        },
      };
    }
    case 'reverse': {
      const d = DEFAULTS.reverse;
      return {
        episode,
        state: {
          seed: seed ?? d.seed,
          prompt: prompt ?? d.prompt,
          frame: num('frame', true) ?? d.frame,
          ghost: parseFlag(single(params, 'ghost')) ?? d.ghost,
        },
      };
    }
    case 'prompts': {
      const d = DEFAULTS.prompts;
      return { episode, state: { seed: seed ?? d.seed, prompt: prompt ?? d.prompt } };
    }
    case 'steps': {
      const d = DEFAULTS.steps;
      return {
        episode,
        state: {
          seed: seed ?? d.seed,
          prompt: prompt ?? d.prompt,
          steps: num('steps', true) ?? d.steps,
          sampler: parseChoice(single(params, 'sampler'), ['ddim', 'ddpm'] as const) ?? d.sampler,
        },
      };
    }
    case 'guidance': {
      const d = DEFAULTS.guidance;
      return {
        episode,
        state: {
          seed: seed ?? d.seed,
          prompt: prompt ?? d.prompt,
          s: num('s', false) ?? d.s,
          threshold: parseFlag(single(params, 'thr')) ?? d.threshold,
        },
      };
    }
  }
}

/** The query string (with "?") that reproduces an episode's state. */
export function serializeUrlState<E extends EpisodeSlug>(
  episode: E,
  state: StateByEpisode[E],
): string {
  const params = new URLSearchParams({ ep: String(EPISODE_SLUGS.indexOf(episode) + 1) });
  const s = state as Partial<ForwardState & ReverseState & StepsState & GuidanceState>;
  if (s.seed !== undefined) params.set('seed', String(s.seed));
  if (s.prompt !== undefined) params.set('prompt', s.prompt);
  if (s.t !== undefined) params.set('t', String(s.t));
  if (s.schedule !== undefined) params.set('sched', s.schedule);
  if (s.frame !== undefined) params.set('frame', String(s.frame));
  if (s.ghost !== undefined) params.set('ghost', s.ghost ? '1' : '0');
  if (s.steps !== undefined) params.set('steps', String(s.steps));
  if (s.sampler !== undefined) params.set('sampler', s.sampler);
  if (s.s !== undefined) params.set('s', String(Math.round(s.s * 1000) / 1000));
  if (s.threshold !== undefined) params.set('thr', s.threshold ? '1' : '0');
  return `?${params.toString()}`;
}
