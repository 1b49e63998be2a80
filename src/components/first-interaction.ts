/**
 * Resolves once the reader first does something on the page: scrolls, moves or presses a pointer,
 * touches, or types. Figures wait for it before loading three.js, so a page that is only loaded
 * (the first screen, a crawler, an embed nobody has touched yet) never pays for WebGL, and the
 * first screen's main thread stays free. Until then each figure shows its build-time poster.
 */

/** Events that mean a reader is here and engaging. */
const EVENTS = [
  'scroll',
  'wheel',
  'pointerdown',
  'pointermove',
  'touchstart',
  'keydown',
  'focusin',
] as const;

let ready: Promise<void> | null = null;

/** A promise that settles at the reader's first interaction (shared by every figure). */
export function firstInteraction(): Promise<void> {
  ready ??= new Promise<void>((resolve) => {
    const done = () => {
      for (const type of EVENTS) window.removeEventListener(type, done, true);
      resolve();
    };
    for (const type of EVENTS)
      window.addEventListener(type, done, { capture: true, passive: true });
  });
  return ready;
}
