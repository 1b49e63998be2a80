import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import { makeSchedule, type ScheduleKind } from '../../src/sim/schedule.ts';
import { screenshotFigure, scrollElementTo, watchForProblems, withoutWebGL } from './helpers.ts';

/** What the test reads from <forward-figure> (its public getters and test hooks). */
interface PanelStats {
  mean: number;
  std: number;
  checksum: number;
}
interface Snapshot {
  mode: 'webgl' | 'canvas2d';
  width: number;
  height: number;
  painted: number;
  left: PanelStats;
  right: PanelStats;
}
interface ForwardElement extends HTMLElement {
  snapshot(): Snapshot | null;
  loseAndRestoreContext(): Promise<void>;
  readonly mode: 'webgl' | 'canvas2d' | null;
  readonly state: { t: number; schedule: ScheduleKind; image: { kind: 'painting' | 'upload' } };
}

const FIGURE = 'forward-figure';

/** Scrolls EP 01 into view and waits until its interactive is live. */
async function openFigure(page: Page): Promise<void> {
  await page.goto('/');
  await scrollElementTo(page, '#forward', 0);
  await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
  await expect(page.locator(`${FIGURE} [data-controls]`)).toBeVisible();
}

const snapshot = (page: Page) =>
  page.evaluate((sel) => {
    const shot = document.querySelector<ForwardElement>(sel)?.snapshot();
    if (!shot) throw new Error('no snapshot');
    return shot;
  }, FIGURE);

const figureState = (page: Page) =>
  page.evaluate((sel) => document.querySelector<ForwardElement>(sel)!.state, FIGURE);

/** Moves the slider the way a drag does: a new value and an input event. */
async function dragSliderTo(page: Page, t: number): Promise<void> {
  await page.locator(`${FIGURE} [data-t-slider]`).evaluate((input: HTMLInputElement, value) => {
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
  await expect(page.locator(`${FIGURE} [data-readout="t"]`)).toHaveText(String(t));
}

/** The number a readout shows ("−10.7" → −10.7, "4.036 × 10⁻⁵" → 4.036e-5). */
async function readout(page: Page, key: string): Promise<number> {
  const text = (await page.locator(`${FIGURE} [data-readout="${key}"]`).textContent()) ?? '';
  const sci = /^([\d.]+) × 10([⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(text);
  if (sci) {
    const digits = [...(sci[3] ?? '')].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(d)).join('');
    return Number(sci[1]) * 10 ** ((sci[2] ? -1 : 1) * Number(digits));
  }
  if (text === '∞') return Infinity;
  return Number(text.replace('−', '-'));
}

/** Checks every readout against src/sim's schedule at t, to the precision shown. */
async function expectReadouts(page: Page, kind: ScheduleKind, t: number): Promise<void> {
  const ab = makeSchedule(kind).alphaBar[t] ?? NaN;
  // The readouts are written once per frame: wait for that frame before reading them.
  await expect(page.locator(`${FIGURE} [data-readout="t"]`)).toHaveText(String(t));
  await expect(page.locator(`${FIGURE} [data-curve]`)).toHaveAttribute('data-schedule', kind);
  const shownAb = await readout(page, 'alphaBar');
  expect(Math.abs(shownAb - ab) / ab).toBeLessThan(5e-4);
  expect(Math.abs((await readout(page, 'signal')) - Math.sqrt(ab))).toBeLessThanOrEqual(5e-4);
  expect(Math.abs((await readout(page, 'noise')) - Math.sqrt(1 - ab))).toBeLessThanOrEqual(5e-4);
  expect(
    Math.abs((await readout(page, 'snr')) - 10 * Math.log10(ab / (1 - ab))),
  ).toBeLessThanOrEqual(0.05);
}

/** A small real PNG: a warm-to-cool gradient, unlike the painting. */
async function gradientPng(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.round((255 * x) / (width - 1));
      raw[i + 1] = 40;
      raw[i + 2] = Math.round((255 * y) / (height - 1));
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

test.describe('EP 01 forward figure', () => {
  test('draws both panels once it nears the viewport', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    const shot = await snapshot(page);
    expect(shot.mode).toBe('webgl');
    expect(shot.painted).toBeGreaterThan(0.9);
    // The painting has structure; ε is grey on average with a spread of 255 / (2·2.5) = 51 per
    // texel, less once bilinear upscaling averages neighbours.
    expect(shot.left.std).toBeGreaterThan(20);
    expect(shot.right.mean).toBeGreaterThan(115);
    expect(shot.right.mean).toBeLessThan(140);
    expect(shot.right.std).toBeGreaterThan(25);
    const box = await page.locator(`${FIGURE} [data-canvas]`).boundingBox();
    const stage = await page.locator(`${FIGURE} .stage`).boundingBox();
    expect(box && stage && box.width <= stage.width + 1 && box.height <= stage.height + 1).toBe(
      true,
    );
    await expect(page.locator(`${FIGURE} [data-poster]`)).toBeHidden();
    watch.check();
  });

  test('the slider moves x_t and the readouts match src/sim at three t', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    const summaries: Snapshot[] = [];
    for (const t of [250, 500, 750]) {
      await dragSliderTo(page, t);
      await expectReadouts(page, 'linear', t);
      summaries.push(await snapshot(page));
      await expect(page.locator(`${FIGURE} [data-canvas]`)).toHaveAttribute(
        'aria-label',
        new RegExp(`at t = ${t}:`),
      );
      await expect(page.locator(`${FIGURE} [data-tag-t]`)).toHaveText(String(t));
    }
    const [a, b, c] = summaries;
    // The left panel changes with t; the right one is ε itself, the same static at every t.
    expect(new Set(summaries.map((s) => s.left.checksum)).size).toBe(3);
    expect(a!.left.std).toBeGreaterThan(c!.left.std * 0.5);
    expect(new Set(summaries.map((s) => s.right.checksum)).size).toBe(1);
    expect(b!.right).toEqual(a!.right);

    // The ᾱ_t curve's marker follows t down the curve.
    const dotY = await page.locator(`${FIGURE} [data-curve-dot]`).getAttribute('cy');
    await dragSliderTo(page, 100);
    expect(
      Number(await page.locator(`${FIGURE} [data-curve-dot]`).getAttribute('cy')),
    ).toBeLessThan(Number(dotY));

    // Screen readers hear the numbers once t settles, not on every step.
    await expect(page.locator(`${FIGURE} [data-announce]`)).toHaveText(
      /^t = 100 \(linear schedule\): ᾱ = /,
    );
    watch.check();
  });

  test('arrow keys step t and the cosine switch changes the numbers', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    await dragSliderTo(page, 400);
    const slider = page.locator(`${FIGURE} [data-t-slider]`);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator(`${FIGURE} [data-readout="t"]`)).toHaveText('402');
    await page.keyboard.press('ArrowLeft');
    await expectReadouts(page, 'linear', 401);
    await expect(slider).toHaveAccessibleName(/Timestep/);

    const before = await snapshot(page);
    await page.getByRole('radio', { name: 'cosine' }).check();
    await expectReadouts(page, 'cosine', 401);
    expect((await figureState(page)).schedule).toBe('cosine');
    await expect(page.locator(`${FIGURE} [data-curve]`)).toHaveAttribute('data-schedule', 'cosine');
    expect((await snapshot(page)).left.checksum).not.toBe(before.left.checksum);
    watch.check();
  });

  test('scrolling through the steps scrubs t', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    const seen: number[] = [];
    for (const [step, fraction] of [
      ['clean', 0.5],
      ['a-little', 0.5],
      ['a-little', 0.1],
      ['half-gone', 0.5],
      ['static', 0.3],
    ] as const) {
      await scrollElementTo(page, `#forward .step[data-step="${step}"]`, fraction);
      await page.waitForTimeout(250);
      const { t } = await figureState(page);
      seen.push(t);
      await expect(page.locator(`${FIGURE} [data-t-slider]`)).toHaveValue(String(t));
    }
    // Inside a step the scroll position blends t toward the next step's value.
    expect(seen[0]).toBeLessThanOrEqual(100);
    expect(seen[1]).toBeGreaterThanOrEqual(100);
    expect(seen[1]).toBeLessThanOrEqual(400);
    expect(seen[2]).toBeGreaterThan(seen[1]!);
    expect(seen[3]).toBeGreaterThanOrEqual(400);
    expect(seen[4]).toBe(1000);
    await expectReadouts(page, 'linear', 1000);
    watch.check();
  });

  test('each bad upload says why and keeps the picture', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    await dragSliderTo(page, 100);
    const png = await gradientPng(64, 48);
    const huge = Buffer.from(png);
    huge.writeUInt32BE(10_000, 16);
    huge.writeUInt32BE(10_000, 20);
    const garbled = Buffer.from(png);
    garbled.fill(0x55, 41, png.length - 12); // IHDR and IEND intact, the pixel data scrambled
    const cases = [
      {
        name: 'empty.png',
        mimeType: 'image/png',
        buffer: Buffer.alloc(0),
        message: /empty \(0 bytes\)/,
      },
      {
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('just words\n'),
        message: /doesn't look like a picture/,
      },
      {
        name: 'drawing.svg',
        mimeType: 'image/svg+xml',
        buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'),
        message: /SVG drawings can't be used/,
      },
      {
        name: 'cut.png',
        mimeType: 'image/png',
        buffer: png.subarray(0, png.length - 30),
        message: /stops early/,
      },
      {
        name: 'huge.png',
        mimeType: 'image/png',
        buffer: huge,
        message: /10,000 × 10,000 pixels \(100 megapixels\)/,
      },
      {
        name: 'big.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.alloc(21 * 1024 * 1024, 1),
        message: /21\.0 MB/,
      },
      {
        name: 'garbled.png',
        mimeType: 'image/png',
        buffer: garbled,
        message: /couldn't be decoded/,
      },
    ];
    const before = await snapshot(page);
    const message = page.locator(`${FIGURE} [data-upload-message]`);
    for (const item of cases) {
      await page
        .locator('[data-file]')
        .setInputFiles({ name: item.name, mimeType: item.mimeType, buffer: item.buffer });
      await expect(message, item.name).toHaveText(item.message);
      await expect(message).toHaveText(/The current picture stays\.$/);
      await expect(message).toHaveAttribute('data-tone', 'refused');
      expect((await figureState(page)).image.kind).toBe('painting');
      expect((await snapshot(page)).left.checksum, item.name).toBe(before.left.checksum);
    }
    await expect(page.locator(`${FIGURE} [data-reset]`)).toBeHidden();
    watch.check();
  });

  test('a good upload replaces the picture, and "Back to the painting" restores it', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    // Scrolling scrubs t, and a scroll's report can land after the slider moves: on a screen
    // tall enough to show the upload row from the start, no click below needs a scroll.
    await page.setViewportSize({ width: 1280, height: 1000 });
    await openFigure(page);
    await dragSliderTo(page, 100);
    const painting = await snapshot(page);
    await page.locator(`${FIGURE} [data-file]`).setInputFiles({
      name: 'gradient.png',
      mimeType: 'image/png',
      buffer: await gradientPng(64, 48),
    });
    await expect(page.locator(`${FIGURE} [data-upload-message]`)).toHaveText(
      /Now wrecking “gradient\.png” \(64 × 48, cropped/,
    );
    expect((await figureState(page)).image.kind).toBe('upload');
    const mine = await snapshot(page);
    expect(mine.left.checksum).not.toBe(painting.left.checksum);
    expect(mine.right).toEqual(painting.right);
    await expect(page.locator(`${FIGURE} [data-canvas]`)).toHaveAttribute(
      'aria-label',
      /^Your picture at t = 100/,
    );
    // A bad file after a good one keeps the reader's picture, not the painting.
    await page
      .locator('[data-file]')
      .setInputFiles({ name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
    await expect(page.locator(`${FIGURE} [data-upload-message]`)).toHaveAttribute(
      'data-tone',
      'refused',
    );
    expect((await snapshot(page)).left.checksum).toBe(mine.left.checksum);

    const scrolled = () => page.evaluate(() => window.scrollY);
    const before = await scrolled();
    await page.getByRole('button', { name: 'Back to the painting' }).click();
    expect((await snapshot(page)).left.checksum).toBe(painting.left.checksum);
    // Focus goes back to the upload control without moving the page (and so t).
    expect(await scrolled()).toBe(before);
    await expect(page.locator(`${FIGURE} [data-reset]`)).toBeHidden();
    await expect(page.locator(`${FIGURE} [data-file]`)).toBeFocused();
    watch.check();
  });

  test('a lost WebGL context is restored and redrawn with the same state', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    await dragSliderTo(page, 300);
    const before = await snapshot(page);
    await page.evaluate(
      (sel) => document.querySelector<ForwardElement>(sel)!.loseAndRestoreContext(),
      FIGURE,
    );
    const after = await snapshot(page);
    expect(after.painted).toBeGreaterThan(0.9);
    expect(after.left.checksum).toBe(before.left.checksum);
    expect(after.right.checksum).toBe(before.right.checksum);
    await dragSliderTo(page, 600);
    expect((await snapshot(page)).left.checksum).not.toBe(before.left.checksum);
    watch.check();
  });

  test('a shared link opens at its t and schedule until the reader scrolls on', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    await page.goto('/?ep=1&t=400&sched=cosine');
    await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    expect(await figureState(page)).toMatchObject({ t: 400, schedule: 'cosine' });
    await expectReadouts(page, 'cosine', 400);
    await scrollElementTo(page, '#forward .step[data-step="static"]', 0.3);
    await expect.poll(async () => (await figureState(page)).t).toBe(1000);
    watch.check();
  });

  test('the embed page runs the figure alone, without scroll steps', async ({ page }) => {
    const watch = watchForProblems(page);
    await page.goto('/embed/forward/');
    // An untouched embed shows its poster; the reader's pointer wakes the interactive.
    await expect(page.locator(`${FIGURE}[data-live]`)).toHaveCount(0);
    await page.mouse.move(120, 160);
    await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
    const clean = await snapshot(page);
    expect(clean.painted).toBeGreaterThan(0.9);
    await dragSliderTo(page, 700);
    await expectReadouts(page, 'linear', 700);
    expect((await snapshot(page)).left.checksum).not.toBe(clean.left.checksum);
    watch.check();
  });

  test('leaving the page frees the renderer and its WebGL context', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    const lost = await page.evaluate((sel) => {
      const figure = document.querySelector<ForwardElement>(sel)!;
      const gl = figure.querySelector('canvas')!.getContext('webgl2')!;
      const before = gl.isContextLost();
      figure.remove();
      return { before, after: gl.isContextLost() };
    }, FIGURE);
    expect(lost).toEqual({ before: false, after: true });
    watch.check();
  });

  test('without WebGL the same panels are drawn with Canvas 2D, and the text says so', async ({
    page,
  }) => {
    await withoutWebGL(page);
    const watch = watchForProblems(page);
    await openFigure(page);
    await expect(page.locator(`${FIGURE} [data-status]`)).toHaveText(
      /WebGL is not available.*Canvas 2D/,
    );
    expect(
      await page.evaluate((sel) => document.querySelector<ForwardElement>(sel)!.mode, FIGURE),
    ).toBe('canvas2d');
    const clean = await snapshot(page);
    expect(clean.mode).toBe('canvas2d');
    expect(clean.painted).toBeGreaterThan(0.9);
    expect(clean.right.std).toBeGreaterThan(25);
    await dragSliderTo(page, 500);
    await expectReadouts(page, 'linear', 500);
    const noisy = await snapshot(page);
    expect(noisy.left.checksum).not.toBe(clean.left.checksum);
    expect(noisy.right.checksum).toBe(clean.right.checksum);
    await page
      .locator('[data-file]')
      .setInputFiles({ name: 'g.png', mimeType: 'image/png', buffer: await gradientPng(32, 32) });
    await expect(page.locator(`${FIGURE} [data-upload-message]`)).toHaveText(/Now wrecking/);
    expect((await snapshot(page)).left.checksum).not.toBe(noisy.left.checksum);
    watch.check();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds no WCAG 2.2 AA violations in the live figure (${colorScheme})`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme });
      await openFigure(page);
      await dragSliderTo(page, 400);
      await page
        .locator('[data-file]')
        .setInputFiles({ name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
      await expect(page.locator(`${FIGURE} [data-upload-message]`)).not.toBeEmpty();
      const results = await new AxeBuilder({ page })
        .include(FIGURE)
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      const summary = results.violations.map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join('; ')})`,
      );
      expect(summary, summary.join('\n')).toEqual([]);
    });
  }

  for (const width of [1440, 360]) {
    test(`screenshot of the figure at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      await openFigure(page);
      await dragSliderTo(page, 250);
      await page.waitForTimeout(100);
      await mkdir('test-results', { recursive: true });
      const shot = await screenshotFigure(page, FIGURE, `test-results/forward-${width}.png`);
      expect(shot.byteLength).toBeGreaterThan(10_000);
      // No control of the figure sticks out of the viewport sideways.
      const overflow = await page.evaluate(
        (sel) =>
          [...document.querySelectorAll(`${sel} *`)].filter(
            (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
          ).length,
        FIGURE,
      );
      expect(overflow).toBe(0);
    });
  }
});
