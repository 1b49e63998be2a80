import { expect, test, type Page } from '@playwright/test';
import { sample } from '../../src/sim/sampler.ts';
import { precision } from '../../src/sim/metrics.ts';
import { getTarget } from '../../src/sim/targets.ts';
import { screenshotTests, scrollElementTo, shareLinkOf, watchForProblems } from './helpers.ts';

/** What the tests read from <steps-figure>. */
interface StepsElement extends HTMLElement {
  readonly state: { seed: number; prompt: string; steps: number; sampler: 'ddim' | 'ddpm' };
  readonly shareState: object;
  readonly done: boolean;
  readonly mode: 'webgl' | 'canvas2d' | null;
  readonly readout: { precision: string; coverage: string; step: number | null; steps: number };
  readonly drawLog: readonly { run: number; index: number }[];
  readonly isVisible: boolean;
  positions(): Float32Array | null;
  drawnPositions(): Float32Array | null;
  sweepPoints(sampler: 'ddim' | 'ddpm'): { x: number; y: number }[];
  setSteps(n: number): void;
  setSampler(s: 'ddim' | 'ddpm'): void;
  restoreState(state: object): void;
}

/** Counts every change to the chart's SVG from now on (window.chartWrites). */
interface ChartWatch {
  chartWrites: { count: number };
}

const FIGURE = 'steps-figure';
const star = getTarget('star').points;

/** Opens EP 04 on its embed page (no scroll step sets the step count) and waits for the first run. */
async function openEmbed(page: Page): Promise<void> {
  await page.goto('/embed/steps/');
  await page.mouse.move(10, 10);
  await page.mouse.wheel(0, 10);
  await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
  await waitDone(page);
}

async function waitDone(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate((sel) => document.querySelector<StepsElement>(sel)!.done, FIGURE), {
      timeout: 30_000,
    })
    .toBe(true);
}

/** The latest positions and the readout text, read together. */
const reading = (page: Page) =>
  page.evaluate((sel) => {
    const el = document.querySelector<StepsElement>(sel)!;
    return {
      positions: Array.from(el.positions() ?? []),
      drawn: Array.from(el.drawnPositions() ?? []),
      readout: el.readout,
      log: [...el.drawLog],
    };
  }, FIGURE);

test.describe('EP 04: steps vs quality', () => {
  test('60 steps land closer than 3, and the readout is the distance of the positions drawn', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    await openEmbed(page);
    const sixty = await reading(page);
    expect(sixty.readout.step).toBe(60);
    const d60 = precision(Float32Array.from(sixty.positions), star);
    expect(sixty.readout.precision).toBe(d60.toFixed(3));
    expect(sixty.drawn).toEqual(sixty.positions);
    await expect(page.locator(`${FIGURE} [data-panel-title]`)).toHaveText('60 steps · ✓ good case');

    await page.locator(`${FIGURE} [data-quick="3"]`).click();
    await expect(page.locator(`${FIGURE} [data-quick="3"]`)).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await waitDone(page);
    const three = await reading(page);
    expect(three.readout.step).toBe(3);
    const d3 = precision(Float32Array.from(three.positions), star);
    expect(three.readout.precision).toBe(d3.toFixed(3));
    expect(three.drawn).toEqual(three.positions);
    expect(d60).toBeLessThan(d3);
    await expect(page.locator(`${FIGURE} [data-panel-title]`)).toHaveText('3 steps · ✗ bad case');
    await expect(page.locator(`${FIGURE} [data-canvas]`)).toHaveAttribute(
      'aria-label',
      new RegExp(`avg distance from target ${d3.toFixed(3)}`),
    );
    await expect(page.locator(`${FIGURE} [data-announce]`)).toContainText(d3.toFixed(3));
    watch.check();
  });

  test('the numbers update while the run plays', async ({ page }) => {
    await openEmbed(page);
    const seen = await page.evaluate(async (sel) => {
      const el = document.querySelector<StepsElement>(sel)!;
      const values = new Set<string>();
      // The longest run: its progress is written at most ten times a second, so a short run
      // on a fast machine shows only a few values on the way.
      el.setSteps(100);
      const node = el.querySelector('[data-precision]')!;
      const observer = new MutationObserver(() => values.add(node.textContent ?? ''));
      observer.observe(node, { childList: true, characterData: true, subtree: true });
      await new Promise<void>((resolve) => {
        const check = () => (el.done ? resolve() : setTimeout(check, 50));
        check();
      });
      observer.disconnect();
      return values.size;
    }, FIGURE);
    expect(seen).toBeGreaterThan(5);
  });

  test('20 changes in a second: only the last choice’s run is drawn', async ({ page }) => {
    const watch = watchForProblems(page);
    await openEmbed(page);
    await page.evaluate(async (sel) => {
      const el = document.querySelector<StepsElement>(sel)!;
      for (let i = 0; i < 20; i++) {
        el.setSteps(5 + i * 3);
        el.setSampler(i % 2 ? 'ddpm' : 'ddim');
        await new Promise((r) => setTimeout(r, 45));
      }
    }, FIGURE);
    // The last choice: 62 steps, DDPM.
    await waitDone(page);
    const last = await reading(page);
    const runs = new Set(last.log.map((f) => f.run));
    expect(runs.size).toBe(1);
    expect(last.log.map((f) => f.index)).toEqual(Array.from({ length: 63 }, (_, i) => i));
    const expected = sample({
      seed: 7,
      prompt: 'star',
      steps: 62,
      sampler: 'ddpm',
      particles: 1200,
    });
    expect(last.drawn).toEqual(Array.from(expected[62]!.positions));
    watch.check();
  });

  test('the chart fills in from the worker’s sweep for both samplers', async ({ page }) => {
    await openEmbed(page);
    await expect
      .poll(
        () =>
          page.evaluate((sel) => {
            const el = document.querySelector<StepsElement>(sel)!;
            return Math.min(el.sweepPoints('ddim').length, el.sweepPoints('ddpm').length);
          }, FIGURE),
        { timeout: 40_000 },
      )
      .toBeGreaterThanOrEqual(8);
    const ddim = await page.evaluate(
      (sel) => document.querySelector<StepsElement>(sel)!.sweepPoints('ddim'),
      FIGURE,
    );
    // One step lands on the average of the shapes; a few more steps already do much better.
    const at = (x: number) => ddim.find((p) => p.x === x)?.y ?? NaN;
    expect(at(8)).toBeLessThan(at(1));
    await expect(page.locator(`${FIGURE} [data-chart] path[data-series="ddim"]`)).toHaveAttribute(
      'd',
      /^M/,
    );
  });

  // On a wide screen the reader scrolls the figure away; on a phone the chart waits below the
  // pinned stage while the reader is still in the steps (the panel is on screen, the chart not).
  for (const { width, height, case: where } of [
    { width: 1440, height: 900, case: 'the figure scrolled away' },
    { width: 360, height: 740, case: 'the chart below the pinned stage' },
  ]) {
    test(`offscreen the chart draws nothing (${where}); back on screen it shows all that was measured`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height });
      await page.goto('/');
      await scrollElementTo(page, FIGURE, 0.12);
      await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
      await waitDone(page);
      const chart = page.locator(`${FIGURE} [data-chart]`);
      const chartOnScreen = () =>
        chart.evaluate((svg) => {
          const r = svg.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight;
        });
      const stageOnScreen = () =>
        page.evaluate((sel) => document.querySelector<StepsElement>(sel)!.isVisible, FIGURE);
      /** The sweep's points measured so far (drawn or not): ddim, ddpm. */
      const measured = () =>
        page.evaluate((sel) => {
          const el = document.querySelector<StepsElement>(sel)!;
          return [el.sweepPoints('ddim').length, el.sweepPoints('ddpm').length] as const;
        }, FIGURE);
      if (width > 600) {
        await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
        await expect.poll(stageOnScreen).toBe(false);
      } else {
        expect(await stageOnScreen()).toBe(true);
      }
      expect(await chartOnScreen()).toBe(false);

      // What the chart shows for seed #7; a finished sweep of seed #8 has as many points.
      const ddimPath = async () =>
        (await chart.locator('path[data-series="ddim"]').getAttribute('d')) ?? '';
      const seed7 = await ddimPath();

      // A new seed: a new run and a new sweep, measured while the chart is out of sight.
      await page.evaluate((sel) => {
        const el = document.querySelector<StepsElement>(sel)!;
        const writes = { count: 0 };
        (window as unknown as ChartWatch).chartWrites = writes;
        new MutationObserver((records) => (writes.count += records.length)).observe(
          el.querySelector('[data-chart]')!,
          { subtree: true, childList: true, attributes: true, characterData: true },
        );
        el.restoreState({ seed: 8 });
      }, FIGURE);
      await expect
        .poll(async () => Math.min(...(await measured())), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(8);
      const writes = () => page.evaluate(() => (window as unknown as ChartWatch).chartWrites.count);
      expect(await writes()).toBe(0);

      // In sight again, the chart draws every point the sweep measured meanwhile.
      await chart.scrollIntoViewIfNeeded();
      await expect
        .poll(async () => {
          const d = await ddimPath();
          const drawn = (d.match(/[ML]/g) ?? []).length;
          return d !== seed7 && drawn > 0 && drawn === (await measured())[0];
        })
        .toBe(true);
      expect(await writes()).toBeGreaterThan(0);
      await expect(chart.locator('text', { hasText: '60 DDIM' })).toHaveCount(1);
    });
  }

  test('keyboard: quick choices, the slider and the sampler switch', async ({ page }) => {
    await openEmbed(page);
    await page.locator(`${FIGURE} [data-quick="10"]`).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<StepsElement>(sel)!.state.steps, FIGURE),
      )
      .toBe(10);
    await page.locator(`${FIGURE} [data-slider]`).focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<StepsElement>(sel)!.state.steps, FIGURE),
      )
      .toBe(11);
    await expect(page.locator(`${FIGURE} [data-slider]`)).toHaveAttribute(
      'aria-valuetext',
      '11 steps',
    );
    await page.locator(`${FIGURE} input[value="ddim"]`).focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<StepsElement>(sel)!.state.sampler, FIGURE),
      )
      .toBe('ddpm');
  });

  test('a shared link opens at its seed, prompt, steps and sampler', async ({ page }) => {
    const watch = watchForProblems(page);
    await page.goto('/?ep=4&seed=42&prompt=heart&steps=10&sampler=ddpm#steps');
    await page.mouse.wheel(0, 1);
    await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
    await waitDone(page);
    const share = await page.evaluate(
      (sel) => document.querySelector<StepsElement>(sel)!.shareState,
      FIGURE,
    );
    expect(share).toEqual({ seed: 42, prompt: 'heart', steps: 10, sampler: 'ddpm' });
    const link = await shareLinkOf(page, FIGURE);
    expect(new URL(link).search).toBe('?ep=4&seed=42&prompt=heart&steps=10&sampler=ddpm');
    watch.check();
  });

  screenshotTests(FIGURE, 'steps', waitDone);
});
