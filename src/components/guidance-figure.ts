/**
 * <guidance-figure>: EP 05, steering vs over-steering. One state, { seed, prompt, s, threshold },
 * driven by the slider (the middle panel's s), the thresholding switch, the scroll steps and
 * shared links alike. "Render all three" (and the figure's first load) runs the row again.
 *
 * The slider moves the middle panel rather than a fourth one: the comparison stays a single row
 * (weak | yours | strong) that fits a phone, the middle panel is the article's ✓ s = 7.5 until
 * the reader moves it, and one canvas holds the row.
 *
 *   created ──near viewport──▶ loading (three.js or Canvas 2D, three runs start) ──▶ running ⇄ paused offscreen
 *      │  (poster: the triple with its numbers)   │                 row finished ──▶ chart measured run by run
 *      │                                           └─ failed: poster, message, "Try again"
 *      └──────── disconnected: listeners removed, view disposed (renderer, context, workers) ◀──┘
 *
 * This module stays light (no three.js, no gsap, no sim): the view loads with the figure.
 */
import { intFrom, numberFrom, setAttr, setHidden, StatefulFigure } from './stateful-figure.ts';
import { readyCanvas, yieldToMain, type FigureView } from './interactive-figure.ts';
import {
  chartNote,
  describeRow,
  formatScale,
  guidancePanels,
  type PanelReading,
} from './guidance-words.ts';
import { DEFAULTS, LIMITS, type GuidanceState } from '../state/episode-state.ts';
import type { PromptId } from '../sim/targets.ts';
import type { GuidanceView, RowTimings } from '../render/guidance-view.ts';
import type { LayerSnapshot } from '../render/points-layout.ts';

/** A guidance scale on the slider's 0.5 grid within 0…40, or null. */
export function clampScale(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return null;
  return Math.min(LIMITS.s.max, Math.max(LIMITS.s.min, Math.round(n * 2) / 2));
}

type Focus = 'weak' | 'right' | 'fried' | 'all';

export class GuidanceFigureElement extends StatefulFigure<
  GuidanceState,
  GuidanceView & FigureView
> {
  readonly #steps: number;
  readonly #particles: number;
  #shape = '';
  #arrows = false;
  #arrowStep = 30;

  constructor() {
    const d = DEFAULTS.guidance;
    super({ ...d });
    const data = this.dataset;
    this.#steps = intFrom(data.steps, 60);
    this.#particles = intFrom(data.particles, 1200);
    this.update({
      seed: intFrom(data.seed, d.seed),
      prompt: (data.prompt ?? d.prompt) as PromptId,
      s: clampScale(numberFrom(data.s, d.s)) ?? d.s,
      threshold: data.threshold === 'true',
    });
  }

  /** Runs the three panels again from the seed's noise. */
  renderAll(): void {
    this.live?.renderAll();
  }

  /** Moves the middle panel's guidance scale (0…40, in steps of 0.5). */
  setScale(s: number): void {
    const value = clampScale(s);
    if (value !== null) this.update({ s: value });
  }

  /** Turns dynamic thresholding on or off (all panels and the chart run again). */
  setThreshold(on: boolean): void {
    this.update({ threshold: on });
  }

  /** Shows the conditional, unconditional and guided directions on the middle panel at `step`. */
  setArrows(on: boolean, step = this.#arrowStep): void {
    this.#arrows = on;
    this.#arrowStep = Math.min(this.#steps - 1, Math.max(0, Math.round(step)));
    this.live?.setArrows(on, this.#arrowStep);
    this.scheduleRender();
  }

  get done(): boolean {
    return this.live?.done ?? false;
  }

  get chartDone(): boolean {
    return this.live?.chartDone ?? false;
  }

  get mode(): 'webgl' | 'canvas2d' | null {
    return this.live?.mode ?? null;
  }

  /** For measurements: when the latest row was asked for, first moved and finished. */
  get timings(): RowTimings | null {
    return this.live?.timings ?? null;
  }

  /** What a panel measures now (the latest step of its run), or null. */
  reading(panel: number): PanelReading | null {
    const step = this.live?.latest(panel);
    return step
      ? { step: step.index, steps: step.steps, precision: step.precision, coverage: step.coverage }
      : null;
  }

  finalPositions(panel: number): Float32Array | null {
    const p = this.live?.final(panel);
    return p ? Float32Array.from(p) : null;
  }

  drawnPositions(panel: number): Float32Array | null {
    return this.live?.drawnPositions(panel) ?? null;
  }

  drawLog(panel: number): readonly { run: number; index: number }[] {
    return this.live?.drawLog(panel) ?? [];
  }

  chartPoints(series: 'precision' | 'coverage' | 'chamfer'): { x: number; y: number }[] {
    return this.live?.chartPoints(series) ?? [];
  }

  snapshot(): LayerSnapshot | null {
    return this.live?.snapshot() ?? null;
  }

  protected async loadView(): Promise<FigureView> {
    const { createGuidanceView } = await import('../render/guidance-view.ts');
    // The module's evaluation, the canvas's lease, context and renderer, and the view: a task each.
    await yieldToMain();
    const canvas = await readyCanvas(this.querySelector<HTMLCanvasElement>('[data-canvas]'));
    const arrows = this.querySelector<HTMLCanvasElement>('[data-arrows]');
    const chart = this.querySelector<SVGSVGElement>('[data-chart]');
    const boxes = [0, 1, 2].map((i) => this.querySelector<HTMLElement>(`[data-box="${i}"]`));
    const [a, b, c] = boxes;
    if (!canvas || !arrows || !chart || !a || !b || !c) {
      throw new Error('<guidance-figure> is missing its stage');
    }
    const view = createGuidanceView({
      canvas,
      arrows,
      boxes: [a, b, c],
      chart,
      state: this.state,
      steps: this.#steps,
      particles: this.#particles,
      reducedMotion: this.reducedMotion,
      note: (message) => this.setStatus(message),
      onChange: () => this.scheduleRender(),
      onProgress: () => this.scheduleProgress(),
      onError: (message) => {
        const detail = message.replace(/\.$/, '');
        this.setStatus(
          `The simulation stopped (${detail}). Press “Render all three” to start again.`,
        );
      },
    });
    this.#shape = view.shapeOf(this.state.prompt);
    if (this.#arrows) view.setArrows(true, this.#arrowStep);
    return this.adopt(view);
  }

  protected stateChanged(previous: GuidanceState, next: GuidanceState): void {
    const view = this.live;
    if (!view) return;
    this.setStatus('');
    if (previous.prompt !== next.prompt) this.#shape = view.shapeOf(next.prompt);
    view.show(next);
  }

  protected sceneState(scene: object): Partial<GuidanceState> {
    const { focus, threshold } = scene as { focus?: unknown; threshold?: unknown };
    if (focus === 'weak' || focus === 'right' || focus === 'fried' || focus === 'all') {
      this.#setFocus(focus);
    }
    return typeof threshold === 'boolean' ? { threshold } : {};
  }

  protected sanitize(state: object): Partial<GuidanceState> {
    const s = state as Partial<GuidanceState>;
    return {
      ...(typeof s.seed === 'number' && { seed: s.seed }),
      ...(typeof s.prompt === 'string' && { prompt: s.prompt }),
      ...(clampScale(s.s) !== null && { s: clampScale(s.s) ?? DEFAULTS.guidance.s }),
      ...(typeof s.threshold === 'boolean' && { threshold: s.threshold }),
    };
  }

  #setFocus(focus: Focus): void {
    const track = this.querySelector<HTMLElement>('[data-focus]');
    setAttr(track, 'data-focus', focus);
  }

  protected renderState(): void {
    const { seed, s, threshold } = this.state;
    const panels = guidancePanels(s);
    const readings = panels.map((_, i) => this.reading(i));
    panels.forEach((panel, i) => {
      const title = this.querySelector<HTMLElement>(`[data-panel-title="${i}"]`);
      if (title) {
        const text =
          i === 1 && this.#arrows ? `${panel.title} · step ${this.#arrowStep}` : panel.title;
        this.setText(`[data-panel-title-text="${i}"]`, text);
        setAttr(title, 'data-verdict', panel.verdict ?? '');
      }
      const r = readings[i];
      this.setText(`[data-precision="${i}"]`, r ? r.precision.toFixed(3) : '–');
      this.setText(`[data-coverage="${i}"]`, r ? r.coverage.toFixed(3) : '–');
    });
    const slider = this.querySelector<HTMLInputElement>('[data-slider]');
    if (slider) {
      if (slider.valueAsNumber !== s) slider.value = String(s);
      setAttr(slider, 'aria-valuetext', `s = ${formatScale(s)}`);
    }
    this.setText('[data-s-out]', formatScale(s));
    const box = this.querySelector<HTMLInputElement>('[data-threshold]');
    if (box && box.checked !== threshold) box.checked = threshold;
    const arrowsBox = this.querySelector<HTMLInputElement>('[data-arrows-toggle]');
    if (arrowsBox && arrowsBox.checked !== this.#arrows) arrowsBox.checked = this.#arrows;
    for (const selector of ['[data-arrow-step-row]', '[data-arrow-key]']) {
      const node = this.querySelector<HTMLElement>(selector);
      setHidden(node, !this.#arrows);
    }
    const stepSlider = this.querySelector<HTMLInputElement>('[data-arrow-step]');
    if (stepSlider) {
      if (stepSlider.valueAsNumber !== this.#arrowStep) stepSlider.value = String(this.#arrowStep);
      setAttr(stepSlider, 'aria-valuetext', `step ${this.#arrowStep} of ${this.#steps}`);
    }
    this.setText('[data-arrow-step-out]', String(this.#arrowStep));
    if (!this.live) return;
    this.setText('[data-chart-note]', chartNote(this.live.chartMeasured, this.live.chartMeasuring));
    // While runs play only the numbers follow them; the sentence, the canvas's label (and the
    // accessibility tree behind them) are rewritten once the row rests.
    if (!readings.every((r) => r && r.step === r.steps)) return;
    const words = describeRow(this.#shape, seed, threshold, panels, readings);
    this.setText('[data-describe]', words);
    const arrowsNote = this.#arrows
      ? ` Arrows on the middle panel show each sampled particle's direction with the prompt, without it, and guided, at step ${this.#arrowStep}.`
      : '';
    setAttr(this.querySelector('[data-canvas]'), 'aria-label', words + arrowsNote);
    this.announceLater(words);
  }

  protected listen(signal: AbortSignal): void {
    this.on(signal, '[data-render]', 'click', () => this.renderAll());
    this.on(signal, '[data-slider]', 'input', (event) => {
      this.setScale((event.currentTarget as HTMLInputElement).valueAsNumber);
    });
    this.on(signal, '[data-threshold]', 'change', (event) => {
      this.setThreshold((event.currentTarget as HTMLInputElement).checked);
    });
    this.on(signal, '[data-arrows-toggle]', 'change', (event) => {
      this.setArrows((event.currentTarget as HTMLInputElement).checked);
    });
    this.on(signal, '[data-arrow-step]', 'input', (event) => {
      this.setArrows(true, (event.currentTarget as HTMLInputElement).valueAsNumber);
    });
  }
}
