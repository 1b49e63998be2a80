/**
 * The base of every interactive figure element. It owns the lifecycle that all five share:
 *
 *   created ──near viewport──▶ loading ──▶ running ⇄ paused (offscreen: no renders)
 *      │                          │
 *      │                          └─ load failed ─▶ poster stays + message + "Try again"
 *      └──────────── disconnected: observers disconnected, view disposed (renderer, worker) ◀─┘
 *
 * The heavy part (three.js, shaders, the worker) is a "view" loaded with a dynamic import when the
 * element first comes within a viewport of the screen after the reader's first interaction (see
 * first-interaction.ts), so nothing WebGL is in the page's entry chunk and a page that is merely
 * loaded never parses three.js. Scroll steps reach the element through showScene(); the element forwards the latest
 * scene to its view once the view exists.
 */

import { firstInteraction } from './first-interaction.ts';
import { yieldToMain } from '../render/yield-to-main.ts';

// A figure waking up evaluates its view's module, then builds a renderer and its buffers: on a
// slow phone that is one task of well over 50 ms unless the figures split it with this.
export { yieldToMain };

/** What a loaded interactive does; each episode implements one. */
export interface FigureView {
  /** Show the scene of a scroll step (an entry of src/scroll/scenes.ts). */
  applyScene(step: string, scene: object): void;
  /** Stop or resume rendering as the figure leaves or enters the screen. */
  setVisible(visible: boolean): void;
  /** Free everything: renderer, geometry, textures, worker, listeners. */
  dispose(): void;
}

/** Whether the views' libraries have been evaluated (loadLibraries has run to the end once). */
let librariesLoaded = false;

/**
 * Evaluates the libraries every view imports, a task each, before a figure loads its view (see
 * #load), whose import would otherwise evaluate them all in one task: three.js's core
 * (three-core.ts), its renderer with gl-surface.ts, then gsap's core with tween.ts. In one task
 * they were 50–70 ms of work at 4× CPU slowdown as the first figure woke; a task each, 10–40 ms.
 * Once done, it resolves at once. A chunk that fails to load rejects (the figure offers to try
 * again), and the next call tries again.
 */
async function loadLibraries(): Promise<void> {
  if (librariesLoaded) return;
  await import('../render/three-core.ts');
  await yieldToMain();
  await import('../render/gl-surface.ts');
  await yieldToMain();
  await import('../render/tween.ts');
  await yieldToMain();
  librariesLoaded = true;
}

/**
 * Gets a figure's canvas ready for its view in tasks of their own (gl-surface.ts prepareCanvas):
 * its context lease, its WebGL context, then three.js's renderer. Resolves to the canvas to build
 * the view on (a missing canvas stays missing). `ratio` sizes the drawing buffer as the view will.
 */
export async function readyCanvas(
  canvas: HTMLCanvasElement | null,
  ratio?: (width: number, height: number) => number,
): Promise<HTMLCanvasElement | null> {
  if (!canvas) return null;
  const { prepareCanvas } = await import('../render/gl-surface.ts');
  return prepareCanvas(canvas, yieldToMain, ratio);
}

/** Resolves in the task after the page's next frame has been rendered. */
function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

/** How far outside the viewport a figure starts loading (a generous margin). */
const NEAR_MARGIN = '100% 0px 100% 0px';

export abstract class InteractiveFigure extends HTMLElement {
  #near: IntersectionObserver | null = null;
  #visibility: IntersectionObserver | null = null;
  #view: FigureView | null = null;
  #loading: Promise<void> | null = null;
  #visible = false;
  #step: string | null = null;
  #scene: object | null = null;
  #generation = 0;
  /** While set, scroll scenes do not reach the view: a shared link's state holds. */
  #hold: { step: string | null } | null = null;

  /** Loads the heavy module and builds the view inside this element. */
  protected abstract loadView(): Promise<FigureView>;

  /** Called once the view loadView built is the figure's (`view`) and has its scene. */
  protected viewStarted(): void {}

  /** The id of the scroll step whose scene the figure shows, or null before any step. */
  get currentStep(): string | null {
    return this.#step;
  }

  /** The scene of the current step. */
  get scene(): object | null {
    return this.#scene;
  }

  /** The loaded view, or null before it loads (and after the element left the page). */
  protected get view(): FigureView | null {
    return this.#view;
  }

  /**
   * The figure's state for a shared link (one of src/state/episode-state.ts's objects), or null
   * when it has nothing to share yet. Interactives override this.
   */
  get shareState(): object | null {
    return null;
  }

  /** Restores state from a shared link (already validated by parseUrlState). */
  restoreState(state: object): void {
    void state;
  }

  /**
   * Keeps a shared link's state on screen while the reader stays in the step they landed in:
   * scroll scenes are ignored until the reader scrolls on to another step.
   */
  protected holdScenes(): void {
    this.#hold = { step: this.#step };
  }

  /** Whether scroll scenes are being held back for a shared link's state. */
  protected get scenesHeld(): boolean {
    return this.#hold !== null;
  }

  /** Whether the element is on screen now. */
  get isVisible(): boolean {
    return this.#visible;
  }

  /**
   * The box whose place on screen decides loading and pausing: the stage. (On narrow screens the
   * figure element itself is display: contents, has no box, and would never intersect.)
   */
  get #watched(): Element {
    return this.querySelector('[data-stage]') ?? this;
  }

  connectedCallback(): void {
    this.#generation++;
    this.#near = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        const generation = this.#generation;
        void firstInteraction().then(() => {
          if (generation === this.#generation) void this.load();
        });
      },
      { rootMargin: NEAR_MARGIN },
    );
    this.#near.observe(this.#watched);
    this.#visibility = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (!last) return;
      this.#visible = last.isIntersecting;
      this.#view?.setVisible(this.#visible);
    });
    this.#visibility.observe(this.#watched);
  }

  disconnectedCallback(): void {
    this.#generation++;
    this.#near?.disconnect();
    this.#visibility?.disconnect();
    this.#near = null;
    this.#visibility = null;
    this.#view?.dispose();
    this.#view = null;
    this.#loading = null;
    // Without its view the figure is its poster again, until it is back on a page and loads.
    this.toggleAttribute('data-live', false);
  }

  /** Called by the scroll wiring when a step becomes active or scrubs. */
  showScene(step: string, scene: object): void {
    const changed = step !== this.#step;
    this.#step = step;
    this.#scene = scene;
    const hold = this.#hold;
    if (hold) {
      hold.step ??= step;
      if (hold.step !== step) this.#hold = null;
    }
    if (!this.#hold) this.#view?.applyScene(step, scene);
    if (changed) this.dispatchEvent(new CustomEvent('scenechange', { detail: { step, scene } }));
  }

  /** Loads the view now (also what "Try again" does). Resolves when it is running. */
  load(): Promise<void> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<void> {
    const generation = this.#generation;
    this.setStatus('');
    try {
      await loadLibraries();
      // The controls are laid out now, while the figure is still about a screen away and its view
      // has tasks to go: their style and layout (10–25 ms at 4× CPU slowdown) get a frame of their
      // own instead of joining the one that hides the poster and draws the first picture. (Not
      // before the libraries: loading starts at the reader's first scroll, and a scroll listener
      // that reads the layout would lay them out inside that event's task.) They stay inert (seen,
      // not focusable or clickable) until the view is there to act on them.
      this.#showControls('inert');
      const view = await this.loadView();
      // What building the view added to the page (EP 04 and 05's charts, the canvas's size) is
      // styled and laid out in a frame of its own while the poster still shows; the next frame
      // swaps in the first picture. In one frame, the two were 55–70 ms of work at 4× CPU
      // slowdown.
      await afterNextFrame();
      if (generation !== this.#generation) {
        view.dispose();
        return;
      }
      this.#view = view;
      this.#near?.disconnect();
      this.#showControls('live');
      this.toggleAttribute('data-live', true);
      if (this.#step && this.#scene && !this.#hold) view.applyScene(this.#step, this.#scene);
      view.setVisible(this.#visible);
      this.viewStarted();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#loading = null;
      console.warn('Interactive figure failed to load', error);
      this.#showControls('hidden');
      this.showRetry();
    }
  }

  /**
   * Shows the figure's controls, inert while the view loads and live once it runs, or hides them
   * (as the markup does: without a view they would do nothing).
   */
  #showControls(as: 'hidden' | 'inert' | 'live'): void {
    const controls = this.querySelector<HTMLElement>('[data-controls]');
    if (!controls) return;
    if (controls.hidden !== (as === 'hidden')) controls.hidden = as === 'hidden';
    if (controls.inert !== (as === 'inert')) controls.inert = as === 'inert';
  }

  /** Writes a one-line message under the figure (role="status"), or clears it. */
  protected setStatus(message: string): void {
    const status = this.querySelector<HTMLElement>('[data-status]');
    if (!status) return;
    // Only what changed: figures clear the status on every change the reader makes, and each
    // write, even of the same value, marks the page's style for recalculation.
    if (status.textContent !== message) status.textContent = message;
    if (status.hidden !== (message === '')) status.hidden = message === '';
  }

  /** Leaves the poster in place and offers to load the interactive again. */
  protected showRetry(): void {
    this.setStatus(
      'The interactive part of this figure could not load. The picture above is a still of it.',
    );
    const retry = this.querySelector<HTMLButtonElement>('[data-retry]');
    if (!retry) return;
    retry.hidden = false;
    retry.onclick = () => {
      retry.hidden = true;
      void this.load();
    };
  }
}
