/**
 * Resolves once the reader first does something on the page: scrolls, moves or presses a pointer,
 * touches, or types. Figures wait for it before loading three.js, so a page that is only loaded
 * (the first screen, a crawler, an embed nobody has touched yet) never pays for WebGL, and the
 * first screen's main thread stays free. Until then each figure shows its build-time poster.
 *
 * The listeners are registered when this module first runs, so an early scroll is not missed;
 * a page opened at an anchor or already scrolled (a shared link, a reload) counts as engaged.
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

const ready: Promise<void> = new Promise<void>((resolve) => {
  if (typeof window === 'undefined') return;
  if (location.hash.length > 1) {
    resolve();
    return;
  }
  const done = () => {
    for (const type of EVENTS) window.removeEventListener(type, done, true);
    resolve();
  };
  for (const type of EVENTS) window.addEventListener(type, done, { capture: true, passive: true });
  // Reading the scroll position makes the browser lay the page out on the spot, and this module
  // runs as the page loads, maybe before its first layout: read it once a frame has been laid out.
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (window.scrollY > 0) done();
    }),
  );
});

/** A promise that settles at the reader's first interaction (shared by every figure). */
export function firstInteraction(): Promise<void> {
  return ready;
}
