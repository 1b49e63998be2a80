// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import hostHeaders from './src/integrations/host-headers.mjs';
import modulePreload from './src/integrations/module-preload.mjs';

// SITE_BASE lets a host serve dist/ under a sub-path (e.g. /blog/diffusion/).
const base = process.env.SITE_BASE ?? '/';

export default defineConfig({
  site: process.env.SITE_ORIGIN ?? 'https://example.org',
  base,
  // A separate output folder lets two builds (say, root and sub-path) exist side by side.
  outDir: process.env.SITE_OUT_DIR ?? './dist',
  trailingSlash: 'ignore',
  // modulePreload() names each page's statically imported modules in its <head> after the build,
  // so they load alongside the page instead of one import after another (no helper script).
  integrations: [mdx(), hostHeaders(), modulePreload()],
  vite: {
    // No module-preload helper: it costs 1.7 KB gz of first-load JavaScript (the budget is
    // 20 KB), and the only dynamic imports are the figures' views, which wake on interaction.
    build: { modulePreload: false },
  },
  // Every page's CSS goes inline (about 6 KB gz): a stylesheet request blocks the first paint for
  // a round trip, the largest single cost of an embed's first paint on a slow phone link.
  build: { inlineStylesheets: 'always' },
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
