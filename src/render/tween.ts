/**
 * The one way figures animate: every tween goes through here. It uses gsap's core only (figures
 * tween plain numbers such as a shader's blend uniform, never CSS), which keeps the CSS plugin
 * out of the page's JavaScript.
 */
import { gsap } from 'gsap/gsap-core';

/** A running tween. */
export type Tween = ReturnType<typeof gsap.to>;

/**
 * Whether the reader asks for less motion, kept up to date by the query's change event. A figure
 * starts a tween for every step that arrives: reading the query's `matches` each time was 35 ms
 * of a 15 s EP 05 profile at 4× CPU slowdown; a boolean costs nothing.
 */
let lessMotion: boolean | undefined;

/** Whether the reader asked for less motion (then every tween jumps to its end state). */
function reducedMotion(): boolean {
  if (lessMotion === undefined) {
    const query =
      typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
    lessMotion = query?.matches ?? false;
    query?.addEventListener('change', (event) => {
      lessMotion = event.matches;
    });
  }
  return lessMotion;
}

/**
 * Tweens `target.value` linearly to `to` over `seconds`, calling back on each frame and at the
 * end; under reduced motion it jumps straight to the end (a zero-length tween completes at once).
 * A `pacing` tween is a timer that holds a still frame for its duration (playback the reader
 * started): nothing moves during it, so it keeps its length under reduced motion.
 */
export function tweenValue(
  target: { value: number },
  to: number,
  seconds: number,
  callbacks: { update(): void; complete?(): void },
  options: { pacing?: boolean } = {},
): Tween {
  return gsap.to(target, {
    value: to,
    duration: reducedMotion() && !options.pacing ? 0 : seconds,
    ease: 'none',
    onUpdate: callbacks.update,
    ...(callbacks.complete && { onComplete: callbacks.complete }),
  });
}
