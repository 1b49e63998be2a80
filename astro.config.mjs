// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import hostHeaders from './src/integrations/host-headers.mjs';

// SITE_BASE lets a host serve dist/ under a sub-path (e.g. /blog/diffusion/).
const base = process.env.SITE_BASE ?? '/';

export default defineConfig({
  site: process.env.SITE_ORIGIN ?? 'https://example.org',
  base,
  // A separate output folder lets two builds (say, root and sub-path) exist side by side.
  outDir: process.env.SITE_OUT_DIR ?? './dist',
  trailingSlash: 'ignore',
  integrations: [mdx(), hostHeaders()],
  vite: {
    // No module-preload helper: it costs 1.7 KB gz of first-load JavaScript (the budget is
    // 20 KB), and the only dynamic imports are the figures' views, which wake on interaction.
    build: { modulePreload: false },
  },
  build: { inlineStylesheets: 'auto' },
  // Astro hashes every bundled script and style into the page's CSP; nothing inline runs unhashed,
  // and nothing loads from another host. (frame-ancestors can only be sent as a header: _headers.)
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
      ],
    },
  },
});
