import { expect, test, type Page } from '@playwright/test';
import { precision } from '../../src/sim/metrics.ts';
import { sample } from '../../src/sim/sampler.ts';
import { getTarget } from '../../src/sim/targets.ts';
import { watchForProblems } from './helpers.ts';

/**
 * The simulation worker failing mid-run: one that throws, and one that goes silent (terminated).
 * The figure keeps what it drew, says what happened, and the reader's next action starts a fresh
 * worker whose run draws the whole cloud.
 */

/** How the test breaks the worker that receives a given run. */
interface Fault {
  /** The run to break: the first one asked for with this prompt. */
  prompt: string;
  /** Break it once this step has arrived. */
  afterStep: number;
  how: 'throw' | 'terminate';
}

/** What the init script below keeps on `window.__workers`. */
interface WorkerLog {
  /** Workers the page has started. */
  made: number;
  /** The fault to inject into the next matching run; cleared once armed. */
  fault: Fault | null;
  /** The step at which the fault struck, or null before. */
  struckAt: number | null;
}

/** The message that arms the test's fault in the worker script: { type, afterStep }. */
const EXPLODE = 'test-explode';

/** Counts the page's workers and breaks the one running the armed fault's run. */
function breakableWorkers(explode: string): void {
  const log: WorkerLog = { made: 0, fault: null, struckAt: null };
  (window as unknown as { __workers: WorkerLog }).__workers = log;
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      log.made++;
    }

    override postMessage(
      message: unknown,
      options?: StructuredSerializeOptions | Transferable[],
    ): void {
      const run = message as { type?: string; params?: { prompt?: string } } | null;
      const fault = log.fault;
      if (fault && run?.type === 'run' && run.params?.prompt === fault.prompt) {
        log.fault = null;
        if (fault.how === 'throw') {
          // Armed inside the worker, which throws as it posts that step: a worker far ahead of a
          // busy page could otherwise finish the run before a message telling it to throw.
          let last: number | null = null;
          const seen = (event: MessageEvent<{ type?: string; index?: number }>) => {
            if (event.data.type === 'step') last = event.data.index ?? null;
          };
          this.addEventListener('message', seen);
          this.addEventListener(
            'error',
            () => {
              this.removeEventListener('message', seen);
              log.struckAt = last;
            },
            { once: true },
          );
          super.postMessage({ type: explode, afterStep: fault.afterStep });
        } else {
          // The page drops the worker as that step arrives: what was sent after it never lands.
          const strike = (event: MessageEvent<{ type?: string; index?: number }>) => {
            if (event.data.type !== 'step' || (event.data.index ?? -1) < fault.afterStep) return;
            this.removeEventListener('message', strike);
            log.struckAt = event.data.index ?? null;
            this.terminate();
          };
          this.addEventListener('message', strike);
        }
      }
      super.postMessage(message, options as StructuredSerializeOptions);
    }
  };
}

/** Arms a fault for the next run asked for with `fault.prompt`. */
const arm = (page: Page, fault: Fault) =>
  page.evaluate((f) => {
    (window as unknown as { __workers: WorkerLog }).__workers.fault = f;
  }, fault);

const workers = (page: Page) =>
  page.evaluate(() => (window as unknown as { __workers: WorkerLog }).__workers);

/** Opens an episode's embed page with the fault hooks in place and wakes its figure. */
async function openEmbed(page: Page, slug: string, before?: () => Promise<void>): Promise<void> {
  await page.addInitScript(breakableWorkers, EXPLODE);
  // The worker script gains a fault: once armed, it reports an uncaught error as it posts the
  // armed step, and sends nothing more for that run (the run is broken, not finished).
  await page.route(/\/_astro\/sim-worker[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    const body = `${await response.text()}
{
  let breakAt = null;
  let broken = null;
  const send = self.postMessage.bind(self);
  self.postMessage = (msg, transfer) => {
    if (broken !== null && msg && msg.id === broken) return;
    send(msg, transfer);
    if (breakAt !== null && msg && msg.type === 'step' && msg.index >= breakAt) {
      breakAt = null;
      broken = msg.id;
      self.reportError(new Error('the test broke the simulation'));
    }
  };
  self.addEventListener('message', (event) => {
    if (event.data && event.data.type === ${JSON.stringify(EXPLODE)}) breakAt = event.data.afterStep;
  });
}`;
    await route.fulfill({ response, body });
  });
  await page.goto(`/embed/${slug}/`);
  await before?.();
  // The figures wake at the reader's first interaction.
  await page.mouse.move(10, 10);
  await page.mouse.wheel(0, 10);
}

test.describe('worker faults', () => {
  test('EP 03: a worker that throws mid-run leaves the cloud, a message, and the same prompt or the next one runs again', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    await openEmbed(page, 'prompts');
    const figure = page.locator('prompts-figure');
    const done = () =>
      page.evaluate(
        () => document.querySelector<HTMLElement & { done: boolean }>('prompts-figure')!.done,
      );
    await expect.poll(done, { timeout: 30_000 }).toBe(true);
    expect((await workers(page)).made).toBe(1);

    await arm(page, { prompt: 'cat', afterStep: 10, how: 'throw' });
    await figure.locator('[data-prompt="cat"]').click();
    const status = figure.locator('[data-status]');
    await expect(status).toHaveText(
      'The simulation stopped (Uncaught Error: the test broke the simulation). Pick a prompt to start it again.',
      { timeout: 20_000 },
    );
    await expect(status).toBeVisible();
    const log = await workers(page);
    expect(log.struckAt).toBeGreaterThanOrEqual(10);
    expect(await done()).toBe(false);
    // Not a blank: the particles drawn before the fault stay on screen.
    const partial = await page.evaluate(() =>
      document
        .querySelector<HTMLElement & { snapshot(): { painted: number } | null }>('prompts-figure')!
        .snapshot(),
    );
    expect(partial?.painted).toBeGreaterThan(0.02);

    // Pressing the prompt that failed, already pressed, starts it again on a new worker.
    await expect(figure.locator('[data-prompt="cat"]')).toHaveAttribute('aria-pressed', 'true');
    await figure.locator('[data-prompt="cat"]').click();
    await expect(status).toBeHidden();
    await expect.poll(done, { timeout: 30_000 }).toBe(true);
    expect((await workers(page)).made).toBe(2);
    await expect(figure.locator('[data-counter]')).toHaveText('step 60 / 60');
    const finalOf = () =>
      page.evaluate(() =>
        Array.from(
          document
            .querySelector<HTMLElement & { finalPositions(): Float32Array | null }>(
              'prompts-figure',
            )!
            .finalPositions() ?? [],
        ),
      );
    expect(precision(Float32Array.from(await finalOf()), getTarget('cat').points)).toBeLessThan(
      0.05,
    );

    // The next prompt runs on that worker, and its run lands on the shape.
    await figure.locator('[data-prompt="letter"]').click();
    await expect.poll(done, { timeout: 30_000 }).toBe(true);
    expect((await workers(page)).made).toBe(2);
    await expect(status).toBeHidden();
    await expect(figure.locator('[data-counter]')).toHaveText('step 60 / 60');
    const final = await finalOf();
    expect(final).toHaveLength(2400);
    expect(precision(Float32Array.from(final), getTarget('letter').points)).toBeLessThan(0.05);
    watch.check();
  });

  test('EP 02: a worker that goes silent mid-run is given up on, and Play starts it again', async ({
    page,
  }) => {
    // The client gives a silent worker 20 s (STALL_MS in src/render/sim-client.ts); the page's
    // clock is fast-forwarded past that instead of waiting for it.
    await page.clock.install();
    const watch = watchForProblems(page);
    await openEmbed(page, 'reverse', () =>
      arm(page, { prompt: 'heart', afterStep: 10, how: 'terminate' }),
    );
    const figure = page.locator('reverse-figure');
    const read = () =>
      page.evaluate(() => {
        const el = document.querySelector<
          HTMLElement & { available: number; frame: number; playing: boolean }
        >('reverse-figure')!;
        return { available: el.available, frame: el.frame, playing: el.playing };
      });
    await expect
      .poll(async () => (await workers(page)).struckAt, { timeout: 30_000 })
      .not.toBeNull();
    const struckAt = (await workers(page)).struckAt ?? -1;
    // What arrived before the worker went silent is drawn; nothing more comes.
    await expect(figure.locator('[data-kicker]')).toHaveText(`step ${struckAt} / 60`);
    expect((await read()).available).toBe(struckAt + 1);

    await page.clock.fastForward(21_000);
    const status = figure.locator('[data-status]');
    await expect(status).toHaveText(
      'The simulation stopped (No reply from the worker for 20 s). Press play, a step button or move the slider to start it again.',
    );
    await expect(figure.locator('[data-kicker]')).toHaveText(`step ${struckAt} / 60`);

    await page.getByRole('button', { name: 'Play' }).click();
    await expect(status).toBeHidden();
    await expect.poll(async () => (await read()).available, { timeout: 30_000 }).toBe(61);
    expect((await workers(page)).made).toBe(2);
    await expect(figure.locator('[data-kicker]')).toHaveText('step 60 / 60', { timeout: 30_000 });
    await expect.poll(async () => (await read()).playing).toBe(false);
    const drawn = await page.evaluate(() =>
      Array.from(
        document
          .querySelector<HTMLElement & { drawnPositions(): Float32Array | null }>('reverse-figure')!
          .drawnPositions() ?? [],
      ),
    );
    const expected = sample({
      seed: 7,
      prompt: 'heart',
      steps: 60,
      guidance: 7.5,
      particles: 1200,
    });
    expect(Float32Array.from(drawn)).toEqual(expected[60]!.positions);
    watch.check();
  });
});
