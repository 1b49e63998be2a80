import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import sharp from 'sharp';
import { sample } from '../../src/sim/sampler.ts';
import { screenshotFigure, scrollElementTo, watchForProblems, withoutWebGL } from './helpers.ts';

/** What the test reads from <reverse-figure> (its public getters and test hooks). */
interface Snapshot {
  mode: 'webgl' | 'canvas2d';
  width: number;
  height: number;
  painted: number;
  checksum: number;
}
interface ReverseElement extends HTMLElement {
  readonly frame: number;
  readonly playing: boolean;
  readonly available: number;
  readonly mode: 'webgl' | 'canvas2d' | null;
  readonly timings: { near: number | null; firstParticles: number | null };
  positions(frame: number): Float32Array | null;
  drawnPositions(): Float32Array | null;
  snapshot(): Snapshot | null;
  memory(): { geometries: number; textures: number } | null;
  liveContexts(): number | null;
  loseAndRestoreContext(): Promise<void>;
  seek(frame: number): void;
  play(): void;
}

const FIGURE = 'reverse-figure';
const STEPS = 60;

/** Seed #7's run as src/sim computes it in Node: the figure must show exactly this. */
const expected = sample({ seed: 7, prompt: 'heart', steps: STEPS, guidance: 7.5, particles: 1200 });

/** Scrolls EP 02 near the viewport and waits until its interactive is live and its run is in. */
async function openFigure(page: Page): Promise<void> {
  await page.goto('/');
  await scrollElementTo(page, `${FIGURE}`, 0.1);
  await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
  await expect(page.locator(`${FIGURE} [data-controls]`)).toBeVisible();
  await expect
    .poll(
      () => page.evaluate((sel) => document.querySelector<ReverseElement>(sel)!.available, FIGURE),
      {
        timeout: 30_000,
      },
    )
    .toBe(STEPS + 1);
}

const figure = <T>(page: Page, read: (el: ReverseElement) => T) =>
  page.evaluate(
    ([sel, fn]) => {
      const el = document.querySelector(sel as string) as ReverseElement;
      return (new Function('el', `return (${fn as string})(el)`) as (el: ReverseElement) => T)(el);
    },
    [FIGURE, read.toString()] as const,
  );

const snapshot = (page: Page) =>
  page.evaluate((sel) => {
    const shot = document.querySelector<ReverseElement>(sel)?.snapshot();
    if (!shot) throw new Error('no snapshot');
    return shot;
  }, FIGURE);

/** Waits until the figure rests on `frame` (not playing, its move finished). */
async function expectFrame(page: Page, frame: number): Promise<void> {
  // Long enough for the whole film to play on a slow software renderer.
  const timeout = 30_000;
  await expect(page.locator(`${FIGURE} [data-kicker]`)).toHaveText(`step ${frame} / ${STEPS}`, {
    timeout,
  });
  await expect.poll(() => figure(page, (el) => el.frame), { timeout }).toBe(frame);
  // The move into the frame has finished: what is drawn is the frame itself.
  await expect
    .poll(
      () =>
        page.evaluate(
          ([sel, k]) => {
            const el = document.querySelector<ReverseElement>(sel as string)!;
            const drawn = el.drawnPositions();
            const want = el.positions(k as number);
            return !!drawn && !!want && drawn.every((v, i) => v === want[i]);
          },
          [FIGURE, frame] as const,
        ),
      { timeout },
    )
    .toBe(true);
}

/** Counts pixels in a PNG unlike the panel background (#1d1f27) and the figure's own background. */
async function paintedPixels(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const r = data[i] ?? 0;
    const g = data[i + 1] ?? 0;
    const b = data[i + 2] ?? 0;
    // Particles are light and saturated; both backgrounds are near-black.
    if (r + g + b > 240) count++;
  }
  return count;
}

test.describe('EP 02 reverse figure', () => {
  test('draws the particles inside the figure once it nears the viewport', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    const shot = await snapshot(page);
    expect(shot.mode).toBe('webgl');
    expect(shot.painted).toBeGreaterThan(0.02);
    await expect(page.locator(`${FIGURE} [data-poster]`)).toBeHidden();
    const stage = page.locator(`${FIGURE} .stage`);
    const canvas = await page.locator(`${FIGURE} [data-canvas]`).boundingBox();
    const box = await stage.boundingBox();
    expect(canvas && box && canvas.width <= box.width + 1 && canvas.height <= box.height + 1).toBe(
      true,
    );
    await scrollElementTo(page, FIGURE, 0.05);
    expect(await paintedPixels(await stage.screenshot())).toBeGreaterThan(1000);
    const { near, firstParticles } = await figure(page, (el) => el.timings);
    console.log(
      `EP 02: first particles ${((firstParticles ?? NaN) - (near ?? NaN)).toFixed(0)} ms after nearing the viewport`,
    );
    watch.check();
  });

  test('its final positions are seed #7’s run from src/sim, to the last float', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    for (const k of [0, 30, STEPS]) {
      const shown = await page.evaluate(
        ([sel, frame]) =>
          Array.from(
            document.querySelector<ReverseElement>(sel as string)!.positions(frame as number) ?? [],
          ),
        [FIGURE, k] as const,
      );
      const want = expected[k]!.positions;
      expect(shown.length).toBe(want.length);
      expect(Float32Array.from(shown)).toEqual(want);
    }
    watch.check();
  });

  test('scrolling into the "emerging" step plays the run to step 60 / 60', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    await scrollElementTo(page, '#reverse .step[data-step="static"]', 0.5);
    await expectFrame(page, 0);
    await expect(page.locator(`${FIGURE} [data-describe]`)).toHaveText(
      /^step 0 of 60 — shapeless static/,
    );
    await page.evaluate((sel) => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      const kicker = document.querySelector(`${sel} [data-kicker]`)!;
      new MutationObserver(() => w.seen.push(kicker.textContent ?? '')).observe(kicker, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    }, FIGURE);
    await scrollElementTo(page, '#reverse .step[data-step="emerging"]', 0.5);
    await expect.poll(() => figure(page, (el) => el.playing)).toBe(true);
    await expectFrame(page, STEPS);
    expect(await figure(page, (el) => el.playing)).toBe(false);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    // The counter went through the film, not straight to the end.
    expect(new Set(seen).size).toBeGreaterThan(20);
    expect(seen.at(-1)).toBe('step 60 / 60');
    const final = await page.evaluate(
      (sel) => Array.from(document.querySelector<ReverseElement>(sel)!.drawnPositions() ?? []),
      FIGURE,
    );
    expect(Float32Array.from(final)).toEqual(expected[STEPS]!.positions);
    await expect(page.locator(`${FIGURE} [data-announce]`)).toHaveText(
      /^step 60 of 60 — the particles trace a heart \(avg distance from target 0\.0\d\d\)$/,
    );
    await expect(page.locator(`${FIGURE} [data-canvas]`)).toHaveAttribute(
      'aria-label',
      /step 60 of 60 — the particles trace a heart/,
    );
    watch.check();
  });

  test('the ghost toggle overlays x̂₀ and removes it again', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    await page.locator(`${FIGURE} [data-scrub]`).fill('30');
    await expectFrame(page, 30);
    const plain = await snapshot(page);
    const ghost = page.getByRole('checkbox', { name: /ghost/ });
    await ghost.check();
    const ghosted = await snapshot(page);
    expect(ghosted.checksum).not.toBe(plain.checksum);
    expect(ghosted.painted).toBeGreaterThan(plain.painted);
    await expect(page.locator(`${FIGURE} [data-canvas]`)).toHaveAttribute('aria-label', /ghost/);
    await ghost.uncheck();
    expect((await snapshot(page)).checksum).toBe(plain.checksum);
    watch.check();
  });

  test('step buttons, the scrub slider and the keyboard move through the frames', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    const slider = page.getByRole('slider', { name: 'Step of the run' });
    await slider.fill('40');
    await expectFrame(page, 40);
    await expect(slider).toHaveAttribute('aria-valuetext', 'step 40 of 60');
    await page.getByRole('button', { name: 'One step forward' }).click();
    await expectFrame(page, 41);
    await page.getByRole('button', { name: 'One step back' }).click();
    await page.getByRole('button', { name: 'One step back' }).click();
    await expectFrame(page, 39);
    // Scrubbing back is instant: every frame is kept once computed.
    await slider.fill('5');
    await expectFrame(page, 5);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expectFrame(page, 6);
    await page.keyboard.press('End');
    await expectFrame(page, 60);
    // Every control is reachable with Tab and has a name.
    await page.getByRole('button', { name: 'Restart from the noise' }).focus();
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      names.push(
        await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''),
      );
      await page.keyboard.press('Tab');
    }
    expect(names).toEqual([
      'Restart from the noise',
      'One step back',
      'Play',
      'One step forward',
      'Step of the run',
    ]);
    await expect(page.getByRole('checkbox', { name: /ghost: show/ })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(page.getByRole('checkbox', { name: /ghost/ })).toBeChecked();
    // The spoken line follows the frame once it rests, in words from the measured distance.
    await slider.fill('56');
    await expect(page.locator(`${FIGURE} [data-announce]`)).toHaveText(
      /^step 56 of 60 — the outline of a heart is visible through the last of the noise \(avg distance from target 0\.1\d\d\)$/,
    );
    await page.getByRole('button', { name: 'Restart from the noise' }).click();
    await expect.poll(() => figure(page, (el) => el.playing)).toBe(true);
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await figure(page, (el) => el.frame);
    await page.waitForTimeout(400);
    expect(await figure(page, (el) => el.frame)).toBe(paused);
    expect(paused).toBeLessThan(STEPS);
    watch.check();
  });

  test('a lost WebGL context is restored and redrawn with the same state', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    await page.locator(`${FIGURE} [data-scrub]`).fill('50');
    await expectFrame(page, 50);
    await page.getByRole('checkbox', { name: /ghost/ }).check();
    const before = await snapshot(page);
    await page.evaluate(
      (sel) => document.querySelector<ReverseElement>(sel)!.loseAndRestoreContext(),
      FIGURE,
    );
    const after = await snapshot(page);
    expect(after.checksum).toBe(before.checksum);
    expect(after.painted).toBeGreaterThan(0.02);
    await page.getByRole('button', { name: 'One step forward' }).click();
    await expectFrame(page, 51);
    expect((await snapshot(page)).checksum).not.toBe(before.checksum);
    watch.check();
  });

  test('without WebGL the same particles are drawn with Canvas 2D, and the text says so', async ({
    page,
  }) => {
    await withoutWebGL(page);
    const watch = watchForProblems(page);
    await openFigure(page);
    await expect(page.locator(`${FIGURE} [data-status]`)).toHaveText(
      'WebGL is off in this browser, so this figure is drawn with Canvas 2D.',
    );
    expect(await figure(page, (el) => el.mode)).toBe('canvas2d');
    await page.locator(`${FIGURE} [data-scrub]`).fill('60');
    await expectFrame(page, 60);
    const end = await snapshot(page);
    expect(end.mode).toBe('canvas2d');
    expect(end.painted).toBeGreaterThan(0.02);
    const final = await page.evaluate(
      (sel) => Array.from(document.querySelector<ReverseElement>(sel)!.drawnPositions() ?? []),
      FIGURE,
    );
    expect(Float32Array.from(final)).toEqual(expected[STEPS]!.positions);
    await page.getByRole('button', { name: 'One step back' }).click();
    await expectFrame(page, 59);
    expect((await snapshot(page)).checksum).not.toBe(end.checksum);
    await page.getByRole('checkbox', { name: /ghost/ }).check();
    expect((await snapshot(page)).painted).toBeGreaterThan(end.painted * 0.9);
    watch.check();
  });

  test('removing the element frees its renderer and its context', async ({ page }) => {
    const watch = watchForProblems(page);
    await openFigure(page);
    await scrollElementTo(page, FIGURE, 0.05);
    await expect.poll(() => figure(page, (el) => el.memory()?.geometries ?? 0)).toBeGreaterThan(0);
    const result = await page.evaluate(async (sel) => {
      const el = document.querySelector<ReverseElement>(sel)!;
      const canvas = el.querySelector('canvas')!;
      const before = el.liveContexts();
      el.remove();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const gl = canvas.getContext('webgl2');
      return {
        before,
        after: el.liveContexts(),
        memory: el.memory(),
        lost: !gl || gl.isContextLost(),
      };
    }, FIGURE);
    expect(result.memory).toEqual({ geometries: 0, textures: 0 });
    expect(result.before).toBeLessThanOrEqual(4);
    expect(result.after).toBe((result.before ?? 1) - 1);
    expect(result.lost).toBe(true);
    watch.check();
  });

  test('with reduced motion nothing plays by itself, and play still works', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const watch = watchForProblems(page);
    await openFigure(page);
    await scrollElementTo(page, '#reverse .step[data-step="static"]', 0.5);
    await expectFrame(page, 0);
    await scrollElementTo(page, '#reverse .step[data-step="emerging"]', 0.5);
    await expectFrame(page, STEPS);
    await page.waitForTimeout(500);
    expect(await figure(page, (el) => el.playing)).toBe(false);
    expect(await figure(page, (el) => el.frame)).toBe(STEPS);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => figure(page, (el) => el.frame)).toBeLessThan(STEPS);
    await expectFrame(page, STEPS);
    watch.check();
  });

  for (const width of [1440, 360]) {
    test(`screenshots of the figure at ${width} px, at rest and mid-run`, async ({ page }) => {
      const watch = watchForProblems(page);
      await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
      await openFigure(page);
      await scrollElementTo(page, FIGURE, 0.02);
      await mkdir('test-results', { recursive: true });
      await page.locator(`${FIGURE} [data-scrub]`).fill('60');
      await expectFrame(page, 60);
      await page.getByRole('checkbox', { name: /ghost/ }).check();
      await page.getByRole('checkbox', { name: /ghost/ }).uncheck();
      const shot = await screenshotFigure(page, FIGURE, `test-results/reverse-${width}.png`);
      expect(shot.byteLength).toBeGreaterThan(10_000);
      await page.locator(`${FIGURE} [data-scrub]`).fill('52');
      await expectFrame(page, 52);
      await page.getByRole('checkbox', { name: /ghost/ }).check();
      await screenshotFigure(page, FIGURE, `test-results/reverse-${width}-mid.png`);
      const overflow = await page.evaluate(
        (sel) =>
          [...document.querySelectorAll(`${sel} *`)].filter(
            (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
          ).length,
        FIGURE,
      );
      expect(overflow).toBe(0);
      watch.check();
    });
  }
});
