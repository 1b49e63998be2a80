// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// SITE_BASE lets a host serve dist/ under a sub-path (e.g. /blog/diffusion/).
const base = process.env.SITE_BASE ?? '/';

export default defineConfig({
  site: process.env.SITE_ORIGIN ?? 'https://example.org',
  base,
  trailingSlash: 'ignore',
  integrations: [mdx()],
  build: { inlineStylesheets: 'auto' },
});
