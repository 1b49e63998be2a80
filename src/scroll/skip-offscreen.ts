/**
 * Lets the browser skip the style, layout and paint of episodes far from the screen
 * (content-visibility: auto on an episode marked `data-far`). On a phone at 4× CPU slowdown, a
 * frame drawn while one figure plays otherwise walks the whole article, about 10 ms of paint,
 * pre-paint and layerizing per frame for episodes nobody can see.
 *
 * Two things decide when an episode is marked:
 * - A skipped episode is as tall as its last rendered layout (contain-intrinsic-size: auto), or a
 *   placeholder if it was never rendered. A placeholder would be wrong by hundreds of pixels, and
 *   a jump to an episode (a nav link, a shared link) would land off its target as the episodes on
 *   the way took their real heights. So none is marked before the page has drawn a frame with
 *   every episode laid out, and all are unmarked for a frame whenever the width changes (the text
 *   wraps anew, so every height changes).
 * - An episode given content-visibility: auto is skipped until the browser has found it near the
 *   screen, and coming back it is drawn anew: on screen, that is a blank frame and a layout shift
 *   of everything in it. So an episode is only marked once it is off screen by a margin; after
 *   that the browser skips and draws it by itself as it leaves and nears.
 */

/** The attribute that lets an episode be skipped (see Episode.astro). */
const FAR_ATTRIBUTE = 'data-far';

/** How far off screen an episode must be before it is marked. */
const FAR_MARGIN = '100% 0px';

/** How long the width must hold still before episodes are marked again, ms. */
const SETTLE_MS = 250;

/** Runs `then` once the page has drawn a frame with the layout it has now. */
function afterFrame(then: () => void): () => void {
  let id = requestAnimationFrame(() => {
    // The next frame's callbacks run after this frame's layout (and its sizes are recorded).
    id = requestAnimationFrame(then);
  });
  return () => cancelAnimationFrame(id);
}

/** Marks each of `episodes` once it is far off screen; returns a function that undoes it all. */
export function skipOffscreenEpisodes(episodes: readonly HTMLElement[]): () => void {
  let observer: IntersectionObserver | null = null;
  // Read once a frame is laid out: reading the viewport's width forces any pending layout, and
  // this runs as the page's script, before its first layout.
  let width = 0;
  const watch = () => {
    width = window.innerWidth;
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) continue;
          entry.target.setAttribute(FAR_ATTRIBUTE, '');
          observer?.unobserve(entry.target);
        }
      },
      { rootMargin: FAR_MARGIN },
    );
    for (const episode of episodes) observer.observe(episode);
  };
  const unmark = () => {
    observer?.disconnect();
    observer = null;
    for (const episode of episodes) episode.removeAttribute(FAR_ATTRIBUTE);
  };
  let cancel = afterFrame(watch);
  let timer = 0;
  const resized = () => {
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    cancel();
    clearTimeout(timer);
    unmark();
    timer = window.setTimeout(() => {
      cancel = afterFrame(watch);
    }, SETTLE_MS);
  };
  window.addEventListener('resize', resized);
  return () => {
    window.removeEventListener('resize', resized);
    cancel();
    clearTimeout(timer);
    unmark();
  };
}
