import { describe, expect, it } from 'vitest';
import {
  MAX_LIVE_CONTEXTS,
  acquireContext,
  liveContexts,
  makeRoom,
  releaseContext,
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
    offscreen.forEach(acquireContext);
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
    held.forEach(acquireContext);
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
});
