/**
 * One panel of a point-cloud layer fed by one simulation run at a time. EP 03, 04 and 05 all
 * draw this way: the worker streams a run's steps, and each arriving step glides the panel's
 * particles from where they are drawn now to the new positions (a short gsap tween of the blend
 * uniform), so motion keeps pace with the worker without queueing frames. A new run cancels the
 * one in flight (SimClient drops its late steps and kills nothing but its tween), so two runs
 * never draw into one panel. Under reduced motion only the finished cloud is drawn (and the
 * seed's noise while the panel is still empty).
 *
 * A run asked for while the panel is off screen, or while the reader scrolls, waits until the
 * panel is on screen and the scroll has settled (setVisible, scroll-settle.ts): a figure loads a
 * screen ahead of the reader and is shown scenes as they scroll past, and runs nobody stopped to
 * watch took the processor the page needed to scroll. Only the latest run waits. The reader who
 * stops at the figure sees the run play from its noise instead of arriving at a finished cloud.
 */
import { tweenValue, type Tween } from './tween.ts';
import { blendInto, type PointsLayer } from './points-layout.ts';
import { fillStartColours } from './particle-colour.ts';
import { SimClient, type RunHandle, type RunOutcome } from './sim-client.ts';
import type { RunParams } from '../sim/sampler.ts';
import type { StepResponse } from '../workers/protocol.ts';
import { pageScroll, type ScrollSettle } from '../scroll/scroll-settle.ts';

/** Seconds a glide between two arriving steps takes: about one worker step, so motion is continuous. */
export const GLIDE_SECONDS = 0.07;
/**
 * The least time between two steps of a run the reader watches, ms: 50 steps a second, so 60
 * steps take about 1.2 s. Faster, the steps outran the frames that could show them, and the
 * panels' workers took the processor the page needed to draw.
 */
export const STEP_PACE_MS = 20;

/** How a runner is set up. */
export interface PanelRunnerOptions {
  layer: PointsLayer;
  panel: number;
  reducedMotion: boolean;
  /** The client to run on (default: a fresh one, disposed with the runner). */
  client?: SimClient;
  /** Colour particles by where they started (default true). */
  colourByStart?: boolean;
  /** When the reader's scrolling has settled (default: the page's scroll). */
  scroll?: ScrollSettle;
  /** Keep every frame of the run (for scrubbing through it later; default false). */
  keepFrames?: boolean;
  /** After each step has arrived (and been drawn, unless reduced motion skipped it). */
  onStep?(step: StepResponse): void;
  /** When the runner's current run ends (not for runs a newer one replaced). */
  onEnd?(outcome: RunOutcome): void;
}

/** A frame that reached the panel: which run it came from and its step. */
export interface DrawnFrame {
  run: number;
  index: number;
}

/** Runs the simulation for one panel and draws what arrives. */
export class PanelRunner {
  readonly #options: PanelRunnerOptions;
  readonly #client: SimClient;
  readonly #ownsClient: boolean;
  #handle: RunHandle | null = null;
  #tween: Tween | null = null;
  #blend = { value: 1 };
  #from: Float32Array | null = null;
  #to: Float32Array | null = null;
  /**
   * Where a glide cut short by a newer step starts from: one buffer per runner, blended into in
   * place (steps arrive faster than glides end, so this was a new array per step and panel).
   */
  #cut: Float32Array | null = null;
  #start: Float32Array | null = null;
  #final: Float32Array | null = null;
  #latest: StepResponse | null = null;
  #frames: StepResponse[] = [];
  #log: DrawnFrame[] = [];
  #params: RunParams | null = null;
  /** A run asked for while off screen or scrolling, started when the panel is on screen and still. */
  #held: RunParams | null = null;
  /** Cancels the wait for the scroll to settle, while there is one. */
  #unwait: (() => void) | null = null;
  #visible = false;
  #disposed = false;

  constructor(options: PanelRunnerOptions) {
    this.#options = options;
    this.#ownsClient = !options.client;
    this.#client = options.client ?? new SimClient();
  }

  /** The parameters of the latest run, or null before any. */
  get params(): RunParams | null {
    return this.#params;
  }

  /** Whether a run is in flight, or waits for the panel to be on screen and the scroll still. */
  get running(): boolean {
    return this.#handle !== null || this.#held !== null;
  }

  /** Whether a run waits for the panel to come on screen or for the scroll to settle. */
  get held(): boolean {
    return this.#held !== null;
  }

  /** Tells the runner whether its panel is on screen; a run held meanwhile starts when it is. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    this.#release();
  }

  /** Whether the current run has finished and its last glide has landed (what is drawn is final). */
  get done(): boolean {
    return this.#final !== null && this.#handle === null && this.#tween === null;
  }

  /** The latest step that arrived from the current run, or null. */
  get latest(): StepResponse | null {
    return this.#latest;
  }

  /** The current run's starting noise (frame 0), or null before it arrives. */
  get start(): Float32Array | null {
    return this.#start;
  }

  /** The finished cloud of the current run, or null while it runs. */
  get final(): Float32Array | null {
    return this.#final;
  }

  /** The frames of the current run kept so far (with keepFrames). */
  get frames(): readonly StepResponse[] {
    return this.#frames;
  }

  /** The frames drawn since the current run started, in order (for tests). */
  get drawLog(): readonly DrawnFrame[] {
    return this.#log;
  }

  /**
   * Starts a run, cancelling the one in flight and its glide; off screen or while the reader
   * scrolls, the run waits until the panel is on screen and still (what is drawn stays meanwhile).
   */
  run(params: RunParams): void {
    this.#tween?.kill();
    this.#tween = null;
    this.#params = params;
    this.#latest = null;
    this.#final = null;
    this.#start = null;
    this.#frames = [];
    this.#log = [];
    this.#handle?.cancel();
    this.#handle = null;
    this.#held = params;
    this.#release();
  }

  /** Starts the held run if the panel is on screen and the scroll has settled, or waits for that. */
  #release(): void {
    const held = this.#held;
    if (!held || !this.#visible || this.#disposed) return;
    const scroll = this.#options.scroll ?? pageScroll;
    if (!scroll.settled()) {
      this.#unwait ??= scroll.afterSettled(() => {
        this.#unwait = null;
        this.#release();
      });
      return;
    }
    this.#held = null;
    this.#launch(held);
  }

  #launch(params: RunParams): void {
    let id = 0;
    // Under reduced motion only the finished cloud is drawn: nothing to pace.
    const paceMs = this.#options.reducedMotion ? 0 : STEP_PACE_MS;
    const handle = this.#client.run(params, (step) => this.#arrive(id, step), { paceMs });
    id = handle.id;
    this.#handle = handle;
    void handle.finished.then((outcome) => {
      if (this.#handle !== handle) return;
      this.#handle = null;
      if (!this.#disposed) this.#options.onEnd?.(outcome);
    });
  }

  /** Cancels the run in flight or held (what is drawn stays). */
  cancel(): void {
    this.#held = null;
    this.#unwait?.();
    this.#unwait = null;
    this.#handle?.cancel();
  }

  /** Shows one kept frame at once (no glide), e.g. to scrub a finished run. */
  show(frame: StepResponse): void {
    this.#tween?.kill();
    this.#tween = null;
    this.#draw(frame.positions, frame.positions, 1);
  }

  /** Frees the tween and, if the runner made it, the client and its worker. */
  dispose(): void {
    this.#disposed = true;
    this.#tween?.kill();
    this.#tween = null;
    this.cancel();
    if (this.#ownsClient) this.#client.dispose();
    this.#frames = [];
  }

  #arrive(run: number, step: StepResponse): void {
    if (this.#disposed) return;
    const { layer, panel, reducedMotion, colourByStart = true, keepFrames = false } = this.#options;
    this.#latest = step;
    if (keepFrames) this.#frames[step.index] = step;
    const last = step.index === step.steps;
    if (step.index === 0) {
      this.#start = step.positions;
      // Every particle keeps the colour of where it started, as on the posters.
      if (colourByStart) layer.setColours(panel, fillStartColours(step.positions));
    }
    if (last) this.#final = step.positions;
    const empty = this.#to === null;
    if (step.index === 0 && (!reducedMotion || empty)) {
      this.#jump(step.positions);
      this.#log.push({ run, index: 0 });
    } else if (last && reducedMotion) {
      this.#jump(step.positions);
      this.#log.push({ run, index: step.index });
    } else if (!reducedMotion && step.index > 0) {
      this.#glide(step.positions);
      this.#log.push({ run, index: step.index });
    }
    this.#options.onStep?.(step);
  }

  #jump(positions: Float32Array): void {
    this.#tween?.kill();
    this.#tween = null;
    this.#draw(positions, positions, 1);
  }

  /** Glides from what is drawn now (mid-glide included) to `positions`. */
  #glide(positions: Float32Array): void {
    let from = positions;
    if (this.#to && this.#from && this.#blend.value < 1) {
      // In place when #from is the buffer itself: each element is read before it is written.
      if (this.#cut?.length !== this.#to.length) this.#cut = new Float32Array(this.#to.length);
      from = blendInto(this.#from, this.#to, this.#blend.value, this.#cut);
    } else if (this.#to) from = this.#to;
    this.#tween?.kill();
    this.#draw(from, positions, 0);
    this.#tween = tweenValue(this.#blend, 1, GLIDE_SECONDS, {
      update: () => this.#options.layer.setBlend(this.#options.panel, this.#blend.value),
      complete: () => {
        this.#tween = null;
      },
    });
  }

  #draw(from: Float32Array, to: Float32Array, blend: number): void {
    this.#from = from;
    this.#to = to;
    this.#blend.value = blend;
    this.#options.layer.setStep(this.#options.panel, from, to, blend);
  }
}

/**
 * A layout that puts each panel over an element of the page (a box in the figure's markup),
 * measured against the canvas, so HTML labels and numbers sit exactly around the panels.
 */
export function boxLayout(
  canvas: () => HTMLCanvasElement,
  boxes: readonly HTMLElement[],
): (width: number, height: number) => { x: number; y: number; width: number; height: number }[] {
  return () => {
    const origin = canvas().getBoundingClientRect();
    return boxes.map((box) => {
      const r = box.getBoundingClientRect();
      return {
        x: Math.round(r.left - origin.left),
        y: Math.round(r.top - origin.top),
        width: Math.round(r.width),
        height: Math.round(r.height),
      };
    });
  };
}

/**
 * Calls `moved` whenever a box given to boxLayout may have moved against the canvas. Watching the
 * boxes' own size is not enough: a square box centred in a taller cell keeps its size when the
 * cell's title or readouts change height, yet slides up or down, and the panel would stay drawn
 * where it was. So every element from each box up to the canvas's parent is watched; a change
 * of that parent's size resizes the canvas, which lays the panels out again by itself.
 */
export function watchBoxes(
  canvas: HTMLCanvasElement,
  boxes: readonly HTMLElement[],
  moved: () => void,
): ResizeObserver {
  const observer = new ResizeObserver(moved);
  const stop = canvas.parentElement;
  const watched = new Set<Element>();
  for (const box of boxes) {
    for (let el: Element | null = box; el && el !== stop; el = el.parentElement) {
      if (watched.has(el)) break;
      watched.add(el);
      observer.observe(el);
    }
  }
  return observer;
}
