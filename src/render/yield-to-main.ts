/**
 * Lets the browser handle input and draw a frame before going on (scheduler.yield where there is
 * one, else a new task). Long pieces of work that must run on the main thread, like a figure
 * making its WebGL context and renderer, are split with it into tasks of their own.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
