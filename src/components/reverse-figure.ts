/**
 * <reverse-figure>: EP 02, the reverse process. 1,200 particles of seeded static denoised by 60
 * DDIM steps into the prompt's shape. One state, { seed, prompt, frame, ghost }, driven by the
 * transport buttons, the scrub slider, the ghost toggle and the scroll steps alike; the counter,
 * the slider, the canvas's label and the spoken summary are written from it.
 *
 *   created ──near viewport──▶ loading (three.js or Canvas 2D, worker starts the run) ──▶ running ⇄ paused offscreen
 *      │  (poster, "step 60 / 60")      │                                                   (playback waits too)
 *      │                                └─ failed: poster, message, "Try again"
 *      └──────── disconnected: listeners removed, view disposed (renderer, context, worker) ◀──┘
 *
 * This module stays light (no three.js, no gsap, no sim): the view loads with the figure.
 */
import {
  InteractiveFigure,
  type FigureView,
  readyCanvas,
  yieldToMain,
} from './interactive-figure.ts';
import { counterText, describeFrame } from './reverse-words.ts';
import type { ReverseState } from '../state/episode-state.ts';
import type { PromptId } from '../sim/targets.ts';
import type { ReverseFrameInfo, ReverseView } from '../render/reverse-view.ts';
import type { LayerSnapshot } from '../render/points-layout.ts';

/** Screen readers hear the summary once the cloud has rested this long (not on every frame). */
const ANNOUNCE_DELAY_MS = 600;

/** A whole number from a data-* attribute, or the fallback. */
function intFrom(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) ? n : fallback;
}

export class ReverseFigureElement extends InteractiveFigure {
  #state: ReverseState;
  readonly #steps: number;
  readonly #guidance: number;
  readonly #particles: number;
  #reverseView: ReverseView | null = null;
  /** The last view, kept after disposal only for its memory counters (tests read them). */
  #lastView: ReverseView | null = null;
  #info: ReverseFrameInfo | null = null;
  #listeners: AbortController | null = null;
  #frame = 0;
  #announceTimer = 0;
  #note = '';
  #failed = false;
  #nearAt: number | null = null;
  #firstParticlesAt: number | null = null;

  constructor() {
    super();
    const d = this.dataset;
    this.#steps = intFrom(d.steps, 60);
    this.#guidance = Number.isFinite(Number(d.guidance)) ? Number(d.guidance) : 7.5;
    this.#particles = intFrom(d.particles, 1200);
    this.#state = {
      seed: intFrom(d.seed, 7),
      prompt: (d.prompt ?? 'heart') as PromptId,
      frame: Math.min(this.#steps, Math.max(0, intFrom(d.frame, this.#steps))),
      ghost: d.ghost === 'true',
    };
  }

  /** A copy of the state (what a shared link will carry). */
  get state(): ReverseState {
    return { ...this.#state };
  }

  override get shareState(): ReverseState {
    return this.state;
  }

  /**
   * Opens at a shared link's frame and ghost (and, before the run has started, its seed and
   * prompt); the frame holds until the reader scrolls on to another step.
   */
  override restoreState(state: object): void {
    const shared = state as Partial<ReverseState>;
    const live = this.#live;
    if (!live) this.#state = { ...this.#state, ...shared };
    this.holdScenes();
    if (typeof shared.ghost === 'boolean') this.setGhost(shared.ghost);
    if (live && typeof shared.frame === 'number') this.seek(shared.frame);
  }

  /** The frame shown (0 … 60). */
  get frame(): number {
    return this.#state.frame;
  }

  /** Whether the film is playing. */
  get playing(): boolean {
    return this.#info?.playing ?? false;
  }

  /** 'webgl' or 'canvas2d' once loaded, null before. */
  get mode(): ReverseView['mode'] | null {
    return this.#live?.mode ?? null;
  }

  /** How many of the run's frames have arrived from the worker. */
  get available(): number {
    return this.#live?.available ?? 0;
  }

  /** For tests: when the element neared the viewport and when its first particles were drawn (ms). */
  get timings(): { near: number | null; firstParticles: number | null } {
    return { near: this.#nearAt, firstParticles: this.#firstParticlesAt };
  }

  /** A copy of a frame's particle positions (x, y interleaved), or null before it arrives. */
  positions(frame: number): Float32Array | null {
    return this.#live?.positions(frame) ?? null;
  }

  /** For tests: the positions as last drawn. */
  drawnPositions(): Float32Array | null {
    return this.#live?.drawnPositions() ?? null;
  }

  /** For tests: renders now and summarises the canvas's pixels. */
  snapshot(): LayerSnapshot | null {
    return this.#live?.snapshot() ?? null;
  }

  /** For tests: the renderer's memory counters (kept after the element leaves the page). */
  memory(): { geometries: number; textures: number } | null {
    return (this.#live ?? this.#lastView)?.memory() ?? null;
  }

  /** For tests: live WebGL contexts of the page's figures. */
  liveContexts(): number | null {
    return (this.#live ?? this.#lastView)?.liveContexts() ?? null;
  }

  /** For tests: loses the WebGL context, restores it, resolves when redrawn. */
  async loseAndRestoreContext(): Promise<void> {
    await this.#live?.loseAndRestoreContext();
  }

  /** Plays from the current frame (from the start if at the end). */
  play(): void {
    this.#command((view) => view.play());
  }

  pause(): void {
    this.#command((view) => view.pause());
  }

  /** Shows frame k (0 … 60) and stops playing. */
  seek(frame: number): void {
    this.#command((view) => view.seek(frame));
  }

  /** Shows or hides the ghost of x̂₀. */
  setGhost(on: boolean): void {
    this.#state = { ...this.#state, ghost: on };
    this.#live?.setGhost(on);
    const box = this.querySelector<HTMLInputElement>('[data-ghost]');
    if (box && box.checked !== on) box.checked = on;
  }

  /** The view, if it is the one this element made and it is still live. */
  get #live(): ReverseView | null {
    return this.#reverseView && (this.view as unknown) === this.#reverseView
      ? this.#reverseView
      : null;
  }

  override load(): Promise<void> {
    this.#nearAt ??= performance.now();
    return super.load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listeners?.abort();
    this.#listeners = null;
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    clearTimeout(this.#announceTimer);
    this.#lastView = this.#reverseView;
    this.#reverseView = null;
  }

  protected async loadView(): Promise<FigureView> {
    const { createReverseView } = await import('../render/reverse-view.ts');
    // The module's evaluation, the canvas's lease, context and renderer, and the view: a task each.
    await yieldToMain();
    const canvas = await readyCanvas(this.querySelector<HTMLCanvasElement>('[data-canvas]'));
    if (!canvas) throw new Error('<reverse-figure> has no canvas');
    const { seed, prompt, frame, ghost } = this.#state;
    const view = createReverseView({
      canvas,
      run: {
        seed,
        prompt,
        steps: this.#steps,
        guidance: this.#guidance,
        particles: this.#particles,
      },
      frame,
      ghost,
      reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
      note: (message) => {
        this.#note = message;
        this.setStatus(message);
      },
      onChange: (info) => this.#onChange(info),
      onError: (message) => this.#onError(message),
    });
    this.#reverseView = view;
    return view;
  }

  /** Runs a reader's command on the live view; clears a failure message first. */
  #command(run: (view: ReverseView) => void): void {
    const view = this.#live;
    if (!view) return;
    if (this.#failed) {
      this.#failed = false;
      this.setStatus(this.#note);
    }
    run(view);
  }

  #onChange(info: ReverseFrameInfo): void {
    this.#info = info;
    if (this.#firstParticlesAt === null && info.distance !== null) {
      this.#firstParticlesAt = performance.now();
    }
    this.#state = { ...this.#state, frame: info.frame };
    // DOM writes coalesce to one per animation frame.
    if (!this.#frame) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.#render();
      });
    }
    clearTimeout(this.#announceTimer);
    if (!info.playing && info.distance !== null) {
      this.#announceTimer = window.setTimeout(() => this.#announce(), ANNOUNCE_DELAY_MS);
    }
  }

  #onError(message: string): void {
    this.#failed = true;
    const detail = message.replace(/\.$/, '');
    this.setStatus(
      `The simulation stopped (${detail}). Press play, a step button or move the slider to start it again.`,
    );
  }

  /** Writes the state into the counter, the controls and the canvas's label. */
  #render(): void {
    const info = this.#info;
    if (!info) return;
    const { frame, steps, playing, distance, shape } = info;
    const kicker = this.querySelector('[data-kicker]');
    const counter = counterText(frame, steps);
    if (kicker && kicker.textContent !== counter) kicker.textContent = counter;
    const slider = this.querySelector<HTMLInputElement>('[data-scrub]');
    if (slider) {
      if (slider.valueAsNumber !== frame) slider.value = String(frame);
      slider.setAttribute('aria-valuetext', `step ${frame} of ${steps}`);
    }
    const toggle = this.querySelector<HTMLButtonElement>('[data-action="toggle"]');
    if (toggle) {
      const label = playing ? 'Pause' : 'Play';
      if (toggle.getAttribute('aria-label') !== label) toggle.setAttribute('aria-label', label);
      toggle.dataset.playing = String(playing);
    }
    // While the film plays only the counter and the slider follow it; the sentence, the canvas's
    // label (and the accessibility tree behind them) are rewritten once it rests.
    if (playing) return;
    const words = describeFrame(frame, steps, distance, shape);
    const describe = this.querySelector('[data-describe]');
    if (describe && describe.textContent !== words) describe.textContent = words;
    // Not cached: the view may swap the canvas (Canvas 2D fallback, a rebuilt renderer).
    this.querySelector('[data-canvas]')?.setAttribute(
      'aria-label',
      `Particle cloud, ${words}.${this.#state.ghost ? ' The ghost of each particle’s predicted end point is shown faintly.' : ''}`,
    );
  }

  #announce(): void {
    const info = this.#info;
    const live = this.querySelector('[data-announce]');
    if (!info || !live) return;
    live.textContent = describeFrame(info.frame, info.steps, info.distance, info.shape);
  }

  #listen(): void {
    this.#listeners?.abort();
    this.#listeners = new AbortController();
    const { signal } = this.#listeners;
    const on = (selector: string, type: string, handler: (event: Event) => void) =>
      this.querySelector(selector)?.addEventListener(type, handler, { signal });
    on('[data-action="toggle"]', 'click', () => this.#command((view) => view.toggle()));
    on('[data-action="restart"]', 'click', () => this.#command((view) => view.restart()));
    on('[data-action="back"]', 'click', () => this.#command((view) => view.step(-1)));
    on('[data-action="forward"]', 'click', () => this.#command((view) => view.step(1)));
    on('[data-scrub]', 'input', (event) => {
      const value = (event.target as HTMLInputElement).valueAsNumber;
      this.#command((view) => view.seek(value));
    });
    on('[data-ghost]', 'change', (event) => {
      this.setGhost((event.target as HTMLInputElement).checked);
      this.#render();
    });
  }
}
