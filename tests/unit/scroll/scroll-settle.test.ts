import { afterEach, describe, expect, test, vi } from 'vitest';

/** The module with a fresh state, listening to a stand-in for the page's scroll events. */
async function load() {
  const listeners: (() => void)[] = [];
  vi.stubGlobal('addEventListener', (type: string, listener: () => void) => {
    if (type === 'scroll') listeners.push(listener);
  });
  vi.resetModules();
  const settle = await import('../../../src/scroll/scroll-settle.ts');
  const scroll = () => listeners.forEach((listener) => listener());
  return { ...settle, scroll, listeners };
}

describe('pageScroll', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  test('is settled until the page scrolls, and again SCROLL_SETTLE_MS after the last scroll', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { pageScroll, SCROLL_SETTLE_MS, scroll, listeners } = await load();
    expect(pageScroll.settled()).toBe(true);
    expect(listeners).toHaveLength(1);
    scroll();
    expect(pageScroll.settled()).toBe(false);
    vi.advanceTimersByTime(SCROLL_SETTLE_MS - 1);
    expect(pageScroll.settled()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(pageScroll.settled()).toBe(true);
  });

  test('calls back once the scroll has been still long enough, counting from the last scroll', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { pageScroll, SCROLL_SETTLE_MS, scroll } = await load();
    pageScroll.settled();
    scroll();
    const first = vi.fn();
    const cancelled = vi.fn();
    pageScroll.afterSettled(first);
    const cancel = pageScroll.afterSettled(cancelled);
    vi.advanceTimersByTime(SCROLL_SETTLE_MS / 2);
    scroll(); // still scrolling: the wait starts again from here
    cancel();
    vi.advanceTimersByTime(SCROLL_SETTLE_MS - 1);
    expect(first).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(first).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(SCROLL_SETTLE_MS * 5);
    expect(first).toHaveBeenCalledTimes(1);
  });
});
