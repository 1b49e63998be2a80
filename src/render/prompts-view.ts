/**
 * EP 03's view: two panels in one canvas. The left one holds the seed's starting noise, still;
 * the right one grows that same noise into the chosen prompt's shape. Both colour each particle
 * by where it started, so the reader can follow it from one panel to the other and from one
 * prompt to the next.
 */
import { createPointsLayer, type LayerSnapshot, type PointsLayer } from './points-view.ts';
import { PanelRunner, boxLayout, watchBoxes, type DrawnFrame } from './panel-runner.ts';
import { fillStartColours } from './particle-colour.ts';
import type { RunOutcome } from './sim-client.ts';
import { PROMPT_IDS, getTarget, matchPrompt, type PromptId } from '../sim/targets.ts';
import type { PromptsState } from '../state/episode-state.ts';
import type { StepResponse } from '../workers/protocol.ts';
import type { FigureView } from '../components/interactive-figure.ts';

/** Panel 0: the starting noise; panel 1: the run. */
const START = 0;
const RESULT = 1;

export interface PromptsViewOptions {
  canvas: HTMLCanvasElement;
  /** The elements the two panels are drawn over: start, result. */
  boxes: [HTMLElement, HTMLElement];
  state: PromptsState;
  steps: number;
  guidance: number;
  particles: number;
  reducedMotion: boolean;
  note(message: string): void;
  onStep(step: StepResponse): void;
  onEnd(outcome: RunOutcome): void;
}

export class PromptsView implements FigureView {
  readonly #options: PromptsViewOptions;
  readonly #layer: PointsLayer;
  readonly #runner: PanelRunner;
  readonly #resize: ResizeObserver;
  #state: PromptsState;

  constructor(options: PromptsViewOptions) {
    this.#options = options;
    this.#state = options.state;
    let layer: PointsLayer | null = null;
    const layout = boxLayout(() => layer?.canvas ?? options.canvas, options.boxes);
    layer = createPointsLayer(
      options.canvas,
      { panels: 2, particles: options.particles, layout },
      options.note,
    );
    this.#layer = layer;
    this.#resize = watchBoxes(options.canvas, options.boxes, () => this.#layer.setLayout(layout));
    this.#runner = new PanelRunner({
      layer,
      panel: RESULT,
      reducedMotion: options.reducedMotion,
      onStep: (step) => {
        if (step.index === 0) {
          this.#layer.setColours(START, fillStartColours(step.positions));
          this.#layer.setStep(START, step.positions, step.positions, 1);
        }
        options.onStep(step);
      },
      onEnd: (outcome) => options.onEnd(outcome),
    });
    this.#run();
  }

  get mode(): PointsLayer['mode'] {
    return this.#layer.mode;
  }

  /** How each prompt is named in prose, in menu order. */
  labels(): string[] {
    return PROMPT_IDS.map((id) => getTarget(id).label);
  }

  /** How a prompt is named in prose ("a heart"). */
  labelOf(prompt: PromptId): string {
    return getTarget(prompt).label;
  }

  /** The prompt typed words ask for, or null ("a red heart" → heart). */
  match(text: string): PromptId | null {
    return matchPrompt(text);
  }

  /** Runs again when the seed or the prompt changed, or always with `force` (after a failure). */
  show(state: PromptsState, force = false): void {
    const previous = this.#state;
    this.#state = state;
    if (force || previous.seed !== state.seed || previous.prompt !== state.prompt) this.#run();
  }

  get latest(): StepResponse | null {
    return this.#runner.latest;
  }

  get done(): boolean {
    return this.#runner.done;
  }

  get start(): Float32Array | null {
    return this.#runner.start;
  }

  get final(): Float32Array | null {
    return this.#runner.final;
  }

  get drawLog(): readonly DrawnFrame[] {
    return this.#runner.drawLog;
  }

  drawnPositions(panel: number): Float32Array {
    return this.#layer.drawnPositions(panel);
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
    this.#resize.disconnect();
    this.#runner.dispose();
    this.#layer.dispose();
  }

  #run(): void {
    const { seed, prompt } = this.#state;
    this.#runner.run({
      seed,
      prompt,
      steps: this.#options.steps,
      guidance: this.#options.guidance,
      particles: this.#options.particles,
    });
  }
}

export function createPromptsView(options: PromptsViewOptions): PromptsView {
  return new PromptsView(options);
}
