// @ts-check
/**
 * Writes dist/_headers (Netlify / Cloudflare Pages format) after the build, with paths under the
 * configured base: hashed assets cached for a year (and readable cross-origin, for sandboxed
 * embeds), HTML for five minutes, and framing rules —
 * embeds may be framed by any site, the article only by itself.
 */
import { writeFile } from 'node:fs/promises';

/** @param {string} base */
export function headersFile(base) {
  const root = base.replace(/\/?$/, '/');
  const common = [
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
  ];
  return [
    `${root}_astro/*`,
    '  Cache-Control: public, max-age=31536000, immutable',
    // Embeds in sandboxed iframes have an opaque origin and load module scripts with CORS.
    '  Access-Control-Allow-Origin: *',
    '',
    `${root}*`,
    '  Cache-Control: public, max-age=300, must-revalidate',
    ...common,
    '',
    `${root}embed/*`,
    '  Content-Security-Policy: frame-ancestors *',
    '',
    `${root}`,
    "  Content-Security-Policy: frame-ancestors 'self'",
    '',
    `${root}index.html`,
    "  Content-Security-Policy: frame-ancestors 'self'",
    '',
  ].join('\n');
}

/** @returns {import('astro').AstroIntegration} */
export default function hostHeaders() {
  /** @type {string} */
  let base = '/';
  return {
    name: 'host-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': async ({ dir }) => {
        await writeFile(new URL('_headers', dir), headersFile(base));
      },
    },
  };
}
