/**
 * EP 05's row: a reader presses "Render all three"; how long until the panels move, and until the
 * last of the three runs has drawn its last step? Measured on the page's own clock, from the
 * click's event time to the stamps <guidance-figure> keeps (`timings`: the first step of any
 * panel reaching the page, and the last panel's end), on a phone-sized screen, at a given CPU
 * slowdown. The clicks are traced, and the longest main-thread task among them is reported by
 * its own work, as the main-thread stage counts it (trace.ts).
 */
import type { Browser, Page } from '@playwright/test';
import { PHONE, throttleCpu } from './browser.ts';
import { TRACE_CATEGORIES } from './main-thread.ts';
import { longTasks, type TraceEvent } from './trace.ts';

/** Longest wait for the figure to load, or for one row to finish, ms. */
const TIMEOUT_MS = 30_000;
/** Quiet time between clicks, so one row's end is not the next one's start. */
const PAUSE_MS = 600;

/** One slowdown's figures, or why there are none. */
export type GuidanceTimings =
  | {
      /** Click → first step on the page, ms, one per click. */
      firstMotion: number[];
      /** Click → the last panel's last step, ms, one per click. */
      lastStep: number[];
      /** The longest main-thread task while the rows ran: its own work, ms. */
      longestWorkMs: number;
      /** …and by the clock (with waits for the GPU process), ms. */
      longestClockMs: number;
    }
  | { skipped: string };

interface Stamps {
  clicked: number | null;
  firstMotion: number | null;
  lastStep: number | null;
}

/** Records each click's event time (capture phase: before the figure's own listener). */
function watchClicks(): void {
  const w = window as unknown as { __perfClicks: number[] };
  w.__perfClicks = [];
  addEventListener('click', (event) => w.__perfClicks.push(event.timeStamp), { capture: true });
}

/** Waits until the figure's latest row (asked for after `after`) has finished. */
async function rowEnded(page: Page, after: number): Promise<Stamps> {
  const handle = await page.waitForFunction(
    (since) => {
      const el = document.querySelector('guidance-figure') as
        (Element & { timings: Stamps | null; done: boolean }) | null;
      const t = el?.timings;
      if (!t || t.clicked === null || t.clicked < since || t.lastStep === null) return null;
      return t;
    },
    after,
    { timeout: TIMEOUT_MS, polling: 50 },
  );
  return (await handle.jsonValue()) as Stamps;
}

/** `clicks` presses of "Render all three" at CPU slowdown `rate`, in a fresh page. */
export async function guidanceTimings(
  browser: Browser,
  url: string,
  rate: number,
  clicks: number,
): Promise<GuidanceTimings> {
  const context = await browser.newContext({ ...PHONE, reducedMotion: 'no-preference' });
  let tracing = false;
  try {
    const page = await context.newPage();
    await page.addInitScript(watchClicks);
    await throttleCpu(page, rate);
    await page.goto(url, { waitUntil: 'load' });
    const figure = page.locator('#guidance guidance-figure');
    if (!(await figure.count())) return { skipped: 'n/a (not built yet)' };
    await figure.scrollIntoViewIfNeeded();
    await figure.and(page.locator('[data-live]')).waitFor({ timeout: TIMEOUT_MS });
    const render = figure.getByRole('button', { name: /render all three/i });
    if (!(await render.count())) return { skipped: 'n/a (no render button)' };
    await render.scrollIntoViewIfNeeded();
    // The row the figure runs by itself on arriving, and the chart measured after it.
    await rowEnded(page, 0);
    await page
      .waitForFunction(
        () => (document.querySelector('guidance-figure') as { chartDone?: boolean })?.chartDone,
        undefined,
        { timeout: TIMEOUT_MS },
      )
      .catch(() => undefined);
    await page.waitForTimeout(PAUSE_MS);

    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    tracing = true;
    const firstMotion: number[] = [];
    const lastStep: number[] = [];
    for (let i = 0; i < clicks; i++) {
      const before = await page.evaluate(() => performance.now());
      await render.click();
      const stamps = await rowEnded(page, before);
      const clickAt = await page.evaluate(
        () => (window as unknown as { __perfClicks: number[] }).__perfClicks.at(-1) ?? null,
      );
      if (clickAt === null || stamps.firstMotion === null || stamps.lastStep === null) {
        throw new Error('the click or the row was not seen');
      }
      firstMotion.push(stamps.firstMotion - clickAt);
      lastStep.push(stamps.lastStep - clickAt);
      await page.waitForTimeout(PAUSE_MS);
    }
    tracing = false;
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: TraceEvent[];
    };
    const tasks = longTasks(traceEvents, 'perf:', 10);
    return {
      firstMotion,
      lastStep,
      longestWorkMs: Math.max(0, ...tasks.map((t) => t.workMs)),
      longestClockMs: Math.max(0, ...tasks.map((t) => t.ms)),
    };
  } finally {
    if (tracing) await browser.stopTracing().catch(() => undefined);
    await context.close();
  }
}
