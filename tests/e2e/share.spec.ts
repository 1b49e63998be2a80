import { expect, test, type Page } from '@playwright/test';
import {
  parseUrlState,
  serializeUrlState,
  type StateByEpisode,
} from '../../src/state/episode-state.ts';
import { EPISODE_SLUGS, type EpisodeSlug } from '../../src/scroll/scenes.ts';
import { watchForProblems } from './helpers.ts';

/** A non-default state for every episode: each must survive the trip through a shared link. */
const SHARED: { [E in EpisodeSlug]: StateByEpisode[E] } = {
  forward: { t: 400, schedule: 'cosine' },
  reverse: { seed: 7, prompt: 'heart', frame: 30, ghost: true },
  prompts: { seed: 42, prompt: 'spiral' },
  steps: { seed: 11, prompt: 'cat', steps: 10, sampler: 'ddpm' },
  guidance: { seed: 5, prompt: 'star', s: 12.5, threshold: true },
};

async function shareStateOf(page: Page, slug: EpisodeSlug): Promise<Record<string, unknown>> {
  return page
    .locator(`[data-figure][data-episode="${slug}"]`)
    .evaluate((el) => (el as HTMLElement & { shareState: Record<string, unknown> }).shareState);
}

test.describe('shared links', () => {
  for (const slug of EPISODE_SLUGS) {
    test(`${slug}: a link restores the figure's state and its copy link reproduces it`, async ({
      page,
    }) => {
      const watch = watchForProblems(page);
      const query = serializeUrlState(slug, SHARED[slug]);
      await page.goto(`/${query}#${slug}`);
      // The figure's state, and the query its own "Copy link" gives, read together.
      await expect
        .poll(() =>
          page.locator(`[data-figure][data-episode="${slug}"]`).evaluate((el) => {
            const share = el.querySelector('figure-share') as HTMLElement & { link: string };
            const link = new URL(share.link);
            return {
              state: (el as HTMLElement & { shareState: object }).shareState,
              search: link.search,
              hash: link.hash,
            };
          }),
        )
        .toEqual({ state: SHARED[slug], search: query, hash: `#${slug}` });
      watch.check();
    });
  }

  const MALFORMED = [
    '?ep=9',
    '?ep=1&t=-5',
    '?ep=1&t=1e3&sched=LINEAR',
    '?ep=2&frame=61&ghost=yes',
    '?ep=3&seed=-1&prompt=<img src=x onerror=alert(1)>',
    '?ep=3&prompt=heart&prompt=star',
    '?ep=4&steps=0&sampler=euler',
    '?ep=4&steps=101',
    '?ep=5&s=NaN&thr=2',
    '?ep=5&s=' + '9'.repeat(600),
    '?ep=%E0%A4%A&seed=%',
    '?ep=javascript:alert(1)',
  ];

  test(`${MALFORMED.length} malformed links fall back to defaults without an error`, async ({
    page,
  }) => {
    const watch = watchForProblems(page);
    for (const query of MALFORMED) {
      await page.goto(`/${query}`);
      await page.waitForLoadState('networkidle');
      // The linked episode's figure takes exactly what the (unit-tested) parser made of the link:
      // each bad field its default, each good field its value.
      const parsed = parseUrlState(query);
      if (parsed) {
        await expect.poll(() => shareStateOf(page, parsed.episode)).toEqual(parsed.state);
      }
      expect(await page.locator('img[src="x"]').count()).toBe(0);
    }
    watch.check();
  });
});
