/**
 * EP 04's view: one panel (the reader's step count, the target's faint outline behind it), the
 * run streaming from the worker with its measured distances, and the chart of final distance
 * against step count for DDIM and DDPM, filled in point by point by a sweep in its own worker.
 * The sweep waits for the first run to finish, so the reader's run has the processor first.
 *
 * Offscreen, nothing is drawn: the points layer pauses with the stage, and the chart, watched on
 * its own, waits while the sweep goes on measuring in its worker; when the chart comes on screen
 * it draws what arrived meanwhile, once. On phones the chart leaves the pinned stage for the
 * controls below the steps, so the stage gives the panel its whole width and the chart gets the
 * column's (see StepsFigure.astro); there it is offscreen while the reader is in the steps.
 */
import { createPointsLayer, type LayerSnapshot, type PointsLayer } from './points-view.ts';
import { PanelRunner, boxLayout, watchBoxes } from './panel-runner.ts';
import { LineChart, type ChartPoint } from './line-chart.ts';
import { SimClient, type RunOutcome } from './sim-client.ts';
import { getTarget, type PromptId } from '../sim/targets.ts';
import type { StepsState } from '../state/episode-state.ts';
import type { StepResponse } from '../workers/protocol.ts';
import type { FigureView } from '../components/interactive-figure.ts';

/** The line of each sampler in the chart. */
const SAMPLER_LINES = [
  { id: 'ddim', colour: '#ffb27a' },
  { id: 'ddpm', colour: '#8fb8ff', dash: '5 3' },
] as const;
/** Where the step-count axis is labelled (log scale). */
const STEP_TICKS = [1, 3, 10, 30, 60, 100];
/** Where the stage stacks (the width in FigureFrame.astro's CSS): the chart moves below. */
const PHONE_QUERY = '(max-width: 37.5rem)';

export interface StepsViewOptions {
  canvas: HTMLCanvasElement;
  /** The element the panel is drawn over. */
  box: HTMLElement;
  chart: SVGSVGElement;
  /** On phones the chart's cell leaves the stage for `home`, beside the controls. */
  phoneChart?: { cell: HTMLElement; home: HTMLElement };
  state: StepsState;
  guidance: number;
  particles: number;
  reducedMotion: boolean;
  note(message: string): void;
  onStep(step: StepResponse): void;
  onEnd(outcome: RunOutcome): void;
  /** A sweep point arrived (the chart is already updated). */
  onSweep(): void;
}

export class StepsView implements FigureView {
  readonly #options: StepsViewOptions;
  readonly #layer: PointsLayer;
  readonly #runner: PanelRunner;
  readonly #sweeper = new SimClient();
  readonly #chart: LineChart;
  /** The sweep's points so far, drawn or not. */
  readonly #sweep: Record<'ddim' | 'ddpm', ChartPoint[]> = { ddim: [], ddpm: [] };
  readonly #unplaceChart: () => void;
  #state: StepsState;
  #sweepKey = '';
  #firstRunDone = false;
  #resize: ResizeObserver;
  readonly #chartWatch: IntersectionObserver;
  #chartVisible = false;
  /** The chart's data changed while it was offscreen: it is drawn again when it is back. */
  #chartStale = false;

  constructor(options: StepsViewOptions) {
    this.#options = options;
    this.#state = options.state;
    let layer: PointsLayer | null = null;
    const layout = boxLayout(() => layer?.canvas ?? options.canvas, [options.box]);
    layer = createPointsLayer(
      options.canvas,
      { particles: options.particles, layout },
      options.note,
    );
    this.#layer = layer;
    this.#resize = watchBoxes(options.canvas, [options.box], () => this.#layer.setLayout(layout));
    this.#runner = new PanelRunner({
      layer,
      panel: 0,
      reducedMotion: options.reducedMotion,
      onStep: (step) => options.onStep(step),
      onEnd: (outcome) => {
        if (outcome.status === 'done' && !this.#firstRunDone) {
          this.#firstRunDone = true;
          this.#startSweep();
        }
        options.onEnd(outcome);
      },
    });
    this.#chart = new LineChart(options.chart, {
      width: 300,
      height: 190,
      x: { min: 1, max: 100, log: true, ticks: STEP_TICKS, label: 'steps (log scale)' },
      y: { min: 0, max: 0.1, ticks: [], label: 'avg distance from target' },
      series: SAMPLER_LINES,
    });
    this.#unplaceChart = options.phoneChart ? placeOnPhones(options.phoneChart) : () => {};
    this.#chartWatch = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (!last) return;
      this.#chartVisible = last.isIntersecting;
      if (this.#chartVisible && this.#chartStale) this.#redrawChart();
    });
    this.#chartWatch.observe(options.chart);
    this.show(options.state, true);
  }

  get mode(): PointsLayer['mode'] {
    return this.#layer.mode;
  }

  /** How a prompt is named in prose ("a star"). */
  shapeOf(prompt: PromptId): string {
    return getTarget(prompt).label;
  }

  /** Shows a state: a new run when the run's parameters changed, the chart's marker always. */
  show(state: StepsState, force = false): void {
    const previous = this.#state;
    this.#state = state;
    const changed =
      force ||
      previous.seed !== state.seed ||
      previous.prompt !== state.prompt ||
      previous.steps !== state.steps ||
      previous.sampler !== state.sampler;
    if (force || previous.prompt !== state.prompt) {
      this.#layer.setTarget(0, getTarget(state.prompt).points);
    }
    if (changed) {
      this.#runner.run({
        seed: state.seed,
        prompt: state.prompt,
        steps: state.steps,
        sampler: state.sampler,
        guidance: this.#options.guidance,
        particles: this.#options.particles,
      });
    }
    if (this.#firstRunDone) this.#startSweep();
    if (this.#chartVisible) this.#markChart();
    else this.#chartStale = true;
  }

  /** The latest step of the run (its positions are what the readouts measured). */
  get latest(): StepResponse | null {
    return this.#runner.latest;
  }

  /** Whether the run is finished. */
  get done(): boolean {
    return this.#runner.done;
  }

  get drawLog(): readonly { run: number; index: number }[] {
    return this.#runner.drawLog;
  }

  /** The sweep's points so far for a sampler, drawn on the chart or not (yet). */
  sweepPoints(sampler: 'ddim' | 'ddpm'): ChartPoint[] {
    return [...this.#sweep[sampler]];
  }

  drawnPositions(): Float32Array {
    return this.#layer.drawnPositions(0);
  }

  snapshot(): LayerSnapshot {
    return this.#layer.snapshot();
  }

  applyScene(): void {
    // The element turns scenes into state and calls show().
  }

  setVisible(visible: boolean): void {
    this.#layer.setVisible(visible);
    this.#runner.setVisible(visible);
  }

  dispose(): void {
    this.#chartWatch.disconnect();
    this.#unplaceChart();
    this.#resize.disconnect();
    this.#runner.dispose();
    this.#sweeper.dispose();
    this.#layer.dispose();
  }

  /** (Re)starts the sweep when the seed or prompt differs from the one measured. */
  #startSweep(): void {
    const { seed, prompt } = this.#state;
    const key = `${seed}/${prompt}`;
    if (key === this.#sweepKey) return;
    this.#sweepKey = key;
    this.#sweep.ddim = [];
    this.#sweep.ddpm = [];
    if (this.#chartVisible) this.#chart.clear();
    else this.#chartStale = true;
    const handle = this.#sweeper.sweep(
      { seed, prompt, guidance: this.#options.guidance, maxSteps: 100 },
      (point) => {
        const p = { x: point.steps, y: point.precision };
        const list = this.#sweep[point.sampler];
        const i = list.findIndex((q) => q.x === p.x);
        if (i >= 0) list[i] = p;
        else list.push(p);
        if (this.#chartVisible) this.#chart.add(point.sampler, p);
        else this.#chartStale = true;
        this.#options.onSweep();
      },
    );
    void handle.finished.then((outcome) => {
      // A failed sweep is measured again at the next change.
      if (outcome.status === 'error' && this.#sweepKey === key) this.#sweepKey = '';
    });
  }

  /** The reader's choice on the chart. */
  #markChart(): void {
    const { steps, sampler } = this.#state;
    this.#chart.mark([{ x: steps, text: `${steps} ${sampler.toUpperCase()}`, colour: '#e8e6e1' }]);
  }

  /** Draws everything that changed while the chart was offscreen, in one go. */
  #redrawChart(): void {
    this.#chartStale = false;
    this.#chart.clear();
    for (const { id } of SAMPLER_LINES) {
      for (const point of this.#sweep[id]) this.#chart.add(id, point);
    }
    this.#markChart();
  }
}

/**
 * Keeps a cell where it is on wide screens and in `home` on phones (a chart beside the panel
 * would leave both too small to read there). Returns a function that stops following the screen
 * and puts the cell back.
 */
function placeOnPhones({ cell, home }: { cell: HTMLElement; home: HTMLElement }): () => void {
  const wide = cell.parentElement;
  if (!wide || typeof matchMedia !== 'function') return () => {};
  const phone = matchMedia(PHONE_QUERY);
  const place = () => {
    const parent = phone.matches ? home : wide;
    if (cell.parentElement !== parent) parent.append(cell);
  };
  place();
  phone.addEventListener('change', place);
  return () => {
    phone.removeEventListener('change', place);
    if (cell.parentElement !== wide) wide.append(cell);
  };
}

export function createStepsView(options: StepsViewOptions): StepsView {
  return new StepsView(options);
}
