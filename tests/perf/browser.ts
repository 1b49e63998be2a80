/** How the browser measurements see the site: a mid-range phone, on the system Chromium. */
import { chromium, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

/** The system Chromium (browser downloads are impossible here). */
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a machine with no network: Chromium reaches for its update and sync services at
 * start. Nothing that touches the GPU: WebGL must stay on (SwiftShader).
 */
export const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Lighthouse's mobile screen (Moto G Power): 412 × 823 CSS px at DPR 1.75, touch. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
};

/** A mid-range phone's CPU, relative to this machine's (CDP Emulation.setCPUThrottlingRate). */
export const CPU_SLOWDOWN = 4;

/** Launches the system Chromium headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, args: QUIET_FLAGS });
}

/** Slows the page's CPU down like a phone's, for everything that follows on this page. */
export async function throttleCpu(page: Page, rate = CPU_SLOWDOWN): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** A site-relative URL (no leading slash) under the served site. */
export function siteUrl(site: string, path: string): string {
  return new URL(path.replace(/^\//, ''), site).href;
}
