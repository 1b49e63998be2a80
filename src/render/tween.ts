/**
 * The one way figures animate: every tween goes through here. It uses gsap's core only (figures
 * tween plain numbers such as a shader's blend uniform, never CSS), which keeps the CSS plugin
 * out of the page's JavaScript.
 */
import { gsap } from 'gsap/gsap-core';

/** A running tween. */
export type Tween = ReturnType<typeof gsap.to>;

/** Whether the reader asked for less motion (then every tween jumps to its end state). */
function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Tweens `target.value` linearly to `to` over `seconds`, calling back on each frame and at the
 * end; under reduced motion it jumps straight to the end (a zero-length tween completes at once).
 */
export function tweenValue(
  target: { value: number },
  to: number,
  seconds: number,
  callbacks: { update(): void; complete?(): void },
): Tween {
  return gsap.to(target, {
    value: to,
    duration: reducedMotion() ? 0 : seconds,
    ease: 'none',
    onUpdate: callbacks.update,
    ...(callbacks.complete && { onComplete: callbacks.complete }),
  });
}
