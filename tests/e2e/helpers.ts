import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';

/** The episodes in reading order, with their step ids as written in the MDX. */
export const EPISODES = [
  { slug: 'forward', label: 'EP 01', steps: ['clean', 'a-little', 'half-gone', 'static'] },
  { slug: 'reverse', label: 'EP 02', steps: ['static', 'emerging', 'landed'] },
  { slug: 'prompts', label: 'EP 03', steps: ['same-noise', 'different-pull', 'seed-skeleton'] },
  { slug: 'steps', label: 'EP 04', steps: ['sixty', 'ten', 'three'] },
  { slug: 'guidance', label: 'EP 05', steps: ['weak', 'right', 'fried', 'fix'] },
] as const;

/** Console lines that are the renderer's, not ours: SwiftShader's ReadPixels notice. */
const BENIGN = [/GPU stall due to ReadPixels/];

/**
 * Records console errors, page errors, CSP violations, failed requests, error responses and any
 * request to another host, so a test can assert at the end that the reader saw none.
 */
export function watchForProblems(page: Page): { problems: string[]; check(): void } {
  const problems: string[] = [];
  // Report CSP violations through the console, where the listener below sees them.
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`,
      );
    });
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['http:', 'https:'].includes(url.protocol)) return;
    if (!['127.0.0.1', 'localhost'].includes(url.hostname))
      problems.push(`request to another host: ${url.href}`);
  });
  page.on('console', (msg) => {
    if (
      (msg.type() === 'error' || msg.type() === 'warning') &&
      !BENIGN.some((re) => re.test(msg.text()))
    ) {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // Leaving a page cancels its pending requests (lazy images): that is not a failure.
    if (reason === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    problems,
    check() {
      expect(problems, problems.join('\n')).toEqual([]);
    },
  };
}

/** Scrolls so that an element's top sits at a fraction of the viewport's height. */
export async function scrollElementTo(
  page: Page,
  selector: string,
  fraction: number,
): Promise<void> {
  await page.evaluate(
    ([sel, f]) => {
      const found = document.querySelector(sel as string);
      if (!found) throw new Error(`no element ${sel}`);
      // A figure is display: contents on narrow screens (no box): aim at its stage instead.
      const boxless = getComputedStyle(found).display === 'contents';
      const el = (boxless && found.querySelector('[data-stage]')) || found;
      const top = el.getBoundingClientRect().top + window.scrollY;
      window.scrollTo({ top: top - window.innerHeight * (f as number), behavior: 'instant' });
    },
    [selector, fraction] as const,
  );
}

/** Scrolls through the whole page in viewport-sized strides, so lazy content loads. */
export async function scrollThrough(page: Page): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const viewport = page.viewportSize()?.height ?? 800;
  for (let y = 0; y <= height; y += viewport * 0.8) {
    await page.evaluate((top) => window.scrollTo({ top, behavior: 'instant' }), y);
    await page.waitForTimeout(60);
  }
}

/**
 * Screenshots a figure's stage and controls together. On narrow screens those parts are laid out
 * in the episode's column (the figure box is display: contents), so clip to their union.
 */
export async function screenshotFigure(page: Page, figure: string, path: string): Promise<Buffer> {
  const boxes = await page
    .locator(`${figure} .kicker, ${figure} .stage, ${figure} [data-controls]`)
    .evaluateAll((els) =>
      els
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0)
        .map((r) => [r.left, r.top + window.scrollY, r.right, r.bottom + window.scrollY] as const),
    );
  const left = Math.min(...boxes.map((b) => b[0]));
  const top = Math.min(...boxes.map((b) => b[1]));
  const right = Math.max(...boxes.map((b) => b[2]));
  const bottom = Math.max(...boxes.map((b) => b[3]));
  return page.screenshot({
    path,
    fullPage: true,
    animations: 'disabled',
    clip: { x: left, y: top, width: right - left, height: bottom - top },
  });
}

/** The link a figure's "Copy link" control would copy (the page's URL with the figure's state). */
export function shareLinkOf(page: Page, figure: string): Promise<string> {
  return page.evaluate(
    (sel) => (document.querySelector(`${sel} figure-share`) as HTMLElement & { link: string }).link,
    figure,
  );
}

/** Makes the page's canvases refuse WebGL (as a browser without it would); call before goto. */
export async function withoutWebGL(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (
      this: HTMLCanvasElement,
      type: string,
      ...rest: unknown[]
    ) {
      if (/webgl/i.test(type)) return null;
      return (original as (...args: unknown[]) => unknown).call(this, type, ...rest);
    } as typeof original;
  });
}

/**
 * Registers "screenshot at 1440 px" and "at 360 px" for a figure of EP 03–05: the article opened
 * at that width, the figure live and its run settled (`settle`), nothing wider than the viewport,
 * and a PNG of the figure in test-results/screens/<name>-<width>.png to look at.
 */
export function screenshotTests(
  figure: string,
  name: string,
  settle: (page: Page) => Promise<void>,
): void {
  for (const width of [1440, 360]) {
    test(`screenshot at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 780 });
      await page.goto('/');
      await scrollElementTo(page, figure, 0.12);
      await page.locator(`${figure}[data-live]`).waitFor({ timeout: 20_000 });
      await settle(page);
      await page.waitForTimeout(400);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await mkdir('test-results/screens', { recursive: true });
      await screenshotFigure(page, figure, `test-results/screens/${name}-${width}.png`);
    });
  }
}
