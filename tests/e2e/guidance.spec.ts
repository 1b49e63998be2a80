import { expect, test, type Page } from '@playwright/test';
import { sample } from '../../src/sim/sampler.ts';
import { chamfer, coverage, precision } from '../../src/sim/metrics.ts';
import { getTarget } from '../../src/sim/targets.ts';
import { screenshotTests, shareLinkOf, watchForProblems } from './helpers.ts';

/** What the tests read from <guidance-figure>. */
interface GuidanceElement extends HTMLElement {
  readonly state: { seed: number; prompt: string; s: number; threshold: boolean };
  readonly shareState: object;
  readonly done: boolean;
  readonly chartDone: boolean;
  readonly mode: 'webgl' | 'canvas2d' | null;
  readonly timings: {
    clicked: number | null;
    firstMotion: number | null;
    lastStep: number | null;
  } | null;
  reading(
    panel: number,
  ): { step: number; steps: number; precision: number; coverage: number } | null;
  finalPositions(panel: number): Float32Array | null;
  drawnPositions(panel: number): Float32Array | null;
  drawLog(panel: number): readonly { run: number; index: number }[];
  chartPoints(series: 'precision' | 'coverage' | 'chamfer'): { x: number; y: number }[];
  renderAll(): void;
  setScale(s: number): void;
  setThreshold(on: boolean): void;
  setArrows(on: boolean, step?: number): void;
}

const FIGURE = 'guidance-figure';
const tree = getTarget('tree').points;

async function openEmbed(page: Page, query = ''): Promise<void> {
  await page.goto(`/embed/guidance/${query}`);
  await page.mouse.move(10, 10);
  await page.mouse.wheel(0, 10);
  await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
  await waitDone(page);
}

async function waitDone(page: Page, timeout = 60_000): Promise<void> {
  await expect
    .poll(
      () => page.evaluate((sel) => document.querySelector<GuidanceElement>(sel)!.done, FIGURE),
      {
        timeout,
      },
    )
    .toBe(true);
}

const finals = (page: Page) =>
  page.evaluate((sel) => {
    const el = document.querySelector<GuidanceElement>(sel)!;
    return [0, 1, 2].map((i) => ({
      final: Array.from(el.finalPositions(i) ?? []),
      drawn: Array.from(el.drawnPositions(i) ?? []),
      reading: el.reading(i),
      log: [...el.drawLog(i)],
    }));
  }, FIGURE);

test.describe('EP 05: guidance', () => {
  test('the row: ✗ s = 1, ✓ s = 7.5, ✗ s = 25 in one WebGL canvas; Chamfer is lowest in the middle', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    await openEmbed(page);
    expect(
      await page.evaluate((sel) => document.querySelector<GuidanceElement>(sel)!.mode, FIGURE),
    ).toBe('webgl');
    // One WebGL canvas for the three panels; the other canvas is the 2D arrow overlay.
    await expect(page.locator(`${FIGURE} canvas`)).toHaveCount(2);
    await expect(page.locator(`${FIGURE} [data-panel-title]`)).toHaveText([
      '✗ s = 1 too weak',
      '✓ s = 7.5 just right',
      '✗ s = 25 too strong',
    ]);
    const panels = await finals(page);
    const scores = panels.map((p, i) => {
      const cloud = Float32Array.from(p.final);
      expect(p.drawn, `panel ${i} drawn = final`).toEqual(p.final);
      expect(p.reading!.precision).toBeCloseTo(precision(cloud, tree), 6);
      expect(p.reading!.coverage).toBeCloseTo(coverage(cloud, tree), 6);
      return chamfer(cloud, tree);
    });
    expect(scores[1]).toBeLessThan(scores[0]!);
    expect(scores[1]).toBeLessThan(scores[2]!);
    for (let i = 0; i < 3; i++) {
      await expect(page.locator(`${FIGURE} [data-precision="${i}"]`)).toHaveText(
        panels[i]!.reading!.precision.toFixed(3),
      );
    }
    await expect(page.locator(`${FIGURE} [data-announce]`)).toContainText(
      '✓ s = 7.5 just right: precision',
    );
    watch.check();
  });

  test('the slider moves the middle panel only; thresholding re-runs the row', async ({ page }) => {
    const watch = watchForProblems(page);
    await openEmbed(page);
    const before = await finals(page);
    await page.locator(`${FIGURE} [data-slider]`).fill('12');
    await expect(page.locator(`${FIGURE} [data-panel-title="1"]`)).toHaveText('s = 12 · your pick');
    await waitDone(page);
    const after = await finals(page);
    expect(after[0]!.final).toEqual(before[0]!.final);
    expect(after[2]!.final).toEqual(before[2]!.final);
    const expected = sample({ seed: 7, prompt: 'tree', steps: 60, guidance: 12, particles: 1200 });
    expect(after[1]!.final).toEqual(Array.from(expected[60]!.positions));

    await page.locator(`${FIGURE} [data-threshold]`).check();
    await waitDone(page);
    const fixed = await finals(page);
    const strong = sample({
      seed: 7,
      prompt: 'tree',
      steps: 60,
      guidance: 25,
      threshold: true,
      particles: 1200,
    });
    expect(fixed[2]!.final).toEqual(Array.from(strong[60]!.positions));
    expect(
      await page.evaluate(
        (sel) => document.querySelector<GuidanceElement>(sel)!.shareState,
        FIGURE,
      ),
    ).toEqual({
      seed: 7,
      prompt: 'tree',
      s: 12,
      threshold: true,
    });
    watch.check();
  });

  test('20 changes in a second: the middle panel draws only the last choice’s run', async ({
    page,
  }) => {
    await openEmbed(page);
    await page.evaluate(async (sel) => {
      const el = document.querySelector<GuidanceElement>(sel)!;
      for (let i = 0; i < 20; i++) {
        el.setScale(2 + i);
        await new Promise((r) => setTimeout(r, 45));
      }
    }, FIGURE);
    await waitDone(page);
    const [, middle] = await finals(page);
    expect(new Set(middle!.log.map((f) => f.run)).size).toBe(1);
    expect(middle!.log.map((f) => f.index)).toEqual(Array.from({ length: 61 }, (_, i) => i));
    const expected = sample({ seed: 7, prompt: 'tree', steps: 60, guidance: 21, particles: 1200 });
    expect(middle!.drawn).toEqual(Array.from(expected[60]!.positions));
  });

  test('the direction arrows draw on the middle panel at the chosen step', async ({ page }) => {
    const watch = watchForProblems(page);
    await openEmbed(page);
    // With nothing to show, the overlay is out of the page: a shown canvas, even an empty one, is
    // copied to the compositor with the panels' frames.
    const overlay = page.locator(`${FIGURE} [data-arrows]`);
    await waitDone(page);
    await expect(overlay).toBeHidden();
    await page.locator(`${FIGURE} [data-arrows-toggle]`).check();
    await expect(page.locator(`${FIGURE} [data-arrow-step]`)).toBeVisible();
    await waitDone(page);
    const painted = () =>
      page.evaluate((sel) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`${sel} [data-arrows]`)!;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return n;
      }, FIGURE);
    await expect.poll(painted).toBeGreaterThan(200);
    await expect(overlay).toBeVisible();
    await expect(page.locator(`${FIGURE} [data-panel-title="1"]`)).toHaveText(
      '✓ s = 7.5 just right · step 30',
    );
    await page.locator(`${FIGURE} [data-arrow-step]`).fill('50');
    await expect(page.locator(`${FIGURE} [data-panel-title="1"]`)).toHaveText(
      '✓ s = 7.5 just right · step 50',
    );
    await page.locator(`${FIGURE} [data-arrows-toggle]`).uncheck();
    await expect.poll(painted).toBe(0);
    await expect(overlay).toBeHidden();
    watch.check();
  });

  test('the chart of precision, coverage and Chamfer against s is measured in the worker', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    // Every text the line under the chart shows, from the first.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { chartNotes: string[] }).chartNotes = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          const node = r.target instanceof Element ? r.target : r.target.parentElement;
          const note = node?.closest('[data-chart-note]');
          if (note) seen.push(note.textContent ?? '');
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await openEmbed(page);
    await expect
      .poll(
        () =>
          page.evaluate((sel) => document.querySelector<GuidanceElement>(sel)!.chartDone, FIGURE),
        {
          timeout: 90_000,
        },
      )
      .toBe(true);
    const points = await page.evaluate(
      (sel) => document.querySelector<GuidanceElement>(sel)!.chartPoints('chamfer'),
      FIGURE,
    );
    const at = (x: number) => points.find((p) => p.x === x)!.y;
    expect(at(7.5)).toBeLessThan(at(1));
    expect(at(7.5)).toBeLessThan(at(25));
    await expect(
      page.locator(`${FIGURE} [data-chart] path[data-series="chamfer"]`),
    ).toHaveAttribute('d', /^M.*L/);
    // The reader is told the chart is being measured, scale by scale, and when it is complete.
    await expect(page.locator(`${FIGURE} [data-chart-note]`)).toHaveText(
      'measured at all 12 scales',
    );
    const notes = await page.evaluate(
      () => (window as unknown as { chartNotes: string[] }).chartNotes,
    );
    const counts = notes
      .map((text) => /^measuring: (\d+) of 12 scales…$/.exec(text)?.[1])
      .filter((n) => n !== undefined)
      .map(Number);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  test('reduced motion: each panel jumps from the noise to its final frame', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openEmbed(page);
    const panels = await finals(page);
    for (const p of panels) {
      expect(p.log.map((f) => f.index)).toEqual([0, 60]);
      expect(p.drawn).toEqual(p.final);
    }
  });

  test('keyboard: render, slider and switches', async ({ page }) => {
    await openEmbed(page);
    await page.locator(`${FIGURE} [data-slider]`).focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<GuidanceElement>(sel)!.state.s, FIGURE),
      )
      .toBe(8);
    await expect(page.locator(`${FIGURE} [data-slider]`)).toHaveAttribute(
      'aria-valuetext',
      's = 8',
    );
    await page.locator(`${FIGURE} [data-threshold]`).focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() =>
        page.evaluate(
          (sel) => document.querySelector<GuidanceElement>(sel)!.state.threshold,
          FIGURE,
        ),
      )
      .toBe(true);
    await page.locator(`${FIGURE} [data-render]`).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<GuidanceElement>(sel)!.done, FIGURE),
      )
      .toBe(false);
    await waitDone(page);
  });

  test('a shared link opens at its seed, prompt, s and thresholding', async ({ page }) => {
    const watch = watchForProblems(page);
    await page.goto('/?ep=5&seed=42&prompt=star&s=12.5&thr=1#guidance');
    await page.mouse.wheel(0, 1);
    await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
    await waitDone(page);
    const share = await page.evaluate(
      (sel) => document.querySelector<GuidanceElement>(sel)!.shareState,
      FIGURE,
    );
    expect(share).toEqual({ seed: 42, prompt: 'star', s: 12.5, threshold: true });
    const link = await shareLinkOf(page, FIGURE);
    expect(new URL(link).search).toBe('?ep=5&seed=42&prompt=star&s=12.5&thr=1');
    watch.check();
  });

  screenshotTests(FIGURE, 'guidance', waitDone);
});
