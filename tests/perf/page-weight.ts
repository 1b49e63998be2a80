/**
 * Bytes a reader's first visit transfers: load a page on a phone-sized screen in a fresh profile
 * (empty cache), do not scroll, wait for the network to go quiet, and sum CDP's
 * `encodedDataLength` (headers + body as they crossed the wire, gzip included) of every response.
 * Worker requests, which the page's CDP session does not see, count their headers plus
 * Content-Length (the served, gzipped length).
 */
import type { Browser } from '@playwright/test';
import { PHONE } from './browser.ts';

/** Transferred bytes by resource type (document, script, image, …). */
export interface PageWeight {
  total: number;
  byType: Record<string, number>;
  requests: number;
  /** The largest responses, for the notes: "Script _astro/forward-view.js 133.0 KB". */
  largest: { url: string; type: string; bytes: number }[];
}

/** How long the network must be idle before the load counts as finished, ms. */
const QUIET_MS = 1500;
/** Longest wait for a quiet network after `load`, ms. */
const MAX_WAIT_MS = 20_000;

/** Loads `url` once in a fresh context and sums what crossed the network. */
export async function pageWeight(browser: Browser, url: string): Promise<PageWeight> {
  const context = await browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // CDP on the page's target: the exact bytes on the wire of everything the document fetched.
    const urls = new Map<string, string>();
    const wire = new Map<string, number[]>();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => {
      const at = urls.get(e.requestId);
      if (at) wire.set(at, [...(wire.get(at) ?? []), e.encodedDataLength]);
    });
    // Playwright sees every request of the page, its workers' included (a worker is a target
    // of its own, out of the page session's sight); those are sized from their headers.
    const seen: { url: string; type: string; bytes: Promise<number> }[] = [];
    let pending = 0;
    let lastActivity = Date.now();
    context.on('request', () => {
      pending++;
      lastActivity = Date.now();
    });
    context.on('requestfailed', () => {
      pending--;
      lastActivity = Date.now();
    });
    context.on('requestfinished', (request) => {
      pending--;
      lastActivity = Date.now();
      if (request.url().startsWith('data:')) return;
      const bytes = (async () => {
        const sizes = await request.sizes();
        const length = Number((await request.response())?.headers()['content-length'] ?? NaN);
        const body = Number.isFinite(length) ? length : sizes.responseBodySize;
        return sizes.responseHeadersSize + body;
      })();
      seen.push({ url: request.url(), type: request.resourceType(), bytes });
    });
    await cdp.send('Network.enable');
    await page.goto(url, { waitUntil: 'load' });
    const start = Date.now();
    while (Date.now() - start < MAX_WAIT_MS) {
      if (pending <= 0 && Date.now() - lastActivity >= QUIET_MS) break;
      await page.waitForTimeout(200);
    }
    const byType: Record<string, number> = {};
    const all: PageWeight['largest'] = [];
    for (const request of seen) {
      const bytes = wire.get(request.url)?.shift() ?? (await request.bytes);
      byType[request.type] = (byType[request.type] ?? 0) + bytes;
      all.push({ url: request.url, type: request.type, bytes });
    }
    all.sort((a, b) => b.bytes - a.bytes);
    return {
      total: all.reduce((sum, r) => sum + r.bytes, 0),
      byType,
      requests: all.length,
      largest: all.slice(0, 3),
    };
  } finally {
    await context.close();
  }
}
