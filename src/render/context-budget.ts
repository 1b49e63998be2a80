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

/** Takes a lease for `holder`, evicting another holder if the budget is full. */
export function acquireContext(holder: LeaseHolder): void {
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
