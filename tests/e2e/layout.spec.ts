import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import { scrollElementTo, scrollThrough } from './helpers.ts';

for (const width of [320, 360, 768, 1440]) {
  test(`no horizontal scroll at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/');
    await scrollThrough(page);
    const overflow = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .filter((el) => !el.closest('.episode-nav ol, math'))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    }));
    expect(
      overflow.scroll,
      `wider than the viewport: ${overflow.wide.join(', ')}`,
    ).toBeLessThanOrEqual(overflow.client);
  });
}

// Display maths can scroll sideways (its wrapper is focusable for that), but on any screen from
// a 320 px phone up every equation shows whole: a long pair is stacked, not cut at the edge.
for (const width of [320, 360, 768, 1440]) {
  test(`every display equation fits its column at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/');
    const equations = await page.locator('.equation').evaluateAll((els) =>
      els.map((el) => ({
        where: `${el.closest('section')?.id ?? 'page'}: ${el.textContent?.trim().slice(0, 24)}`,
        scroll: el.scrollWidth,
        client: el.clientWidth,
      })),
    );
    expect(equations.length).toBeGreaterThan(0);
    for (const eq of equations) expect(eq.scroll, eq.where).toBeLessThanOrEqual(eq.client + 1);
  });
}

// On a laptop the pinned EP 02 figure shows whole, caption and share buttons included: its
// square stage gives up size to fit the screen's height rather than push them below it.
for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`EP 02's pinned figure fits a ${viewport.width}×${viewport.height} screen`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('/');
    await scrollElementTo(page, 'section#reverse .step[data-step="emerging"]', 0.3);
    // Measured live: the live figure's rows (status, ghost toggle) are taller than the poster's.
    await page.locator('reverse-figure[data-live]').waitFor({ timeout: 20_000 });
    const box = await page.evaluate(() => {
      const figure = document.querySelector('section#reverse .figure')!.getBoundingClientRect();
      const stage = document.querySelector('section#reverse [data-stage]')!.getBoundingClientRect();
      const share = document.querySelector('section#reverse .share')!.getBoundingClientRect();
      return { top: figure.top, bottom: figure.bottom, share: share.bottom, stage };
    });
    // Pinned under the nav, not still on its way up.
    expect(box.top).toBeGreaterThan(0);
    expect(box.top).toBeLessThan(120);
    expect(box.bottom).toBeLessThanOrEqual(viewport.height);
    expect(box.share).toBeLessThanOrEqual(viewport.height);
    // Still a square, and still a good size.
    expect(Math.abs(box.stage.width - box.stage.height)).toBeLessThanOrEqual(1);
    expect(box.stage.height).toBeGreaterThanOrEqual(288);
  });
}

for (const width of [360, 1440]) {
  test(`full-page screenshot at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
    await page.goto('/');
    await scrollThrough(page);
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await mkdir('test-results', { recursive: true });
    const shot = await page.screenshot({
      path: `test-results/article-${width}.png`,
      fullPage: true,
    });
    expect(shot.byteLength).toBeGreaterThan(10_000);
  });
}

/** What the layout tests read from a figure element. */
interface FigureElement extends HTMLElement {
  readonly done: boolean;
}

/** The panels' background (points-layout.ts PANEL_BACKGROUND), as drawn by the WebGL canvas. */
const PANEL_BG = [0x1d, 0x1f, 0x27] as const;

/** Opens the article with a figure's first step in view and waits until its runs have landed. */
async function openAt(page: Page, figure: string): Promise<void> {
  await page.goto('/');
  await scrollElementTo(page, figure, 0.12);
  await page.locator(`${figure}[data-live]`).waitFor({ timeout: 20_000 });
  await expect
    .poll(() => page.evaluate((sel) => document.querySelector<FigureElement>(sel)!.done, figure), {
      timeout: 60_000,
    })
    .toBe(true);
}

type Rect = { x: number; y: number; width: number; height: number };

const rectsOf = (page: Page, selector: string): Promise<Rect[]> =>
  page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );

/**
 * Checks, on the pixels shown, that each panel is painted exactly over its box: the panel's
 * background just inside the box's corners, not just outside its edges, and particles within.
 * (One canvas draws every panel at rectangles measured from the boxes; a stale layout misses.)
 */
async function expectPanelsOnBoxes(page: Page, figure: string): Promise<void> {
  const stage = page.locator(`${figure} [data-stage]`);
  const at = (await stage.boundingBox())!;
  const boxes = await rectsOf(page, `${figure} [data-box]`);
  const { data, info } = await sharp(await stage.screenshot())
    .raw()
    .toBuffer({ resolveWithObject: true });
  const scale = info.width / at.width;
  const pixel = (x: number, y: number): [number, number, number] => {
    const px = Math.min(info.width - 1, Math.max(0, Math.round((x - at.x) * scale)));
    const py = Math.min(info.height - 1, Math.max(0, Math.round((y - at.y) * scale)));
    const i = (py * info.width + px) * info.channels;
    return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
  };
  const isPanel = (x: number, y: number) =>
    pixel(x, y).reduce((sum, v, i) => sum + Math.abs(v - (PANEL_BG[i] ?? 0)), 0) <= 12;
  boxes.forEach((b, n) => {
    const [left, top, right, bottom] = [b.x, b.y, b.x + b.width, b.y + b.height];
    const inside = [
      [left + 3, top + 3],
      [right - 4, top + 3],
      [left + 3, bottom - 4],
      [right - 4, bottom - 4],
    ].filter(([x, y]) => isPanel(x!, y!)).length;
    expect(inside, `panel ${n}: its background fills its box`).toBeGreaterThanOrEqual(3);
    const midX = (left + right) / 2;
    const midY = (top + bottom) / 2;
    const outside = [
      [left - 3, midY],
      [right + 3, midY],
      [midX, top - 3],
      [midX, bottom + 3],
    ].filter(([x, y]) => isPanel(x!, y!)).length;
    expect(outside, `panel ${n}: nothing painted beside its box`).toBe(0);
    let particles = 0;
    for (let y = top + 2; y < bottom - 2; y += 1 / scale) {
      for (let x = left + 2; x < right - 2; x += 1 / scale) {
        const [r, g, bl] = pixel(x, y);
        if (r + g + bl > 240) particles++;
      }
    }
    expect(particles, `panel ${n}: particles inside its box`).toBeGreaterThan(50);
  });
}

/** Text in a figure's stage that is cut off (ellipsis, clipped numbers) or too small to read. */
const unreadable = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => getComputedStyle(el).visibility !== 'hidden' && el.clientWidth > 1)
      .filter(
        (el) =>
          el.scrollWidth > el.clientWidth + 1 ||
          el.scrollHeight > el.clientHeight + 1 ||
          parseFloat(getComputedStyle(el).fontSize) < 12,
      )
      .map((el) => `${el.tagName.toLowerCase()} "${el.textContent?.trim()}"`),
  );

const pageOverflow = (page: Page) =>
  page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

test.describe('narrow screens', () => {
  for (const [width, height] of [
    [360, 740],
    [412, 823],
  ] as const) {
    test(`EP 04 at ${width} px: the panel takes the column's width, the chart moves below`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      await openAt(page, 'steps-figure');
      const [stage] = await rectsOf(page, 'steps-figure [data-stage]');
      const [box] = await rectsOf(page, 'steps-figure [data-box]');
      // Before: a 133 px panel beside a chart too small to read, at 360 px.
      expect(box!.width).toBeGreaterThanOrEqual(0.55 * width);
      expect(box!.height).toBeCloseTo(box!.width, 0);
      expect(box!.x).toBeGreaterThanOrEqual(stage!.x);
      expect(box!.x + box!.width).toBeLessThanOrEqual(stage!.x + stage!.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(stage!.y + stage!.height);
      // The pinned stage still leaves most of the screen to the steps.
      expect(stage!.y + stage!.height).toBeLessThanOrEqual(0.6 * height);
      expect(
        await unreadable(
          page,
          'steps-figure [data-stage] :is(.fc-title, .fc-title-text, dt, dd, .live-num)',
        ),
      ).toEqual([]);
      await expect(page.locator('steps-figure [data-chart-home] [data-chart]')).toHaveCount(1);
      const [chart] = await rectsOf(page, 'steps-figure [data-chart]');
      expect(chart!.width).toBeGreaterThanOrEqual(0.75 * width);
      // At its drawing's proportions (300 × 190), not collapsed by the box around it.
      expect(chart!.height).toBeCloseTo((chart!.width * 190) / 300, -1);
      await expectPanelsOnBoxes(page, 'steps-figure');
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    });

    test(`every figure's kicker fits its one contained line at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto('/');
      await expect(page.locator('.kicker-text')).toHaveCount(5);
      expect(await unreadable(page, '.kicker-text')).toEqual([]);
    });

    test(`each figure's rows below its stage make one card, with no page between them at ${width} px`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      await page.goto('/');
      await scrollThrough(page);
      const gaps = await page.locator('.figure').evaluateAll((figures) =>
        figures.flatMap((figure) => {
          const rows = [...figure.children]
            .filter((el) => !el.matches('.kicker, .stage'))
            .filter((el) => el.getBoundingClientRect().height > 0)
            .map((el) => ({ el, r: el.getBoundingClientRect() }));
          return rows.slice(1).flatMap(({ el, r }, i) => {
            const above = rows[i]!;
            const gap = r.top - above.r.bottom;
            return Math.abs(gap) > 1
              ? [
                  `${above.el.className || above.el.tagName} → ${el.className || el.tagName}: ${gap.toFixed(1)} px`,
                ]
              : [];
          });
        }),
      );
      expect(gaps).toEqual([]);
    });

    test(`every chart's tick labels stay inside its drawing at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      for (const figure of ['steps-figure', 'guidance-figure']) {
        await openAt(page, figure);
        await expect(page.locator(`${figure} [data-chart] text`).first()).toBeAttached();
        const outside = await page.locator(`${figure} [data-chart]`).evaluate((svg) => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text')]
            .filter((t) => t.textContent)
            .filter((t) => {
              const r = t.getBoundingClientRect();
              return r.left < box.left - 0.5 || r.right > box.right + 0.5;
            })
            .map((t) => t.textContent);
        });
        expect(outside, figure).toEqual([]);
      }
    });

    test(`EP 05 at ${width} px: all three panels fit the row, labels whole`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await openAt(page, 'guidance-figure');
      const [stage] = await rectsOf(page, 'guidance-figure [data-stage]');
      const boxes = await rectsOf(page, 'guidance-figure [data-box]');
      expect(boxes).toHaveLength(3);
      // Every panel on screen at once, none behind a sideways scroll (before: the third was).
      for (const b of boxes) {
        expect(b.x).toBeGreaterThanOrEqual(stage!.x);
        expect(b.x + b.width).toBeLessThanOrEqual(Math.min(stage!.x + stage!.width, width));
        expect(b.width).toBeGreaterThanOrEqual(0.22 * width);
      }
      expect(
        await page
          .locator('guidance-figure [data-stage] > *')
          .evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).length),
      ).toBe(0);
      await expect(page.locator('guidance-figure [data-panel-title]')).toHaveText([
        '✗ s = 1 too weak',
        '✓ s = 7.5 just right',
        '✗ s = 25 too strong',
      ]);
      expect(
        await unreadable(
          page,
          'guidance-figure [data-stage] :is(.fc-title, .fc-title-text, dt, dd, .live-num)',
        ),
      ).toEqual([]);
      for (const i of [0, 1, 2]) {
        await expect(page.locator(`guidance-figure [data-precision="${i}"]`)).toHaveText(
          /^\d\.\d{3}$/,
        );
      }
      await expectPanelsOnBoxes(page, 'guidance-figure');
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    });
  }

  test('EP 05 at 412 px: a box that slides without resizing takes its panel along', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 412, height: 823 });
    await openAt(page, 'guidance-figure');
    const before = await rectsOf(page, 'guidance-figure [data-box]');
    // Taller readouts shrink each cell's square slot from below: the boxes, as wide as their
    // cells, keep their size and move up (a panel drawn where the box was misses it).
    await page.locator('guidance-figure .gd-readouts').evaluateAll((els) => {
      for (const el of els) (el as HTMLElement).style.paddingBottom = '24px';
    });
    const after = await rectsOf(page, 'guidance-figure [data-box]');
    after.forEach((b, i) => {
      expect(b.width).toBeCloseTo(before[i]!.width, 1);
      expect(before[i]!.y - b.y).toBeGreaterThan(8);
    });
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await expectPanelsOnBoxes(page, 'guidance-figure');
  });

  test('EP 04 on a wide screen keeps its chart beside the panel', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openAt(page, 'steps-figure');
    await expect(page.locator('steps-figure [data-stage] [data-chart]')).toHaveCount(1);
    const [box] = await rectsOf(page, 'steps-figure [data-box]');
    const [chart] = await rectsOf(page, 'steps-figure [data-chart]');
    expect(chart!.x).toBeGreaterThan(box!.x + box!.width);
    await expectPanelsOnBoxes(page, 'steps-figure');
  });
});
