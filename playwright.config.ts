import { defineConfig, devices } from '@playwright/test';

/** Browser tests run against the built site, served with gzip the way a CDN would serve it. */
const port = Number(process.env.E2E_PORT ?? 4329);
/** The build under test (SITE_OUT_DIR, as for `astro build`). */
const dist = process.env.SITE_OUT_DIR ?? 'dist';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/artifacts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      // Chromium reaches for its update and sync services at start; this machine has no network.
      args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: {
    command: `node tests/serve.ts ${dist}`,
    env: { PORT: String(port) },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
