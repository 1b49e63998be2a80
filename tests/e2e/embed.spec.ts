import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { EPISODES, watchForProblems } from './helpers.ts';

test.describe('embed pages', () => {
  for (const width of [280, 360, 800]) {
    test(`every embed fits ${width} px with its title, caption and a link back`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 900 });
      for (const episode of EPISODES) {
        const watch = watchForProblems(page);
        await page.goto(`/embed/${episode.slug}/`);
        await expect(page.getByRole('heading', { level: 1 })).toContainText(episode.label);
        await expect(page.locator('[data-figure] figcaption')).not.toBeEmpty();
        await expect(page.getByRole('link', { name: 'Read the full article' })).toHaveAttribute(
          'href',
          `/#${episode.slug}`,
        );
        await expect(page.locator('.episode-nav, .masthead')).toHaveCount(0);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${episode.slug} overflows at ${width}px`).toBeLessThanOrEqual(0);
        watch.check();
        page.removeAllListeners();
      }
    });
  }

  test('on a phone, an embed paints its poster first and nothing moves while it loads', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 412, height: 823 });
    // Every layout shift from the start of each load (none here comes after an input).
    await page.addInitScript(() => {
      const w = window as Window & { shifts?: number };
      w.shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          w.shifts = (w.shifts ?? 0) + (entry as PerformanceEntry & { value: number }).value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    for (const episode of EPISODES) {
      await page.goto(`/embed/${episode.slug}/`, { waitUntil: 'load' });
      const poster = page.locator('img[data-poster]');
      // The largest paint of the page: fetched at once, first, not when layout finds it.
      await expect(poster).toHaveAttribute('loading', 'eager');
      await expect(poster).toHaveAttribute('fetchpriority', 'high');
      const image = await poster.evaluate((img: HTMLImageElement) => ({
        complete: img.complete,
        src: img.currentSrc,
        natural: [img.naturalWidth, img.naturalHeight],
        box: [Number(img.getAttribute('width')), Number(img.getAttribute('height'))],
      }));
      expect(image.complete, `${episode.slug} poster loaded`).toBe(true);
      // The size the page reserves for it is the picture's own.
      expect(image.natural, `${episode.slug} poster size`).toEqual(image.box);
      // Every poster is pixels: the browser takes the AVIF, well under the WebP's bytes.
      expect(image.src).toMatch(new RegExp(`/posters/${episode.slug}\\.avif$`));
      // The share row appears when its script runs, in a place held for it from the first paint.
      await expect(page.locator('figure-share button[data-copy-link]')).toBeVisible();
      const shifts = await page.evaluate(
        () =>
          new Promise<number>((resolve) =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() =>
                resolve((window as Window & { shifts?: number }).shifts ?? -1),
              ),
            ),
          ),
      );
      expect(shifts, `${episode.slug}: layout shift while loading`).toBe(0);
    }
  });

  test('each embed links its oEmbed description', async ({ page, request }) => {
    for (const episode of EPISODES) {
      await page.goto(`/embed/${episode.slug}/`);
      const href = await page.locator('link[type="application/json+oembed"]').getAttribute('href');
      expect(href).toMatch(new RegExp(`/embed/${episode.slug}/oembed\\.json$`));
      const response = await request.get(new URL(href ?? '').pathname);
      expect(response.status()).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ version: '1.0', type: 'rich' });
      expect(body.html).toContain(`/embed/${episode.slug}/`);
      expect(body.html).toMatch(/^<iframe [^>]*title="[^"]+"[^>]*loading="lazy"/);
    }
  });
});

test.describe('a host page on another origin', () => {
  let host: Server;
  let hostUrl = '';

  test.beforeAll(async ({ baseURL }) => {
    const site = baseURL ?? '';
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A blog post</title></head>
<body style="margin:0;font-family:sans-serif"><h1>My post about diffusion</h1>
<iframe id="one" src="${site}/embed/reverse/" title="EP 02" width="100%" height="300" loading="lazy" sandbox="allow-scripts" style="border:0"></iframe>
<p>Some text between the embeds.</p>
<iframe id="two" src="${site}/embed/guidance/" title="EP 05" width="100%" height="300" loading="lazy" sandbox="allow-scripts" style="border:0"></iframe>
<script src="${site}/embed.js" async></script></body></html>`;
    host = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const address = host.address();
    hostUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}/`;
  });

  test.afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

  test('a sandboxed embed runs its simulation (the worker starts from an opaque origin)', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(hostUrl);
    const frame = page.locator('iframe#one');
    await frame.scrollIntoViewIfNeeded();
    const box = await frame.boundingBox();
    const figure = page.frameLocator('iframe#one').locator('reverse-figure');
    // Wait for the embed's scripts (the iframe loads lazily), then the reader's pointer wakes it.
    await expect
      .poll(() => figure.evaluate(() => customElements.get('reverse-figure') !== undefined))
      .toBe(true);
    await page.mouse.move((box?.x ?? 0) + 100, (box?.y ?? 0) + 150);
    await page.mouse.move((box?.x ?? 0) + 140, (box?.y ?? 0) + 190);
    await expect(figure).toHaveAttribute('data-live', '', { timeout: 20_000 });
    await expect
      .poll(() => figure.evaluate((el) => (el as HTMLElement & { available: number }).available), {
        timeout: 30_000,
      })
      .toBe(61);
    await expect(figure.locator('[data-status]')).not.toContainText('stopped');
  });

  test('the loader sizes each sandboxed embed to its content', async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(hostUrl);
    for (const id of ['one', 'two']) {
      const frame = page.locator(`iframe#${id}`);
      await frame.scrollIntoViewIfNeeded();
      await expect
        .poll(() => frame.evaluate((el) => el.getBoundingClientRect().height), { timeout: 15_000 })
        .toBeGreaterThan(350);
      const inner = page.frameLocator(`iframe#${id}`);
      // The content may still settle (posters decoding, fonts); the frame follows it.
      await expect
        .poll(async () => {
          const content = await inner
            .locator('html')
            .evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
          const outer = await frame.evaluate((el) => Math.round(el.getBoundingClientRect().height));
          return Math.abs(outer - content);
        })
        .toBeLessThanOrEqual(2);
    }
  });
});
