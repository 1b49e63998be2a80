import { expect, test } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { scrollThrough } from './helpers.ts';

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
