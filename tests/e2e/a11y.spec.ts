import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { scrollThrough } from './helpers.ts';

/** WCAG 2.2 AA, the bar the article holds itself to. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const MODES = [
  { name: 'light', colorScheme: 'light', reducedMotion: 'no-preference' },
  { name: 'dark', colorScheme: 'dark', reducedMotion: 'no-preference' },
  { name: 'reduced motion', colorScheme: 'light', reducedMotion: 'reduce' },
] as const;

for (const mode of MODES) {
  test(`axe finds no WCAG 2.2 AA violations (${mode.name})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: mode.colorScheme, reducedMotion: mode.reducedMotion });
    await page.goto('/');
    await scrollThrough(page);
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const summary = results.violations.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join('; ')})`,
    );
    expect(summary, summary.join('\n')).toEqual([]);
    const checks = results.passes.length + results.incomplete.length + results.inapplicable.length;
    expect(results.passes.length).toBeGreaterThan(10);
    console.log(`axe (${mode.name}): ${results.passes.length} rules passed of ${checks} run`);
  });
}
