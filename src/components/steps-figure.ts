/**
 * <steps-figure>: EP 04, steps vs quality. One state, { seed, prompt, steps, sampler }, driven
 * by the quick choices, the slider, the sampler switch, the scroll steps and shared links alike;
 * every change starts a new run (cancelling the one in flight). The readouts show what the worker
 * measured on the particles of the latest step, so the number on screen is the one computed from
 * the positions drawn.
 *
 *   created ──near viewport──▶ loading (three.js or Canvas 2D, the run starts) ──▶ running ⇄ paused offscreen
 *      │  (poster, "60 steps · ✓ good case")   │                  first run done ──▶ sweep fills the chart
 *      │                                        └─ failed: poster, message, "Try again"
 *      └──────── disconnected: listeners removed, view disposed (renderer, context, workers) ◀──┘
 *
 * This module stays light (no three.js, no gsap, no sim): the view loads with the figure.
 */
import { intFrom, numberFrom, setAttr, StatefulFigure } from './stateful-figure.ts';
import { readyCanvas, yieldToMain, type FigureView } from './interactive-figure.ts';
import { describeSteps, formatDistance, stepsTitle, stepsVerdict } from './steps-words.ts';
import { DEFAULTS, LIMITS, type StepsState } from '../state/episode-state.ts';
import type { PromptId } from '../sim/targets.ts';
import type { StepsView } from '../render/steps-view.ts';
import type { StepResponse } from '../workers/protocol.ts';
import type { LayerSnapshot } from '../render/points-layout.ts';

/** Clamps a step count to the slider's range, or null for something that is not a number. */
export function clampSteps(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return null;
  return Math.min(LIMITS.steps.max, Math.max(LIMITS.steps.min, Math.round(n)));
}

export class StepsFigureElement extends StatefulFigure<StepsState, StepsView & FigureView> {
  readonly #guidance: number;
  readonly #particles: number;
  #latest: StepResponse | null = null;
  #shape = '';

  constructor() {
    const d = DEFAULTS.steps;
    super({ ...d });
    const data = this.dataset;
    this.#guidance = numberFrom(data.guidance, 7.5);
    this.#particles = intFrom(data.particles, 1200);
    this.update({
      seed: intFrom(data.seed, d.seed),
      prompt: (data.prompt ?? d.prompt) as PromptId,
      steps: clampSteps(data.steps) ?? d.steps,
      sampler: data.sampler === 'ddpm' ? 'ddpm' : 'ddim',
    });
  }

  /** Chooses a step count (clamped to 1…100), as the quick buttons and the slider do. */
  setSteps(steps: number): void {
    const n = clampSteps(steps);
    if (n !== null) this.update({ steps: n });
  }

  setSampler(sampler: 'ddim' | 'ddpm'): void {
    if (sampler === 'ddim' || sampler === 'ddpm') this.update({ sampler });
  }

  /** The latest step's positions (what the readouts measured), or null. */
  positions(): Float32Array | null {
    const p = this.#latest?.positions;
    return p ? Float32Array.from(p) : null;
  }

  /** The numbers on screen, as shown. */
  get readout(): { precision: string; coverage: string; step: number | null; steps: number } {
    return {
      precision: this.querySelector('[data-precision]')?.textContent ?? '',
      coverage: this.querySelector('[data-coverage]')?.textContent ?? '',
      step: this.#latest?.index ?? null,
      steps: this.state.steps,
    };
  }

  /** Whether the current choice's run has finished. */
  get done(): boolean {
    return this.live?.done ?? false;
  }

  get mode(): 'webgl' | 'canvas2d' | null {
    return this.live?.mode ?? null;
  }

  /** For tests: the frames drawn since the latest run started (run id, step). */
  get drawLog(): readonly { run: number; index: number }[] {
    return this.live?.drawLog ?? [];
  }

  /** For tests: the chart's measured points so far. */
  sweepPoints(sampler: 'ddim' | 'ddpm'): { x: number; y: number }[] {
    return this.live?.sweepPoints(sampler) ?? [];
  }

  drawnPositions(): Float32Array | null {
    return this.live?.drawnPositions() ?? null;
  }

  snapshot(): LayerSnapshot | null {
    return this.live?.snapshot() ?? null;
  }

  protected async loadView(): Promise<FigureView> {
    const { createStepsView } = await import('../render/steps-view.ts');
    // The module's evaluation, the canvas's lease, context and renderer, and the view: a task each.
    await yieldToMain();
    const canvas = await readyCanvas(this.querySelector<HTMLCanvasElement>('[data-canvas]'));
    const box = this.querySelector<HTMLElement>('[data-box]');
    const chart = this.querySelector<SVGSVGElement>('[data-chart]');
    const chartCell = this.querySelector<HTMLElement>('[data-chart-cell]');
    const chartHome = this.querySelector<HTMLElement>('[data-chart-home]');
    if (!canvas || !box || !chart) throw new Error('<steps-figure> is missing its stage');
    const view = createStepsView({
      canvas,
      box,
      chart,
      ...(chartCell && chartHome && { phoneChart: { cell: chartCell, home: chartHome } }),
      state: this.state,
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
          this.runFailed(
            `The simulation stopped (${detail}). Choose a step count to start it again.`,
          );
        }
        this.scheduleRender();
      },
      onSweep: () => {},
    });
    this.#shape = view.shapeOf(this.state.prompt);
    return this.adopt(view);
  }

  protected stateChanged(previous: StepsState, next: StepsState): void {
    const view = this.live;
    if (!view) return;
    if (previous.prompt !== next.prompt) this.#shape = view.shapeOf(next.prompt);
    this.#latest = null;
    view.show(next);
  }

  protected override rerun(): void {
    this.#latest = null;
    this.live?.show(this.state, true);
  }

  protected sceneState(scene: object): Partial<StepsState> {
    const steps = clampSteps((scene as { steps?: unknown }).steps);
    return steps === null ? {} : { steps };
  }

  protected sanitize(state: object): Partial<StepsState> {
    const s = state as Partial<StepsState>;
    return {
      ...(typeof s.seed === 'number' && { seed: s.seed }),
      ...(typeof s.prompt === 'string' && { prompt: s.prompt }),
      ...(clampSteps(s.steps) !== null && { steps: clampSteps(s.steps) ?? DEFAULTS.steps.steps }),
      ...((s.sampler === 'ddim' || s.sampler === 'ddpm') && { sampler: s.sampler }),
    };
  }

  protected renderState(): void {
    const { steps, sampler } = this.state;
    const title = this.querySelector<HTMLElement>('[data-panel-title]');
    // The title follows the slider: its text is in a contained box (.fc-title-text), so a new
    // count lays out that box alone rather than the figure's flex column around it.
    this.setText('[data-panel-title-text]', stepsTitle(steps));
    if (title) setAttr(title, 'data-verdict', stepsVerdict(steps) ?? '');
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-quick]')) {
      setAttr(button, 'aria-pressed', String(Number(button.dataset.quick) === steps));
    }
    const slider = this.querySelector<HTMLInputElement>('[data-slider]');
    if (slider) {
      if (slider.valueAsNumber !== steps) slider.value = String(steps);
      setAttr(slider, 'aria-valuetext', `${steps} ${steps === 1 ? 'step' : 'steps'}`);
    }
    this.setText('[data-steps-out]', String(steps));
    for (const radio of this.querySelectorAll<HTMLInputElement>('input[name="stp-sampler"]')) {
      if (radio.checked !== (radio.value === sampler)) radio.checked = radio.value === sampler;
    }
    const latest = this.#latest;
    this.setText('[data-precision]', formatDistance(latest?.precision));
    this.setText('[data-coverage]', formatDistance(latest?.coverage));
    this.setText('[data-counter]', `step ${latest ? latest.index : '–'} / ${steps}`);
    if (!this.live) return;
    // While the run plays only the numbers follow it; the sentence and the canvas's label are
    // rewritten once it rests.
    if (!latest || latest.index !== latest.steps) return;
    const reading = latest
      ? {
          step: latest.index,
          steps: latest.steps,
          precision: latest.precision,
          coverage: latest.coverage,
        }
      : null;
    const words = describeSteps(steps, sampler, this.#shape, reading);
    this.setText('[data-describe]', words);
    setAttr(
      this.querySelector('[data-canvas]'),
      'aria-label',
      `Particle cloud of seed #${this.state.seed}: ${words}.`,
    );
    this.announceLater(words);
  }

  protected listen(signal: AbortSignal): void {
    this.on(signal, '[data-quick]', 'click', (event) => {
      this.setSteps(Number((event.currentTarget as HTMLElement).dataset.quick));
    });
    this.on(signal, '[data-slider]', 'input', (event) => {
      this.setSteps((event.currentTarget as HTMLInputElement).valueAsNumber);
    });
    this.on(signal, 'input[name="stp-sampler"]', 'change', (event) => {
      const value = (event.currentTarget as HTMLInputElement).value;
      if (value === 'ddim' || value === 'ddpm') this.setSampler(value);
    });
  }
}
