/**
 * EP 05's view: three panels in ONE canvas and one WebGL context (s = 1, the reader's s, s = 25),
 * each fed by its own worker so the three runs move side by side; a fourth worker measures the
 * chart of precision, coverage and Chamfer against s as a sequence of smaller runs, one point per
 * finished run. The middle panel can also show, at any step of its run, the conditional,
 * unconditional and guided directions of a sample of particles, drawn in Canvas 2D on top.
 * Off screen, nothing new is run: the panels' runs wait for the figure (PanelRunner), and the
 * chart waits between two scales, as it does while any panel runs.
 */
import { createPointsLayer, type LayerSnapshot, type PointsLayer } from './points-view.ts';
import { PanelRunner, boxLayout, watchBoxes, type DrawnFrame } from './panel-runner.ts';
import { SimClient, type RunHandle } from './sim-client.ts';
import { LineChart, type ChartPoint } from './line-chart.ts';
import { ARROW_KINDS, arrowsFor, drawArrows } from './direction-arrows.ts';
import { getTarget, type PromptId } from '../sim/targets.ts';
import { CHART_S, STRONG_S, WEAK_S } from '../components/guidance-words.ts';
import type { GuidanceState } from '../state/episode-state.ts';
import type { StepResponse } from '../workers/protocol.ts';
import type { FigureView } from '../components/interactive-figure.ts';

/** Particles per chart run: a quarter of a panel's, enough for a stable mean distance. */
export const CHART_PARTICLES = 300;
/** The chart's three lines. */
const CHART_LINES = [
  { id: 'precision', colour: '#ffb27a' },
  { id: 'coverage', colour: '#8fb8ff', dash: '5 3' },
  { id: 'chamfer', colour: '#f6f4ef', dash: '1.5 3' },
] as const;
const MIDDLE = 1;

/** When the latest "render all three" was asked for, first moved, and finished (ms, performance.now). */
export interface RowTimings {
  clicked: number | null;
  firstMotion: number | null;
  lastStep: number | null;
}

export interface GuidanceViewOptions {
  canvas: HTMLCanvasElement;
  /** The overlay canvas for the direction arrows. */
  arrows: HTMLCanvasElement;
  boxes: [HTMLElement, HTMLElement, HTMLElement];
  chart: SVGSVGElement;
  state: GuidanceState;
  steps: number;
  particles: number;
  reducedMotion: boolean;
  note(message: string): void;
  /** Something to redraw in the DOM: a finished run, a chart point. */
  onChange(): void;
  /** A run moved on a step: its numbers may be redrawn (the figure paces these). */
  onProgress(): void;
  onError(message: string): void;
}

export class GuidanceView implements FigureView {
  readonly #options: GuidanceViewOptions;
  readonly #layer: PointsLayer;
  readonly #runners: PanelRunner[];
  readonly #chartClient = new SimClient();
  readonly #chart: LineChart;
  readonly #resize: ResizeObserver;
  readonly #layout: ReturnType<typeof boxLayout>;
  #state: GuidanceState;
  #chartKey = '';
  #chartRun: RunHandle | null = null;
  /** The chart's next scale while it waits (off screen, or a panel runs): measured after. */
  #chartParked: { key: string; i: number } | null = null;
  #visible = false;
  #arrowsOn = false;
  #arrowStep = 30;
  #timings: RowTimings = { clicked: null, firstMotion: null, lastStep: null };

  constructor(options: GuidanceViewOptions) {
    this.#options = options;
    this.#state = options.state;
    let layer: PointsLayer | null = null;
    this.#layout = boxLayout(() => layer?.canvas ?? options.canvas, options.boxes);
    layer = createPointsLayer(
      options.canvas,
      { panels: 3, particles: options.particles, layout: this.#layout },
      options.note,
    );
    this.#layer = layer;
    this.#resize = watchBoxes(options.canvas, options.boxes, () => {
      this.#layer.setLayout(this.#layout);
      this.#drawArrows();
    });
    this.#runners = [0, 1, 2].map(
      (panel) =>
        new PanelRunner({
          layer: this.#layer,
          panel,
          reducedMotion: options.reducedMotion,
          keepFrames: panel === MIDDLE,
          onStep: (step) => this.#onStep(step),
          onEnd: (outcome) => {
            if (outcome.status === 'error') options.onError(outcome.message);
            if (panel === MIDDLE && outcome.status === 'done') this.#showArrowFrame();
            this.#onEnd();
          },
        }),
    );
    this.#chart = new LineChart(options.chart, {
      width: 320,
      height: 170,
      x: { min: 0, max: 40, ticks: [0, 7.5, 15, 25, 40], label: 'guidance scale s' },
      y: { min: 0, max: 0.1, ticks: [], label: 'distance' },
      series: CHART_LINES,
    });
    this.renderAll();
  }

  get mode(): PointsLayer['mode'] {
    return this.#layer.mode;
  }

  /** How a prompt is named in prose ("a tree"). */
  shapeOf(prompt: PromptId): string {
    return getTarget(prompt).label;
  }

  get timings(): RowTimings {
    return { ...this.#timings };
  }

  /** Runs all three panels again from the seed's noise (and the chart, if its inputs changed). */
  renderAll(): void {
    this.#timings = { clicked: performance.now(), firstMotion: null, lastStep: null };
    for (let panel = 0; panel < 3; panel++) this.#run(panel);
    // The chart is measured once the row has finished, so the row has the processor first.
  }

  /** Shows a new state: whatever it changes runs again. */
  show(state: GuidanceState): void {
    const previous = this.#state;
    this.#state = state;
    if (
      previous.seed !== state.seed ||
      previous.prompt !== state.prompt ||
      previous.threshold !== state.threshold
    ) {
      this.renderAll();
    } else if (previous.s !== state.s) {
      this.#run(MIDDLE);
    }
    this.#markChart();
  }

  /** Shows (or hides) the direction arrows on the middle panel, at step `step` of its run. */
  setArrows(on: boolean, step: number): void {
    const wasOn = this.#arrowsOn;
    this.#arrowsOn = on;
    this.#arrowStep = step;
    const middle = this.#runners[MIDDLE];
    if (!middle) return;
    if (on && !wasOn && !middle.frames[0]?.epsGuided) {
      // The directions are only sent on request: run the middle panel again with them.
      this.#run(MIDDLE);
      return;
    }
    const last = middle.frames[middle.frames.length - 1];
    if (!on && wasOn && last && middle.final) middle.show(last);
    this.#showArrowFrame();
  }

  /** The latest step of a panel's run. */
  latest(panel: number): StepResponse | null {
    return this.#runners[panel]?.latest ?? null;
  }

  /** Whether all three runs have finished and landed. */
  get done(): boolean {
    return this.#runners.every((r) => r.done);
  }

  /** The finished cloud of a panel, or null. */
  final(panel: number): Float32Array | null {
    return this.#runners[panel]?.final ?? null;
  }

  drawLog(panel: number): readonly DrawnFrame[] {
    return this.#runners[panel]?.drawLog ?? [];
  }

  drawnPositions(panel: number): Float32Array {
    return this.#layer.drawnPositions(panel);
  }

  /** The chart's points so far. */
  chartPoints(series: 'precision' | 'coverage' | 'chamfer'): ChartPoint[] {
    return this.#chart.points(series);
  }

  /** Whether a scale of the chart is being measured now. */
  get chartMeasuring(): boolean {
    return this.#chartRun !== null;
  }

  /** How many scales of the chart have been measured. */
  get chartMeasured(): number {
    return this.#chart.count('chamfer');
  }

  /** Whether the chart has every scale measured. */
  get chartDone(): boolean {
    return this.chartMeasured === CHART_S.length;
  }

  snapshot(): LayerSnapshot {
    return this.#layer.snapshot();
  }

  applyScene(): void {
    // The element turns scenes into state and calls show().
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    this.#layer.setVisible(visible);
    for (const runner of this.#runners) runner.setVisible(visible);
    if (visible) this.#resumeChart();
  }

  dispose(): void {
    this.#resize.disconnect();
    for (const runner of this.#runners) runner.dispose();
    this.#chartClient.dispose();
    this.#layer.dispose();
  }

  #scaleOf(panel: number): number {
    return panel === 0 ? WEAK_S : panel === 2 ? STRONG_S : this.#state.s;
  }

  #run(panel: number): void {
    const { seed, prompt, threshold } = this.#state;
    this.#runners[panel]?.run({
      seed,
      prompt,
      steps: this.#options.steps,
      guidance: this.#scaleOf(panel),
      threshold,
      particles: this.#options.particles,
      directions: panel === MIDDLE && this.#arrowsOn,
    });
    if (panel === MIDDLE) this.#clearArrows();
  }

  #onStep(step: StepResponse): void {
    const t = this.#timings;
    if (t.clicked !== null && t.firstMotion === null && step.index >= 1)
      t.firstMotion = performance.now();
    this.#options.onProgress();
  }

  #onEnd(): void {
    const t = this.#timings;
    if (this.#runners.every((r) => r.final !== null)) {
      if (t.clicked !== null && t.lastStep === null) t.lastStep = performance.now();
      this.#startChart();
      this.#resumeChart();
    }
    this.#options.onChange();
  }

  #showArrowFrame(): void {
    const middle = this.#runners[MIDDLE];
    if (!middle || !this.#arrowsOn) {
      this.#clearArrows();
      return;
    }
    const frame = middle.frames[this.#arrowStep];
    if (!frame || middle.running) return;
    middle.show(frame);
    this.#drawArrows();
  }

  /**
   * Clears the arrows and takes their canvas out of the page. A shown 2D canvas, even an empty
   * one, was copied to the compositor again with nearly every frame the panels under it drew:
   * a whole stage of pixels per frame for nothing.
   */
  #clearArrows(): void {
    const canvas = this.#options.arrows;
    canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    canvas.hidden = true;
  }

  #drawArrows(): void {
    const canvas = this.#options.arrows;
    const middle = this.#runners[MIDDLE];
    const frame = middle?.frames[this.#arrowStep];
    // The directions come only with runs that asked for them (the arrows were on as it ran).
    const cond = frame?.epsCond;
    const uncond = frame?.epsUncond;
    const guided = frame?.epsGuided;
    const ctx = canvas.getContext('2d');
    if (!ctx || !this.#arrowsOn || !frame || middle?.running || !cond || !uncond || !guided) {
      this.#clearArrows();
      return;
    }
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    // The overlay covers the panels' canvas exactly (and is not laid out while hidden). Both are
    // measured before the overlay is resized or shown: either marks the layout dirty, and a read
    // after it would force that layout inside this call.
    const box = this.#layer.canvas.getBoundingClientRect();
    const origin = this.#options.boxes[MIDDLE].getBoundingClientRect();
    const width = Math.round(box.width * ratio);
    const height = Math.round(box.height * ratio);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    canvas.hidden = false;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const rect = {
      x: origin.left - box.left,
      y: origin.top - box.top,
      width: origin.width,
      height: origin.height,
    };
    const directions = { uncond, cond, guided };
    drawArrows(
      ctx,
      rect,
      ARROW_KINDS.map((kind) => ({
        colour: kind.colour,
        arrows: arrowsFor(frame.positions, directions[kind.key]),
      })),
    );
  }

  /** Measures the chart again when the seed, prompt or thresholding changed. */
  #startChart(): void {
    const { seed, prompt, threshold } = this.#state;
    const key = `${seed}/${prompt}/${threshold}`;
    if (key === this.#chartKey && (this.#chartRun || this.#chartParked)) return;
    if (key === this.#chartKey && this.chartDone) return;
    this.#chartKey = key;
    this.#chart.clear();
    this.#markChart();
    this.#measure(key, 0);
  }

  /** Measures the chart's next scale if it waited (off screen, or while a panel ran). */
  #resumeChart(): void {
    const parked = this.#chartParked;
    if (parked) this.#measure(parked.key, parked.i);
  }

  /** Runs scale i of the chart; each finished run adds its point and starts the next. */
  #measure(key: string, i: number): void {
    const s = CHART_S[i];
    this.#chartParked = null;
    if (s === undefined || key !== this.#chartKey) {
      this.#chartRun = null;
      return;
    }
    // The chart waits between scales while the figure is off screen (nobody watches it fill in,
    // and its runs took the processor from the page the reader scrolls) and while a panel runs
    // (the reader's runs have the processor first).
    if (!this.#visible || this.#runners.some((r) => r.running)) {
      this.#chartRun = null;
      this.#chartParked = { key, i };
      return;
    }
    const { seed, prompt, threshold } = this.#state;
    let last: StepResponse | null = null;
    const handle = this.#chartClient.run(
      {
        seed,
        prompt,
        steps: this.#options.steps,
        guidance: s,
        threshold,
        particles: CHART_PARTICLES,
      },
      (step) => {
        if (step.index === step.steps) last = step;
      },
      { finalOnly: true },
    );
    this.#chartRun = handle;
    void handle.finished.then((outcome) => {
      if (this.#chartRun !== handle) return;
      this.#chartRun = null;
      const done = last as StepResponse | null;
      if (outcome.status !== 'done' || !done) {
        // A failed measurement is taken again at the next render.
        if (outcome.status === 'error') this.#chartKey = '';
        return;
      }
      this.#chart.add('precision', { x: s, y: done.precision });
      this.#chart.add('coverage', { x: s, y: done.coverage });
      this.#chart.add('chamfer', { x: s, y: (done.precision + done.coverage) / 2 });
      this.#options.onChange();
      this.#measure(key, i + 1);
    });
  }

  #markChart(): void {
    const s = this.#state.s;
    this.#chart.mark([
      { x: WEAK_S, text: '✗', colour: '#ff9a8f' },
      { x: s, text: `s = ${Math.round(s * 100) / 100}`, colour: s === 7.5 ? '#7fd69a' : '#e8e6e1' },
      { x: STRONG_S, text: '✗', colour: '#ff9a8f' },
    ]);
  }
}

export function createGuidanceView(options: GuidanceViewOptions): GuidanceView {
  return new GuidanceView(options);
}
