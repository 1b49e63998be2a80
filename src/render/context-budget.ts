/**
 * The page's budget of live WebGL contexts. Browsers cap them (Chromium at about 16) and each
 * costs GPU memory, so figures hold a lease while they are near the viewport; asking for one more
 * than the budget takes the lease of the least recently visible holder, which releases its
 * renderer and keeps its state (it makes a new renderer when it returns).
 */

/** At most this many live WebGL contexts on the page at once. */
export const MAX_LIVE_CONTEXTS = 4;

/** A holder of a context lease. */
export interface LeaseHolder {
  /** Whether the holder is on screen now; on-screen holders are evicted last. */
  readonly visible: boolean;
  /** Give the context back (dispose the renderer, lose the context). Called at most once. */
  release(): void;
}

const holders: { holder: LeaseHolder; touched: number }[] = [];
let clock = 0;

/**
 * Leases taken for a canvas before the holder that will draw on it exists. A figure waking makes
 * its context and renderer ahead of its view, a task each (gl-surface.ts prepareCanvas), under
 * such a lease, so the page never has more contexts than leases; the view's holder then takes the
 * lease over. Until then the lease is evicted like any other (its release lets the context go).
 */
const reserved = new WeakMap<HTMLCanvasElement, Reservation>();

/** A reserved lease and the canvas it is for (which may be swapped for a fresh one). */
interface Reservation {
  holder: LeaseHolder;
  canvas: HTMLCanvasElement;
}

/** Takes a lease for what `canvas` is about to hold (evicting if the budget is full). */
export function reserveContext(
  canvas: HTMLCanvasElement,
  release: (canvas: HTMLCanvasElement) => void,
): void {
  if (reserved.has(canvas)) return;
  const reservation: Reservation = {
    canvas,
    holder: {
      // A figure reserves as it is about to show.
      visible: true,
      release: () => {
        reserved.delete(reservation.canvas);
        release(reservation.canvas);
      },
    },
  };
  reserved.set(canvas, reservation);
  acquireContext(reservation.holder);
}

/** Whether `canvas` holds a lease nobody has taken over yet. */
export function isReserved(canvas: HTMLCanvasElement): boolean {
  return reserved.has(canvas);
}

/** A canvas was replaced by a fresh one: its reserved lease goes with it. */
export function moveReservation(from: HTMLCanvasElement, to: HTMLCanvasElement): void {
  const reservation = reserved.get(from);
  if (!reservation) return;
  reserved.delete(from);
  reservation.canvas = to;
  reserved.set(to, reservation);
}

/** Gives back a reserved lease that will not be taken over (the canvas got no WebGL context). */
export function cancelReservation(canvas: HTMLCanvasElement): void {
  const reservation = reserved.get(canvas);
  if (!reservation) return;
  reserved.delete(canvas);
  releaseContext(reservation.holder);
}

/**
 * Takes a lease for `holder`, evicting another holder if the budget is full. A lease reserved for
 * `canvas` is taken over instead, with no eviction.
 */
export function acquireContext(holder: LeaseHolder, canvas?: HTMLCanvasElement): void {
  const reservation = canvas && reserved.get(canvas);
  if (canvas && reservation) {
    reserved.delete(canvas);
    const entry = holders.find((h) => h.holder === reservation.holder);
    if (entry) {
      entry.holder = holder;
      entry.touched = ++clock;
      return;
    }
  }
  const existing = holders.find((h) => h.holder === holder);
  if (existing) {
    existing.touched = ++clock;
    return;
  }
  makeRoom();
  holders.push({ holder, touched: ++clock });
}

/**
 * Evicts holders until one more context fits. Call it before making a context that a lease will
 * then cover, so the page stays within the budget even for that moment.
 */
export function makeRoom(): void {
  while (holders.length >= MAX_LIVE_CONTEXTS) {
    holders.sort(
      (a, b) => Number(a.holder.visible) - Number(b.holder.visible) || a.touched - b.touched,
    );
    const evicted = holders.shift();
    evicted?.holder.release();
  }
}

/** Marks a holder as just used, so it is evicted after those not used since. */
export function touchContext(holder: LeaseHolder): void {
  const entry = holders.find((h) => h.holder === holder);
  if (entry) entry.touched = ++clock;
}

/** Returns a lease (the holder has disposed its renderer itself). */
export function releaseContext(holder: LeaseHolder): void {
  const i = holders.findIndex((h) => h.holder === holder);
  if (i >= 0) holders.splice(i, 1);
}

/** How many leases are out: the live WebGL contexts of the page's figures. */
export function liveContexts(): number {
  return holders.length;
}
