/**
 * <prompts-figure>: EP 03, the prompt is a steering wheel. One state, { seed, prompt }, driven by
 * the prompt buttons, the text field, the seed field, "new seed", the scroll steps and shared
 * links alike; every change starts a new run from the seed's noise (cancelling the one in flight).
 *
 *   created ──near viewport──▶ loading (three.js or Canvas 2D, the run starts) ──▶ running ⇄ paused offscreen
 *      │  (poster, "seed #7 · pick a prompt")   │
 *      │                                         └─ failed: poster, message, "Try again"
 *      └──────── disconnected: listeners removed, view disposed (renderer, context, worker) ◀──┘
 *
 * This module stays light (no three.js, no gsap, no sim): the view, and with it the prompts'
 * words for the text field, load with the figure.
 */
import { intFrom, numberFrom, setAttr, StatefulFigure } from './stateful-figure.ts';
import { readyCanvas, yieldToMain, type FigureView } from './interactive-figure.ts';
import {
  describePrompt,
  matchedPromptMessage,
  nextSeed,
  parseSeed,
  promptsKicker,
  unknownPromptMessage,
} from './prompts-words.ts';
import { DEFAULTS, LIMITS, type PromptsState } from '../state/episode-state.ts';
import type { PromptId } from '../sim/targets.ts';
import type { PromptsView } from '../render/prompts-view.ts';
import type { StepResponse } from '../workers/protocol.ts';
import type { LayerSnapshot } from '../render/points-layout.ts';

/** A seed in range, or null. */
function seedIn(value: unknown): number | null {
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= LIMITS.seed.min &&
    value <= LIMITS.seed.max
    ? value
    : null;
}

export class PromptsFigureElement extends StatefulFigure<PromptsState, PromptsView & FigureView> {
  readonly #steps: number;
  readonly #guidance: number;
  readonly #particles: number;
  #latest: StepResponse | null = null;

  constructor() {
    const d = DEFAULTS.prompts;
    super({ ...d });
    const data = this.dataset;
    this.#steps = intFrom(data.steps, 60);
    this.#guidance = numberFrom(data.guidance, 7.5);
    this.#particles = intFrom(data.particles, 1200);
    this.update({
      seed: seedIn(intFrom(data.seed, d.seed)) ?? d.seed,
      prompt: (data.prompt ?? d.prompt) as PromptId,
    });
  }

  /** Steers the seed's noise toward a prompt, as its button does. */
  setPrompt(prompt: PromptId): void {
    if (this.querySelector(`[data-prompt="${prompt}"]`)) this.update({ prompt });
  }

  /** Starts from another seed (a whole number in 0…999,999). */
  setSeed(seed: number): void {
    const s = seedIn(seed);
    if (s !== null) this.update({ seed: s });
  }

  /** The next seed of the figure's fixed sequence, as "new seed" does. */
  newSeed(): void {
    this.update({ seed: nextSeed(this.state.seed) });
  }

  /**
   * Maps typed words to a prompt ("a red heart" → heart) and steers to it; when nothing matches,
   * says which prompts the model knows. Returns the prompt, or null. Needs the loaded view.
   */
  submitText(text: string): PromptId | null {
    const view = this.live;
    const message = this.querySelector('[data-text-message]');
    if (!view) return null;
    const id = text.trim() === '' ? null : view.match(text);
    if (message) {
      message.textContent =
        id === null
          ? unknownPromptMessage(text || '(nothing)', view.labels())
          : matchedPromptMessage(text, view.labelOf(id));
    }
    if (id !== null) this.setPrompt(id);
    return id;
  }

  /** Whether the current choice's run has finished. */
  get done(): boolean {
    return this.live?.done ?? false;
  }

  get mode(): 'webgl' | 'canvas2d' | null {
    return this.live?.mode ?? null;
  }

  /** The current run's starting positions (the seed's noise), or null before they arrive. */
  startPositions(): Float32Array | null {
    const p = this.live?.start;
    return p ? Float32Array.from(p) : null;
  }

  /** The finished cloud, or null while the run goes on. */
  finalPositions(): Float32Array | null {
    const p = this.live?.final;
    return p ? Float32Array.from(p) : null;
  }

  /** For tests: the frames drawn since the latest run started. */
  get drawLog(): readonly { run: number; index: number }[] {
    return this.live?.drawLog ?? [];
  }

  /** Positions as drawn: panel 0 the starting noise, panel 1 the run. */
  drawnPositions(panel = 1): Float32Array | null {
    return this.live?.drawnPositions(panel) ?? null;
  }

  snapshot(): LayerSnapshot | null {
    return this.live?.snapshot() ?? null;
  }

  protected async loadView(): Promise<FigureView> {
    const { createPromptsView } = await import('../render/prompts-view.ts');
    // The module's evaluation, the canvas's lease, context and renderer, and the view: a task each.
    await yieldToMain();
    const canvas = await readyCanvas(this.querySelector<HTMLCanvasElement>('[data-canvas]'));
    const start = this.querySelector<HTMLElement>('[data-box="start"]');
    const result = this.querySelector<HTMLElement>('[data-box="result"]');
    if (!canvas || !start || !result) throw new Error('<prompts-figure> is missing its stage');
    const view = createPromptsView({
      canvas,
      boxes: [start, result],
      state: this.state,
      steps: this.#steps,
      guidance: this.#guidance,
      particles: this.#particles,
      reducedMotion: this.reducedMotion,
      note: (message) => this.setStatus(message),
      onStep: (step) => {
        this.#latest = step;
        // The last step is written at once; the ones before it as often as anyone can read.
        if (step.index === step.steps) this.scheduleRender();
        else this.scheduleProgress();
      },
      onEnd: (outcome) => {
        if (outcome.status === 'error') {
          const detail = outcome.message.replace(/\.$/, '');
          this.runFailed(`The simulation stopped (${detail}). Pick a prompt to start it again.`);
        }
        this.scheduleRender();
      },
    });
    return this.adopt(view);
  }

  protected stateChanged(_previous: PromptsState, next: PromptsState): void {
    this.#latest = null;
    const view = this.live;
    if (!view) return;
    view.show(next);
  }

  protected override rerun(): void {
    this.#latest = null;
    this.live?.show(this.state, true);
  }

  protected sceneState(scene: object): Partial<PromptsState> {
    const { prompt, seed } = scene as { prompt?: unknown; seed?: unknown };
    const out: Partial<PromptsState> = {};
    if (typeof prompt === 'string' && this.querySelector(`[data-prompt="${prompt}"]`)) {
      out.prompt = prompt as PromptId;
    }
    const s = seedIn(seed);
    if (s !== null) out.seed = s;
    return out;
  }

  protected sanitize(state: object): Partial<PromptsState> {
    return this.sceneState(state);
  }

  protected renderState(): void {
    const { seed, prompt } = this.state;
    this.setText('[data-kicker]', promptsKicker(seed));
    this.setText('[data-start-title]', `seed #${seed} · start`);
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-prompt]')) {
      setAttr(button, 'aria-pressed', String(button.dataset.prompt === prompt));
    }
    const field = this.querySelector<HTMLInputElement>('[data-seed]');
    if (field && document.activeElement !== field && field.value !== String(seed)) {
      field.value = String(seed);
    }
    const view = this.live;
    const latest = this.#latest;
    this.setText('[data-precision]', latest ? latest.precision.toFixed(3) : '–');
    this.setText('[data-counter]', `step ${latest ? latest.index : '–'} / ${this.#steps}`);
    if (!view) return;
    const label = view.labelOf(prompt);
    this.setText('[data-result-label]', `“${label}”`);
    this.setText('[data-result-step]', latest ? String(latest.index) : '–');
    // While the run plays only the numbers follow it; the sentence and the canvas's label are
    // rewritten once it rests.
    if (!latest || latest.index !== latest.steps) return;
    const words = describePrompt(
      seed,
      label,
      latest ? { step: latest.index, steps: latest.steps, precision: latest.precision } : null,
    );
    this.setText('[data-describe]', words);
    setAttr(
      this.querySelector('[data-canvas]'),
      'aria-label',
      `Left: seed #${seed}'s starting noise. Right: ${words}`,
    );
    this.announceLater(words);
  }

  protected listen(signal: AbortSignal): void {
    this.on(signal, '[data-prompt]', 'click', (event) => {
      this.setPrompt((event.currentTarget as HTMLElement).dataset.prompt as PromptId);
    });
    this.on(signal, '[data-text-form]', 'submit', (event) => {
      event.preventDefault();
      this.submitText(this.querySelector<HTMLInputElement>('[data-text]')?.value ?? '');
    });
    this.on(signal, '[data-seed]', 'change', (event) => {
      const field = event.currentTarget as HTMLInputElement;
      const seed = parseSeed(field.value);
      const message = this.querySelector('[data-text-message]');
      if (seed === null) {
        if (message) {
          message.textContent = `A seed is a whole number from 0 to ${LIMITS.seed.max.toLocaleString('en')}; keeping seed #${this.state.seed}.`;
        }
        field.value = String(this.state.seed);
        return;
      }
      this.setSeed(seed);
    });
    this.on(signal, '[data-new-seed]', 'click', () => this.newSeed());
  }
}
