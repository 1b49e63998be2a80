import { expect, test, type Page } from '@playwright/test';
import { precision } from '../../src/sim/metrics.ts';
import { initialNoise } from '../../src/sim/sampler.ts';
import { PROMPT_IDS, getTarget } from '../../src/sim/targets.ts';
import { screenshotTests, shareLinkOf, watchForProblems } from './helpers.ts';

/** What the tests read from <prompts-figure>. */
interface PromptsElement extends HTMLElement {
  readonly state: { seed: number; prompt: string };
  readonly shareState: object;
  readonly done: boolean;
  readonly drawLog: readonly { run: number; index: number }[];
  startPositions(): Float32Array | null;
  finalPositions(): Float32Array | null;
  drawnPositions(panel?: number): Float32Array | null;
  setPrompt(prompt: string): void;
  setSeed(seed: number): void;
  newSeed(): void;
}

const FIGURE = 'prompts-figure';

async function openEmbed(page: Page): Promise<void> {
  await page.goto('/embed/prompts/');
  await page.mouse.move(10, 10);
  await page.mouse.wheel(0, 10);
  await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
  await waitDone(page);
}

async function waitDone(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate((sel) => document.querySelector<PromptsElement>(sel)!.done, FIGURE), {
      timeout: 30_000,
    })
    .toBe(true);
}

const read = (page: Page) =>
  page.evaluate((sel) => {
    const el = document.querySelector<PromptsElement>(sel)!;
    return {
      state: el.state,
      start: Array.from(el.startPositions() ?? []),
      final: Array.from(el.finalPositions() ?? []),
      drawn: Array.from(el.drawnPositions(1) ?? []),
      drawnStart: Array.from(el.drawnPositions(0) ?? []),
      log: [...el.drawLog],
    };
  }, FIGURE);

test.describe('EP 03: the prompt is a steering wheel', () => {
  test('every prompt grows a cloud within 0.05 of its shape, from the same starting noise', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const watch = watchForProblems(page);
    await openEmbed(page);
    const noise = Array.from(initialNoise(7, 1200));
    for (const prompt of PROMPT_IDS) {
      await page.locator(`${FIGURE} [data-prompt="${prompt}"]`).click();
      await expect(page.locator(`${FIGURE} [data-prompt="${prompt}"]`)).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await waitDone(page);
      const r = await read(page);
      expect(r.state.prompt).toBe(prompt);
      // The start is the seed's noise whatever the prompt (as src/sim computes it in Node).
      expect(r.start).toEqual(noise);
      expect(r.drawnStart).toEqual(noise);
      expect(r.drawn).toEqual(r.final);
      const distance = precision(Float32Array.from(r.final), getTarget(prompt).points);
      expect(distance, prompt).toBeLessThan(0.05);
      await expect(page.locator(`${FIGURE} [data-precision]`)).toHaveText(distance.toFixed(3));
    }
    await expect(page.locator(`${FIGURE} [data-announce]`)).toContainText(
      'avg distance from target',
    );
    watch.check();
  });

  test('the text field maps words to a prompt and names the known prompts otherwise', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    await openEmbed(page);
    const field = page.locator(`${FIGURE} [data-text]`);
    await field.fill('a red star');
    await field.press('Enter');
    await expect(page.locator(`${FIGURE} [data-text-message]`)).toHaveText(
      '“a red star” → a star.',
    );
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<PromptsElement>(sel)!.state.prompt, FIGURE),
      )
      .toBe('star');
    await field.fill('Kitties!');
    await page.locator(`${FIGURE} [data-text-form] button`).click();
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<PromptsElement>(sel)!.state.prompt, FIGURE),
      )
      .toBe('cat');
    await field.fill('a purple dragon');
    await field.press('Enter');
    const message = page.locator(`${FIGURE} [data-text-message]`);
    await expect(message).toContainText('This small model knows only six shapes');
    await expect(message).toContainText(
      'a heart, a star, a spiral, a cat, a tree and the letter A',
    );
    // Nothing matched: the prompt stays.
    expect(
      await page.evaluate(
        (sel) => document.querySelector<PromptsElement>(sel)!.state.prompt,
        FIGURE,
      ),
    ).toBe('cat');
    watch.check();
  });

  test('the seed field and “new seed” change the start; bad seeds are refused', async ({
    page,
  }) => {
    await openEmbed(page);
    const seedField = page.locator(`${FIGURE} [data-seed]`);
    await seedField.fill('42');
    await seedField.press('Enter');
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<PromptsElement>(sel)!.state.seed, FIGURE),
      )
      .toBe(42);
    await waitDone(page);
    expect((await read(page)).start).toEqual(Array.from(initialNoise(42, 1200)));
    await expect(page.locator(`${FIGURE} [data-kicker]`)).toHaveText('seed #42 · pick a prompt');
    await page.locator(`${FIGURE} [data-new-seed]`).click();
    const next = (7741 * 42 + 7919) % 1_000_000;
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<PromptsElement>(sel)!.state.seed, FIGURE),
      )
      .toBe(next);
    await seedField.fill('-3');
    await seedField.press('Enter');
    await expect(page.locator(`${FIGURE} [data-text-message]`)).toContainText(
      'whole number from 0 to 999,999',
    );
    expect(
      await page.evaluate((sel) => document.querySelector<PromptsElement>(sel)!.state.seed, FIGURE),
    ).toBe(next);
  });

  test('20 changes in a second: only the last choice’s run is drawn', async ({ page }) => {
    const watch = watchForProblems(page);
    await openEmbed(page);
    await page.evaluate(async (sel) => {
      const el = document.querySelector<PromptsElement>(sel)!;
      const prompts = ['heart', 'star', 'spiral', 'cat', 'tree', 'letter'];
      for (let i = 0; i < 20; i++) {
        el.setPrompt(prompts[i % prompts.length]!);
        await new Promise((r) => setTimeout(r, 45));
      }
    }, FIGURE);
    await waitDone(page);
    const r = await read(page);
    // The 20th change (i = 19) picks prompts[19 % 6] = star.
    expect(r.state.prompt).toBe('star');
    expect(new Set(r.log.map((f) => f.run)).size).toBe(1);
    expect(r.log.map((f) => f.index)).toEqual(Array.from({ length: 61 }, (_, i) => i));
    expect(r.drawn).toEqual(r.final);
    expect(precision(Float32Array.from(r.final), getTarget('star').points)).toBeLessThan(0.05);
    watch.check();
  });

  test('keyboard: prompt buttons and the text field', async ({ page }) => {
    await openEmbed(page);
    await page.locator(`${FIGURE} [data-prompt="tree"]`).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<PromptsElement>(sel)!.state.prompt, FIGURE),
      )
      .toBe('tree');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect
      .poll(() =>
        page.evaluate((sel) => document.querySelector<PromptsElement>(sel)!.state.prompt, FIGURE),
      )
      .toBe('letter');
  });

  test('a shared link opens at its seed and prompt, and Copy link carries them', async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    await page.goto('/?ep=3&seed=42&prompt=star#prompts');
    await page.mouse.wheel(0, 1);
    await page.locator(`${FIGURE}[data-live]`).waitFor({ timeout: 20_000 });
    await waitDone(page);
    const share = await page.evaluate(
      (sel) => document.querySelector<PromptsElement>(sel)!.shareState,
      FIGURE,
    );
    expect(share).toEqual({ seed: 42, prompt: 'star' });
    const r = await read(page);
    expect(r.start).toEqual(Array.from(initialNoise(42, 1200)));
    const link = await shareLinkOf(page, FIGURE);
    expect(new URL(link).search).toBe('?ep=3&seed=42&prompt=star');
    watch.check();
  });

  screenshotTests(FIGURE, 'prompts', waitDone);
});
