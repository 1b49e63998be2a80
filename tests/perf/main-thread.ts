/**
 * The main thread while a reader reads and plays, on a phone-sized screen at 4× CPU slowdown:
 * scroll the article to the bottom and back, scrub EP 01's slider, play EP 02, work EP 03–05's
 * controls. The session is traced: each task over 50 ms on the page's main thread is attributed
 * to the phase it started in, with the part of it spent waiting for the GPU process (see
 * trace.ts: with software compositing every changed WebGL canvas is read back at commit, so here
 * the main thread waits while SwiftShader draws on the CPU). During EP 02's playback every
 * requestAnimationFrame time is recorded.
 * Controls are found by role and name, the way a reader finds them; a phase whose controls do
 * not exist yet is reported as n/a, never as a failure.
 */
import type { Browser, Locator, Page } from '@playwright/test';
import { PHONE, throttleCpu } from './browser.ts';
import { intervals, percentile } from './stats.ts';
import {
  longTaskCauses,
  longTasks,
  type PhaseCauses,
  type TraceEvent,
  type TracedTask,
} from './trace.ts';

/** One stretch of the session: when it ran, and whether there was anything to do. */
export interface Phase {
  name: string;
  start: number;
  end: number;
  /** Why nothing was measured (the control is not built yet), or null. */
  skipped: string | null;
  /** What was done, for the notes ("12 controls"). */
  detail: string;
  /** Why the phase could not be done (the figure never loaded or played), or null. */
  error: string | null;
}

/** One session's findings. */
export interface MainThreadRun {
  phases: (Phase & { tasks: TracedTask[] })[];
  /** Long tasks before the first interaction (page load). */
  loadTasks: TracedTask[];
  /** Intervals between animation frames during EP 02's playback, ms. */
  frameIntervals: number[];
  /** What the long tasks were doing, per phase. */
  causes: PhaseCauses[];
}

/** Trace categories enough to name what a main-thread task did. */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'toplevel',
  'gpu',
  // More categories to look closer (README: PERF_TRACE_EXTRA).
  ...(process.env.PERF_TRACE_EXTRA ? process.env.PERF_TRACE_EXTRA.split(',') : []),
];

/** Pause between scroll steps: a reader flicking through about 4 screens a second. */
const SCROLL_PAUSE_MS = 120;
/** Each scroll step, as a share of the viewport's height. */
const SCROLL_STRIDE = 0.5;
/** Pause after each control, so the work it starts shows up in its phase. */
const CONTROL_PAUSE_MS = 400;
/** Longest wait for a figure's interactive to load, ms. */
const LIVE_TIMEOUT_MS = 20_000;
/** Longest EP 02 playback we wait for, ms. */
const PLAY_TIMEOUT_MS = 30_000;
/** Controls that are the page's, not the figure's: sharing, retry, uploads. */
const NOT_FIGURE_CONTROLS = 'figure-share *, [data-retry], input[type="file"], input[readonly]';

function now(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Starts recording every animation frame's timestamp. */
function startFrames(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __perfFrames: number[] | null };
    const frames: number[] = [];
    w.__perfFrames = frames;
    const tick = (t: number) => {
      if (w.__perfFrames !== frames) return;
      frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops recording and returns the timestamps. */
function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __perfFrames: number[] | null };
    const frames = w.__perfFrames ?? [];
    w.__perfFrames = null;
    return frames;
  });
}

/** Scrolls from where the page is to `to`, in reader-sized steps. */
async function scrollPage(page: Page, to: 'bottom' | 'top'): Promise<number> {
  let steps = 0;
  for (;;) {
    const done = await page.evaluate(
      ([direction, stride]) => {
        const max = document.documentElement.scrollHeight - innerHeight;
        const step = innerHeight * (stride as number);
        const y = scrollY;
        if (direction === 'bottom' ? y >= max - 1 : y <= 0) return true;
        window.scrollTo({
          top: direction === 'bottom' ? Math.min(max, y + step) : Math.max(0, y - step),
          behavior: 'instant',
        });
        return false;
      },
      [to, SCROLL_STRIDE] as const,
    );
    if (done) return steps;
    steps++;
    await page.waitForTimeout(SCROLL_PAUSE_MS);
  }
}

/** Custom elements that are not an interactive: the poster slot and the share buttons. */
const NOT_INTERACTIVE = new Set(['episode-figure', 'figure-share']);

/** The episode's interactive element (a custom element), or null while it has only a poster. */
async function interactiveIn(section: Locator): Promise<Locator | null> {
  const tag = await section.evaluate(
    (el, skip) =>
      [...el.querySelectorAll('*')].find(
        (e) => e.localName.includes('-') && !skip.includes(e.localName),
      )?.localName ?? null,
    [...NOT_INTERACTIVE],
  );
  return tag ? section.locator(tag).first() : null;
}

/** Brings an interactive on screen and waits (a while) for it to load. */
async function showFigure(figure: Locator): Promise<boolean> {
  await figure.scrollIntoViewIfNeeded();
  try {
    await figure.and(figure.page().locator('[data-live]')).waitFor({ timeout: LIVE_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}

/**
 * Drags a range input's thumb from one end to the other and back, like a finger would; if the
 * drag does not move it, the keyboard does (End, then Home). Returns the values it passed.
 */
async function dragSlider(page: Page, slider: Locator): Promise<string> {
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const start = await slider.inputValue();
  if (box) {
    const y = box.y + box.height / 2;
    const left = box.x + 4;
    const right = box.x + box.width - 4;
    await page.mouse.move(left, y);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) {
      await page.mouse.move(left + ((right - left) * i) / 30, y);
      await page.waitForTimeout(30);
    }
    const far = await slider.inputValue();
    for (let i = 29; i >= 0; i--) {
      await page.mouse.move(left + ((right - left) * i) / 30, y);
      await page.waitForTimeout(30);
    }
    await page.mouse.up();
    if (far !== start) return `dragged ${start} → ${far} → ${await slider.inputValue()}`;
  }
  await slider.focus();
  await page.keyboard.press('End');
  await page.waitForTimeout(CONTROL_PAUSE_MS);
  const far = await slider.inputValue();
  await page.keyboard.press('Home');
  return `keyboard ${start} → ${far} → ${await slider.inputValue()}`;
}

/** The figure's own controls, visible and enabled. */
async function figureControls(figure: Locator): Promise<Locator[]> {
  const all = figure.locator(
    'button, input, select, [role="slider"], [role="radio"], [role="tab"], [role="switch"]',
  );
  const out: Locator[] = [];
  for (const control of await all.all()) {
    if (await control.evaluate((el, skip) => el.matches(skip), NOT_FIGURE_CONTROLS)) continue;
    if ((await control.isVisible()) && (await control.isEnabled())) out.push(control);
  }
  return out;
}

/** Uses one control the way it is meant to be used. */
async function operate(page: Page, control: Locator): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  const kind = await control.evaluate((el) =>
    el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase(),
  );
  if (kind === 'range') await dragSlider(page, control);
  else if (kind === 'select') {
    const values = await control
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    for (const value of values) {
      await control.selectOption(value);
      await page.waitForTimeout(CONTROL_PAUSE_MS);
    }
  } else if (['text', 'number', 'search'].includes(kind)) {
    return; // typed values have their own tests; nothing here to click through
  } else await control.click();
  await page.waitForTimeout(CONTROL_PAUSE_MS);
}

/** One traced reading-and-playing session at 4× CPU slowdown. */
export async function mainThreadSession(browser: Browser, url: string): Promise<MainThreadRun> {
  const context = await browser.newContext({ ...PHONE, reducedMotion: 'no-preference' });
  let tracing = false;
  try {
    const page = await context.newPage();
    await throttleCpu(page);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    tracing = true;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(2000);
    const phases: Phase[] = [];
    // A phase that fails (a figure that never loads or plays) is recorded, and the session
    // goes on to the next one.
    const phase = async (name: string, run: () => Promise<string | null>) => {
      const start = await page.evaluate((mark) => {
        performance.mark(mark);
        return performance.now();
      }, `perf:${name}`);
      let result: string | null = null;
      let error: string | null = null;
      try {
        result = await run();
      } catch (thrown) {
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        error = message.split('\n')[0] ?? message;
      }
      const skipped = result?.startsWith('n/a') ? result : null;
      await page.waitForTimeout(300);
      phases.push({
        name,
        start,
        end: await now(page),
        skipped,
        error,
        detail: skipped ? '' : (result ?? ''),
      });
    };
    let frames: number[] = [];

    await phase('scroll to the bottom', async () => `${await scrollPage(page, 'bottom')} steps`);
    await phase('scroll back to the top', async () => `${await scrollPage(page, 'top')} steps`);

    await phase('EP 01 slider scrub', async () => {
      const figure = await interactiveIn(page.locator('#forward'));
      if (!figure) return 'n/a (not built yet)';
      // Controls may stay hidden until the interactive has loaded: look for them after.
      if (!(await showFigure(figure))) throw new Error('the interactive did not load in 20 s');
      const slider = figure.getByRole('slider').first();
      if (!(await slider.count())) return 'n/a (no slider yet)';
      return dragSlider(page, slider);
    });

    await phase('EP 02 playback', async () => {
      const section = page.locator('#reverse');
      const figure = await interactiveIn(section);
      if (!figure) return 'n/a (not built yet)';
      if (!(await showFigure(figure))) throw new Error('the interactive did not load in 20 s');
      const play = figure.getByRole('button', { name: /^play$/i });
      if (!(await play.count())) return 'n/a (not built yet)';
      await play.scrollIntoViewIfNeeded();
      await startFrames(page);
      await play.click();
      const pause = figure.getByRole('button', { name: /^pause$/i });
      let played = false;
      try {
        await pause.waitFor({ timeout: 5000 });
        await play.waitFor({ timeout: PLAY_TIMEOUT_MS });
        played = true;
      } catch {
        const status = await figure
          .locator('[data-status]')
          .first()
          .textContent()
          .catch(() => '');
        throw new Error(
          `EP 02 did not play${status ? `; the figure says: "${status.trim()}"` : ''}`,
        );
      } finally {
        // Frames of a film that never played say nothing about its pacing.
        const recorded = await stopFrames(page);
        frames = played ? recorded : [];
      }
      return `played ${frames.length} frames`;
    });

    for (const [slug, label] of [
      ['prompts', 'EP 03'],
      ['steps', 'EP 04'],
      ['guidance', 'EP 05'],
    ] as const) {
      await phase(`${label} controls`, async () => {
        const figure = await interactiveIn(page.locator(`#${slug}`));
        if (!figure) return 'n/a (not built yet)';
        if (!(await showFigure(figure))) throw new Error('the interactive did not load in 20 s');
        const controls = await figureControls(figure);
        if (!controls.length) return 'n/a (no controls yet)';
        for (const control of controls) await operate(page, control);
        return `${controls.length} controls`;
      });
    }

    tracing = false;
    const raw = (await browser.stopTracing()).toString('utf8');
    // The session's whole trace, to open in DevTools (README: PERF_TRACE_DIR).
    if (process.env.PERF_TRACE_DIR) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${process.env.PERF_TRACE_DIR}/trace-${Date.now()}.json`, raw);
    }
    const { traceEvents } = JSON.parse(raw) as {
      traceEvents: TraceEvent[];
    };
    // A task belongs to the last phase that had started when it did (gaps included): the trace
    // places each by the `perf:` mark set at the start of each phase.
    const tasks = longTasks(traceEvents);
    return {
      phases: phases.map((p) => ({ ...p, tasks: tasks.filter((t) => t.phase === p.name) })),
      loadTasks: tasks.filter((t) => t.phase === 'page load'),
      frameIntervals: intervals(frames),
      causes: longTaskCauses(traceEvents),
    };
  } finally {
    if (tracing) await browser.stopTracing().catch(() => undefined);
    await context.close();
  }
}

/** p95 of EP 02's frame intervals, or null when it did not play. */
export function frameP95(run: MainThreadRun): number | null {
  return run.frameIntervals.length ? percentile(run.frameIntervals, 95) : null;
}
