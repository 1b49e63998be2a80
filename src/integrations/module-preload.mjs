// @ts-check
/**
 * After the build, names in each page's <head> every module its module scripts import statically
 * (transitively), as <link rel="modulepreload">. Without these the browser learns of a module only
 * once the module that imports it has arrived: page → entry → figure elements → their shared
 * chunks is three round trips one after another, on a slow phone link the longest thing on an
 * embed's first screen. With them every module is requested with the page's own resources.
 * Dynamic `import()` is where the lazy part of the site begins, so it is not followed.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The specifiers of a module's static imports and re-exports (`import x from "…"`, `import "…"`,
 * `export * from "…"`, …), not `import("…")` nor `import.meta`. Written for bundler output, where
 * import statements are never split by comments.
 * @param {string} code
 * @returns {string[]}
 */
export function staticImports(code) {
  const statement =
    /(?<![\w$.'"`])(?:import\s*(?:(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s+[\w$]+)?\s*from\s*)?|export\s*(?:\{[^}]*\}|\*(?:\s*as\s+[\w$]+)?)\s*from\s*)(["'])([^"'\n]+)\1/g;
  return [...code.matchAll(statement)].flatMap((match) => (match[2] ? [match[2]] : []));
}

/**
 * The page with a modulepreload link, before </head>, for each module its module scripts import
 * statically, nearest first. Modules it cannot read (another host, a bare name, a file the build
 * does not have) are left out.
 * @param {string} html
 * @param {(path: string) => Promise<string | null>} readModule the code at a site path
 *   (e.g. "/blog/_astro/a.js"), or null
 * @returns {Promise<string>}
 */
export async function withModulePreloads(html, readModule) {
  /** @type {string[]} */
  const entries = [];
  for (const [, attrs = ''] of html.matchAll(/<script\b([^>]*)>/gi)) {
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1];
    if (src && /\btype\s*=\s*["']module["']/i.test(attrs) && src.startsWith('/')) entries.push(src);
  }
  const seen = new Set(entries);
  /** @type {string[]} */
  const preloads = [];
  /** @type {string[]} modules read, whose imports are still to be followed */
  const queue = [];
  /** @type {Map<string, string>} */
  const code = new Map();
  for (const entry of entries) {
    const text = await readModule(entry);
    if (text !== null) {
      code.set(entry, text);
      queue.push(entry);
    }
  }
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    for (const specifier of staticImports(code.get(path) ?? '')) {
      // Only this site's own files: relative or root-relative, not another host ("//…").
      if (!/^\.{0,2}\/(?!\/)/.test(specifier)) continue;
      const target = new URL(specifier, `https://site.invalid${path}`).pathname;
      if (seen.has(target)) continue;
      seen.add(target);
      const text = await readModule(target);
      if (text === null) continue; // not in the build: nothing to preload
      code.set(target, text);
      preloads.push(target);
      queue.push(target);
    }
  }
  const present = new Set(
    [...html.matchAll(/<link\b[^>]*\brel=["']modulepreload["'][^>]*>/gi)].flatMap(
      ([tag]) => /\bhref=["']([^"']+)["']/i.exec(tag)?.[1] ?? [],
    ),
  );
  const links = preloads
    .filter((href) => !present.has(href))
    .map((href) => `<link rel="modulepreload" href="${href}">`)
    .join('');
  return links ? html.replace(/<\/head>/i, `${links}</head>`) : html;
}

/** @returns {import('astro').AstroIntegration} */
export default function modulePreload() {
  let base = '/';
  return {
    name: 'module-preload',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.replace(/\/?$/, '/');
      },
      'astro:build:done': async ({ dir }) => {
        const root = fileURLToPath(dir);
        /** @type {(path: string) => Promise<string | null>} */
        const readModule = async (path) => {
          if (!path.startsWith(base) || !path.endsWith('.js')) return null;
          try {
            return await readFile(join(root, path.slice(base.length)), 'utf8');
          } catch {
            return null;
          }
        };
        const pages = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.html'));
        for (const page of pages) {
          const file = join(root, page);
          const html = await readFile(file, 'utf8');
          const out = await withModulePreloads(html, readModule);
          if (out !== html) await writeFile(file, out);
        }
      },
    },
  };
}
