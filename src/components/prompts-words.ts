/**
 * EP 03's words and its seed rule: the kicker, the message for a typed prompt the model does not
 * know, the spoken summary, and how "new seed" picks the next seed without Math.random, so the
 * seeds a reader steps through are the same on every load.
 */
import { MAX_SEED } from '../state/episode-state.ts';

/** The kicker above the figure: "seed #7 · pick a prompt". */
export function promptsKicker(seed: number): string {
  return `seed #${seed} · pick a prompt`;
}

/**
 * The seed after `seed`: one step of the LCG x → (7741·x + 7919) mod 1,000,000. By Hull and
 * Dobell's theorem (c coprime to m; a − 1 divisible by 2, 5 and 4) it visits every seed 0…999,999
 * once before repeating, and it jumps far, so each press lands on unrelated noise.
 */
export function nextSeed(seed: number): number {
  const m = MAX_SEED + 1;
  const s = Number.isInteger(seed) && seed >= 0 ? seed % m : 0;
  return (7741 * s + 7919) % m;
}

/** A typed seed, if it is a whole number in 0…MAX_SEED; otherwise null. */
export function parseSeed(raw: string): number | null {
  const text = raw.trim();
  if (!/^\d{1,7}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_SEED ? n : null;
}

/** What the figure says when typed words match no prompt: the prompts it knows, plainly. */
export function unknownPromptMessage(text: string, labels: readonly string[]): string {
  const known =
    labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels.join('');
  const shown = text.trim().length > 40 ? `${text.trim().slice(0, 40)}…` : text.trim();
  return `This small model knows only six shapes: ${known}. “${shown}” names none of them; try a word like heart, star or cat.`;
}

/** What the figure says when typed words match a prompt. */
export function matchedPromptMessage(text: string, label: string): string {
  const shown = text.trim().length > 40 ? `${text.trim().slice(0, 40)}…` : text.trim();
  return `“${shown}” → ${label}.`;
}

/** The summary: "seed #7 steered to a heart, step 60 of 60: avg distance from target 0.022". */
export function describePrompt(
  seed: number,
  label: string,
  reading: { step: number; steps: number; precision: number } | null,
): string {
  const head = `seed #${seed} steered to ${label}`;
  if (!reading) return `${head}: still being computed`;
  return `${head}, step ${reading.step} of ${reading.steps}: avg distance from target ${reading.precision.toFixed(3)}. Colours show where each particle started.`;
}
