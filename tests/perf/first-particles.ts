/**
 * Time to first particles: a reader at the top of the article taps "Reverse: create" in the
 * episode nav; how long until EP 02's canvas shows particles? Measured from the click's event
 * time to the first frame with particles, on the page's own clock, in a fresh profile (cold
 * cache) on a phone-sized screen at 4× CPU slowdown.
 *
 * The end point: <reverse-figure> exposes `timings.firstParticles` (stamped when the first frame
 * with particles reaches the element; its render follows in the next animation frame). Without
 * it, every animation frame copies the canvas into a small 2D canvas and looks for pixels unlike
 * the corner's (the background).
 */
import type { Browser } from '@playwright/test';
import { PHONE, throttleCpu } from './browser.ts';

/** Longest wait for the first particles, ms. */
const TIMEOUT_MS = 30_000;

/** How the end point was detected. */
export type ParticlesSignal = 'timings.firstParticles' | 'canvas pixels';

/** One measurement, or why there is none. */
export type FirstParticles = { ms: number; signal: ParticlesSignal } | { skipped: string };

/** Watches for the first painted frame of EP 02's canvas (the fallback end point). */
function watchCanvas(): void {
  const w = window as unknown as { __perfPaintedAt: number | null; __perfClickAt: number | null };
  w.__perfPaintedAt = null;
  w.__perfClickAt = null;
  addEventListener('click', (event) => (w.__perfClickAt ??= event.timeStamp), { capture: true });
  const probe = document.createElement('canvas');
  probe.width = probe.height = 48;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  const tick = (t: number) => {
    // The element reports its own first frame: no need to read pixels back (which costs time).
    const figure = document.querySelector('#reverse reverse-figure');
    if (figure && 'timings' in figure) return;
    const canvas = document.querySelector<HTMLCanvasElement>('#reverse canvas');
    if (ctx && canvas && w.__perfClickAt !== null && canvas.width > 0) {
      ctx.clearRect(0, 0, 48, 48);
      ctx.drawImage(canvas, 0, 0, 48, 48);
      const px = ctx.getImageData(0, 0, 48, 48).data;
      let painted = 0;
      for (let i = 4; i < px.length; i += 4) {
        const d =
          Math.abs((px[i] ?? 0) - (px[0] ?? 0)) +
          Math.abs((px[i + 1] ?? 0) - (px[1] ?? 0)) +
          Math.abs((px[i + 2] ?? 0) - (px[2] ?? 0));
        if (d > 24) painted++;
      }
      // A few dozen of 2,304 cells differ: particles, not a uniform clear.
      if (painted > 20) {
        w.__perfPaintedAt = t;
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** One navigation from the top of the article to EP 02's first particles. */
export async function firstParticles(browser: Browser, url: string): Promise<FirstParticles> {
  const context = await browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    await page.addInitScript(watchCanvas);
    await throttleCpu(page);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(1500);
    if (!(await page.locator('#reverse reverse-figure').count())) {
      return { skipped: 'n/a (not built yet)' };
    }
    const link = page
      .getByRole('navigation', { name: 'Episodes' })
      .getByRole('link', { name: /reverse/i });
    if (!(await link.count())) return { skipped: 'n/a (no nav link to EP 02)' };
    await link.click();
    const handle = await page
      .waitForFunction(
        () => {
          const w = window as unknown as {
            __perfPaintedAt: number | null;
            __perfClickAt: number | null;
          };
          const el = document.querySelector('#reverse reverse-figure') as
            (Element & { timings?: { firstParticles: number | null } }) | null;
          const clickAt = w.__perfClickAt;
          if (clickAt === null) return null;
          const stamped = el?.timings?.firstParticles ?? null;
          if (stamped !== null) return { ms: stamped - clickAt, signal: 'timings.firstParticles' };
          if (w.__perfPaintedAt !== null)
            return { ms: w.__perfPaintedAt - clickAt, signal: 'canvas pixels' };
          return null;
        },
        undefined,
        { timeout: TIMEOUT_MS, polling: 100 },
      )
      .catch(async () => {
        const status = await page.locator('#reverse [data-status]').first().textContent();
        const says = status?.trim() ? `; the figure says: "${status.trim()}"` : '';
        throw new Error(`no particles ${TIMEOUT_MS / 1000} s after the click${says}`);
      });
    const result = (await handle.jsonValue()) as { ms: number; signal: ParticlesSignal };
    if (result.ms < 0) throw new Error('EP 02 drew its particles before the nav link was clicked');
    return result;
  } finally {
    await context.close();
  }
}
