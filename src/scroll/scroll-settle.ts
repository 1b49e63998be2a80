/**
 * Whether the reader is scrolling, for work that should wait until they stop. A reader flicking
 * through the article passes EP 03–05's scroll steps a few times a second, and each step changes
 * what the figure shows; starting a simulation run for each one kept the workers busy on the
 * cores the page needed to scroll, for runs nobody stopped to watch. Runs wait for the scroll to
 * settle instead (PanelRunner), so the one the reader stops at plays.
 */

/** How long after the last scroll event the page counts as settled, ms. */
export const SCROLL_SETTLE_MS = 200;

/** What PanelRunner asks of the scroll (tests pass their own). */
export interface ScrollSettle {
  /** Whether the page has not scrolled for SCROLL_SETTLE_MS. */
  settled(): boolean;
  /** Calls `then` once the page has settled; returns a function that cancels the wait. */
  afterSettled(then: () => void): () => void;
}

let lastScroll = -Infinity;
let timer: ReturnType<typeof setTimeout> | null = null;
const waiting = new Set<() => void>();
let listening = false;

function now(): number {
  return performance.now();
}

/** Calls the waiting callbacks once the page has been still long enough, else checks again. */
function check(): void {
  timer = null;
  const left = lastScroll + SCROLL_SETTLE_MS - now();
  if (left > 0) {
    timer = setTimeout(check, left);
    return;
  }
  const callbacks = [...waiting];
  waiting.clear();
  for (const callback of callbacks) callback();
}

function listen(): void {
  if (listening || typeof addEventListener !== 'function') return;
  listening = true;
  // Capture: scrolls of any scroller count (a figure's own, a horizontal row of panels).
  addEventListener(
    'scroll',
    () => {
      lastScroll = now();
    },
    { capture: true, passive: true },
  );
}

/** The page's scroll. */
export const pageScroll: ScrollSettle = {
  settled() {
    listen();
    return now() - lastScroll >= SCROLL_SETTLE_MS;
  },
  afterSettled(then) {
    listen();
    waiting.add(then);
    timer ??= setTimeout(check, Math.max(0, lastScroll + SCROLL_SETTLE_MS - now()));
    return () => {
      waiting.delete(then);
    };
  },
};
