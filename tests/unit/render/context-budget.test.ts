import { describe, expect, it } from 'vitest';
import {
  MAX_LIVE_CONTEXTS,
  acquireContext,
  cancelReservation,
  isReserved,
  liveContexts,
  makeRoom,
  moveReservation,
  releaseContext,
  reserveContext,
  touchContext,
  type LeaseHolder,
} from '../../../src/render/context-budget.ts';

function holder(visible: boolean) {
  const h = {
    visible,
    released: 0,
    release() {
      h.released++;
      releaseContext(h);
    },
  };
  return h satisfies LeaseHolder;
}

describe('context budget', () => {
  it('never lets more than the budget live, evicting offscreen holders first', () => {
    const onScreen = holder(true);
    const offscreen = [holder(false), holder(false), holder(false)];
    acquireContext(onScreen);
    offscreen.forEach((holder) => acquireContext(holder));
    expect(liveContexts()).toBe(MAX_LIVE_CONTEXTS);
    touchContext(offscreen[0]!);
    const newcomer = holder(true);
    acquireContext(newcomer);
    expect(liveContexts()).toBe(MAX_LIVE_CONTEXTS);
    expect(onScreen.released).toBe(0);
    // The least recently used offscreen holder went: offscreen[1] (offscreen[0] was touched).
    expect(offscreen.map((h) => h.released)).toEqual([0, 1, 0]);
    [onScreen, newcomer, ...offscreen].forEach((h) => releaseContext(h));
    expect(liveContexts()).toBe(0);
  });

  it('counts a holder once however often it asks', () => {
    const h = holder(true);
    acquireContext(h);
    acquireContext(h);
    expect(liveContexts()).toBe(1);
    releaseContext(h);
    expect(liveContexts()).toBe(0);
  });

  it('makes room for a context before it is made, so the budget holds even then', () => {
    const held = Array.from({ length: MAX_LIVE_CONTEXTS }, () => holder(false));
    held.forEach((holder) => acquireContext(holder));
    makeRoom();
    expect(liveContexts()).toBe(MAX_LIVE_CONTEXTS - 1);
    expect(held.map((h) => h.released)).toEqual([
      1,
      ...Array<number>(MAX_LIVE_CONTEXTS - 1).fill(0),
    ]);
    // The lease that follows fits without evicting anyone else.
    const newcomer = holder(true);
    acquireContext(newcomer);
    expect(liveContexts()).toBe(MAX_LIVE_CONTEXTS);
    expect(held.reduce((n, h) => n + h.released, 0)).toBe(1);
    // With room to spare it evicts nobody.
    releaseContext(newcomer);
    makeRoom();
    expect(liveContexts()).toBe(MAX_LIVE_CONTEXTS - 1);
    held.forEach((h) => releaseContext(h));
    expect(liveContexts()).toBe(0);
  });

  it('a lease reserved for a canvas counts at once, and the view that draws there takes it over', () => {
    const canvas = {} as HTMLCanvasElement;
    const others = Array.from({ length: MAX_LIVE_CONTEXTS }, () => holder(false));
    others.forEach((holder) => acquireContext(holder));
    // Reserving evicts, before the context is made, so the page never holds one too many.
    reserveContext(canvas, () => {});
    expect(liveContexts()).toBe(MAX_LIVE_CONTEXTS);
    expect(others.map((h) => h.released)).toEqual([1, 0, 0, 0]);
    expect(isReserved(canvas)).toBe(true);
    // The view's holder takes the reserved lease: nobody else is evicted.
    const view = holder(true);
    acquireContext(view, canvas);
    expect(liveContexts()).toBe(MAX_LIVE_CONTEXTS);
    expect(others.reduce((n, h) => n + h.released, 0)).toBe(1);
    expect(isReserved(canvas)).toBe(false);
    // The lease is the view's now: evicting it asks the view, not the reservation.
    touchContext(others[1]!);
    touchContext(others[2]!);
    touchContext(others[3]!);
    view.visible = false;
    makeRoom();
    expect(view.released).toBe(1);
    [...others, view].forEach((h) => releaseContext(h));
    expect(liveContexts()).toBe(0);
  });

  it('an evicted reservation lets go of what the canvas it moved to holds', () => {
    const first = {} as HTMLCanvasElement;
    const fresh = {} as HTMLCanvasElement;
    const released: HTMLCanvasElement[] = [];
    reserveContext(first, (canvas) => released.push(canvas));
    moveReservation(first, fresh);
    expect(isReserved(first)).toBe(false);
    expect(isReserved(fresh)).toBe(true);
    const others = Array.from({ length: MAX_LIVE_CONTEXTS }, () => holder(true));
    others.forEach((holder) => acquireContext(holder));
    expect(released).toEqual([fresh]);
    expect(isReserved(fresh)).toBe(false);
    expect(liveContexts()).toBe(MAX_LIVE_CONTEXTS);
    others.forEach((h) => releaseContext(h));
  });

  it('a cancelled reservation gives its lease back', () => {
    const canvas = {} as HTMLCanvasElement;
    reserveContext(canvas, () => {
      throw new Error('a cancelled reservation is not evicted');
    });
    expect(liveContexts()).toBe(1);
    cancelReservation(canvas);
    expect(liveContexts()).toBe(0);
    expect(isReserved(canvas)).toBe(false);
  });
});
