/**
 * EP 04's words and marks: whether a step count is the article's good or bad case, and the
 * sentence the canvas label and the spoken summary carry, built from the measured numbers.
 */
import type { SamplerName } from '../state/episode-state.ts';

/** The article's good case (60 steps) and bad case (3 steps); more than 60 is good too, fewer than 3 bad. */
export const GOOD_STEPS = 60;
export const BAD_STEPS = 3;
/** The quick choices beside the slider. */
export const QUICK_STEPS = [3, 10, 60] as const;

/** ✓ for 60 steps or more, ✗ for 3 or fewer, nothing in between. */
export function stepsVerdict(steps: number): 'good' | 'bad' | null {
  if (steps >= GOOD_STEPS) return 'good';
  if (steps <= BAD_STEPS) return 'bad';
  return null;
}

/** The label above the panel: "60 steps · ✓ good case". */
export function stepsTitle(steps: number): string {
  const verdict = stepsVerdict(steps);
  const count = `${steps} ${steps === 1 ? 'step' : 'steps'}`;
  if (verdict === 'good') return `${count} · ✓ good case`;
  if (verdict === 'bad') return `${count} · ✗ bad case`;
  return count;
}

/** A distance as the readouts show it: three decimals, or a dash before it is measured. */
export function formatDistance(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(3);
}

/** What the run measures at a step. */
export interface StepsReading {
  step: number;
  steps: number;
  precision: number;
  coverage: number;
}

/**
 * The summary: "60 DDIM steps, step 60 of 60: avg distance from target 0.017, coverage 0.015 (✓ good case)".
 */
export function describeSteps(
  steps: number,
  sampler: SamplerName,
  shape: string,
  reading: StepsReading | null,
): string {
  const head = `${shape}, ${steps} ${sampler.toUpperCase()} ${steps === 1 ? 'step' : 'steps'}`;
  if (!reading) return `${head}: still being computed`;
  const verdict = stepsVerdict(steps);
  const mark = verdict === 'good' ? ' (✓ good case)' : verdict === 'bad' ? ' (✗ bad case)' : '';
  return (
    `${head}, step ${reading.step} of ${reading.steps}: avg distance from target ` +
    `${formatDistance(reading.precision)}, coverage ${formatDistance(reading.coverage)}${mark}`
  );
}
