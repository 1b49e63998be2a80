/**
 * What EP 03, 04 and 05's elements share on top of InteractiveFigure: one typed state object
 * (src/state/episode-state.ts) that every control, scroll step and shared link changes through
 * update(); DOM writes coalesced to one per animation frame (a streaming run's numbers to ten a
 * second); a spoken summary once the numbers rest; and the rule for scroll steps:
 *
 *   entering a step ──▶ its scene is applied (the reader's own choices stay until the next step)
 *   shared link ──▶ its state holds in the step the reader lands in; the next step takes over
 *
 * This module stays light (no three.js, no sim): views load with the figure.
 */
import { InteractiveFigure, type FigureView } from './interactive-figure.ts';

/** Screen readers hear the summary once the numbers have rested this long. */
const ANNOUNCE_DELAY_MS = 700;
/**
 * While a run streams its steps, its numbers reach the DOM at most this often: ten readings a
 * second is as fast as anyone reads them, and each DOM write costs the phone a style, layout and
 * paint on top of the particles' own frame.
 */
export const PROGRESS_INTERVAL_MS = 100;

/** A whole number from a data-* attribute, or the fallback. */
export function intFrom(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(n) ? n : fallback;
}

/** A finite number from a data-* attribute, or the fallback. */
export function numberFrom(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) ? n : fallback;
}

/**
 * Sets an attribute only when its value changes. Writing the same value again still invalidates
 * style (selectors such as [aria-pressed="true"] and [data-verdict]) and the accessibility tree,
 * and renders run up to sixty times a second while the particles move.
 */
export function setAttr(node: Element | null | undefined, name: string, value: string): void {
  if (node && node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Shows or hides an element, touching it only when that changes. */
export function setHidden(node: HTMLElement | null | undefined, hidden: boolean): void {
  if (node && node.hidden !== hidden) node.hidden = hidden;
}

export abstract class StatefulFigure<
  S extends object,
  V extends FigureView,
> extends InteractiveFigure {
  #state: S;
  #view: V | null = null;
  /** The last run failed and its message is showing. */
  #failed = false;
  #frame = 0;
  #progressTimer = 0;
  #lastWrite = -Infinity;
  #announceTimer = 0;
  /** The words the pending announcement will write. */
  #announcing = '';
  #listeners: AbortController | null = null;
  protected readonly reducedMotion: boolean;

  constructor(initial: S) {
    super();
    this.#state = initial;
    this.reducedMotion =
      typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  /** A copy of the state. */
  get state(): S {
    return { ...this.#state };
  }

  /** What a shared link carries: the whole state object. */
  override get shareState(): S {
    return { ...this.#state };
  }

  /** Opens at a shared link's state; it holds until the reader scrolls on to another step. */
  override restoreState(state: object): void {
    this.holdScenes();
    this.update(this.sanitize(state));
  }

  override showScene(step: string, scene: object): void {
    const entered = step !== this.currentStep;
    super.showScene(step, scene);
    if (entered && !this.scenesHeld) this.update(this.sceneState(scene));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listeners?.abort();
    this.#listeners = new AbortController();
    this.listen(this.#listeners.signal);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listeners?.abort();
    this.#listeners = null;
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    clearTimeout(this.#progressTimer);
    this.#progressTimer = 0;
    clearTimeout(this.#announceTimer);
    this.#announceTimer = 0;
    this.#view = null;
  }

  /** The view, if it is the one this element made and it is still live. */
  protected get live(): V | null {
    return this.#view && (this.view as unknown) === this.#view ? this.#view : null;
  }

  /** Records the view made in loadView (before the base class adopts it). */
  protected adopt(view: V): V {
    this.#view = view;
    return view;
  }

  /** The view is live: the DOM and the view get the state as it is now. */
  protected override viewStarted(): void {
    this.scheduleRender();
  }

  /** Merges a change into the state; a real change reaches stateChanged and the DOM. */
  protected update(change: Partial<S>): void {
    const previous = this.#state;
    const next = { ...previous, ...change };
    const keys = Object.keys(next) as (keyof S)[];
    if (keys.every((k) => Object.is(next[k], previous[k]))) {
      // The state already shown, asked for again: after a failed run that is how the reader
      // starts it again (the message says so), not a dead click.
      if (this.#failed && this.live) {
        this.#clearFailure();
        this.rerun();
        this.scheduleRender();
      }
      return;
    }
    this.#clearFailure();
    this.#state = next;
    this.stateChanged(previous, next);
    this.scheduleRender();
  }

  /**
   * A run failed: shows `message` (which should say how to start again) until the state changes
   * or the reader asks for the same state again, which calls rerun().
   */
  protected runFailed(message: string): void {
    this.#failed = true;
    this.setStatus(message);
  }

  /** Starts the run of the state shown again, after a failure. */
  protected rerun(): void {}

  #clearFailure(): void {
    if (!this.#failed) return;
    this.#failed = false;
    this.setStatus('');
  }

  /** Asks for one DOM write at the next animation frame. */
  protected scheduleRender(): void {
    clearTimeout(this.#progressTimer);
    this.#progressTimer = 0;
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#lastWrite = performance.now();
      this.renderState();
    });
  }

  /** Asks for a DOM write of a run's progress: like scheduleRender, at most every 100 ms. */
  protected scheduleProgress(): void {
    if (this.#frame || this.#progressTimer) return;
    const wait = this.#lastWrite + PROGRESS_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.scheduleRender();
      return;
    }
    this.#progressTimer = window.setTimeout(() => {
      this.#progressTimer = 0;
      this.scheduleRender();
    }, wait);
  }

  /**
   * Writes the summary into the element's aria-live region once things have rested. The same
   * words asked for again keep their time: redraws that change nothing in them (EP 05's chart
   * filling in after the row) must not hold the announcement back.
   */
  protected announceLater(text: string): void {
    if (this.#announceTimer && text === this.#announcing) return;
    clearTimeout(this.#announceTimer);
    this.#announcing = text;
    this.#announceTimer = window.setTimeout(() => {
      this.#announceTimer = 0;
      const live = this.querySelector('[data-announce]');
      if (live && live.textContent !== text) live.textContent = text;
    }, ANNOUNCE_DELAY_MS);
  }

  /** Sets an element's text only when it differs (no needless layout). */
  protected setText(selector: string, text: string): void {
    const node = this.querySelector(selector);
    if (node && node.textContent !== text) node.textContent = text;
  }

  /** A listener removed when the element leaves the page. */
  protected on(
    signal: AbortSignal,
    selector: string,
    type: string,
    handler: (event: Event) => void,
  ): void {
    for (const node of this.querySelectorAll(selector)) {
      node.addEventListener(type, handler, { signal });
    }
  }

  /** A state change the view must act on (start a run, move a marker…). */
  protected abstract stateChanged(previous: S, next: S): void;
  /** The part of the state a scroll step's scene sets. */
  protected abstract sceneState(scene: object): Partial<S>;
  /** The valid part of a shared link's state. */
  protected abstract sanitize(state: object): Partial<S>;
  /** Writes the state and the latest numbers into the DOM. */
  protected abstract renderState(): void;
  /** Adds the controls' listeners. */
  protected abstract listen(signal: AbortSignal): void;
}
