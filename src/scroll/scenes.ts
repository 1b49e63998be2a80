/**
 * Steps are data: for each episode, the scene its figure shows at each scroll step, keyed by the
 * step ids used in the episode's MDX. Scrollama's callbacks look a scene up here; nothing else
 * decides what a step means.
 */

/** The episodes, by slug, in reading order. */
export const EPISODE_SLUGS = ['forward', 'reverse', 'prompts', 'steps', 'guidance'] as const;
export type EpisodeSlug = (typeof EPISODE_SLUGS)[number];

/** EP 01: the forward timestep shown (0 = clean, 1000 = pure noise). */
export interface ForwardScene {
  t: number;
}
/** EP 02: which frame of the 60-step reverse run, and whether entering the step plays it. */
export interface ReverseScene {
  frame: number;
  play: boolean;
}
/** EP 03: the prompt the shared seed is steered toward. */
export interface PromptsScene {
  prompt: string;
  seed: number;
}
/** EP 04: the number of sampling steps. */
export interface StepsScene {
  steps: number;
}
/** EP 05: which of the three guidance panels the text is talking about, and the thresholding fix. */
export interface GuidanceScene {
  focus: 'weak' | 'right' | 'fried' | 'all';
  threshold: boolean;
}

export interface SceneByEpisode {
  forward: ForwardScene;
  reverse: ReverseScene;
  prompts: PromptsScene;
  steps: StepsScene;
  guidance: GuidanceScene;
}

type SceneTable = { [E in EpisodeSlug]: readonly { id: string; scene: SceneByEpisode[E] }[] };

/** The scene each step shows. The step ids match the `<Step id>`s of the episode's MDX. */
export const SCENES: SceneTable = {
  forward: [
    { id: 'clean', scene: { t: 0 } },
    { id: 'a-little', scene: { t: 100 } },
    { id: 'half-gone', scene: { t: 400 } },
    { id: 'static', scene: { t: 1000 } },
  ],
  reverse: [
    { id: 'static', scene: { frame: 0, play: false } },
    { id: 'emerging', scene: { frame: 0, play: true } },
    { id: 'landed', scene: { frame: 60, play: false } },
  ],
  prompts: [
    { id: 'same-noise', scene: { prompt: 'heart', seed: 7 } },
    { id: 'different-pull', scene: { prompt: 'star', seed: 7 } },
    { id: 'seed-skeleton', scene: { prompt: 'star', seed: 42 } },
  ],
  steps: [
    { id: 'sixty', scene: { steps: 60 } },
    { id: 'ten', scene: { steps: 10 } },
    { id: 'three', scene: { steps: 3 } },
  ],
  guidance: [
    { id: 'weak', scene: { focus: 'weak', threshold: false } },
    { id: 'right', scene: { focus: 'right', threshold: false } },
    { id: 'fried', scene: { focus: 'fried', threshold: false } },
    { id: 'fix', scene: { focus: 'all', threshold: true } },
  ],
};

/** Episodes whose scene is scrubbed continuously by scroll progress within a step. */
const SCRUBBED: ReadonlySet<EpisodeSlug> = new Set(['forward']);

/** Whether scroll progress inside a step changes this episode's scene. */
export function isScrubbed(episode: EpisodeSlug): boolean {
  return SCRUBBED.has(episode);
}

/** Whether a string names one of the episodes. */
export function isEpisodeSlug(value: unknown): value is EpisodeSlug {
  return typeof value === 'string' && (EPISODE_SLUGS as readonly string[]).includes(value);
}

/** The index of a step id in an episode's table, or -1. */
export function stepIndex(episode: EpisodeSlug, id: string): number {
  return SCENES[episode].findIndex((step) => step.id === id);
}

/**
 * The scene at a step, with `progress` (0…1 through the step) blending each numeric field toward
 * the next step's value in scrubbed episodes; other fields switch with the step.
 */
export function sceneAt<E extends EpisodeSlug>(
  episode: E,
  index: number,
  progress = 0,
): SceneByEpisode[E] {
  const table = SCENES[episode] as readonly { id: string; scene: SceneByEpisode[E] }[];
  if (table.length === 0) throw new RangeError(`episode ${episode} has no steps`);
  const i = Math.min(Math.max(Math.trunc(Number.isFinite(index) ? index : 0), 0), table.length - 1);
  const here = table[i]!.scene;
  const next = table[i + 1]?.scene;
  const p = Number.isFinite(progress) ? Math.min(Math.max(progress, 0), 1) : 0;
  if (!next || !isScrubbed(episode) || p === 0) return { ...here };
  const blended: Record<string, unknown> = { ...here };
  for (const [key, value] of Object.entries(here)) {
    const target = (next as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number' && typeof target === 'number') {
      blended[key] = Math.round(value + (target - value) * p);
    }
  }
  return blended as unknown as SceneByEpisode[E];
}
