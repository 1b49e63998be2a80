/**
 * EP 02's view: a one-panel point cloud (WebGL, or Canvas 2D without it), the simulation worker
 * that streams the 61 frames of the seed's run, and gsap playback over them. Frames are kept as
 * they arrive, so scrubbing back is instant; each move between frames is a tween of the layer's
 * blend uniform, so motion is smooth at any speed; the worker does every step of the maths.
 */
import { tweenValue, type Tween } from './tween.ts';
import { createPointsLayer, type LayerSnapshot, type PointsLayer } from './points-view.ts';
import { fillStartColours } from './particle-colour.ts';
import { SimClient, type RunHandle } from './sim-client.ts';
import { liveContexts } from './context-budget.ts';
import {
  initialPlayback,
  reducePlayback,
  type PlaybackCommand,
  type PlaybackMove,
  type PlaybackState,
} from './reverse-playback.ts';
import { getTarget, type PromptId } from '../sim/targets.ts';
import type { StepResponse } from '../workers/protocol.ts';
import type { FigureView } from '../components/interactive-figure.ts';

/** Seconds per step of playback: the 60-step film runs in about 4.5 s. */
export const STEP_SECONDS = 0.075;

/** The run the figure shows. */
export interface ReverseRun {
  seed: number;
  prompt: PromptId;
  steps: number;
  guidance: number;
  particles: number;
}

/** What the view reports to its element after every change. */
export interface ReverseFrameInfo {
  frame: number;
  steps: number;
  playing: boolean;
  /** "avg distance from target" of the frame, or null before it has arrived. */
  distance: number | null;
  /** How the target is named in prose, e.g. "a heart". */
  shape: string;
}

export interface ReverseViewOptions {
  canvas: HTMLCanvasElement;
  run: ReverseRun;
  /** The frame to show first. */
  frame: number;
  ghost: boolean;
  /** Under reduced motion nothing plays by itself and steps jump instead of gliding. */
  reducedMotion: boolean;
  /** A line for the status area (the Canvas 2D note). */
  note(message: string): void;
  /** After every change of frame or playing state. */
  onChange(info: ReverseFrameInfo): void;
  /** The simulation failed; the next action starts it again. */
  onError(message: string): void;
}

/** One arrived frame. */
interface Frame {
  positions: Float32Array;
  x0: Float32Array;
  distance: number;
}

/** The loaded EP 02 view: the FigureView contract, playback commands and test hooks. */
export class ReverseView implements FigureView {
  readonly #layer: PointsLayer;
  readonly #client = new SimClient();
  readonly #options: ReverseViewOptions;
  readonly #frames: (Frame | undefined)[];
  readonly #shape: string;
  #available = 0;
  #playback: PlaybackState;
  #run: RunHandle | null = null;
  #tween: Tween | null = null;
  #blend = { value: 1 };
  #visible = false;
  #disposed = false;
  #coloured = false;

  constructor(options: ReverseViewOptions) {
    this.#options = options;
    this.#frames = new Array<Frame | undefined>(options.run.steps + 1);
    this.#shape = getTarget(options.run.prompt).label;
    this.#layer = createPointsLayer(
      options.canvas,
      { particles: options.run.particles },
      options.note,
    );
    this.#layer.setGhostVisible(0, options.ghost);
    this.#playback = initialPlayback(this.#clampFrame(options.frame));
    this.#startRun();
    this.#dispatch({ type: 'seek', frame: this.#playback.frame });
  }

  /** 'webgl' or 'canvas2d'. */
  get mode(): PointsLayer['mode'] {
    return this.#layer.mode;
  }

  get frame(): number {
    return this.#playback.frame;
  }

  get playing(): boolean {
    return this.#playback.playing;
  }

  /** How many frames have arrived (0 … steps + 1). */
  get available(): number {
    return this.#available;
  }

  /** A copy of a frame's particle positions, or null before it has arrived. */
  positions(frame: number): Float32Array | null {
    const f = this.#frames[frame];
    return f ? Float32Array.from(f.positions) : null;
  }

  /** The positions as last drawn (a copy). */
  drawnPositions(): Float32Array {
    return this.#layer.drawnPositions(0);
  }

  snapshot(): LayerSnapshot {
    return this.#layer.snapshot();
  }

  memory(): { geometries: number; textures: number } | null {
    return this.#layer.memory();
  }

  loseAndRestoreContext(): Promise<void> {
    return this.#layer.loseAndRestoreContext();
  }

  /** Live WebGL contexts held by the page's figures (the budget allows 4). */
  liveContexts(): number {
    return liveContexts();
  }

  play(): void {
    this.#act({ type: 'play' });
  }

  pause(): void {
    this.#act({ type: 'pause' });
  }

  toggle(): void {
    this.#act({ type: 'toggle' });
  }

  restart(): void {
    this.#act({ type: 'restart' });
  }

  step(by: number): void {
    this.#act({ type: 'step', by });
  }

  seek(frame: number): void {
    this.#act({ type: 'seek', frame });
  }

  setGhost(on: boolean): void {
    this.#layer.setGhostVisible(0, on);
  }

  /** Scroll steps: `play` plays the film from the noise (reduced motion: shows the end). */
  applyScene(_step: string, scene: object): void {
    const { frame, play } = scene as { frame?: unknown; play?: unknown };
    if (play === true) {
      if (this.#options.reducedMotion) this.seek(this.#last);
      else this.restart();
    } else if (typeof frame === 'number') {
      // Reaching the last step while the film is still running: let it finish on its own.
      if (this.#playback.playing && frame >= this.#last) return;
      this.seek(frame);
    }
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    this.#layer.setVisible(visible);
    // Offscreen, playback waits for the reader instead of running unseen.
    if (visible) this.#tween?.resume();
    else this.#tween?.pause();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#tween?.kill();
    this.#tween = null;
    this.#client.dispose();
    this.#layer.dispose();
    this.#frames.fill(undefined);
    this.#available = 0;
  }

  get #last(): number {
    return this.#options.run.steps;
  }

  #clampFrame(frame: number): number {
    return Math.min(
      this.#last,
      Math.max(0, Math.round(Number.isFinite(frame) ? frame : this.#last)),
    );
  }

  /** A reader's command: also restarts a run that failed. */
  #act(command: PlaybackCommand): void {
    if (this.#disposed) return;
    if (this.#available <= this.#last && !this.#run) this.#startRun();
    this.#dispatch(command);
  }

  #startRun(): void {
    const { run } = this.#options;
    const handle = this.#client.run(
      {
        seed: run.seed,
        prompt: run.prompt,
        steps: run.steps,
        guidance: run.guidance,
        particles: run.particles,
      },
      (step) => this.#arrive(step),
    );
    this.#run = handle;
    void handle.finished.then((outcome) => {
      if (this.#run === handle) this.#run = null;
      if (outcome.status === 'error' && !this.#disposed) this.#options.onError(outcome.message);
    });
  }

  #arrive(step: StepResponse): void {
    if (this.#disposed) return;
    const k = step.index;
    if (k < 0 || k > this.#last) return;
    this.#frames[k] = { positions: step.positions, x0: step.x0, distance: step.precision };
    if (k === 0 && !this.#coloured) {
      // Every particle keeps the colour of where it started, as on the poster.
      this.#layer.setColours(0, fillStartColours(step.positions));
      this.#coloured = true;
    }
    while (this.#available <= this.#last && this.#frames[this.#available]) this.#available++;
    this.#dispatch({ type: 'arrived' });
  }

  #dispatch(command: PlaybackCommand): void {
    const { state, move } = reducePlayback(this.#playback, command, {
      last: this.#last,
      available: this.#available,
    });
    this.#playback = state;
    if (move) this.#startMove(move);
    this.#report();
  }

  #startMove(move: PlaybackMove): void {
    const from = this.#frames[move.from] ?? this.#frames[move.to];
    const to = this.#frames[move.to];
    if (!from || !to) {
      this.#dispatch({ type: 'moved' });
      return;
    }
    this.#tween?.kill();
    this.#tween = null;
    const animate = move.animate && !this.#options.reducedMotion;
    this.#blend.value = animate ? 0 : 1;
    this.#layer.setStep(0, from.positions, to.positions, this.#blend.value);
    this.#layer.setGhost(0, from.x0, to.x0);
    if (!animate && !this.#playback.playing) {
      this.#playback = { ...this.#playback, moving: false };
      return;
    }
    // A glide between frames, or (jumping while playing) a hold on the frame for one step.
    this.#tween = tweenValue(
      this.#blend,
      1,
      STEP_SECONDS,
      {
        update: () => this.#layer.setBlend(0, this.#blend.value),
        complete: () => {
          this.#tween = null;
          this.#dispatch({ type: 'moved' });
        },
      },
      // Without animation (reduced motion), the tween only paces the frames of a film the
      // reader pressed play on: each frame is shown still for one step's time.
      { pacing: !animate },
    );
    if (!this.#visible) this.#tween.pause();
  }

  #report(): void {
    const { frame, playing } = this.#playback;
    this.#options.onChange({
      frame,
      steps: this.#last,
      playing,
      distance: this.#frames[frame]?.distance ?? null,
      shape: this.#shape,
    });
  }
}

/** Makes EP 02's view on `canvas` (WebGL or Canvas 2D) and starts computing its run. */
export function createReverseView(options: ReverseViewOptions): ReverseView {
  return new ReverseView(options);
}
