import { expect, test, type Page } from '@playwright/test';
import { EPISODES, scrollElementTo } from './helpers.ts';

/** Collects uncaught exceptions: whatever fails, nothing may escape to the page. */
function uncaught(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test.describe('faults', () => {
  test('a lazily loaded chunk that fails leaves the poster and a retry that works', async ({
    page,
  }) => {
    const errors = uncaught(page);
    let failing = true;
    await page.route(/\/_astro\/forward-view[^/]*\.js$/, (route) =>
      failing ? route.fulfill({ status: 404, body: 'gone' }) : route.continue(),
    );
    await page.goto('/');
    await scrollElementTo(page, '#forward .step[data-step="clean"]', 0.5);
    const figure = page.locator('forward-figure');
    const retry = figure.locator('[data-retry]');
    await expect(retry).toBeVisible({ timeout: 20_000 });
    await expect(figure.locator('[data-status]')).toContainText('could not load');
    await expect(figure.locator('img[data-poster]')).toBeVisible();
    await expect(figure).not.toHaveAttribute('data-live');
    // Controls with no view behind them are not offered.
    await expect(figure.locator('[data-controls]')).toBeHidden();

    failing = false;
    await retry.click();
    await expect(figure).toHaveAttribute('data-live', '', { timeout: 20_000 });
    await expect(retry).toBeHidden();
    await expect(figure.locator('[data-status]')).toBeHidden();
    await expect(figure.getByRole('slider').first()).toBeEnabled();
    expect(await figure.locator('[data-controls]').evaluate((el: HTMLElement) => el.inert)).toBe(
      false,
    );
    expect(errors).toEqual([]);
  });

  test('what building a view adds to the page is drawn a frame before its first picture', async ({
    page,
  }) => {
    // Counts the page's frames, and notes the frame in which EP 04's chart gets its axes (the
    // view's construction) and the one in which the figure goes live (poster out, picture in).
    await page.addInitScript(() => {
      const w = window as Window & { drawn?: number; seen?: Record<string, number> };
      w.drawn = 0;
      w.seen = {};
      const tick = () => {
        w.drawn = (w.drawn ?? 0) + 1;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const note = (what: string) => {
        if (w.seen && !(what in w.seen)) w.seen[what] = w.drawn ?? 0;
      };
      new MutationObserver((records) => {
        for (const record of records) {
          const target = record.target as Element;
          if (record.type === 'childList' && target.closest?.('steps-figure [data-chart]')) {
            note('chart');
          }
          if (record.attributeName === 'data-live' && target.matches('steps-figure[data-live]')) {
            note('live');
          }
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto('/');
    await scrollElementTo(page, 'steps-figure', 0.1);
    await page.locator('steps-figure[data-live]').waitFor({ timeout: 20_000 });
    const seen = await page.evaluate(
      () => (window as Window & { seen?: Record<string, number> }).seen ?? {},
    );
    expect(seen.chart, 'the chart was built').toBeGreaterThan(0);
    expect(seen.live, 'the figure went live a frame or more after').toBeGreaterThan(
      seen.chart ?? 0,
    );
  });

  test('while a view loads its controls are laid out but inert, and live once it runs', async ({
    page,
  }) => {
    const errors = uncaught(page);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/forward-view[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/');
    await scrollElementTo(page, '#forward .step[data-step="clean"]', 0.5);
    const figure = page.locator('forward-figure');
    const controls = figure.locator('[data-controls]');
    // Shown (so their layout is done before the first picture) but not yet usable.
    await expect(controls).toBeVisible({ timeout: 20_000 });
    await expect(figure).not.toHaveAttribute('data-live');
    expect(await controls.evaluate((el: HTMLElement) => el.inert)).toBe(true);
    await expect(figure.locator('img[data-poster]')).toBeVisible();

    release();
    await expect(figure).toHaveAttribute('data-live', '', { timeout: 20_000 });
    expect(await controls.evaluate((el: HTMLElement) => el.inert)).toBe(false);
    const slider = figure.getByRole('slider').first();
    await slider.focus();
    await expect(slider).toBeFocused();
    expect(errors).toEqual([]);
  });
});

test.describe('slow networks', () => {
  test('under Slow 3G the prose is readable before any WebGL code arrives', async ({
    page,
    context,
  }) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // Chrome DevTools' "Slow 3G" profile: 400 ms RTT, ~50 KB/s down.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 400,
      downloadThroughput: (500 * 1024) / 8,
      uploadThroughput: (500 * 1024) / 8,
    });
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    const started = Date.now();
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('#forward .step').first()).toBeVisible();
    const readableAfter = Date.now() - started;
    // Nothing has woken the figures yet, so no WebGL view has been requested.
    expect(scripts.filter((s) => /view|three|points/.test(s))).toEqual([]);
    console.log(
      `Slow 3G: prose readable after ${readableAfter} ms; scripts so far: ${scripts.length}`,
    );
    expect(readableAfter).toBeLessThan(10_000);
  });
});

test.describe('WebGL canvases', () => {
  test('each figure makes its context at its final size: no drawing buffer is resized as it wakes', async ({
    page,
  }) => {
    // Every change of a WebGL canvas's width or height reallocates its drawing buffer (5–20 ms
    // each at 4× CPU slowdown); a figure waking used to do it four or five times.
    await page.addInitScript(() => {
      const withContext = new WeakSet<HTMLCanvasElement>();
      const resizes: string[] = [];
      (window as unknown as { __glResizes: string[] }).__glResizes = resizes;
      const proto = HTMLCanvasElement.prototype;
      const getContext = proto.getContext;
      proto.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        const context = (getContext as (...a: unknown[]) => unknown).call(this, type, ...rest);
        if (context && type.startsWith('webgl')) withContext.add(this);
        return context;
      } as typeof proto.getContext;
      for (const side of ['width', 'height'] as const) {
        const own = Object.getOwnPropertyDescriptor(proto, side)!;
        Object.defineProperty(proto, side, {
          ...own,
          set(this: HTMLCanvasElement, value: number) {
            const before = own.get!.call(this) as number;
            if (withContext.has(this) && before !== Math.floor(value)) {
              const figure = this.closest('[data-figure]')?.localName ?? 'a canvas';
              resizes.push(`${figure}: ${side} ${before} → ${value}`);
            }
            own.set!.call(this, value);
          },
        });
      }
    });
    await page.goto('/');
    for (const { slug } of EPISODES) {
      await scrollElementTo(page, `#${slug} .step`, 0.5);
      await expect(page.locator(`#${slug} [data-figure][data-live]`)).toHaveCount(1, {
        timeout: 20_000,
      });
      await page.waitForTimeout(300); // its first frames
    }
    const resizes = await page.evaluate(
      () => (window as unknown as { __glResizes: string[] }).__glResizes,
    );
    expect(resizes).toEqual([]);
  });
});
