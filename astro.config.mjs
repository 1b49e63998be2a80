// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// SITE_BASE lets a host serve dist/ under a sub-path (e.g. /blog/diffusion/).
const base = process.env.SITE_BASE ?? '/';

export default defineConfig({
  site: process.env.SITE_ORIGIN ?? 'https://example.org',
  base,
  // A separate output folder lets two builds (say, root and sub-path) exist side by side.
  outDir: process.env.SITE_OUT_DIR ?? './dist',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  build: { inlineStylesheets: 'auto' },
});
