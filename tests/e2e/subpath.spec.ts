import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EPISODES, scrollThrough, watchForProblems } from './helpers.ts';

/** The site as a host would put it under a sub-path (built by `npm run build:subpath`). */
const BASE = '/blog/diffusion/';
const DIST = 'dist-sub';
// One server per parallel worker: with a shared port, one worker's afterAll stopped the server
// the other worker's tests were still using.
const PORT =
  Number(process.env.E2E_SUBPATH_PORT ?? 4339) + Number(process.env.TEST_PARALLEL_INDEX ?? 0);
const ORIGIN = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | undefined;

test.beforeAll(async () => {
  if (!existsSync(`${DIST}/index.html`))
    throw new Error(`${DIST}/ is missing: run npm run build:subpath first`);
  server = spawn(process.execPath, ['tests/serve.ts', DIST], {
    env: { ...process.env, PORT: String(PORT), SITE_BASE: BASE },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${ORIGIN}${BASE}`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the sub-path server did not start');
});

test.afterAll(() => {
  server?.kill();
});

test('the article works under a sub-path: every asset, poster and link resolves', async ({
  page,
}) => {
  const watch = watchForProblems(page);
  await page.goto(`${ORIGIN}${BASE}`);
  await scrollThrough(page);
  await page.waitForLoadState('networkidle');
  for (const episode of EPISODES) {
    const img = page.locator(`section#${episode.slug} img[data-poster]`);
    expect(await img.getAttribute('src')).toMatch(new RegExp(`^${BASE}posters/`));
  }
  expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe(`${BASE}favicon.svg`);
  watch.check();
});

test('embeds work under a sub-path and link back to the article there', async ({ page }) => {
  const watch = watchForProblems(page);
  await page.goto(`${ORIGIN}${BASE}embed/steps/`);
  await expect(page.getByRole('link', { name: 'Read the full article' })).toHaveAttribute(
    'href',
    `${BASE}#steps`,
  );
  const oembed = await page.locator('link[type="application/json+oembed"]').getAttribute('href');
  expect(new URL(oembed ?? '').pathname).toBe(`${BASE}embed/steps/oembed.json`);
  watch.check();
});

test('the host headers file uses the sub-path', async () => {
  const headers = await (await fetch(`${ORIGIN}${BASE}_headers`)).text();
  expect(headers).toContain(`${BASE}_astro/*`);
  expect(headers).toContain(`${BASE}embed/*`);
});
