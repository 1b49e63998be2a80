/**
 * Lets the browser skip the style, layout and paint of episodes far from the screen
 * (content-visibility: auto, set by the `skip-offscreen` class on the root). On a phone at 4×
 * CPU slowdown, a frame drawn while one figure plays otherwise walks the whole article, about
 * 10 ms of paint, pre-paint and layerizing per frame for episodes nobody can see.
 *
 * A skipped episode is as tall as its last rendered layout (contain-intrinsic-size: auto), or a
 * placeholder if it was never rendered. A placeholder would be wrong by hundreds of pixels, and a
 * jump to an episode (a nav link, a shared link) would land off its target as the episodes on the
 * way got their real heights. So every episode is laid out first, and only then may be skipped:
 * the class is set once the page has drawn a frame, and taken off for a frame whenever the width
 * changes (the text wraps anew, so every height changes).
 */

/** The root class that turns on skipping (see Episode.astro). */
export const SKIP_CLASS = 'skip-offscreen';

/** How long the width must hold still before episodes are skipped again, ms. */
const SETTLE_MS = 250;

/** Runs `then` once the page has drawn a frame with the layout it has now. */
function afterFrame(then: () => void): () => void {
  let id = requestAnimationFrame(() => {
    // The next frame's callbacks run after this frame's layout (and its sizes are recorded).
    id = requestAnimationFrame(then);
  });
  return () => cancelAnimationFrame(id);
}

/** Turns on skipping once every episode has its real height; returns a function to turn it off. */
export function skipOffscreenEpisodes(root: HTMLElement = document.documentElement): () => void {
  const on = () => root.classList.add(SKIP_CLASS);
  let cancel = afterFrame(on);
  let timer = 0;
  let width = window.innerWidth;
  const resized = () => {
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    root.classList.remove(SKIP_CLASS);
    cancel();
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      cancel = afterFrame(on);
    }, SETTLE_MS);
  };
  window.addEventListener('resize', resized);
  return () => {
    window.removeEventListener('resize', resized);
    cancel();
    clearTimeout(timer);
    root.classList.remove(SKIP_CLASS);
  };
}
