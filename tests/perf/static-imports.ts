/**
 * What JavaScript a page fetches before any interactive nears the viewport: the module scripts
 * its HTML names (and any it preloads), plus everything they import statically, transitively.
 * Dynamic `import()` is where the lazy part begins, so it is not followed. Sizes are gzip -9, as
 * the site is served.
 */
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** gzip -9 size of some bytes or text. */
export function gzipSize(data: string | Uint8Array): number {
  return gzipSync(data, { level: 9 }).length;
}

/** The module scripts of an HTML page: external ones by src, inline ones by their code. */
export interface ModuleScripts {
  /** src of each `<script type="module" src>` and href of each `<link rel="modulepreload">`. */
  urls: string[];
  /** The code of each inline `<script type="module">`. */
  inline: string[];
}

/** The value of an attribute in a tag's attribute text, or null. */
function attribute(attrs: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(
    attrs,
  );
  if (!match) return null;
  return match[1] ?? match[2] ?? match[3] ?? '';
}

/** Finds the module scripts of a page (classic scripts and JSON data blocks are not modules). */
export function moduleScripts(html: string): ModuleScripts {
  const urls: string[] = [];
  const inline: string[] = [];
  for (const [, attrs = '', body = ''] of html.matchAll(
    /<script\b([^>]*)>([\s\S]*?)<\/script>/gi,
  )) {
    if (attribute(attrs, 'type')?.toLowerCase() !== 'module') continue;
    const src = attribute(attrs, 'src');
    if (src !== null) urls.push(src);
    else if (body.trim()) inline.push(body);
  }
  for (const [, attrs = ''] of html.matchAll(/<link\b([^>]*)>/gi)) {
    const href = attribute(attrs, 'href');
    if (attribute(attrs, 'rel')?.toLowerCase() === 'modulepreload' && href) urls.push(href);
  }
  return { urls, inline };
}

/**
 * The specifiers of a module's static imports and re-exports: `import x from "…"`,
 * `import "…"`, `import {a} from"…"`, `export * from "…"`, `export {a} from "…"`. Not
 * `import("…")` (lazy) and not `import.meta`. Written for bundler output, where import
 * statements are never split by comments; the word "import" inside a string is not one.
 */
export function staticImportSpecifiers(code: string): string[] {
  const found: string[] = [];
  const statement =
    /(?<![\w$.'"`])(?:import\s*(?:(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s+[\w$]+)?\s*from\s*)?|export\s*(?:\{[^}]*\}|\*(?:\s*as\s+[\w$]+)?)\s*from\s*)(["'])([^"'\n]+)\1/g;
  for (const match of code.matchAll(statement)) {
    const specifier = match[2];
    if (specifier) found.push(specifier);
  }
  return found;
}

/**
 * A module URL as a path inside the built site, resolved against the URL of the module or page
 * that names it; null for another host or a bare specifier (the build has neither).
 */
export function resolveInSite(specifier: string, fromUrl: string, base = '/'): string | null {
  if (/^[a-z][a-z\d+.-]*:/i.test(specifier) || specifier.startsWith('//')) return null;
  if (!specifier.startsWith('/') && !specifier.startsWith('.')) return null;
  const url = specifier.startsWith('/')
    ? posix.normalize(specifier)
    : posix.normalize(posix.join(posix.dirname(fromUrl), specifier));
  const root = base.endsWith('/') ? base : `${base}/`;
  if (!url.startsWith(root)) return null;
  return url.slice(root.length).split(/[?#]/)[0] ?? null;
}

/** One file the page fetches before its interactives. */
export interface EntryModule {
  /** Path inside the build, e.g. `_astro/index.B7.js`; `(inline n)` for inline code. */
  path: string;
  bytes: number;
  gzip: number;
}

/** What a page runs before its interactives load, and what could not be found. */
export interface EntryJs {
  modules: EntryModule[];
  /** Total gzip -9 bytes. */
  gzip: number;
  /** Specifiers that name another host, or a file missing from the build. */
  unresolved: string[];
}

/**
 * Walks the static import graph of a built page. `pageUrl` is the page's URL path (say `/` or
 * `/embed/reverse/`, under `base` for a sub-path build); `dist` is the build's folder.
 */
export async function entryJs(dist: string, pageUrl: string, base = '/'): Promise<EntryJs> {
  const pagePath = resolveInSite(pageUrl, '/', base);
  if (pagePath === null) throw new Error(`${pageUrl} is not under ${base}`);
  const html = await readFile(
    join(dist, pagePath.endsWith('.html') ? pagePath : join(pagePath, 'index.html')),
    'utf8',
  );
  const { urls, inline } = moduleScripts(html);
  const pageDir = pageUrl.endsWith('/') ? `${pageUrl}index.html` : pageUrl;
  const modules: EntryModule[] = [];
  const unresolved: string[] = [];
  const seen = new Set<string>();
  const queue: { specifier: string; from: string }[] = urls.map((u) => ({
    specifier: u,
    from: pageDir,
  }));

  inline.forEach((code, i) => {
    modules.push({
      path: `(inline ${i + 1})`,
      bytes: Buffer.byteLength(code),
      gzip: gzipSize(code),
    });
    for (const specifier of staticImportSpecifiers(code)) queue.push({ specifier, from: pageDir });
  });

  while (queue.length) {
    const { specifier, from } = queue.shift() as { specifier: string; from: string };
    const path = resolveInSite(specifier, from, base);
    if (path === null) {
      unresolved.push(specifier);
      continue;
    }
    if (seen.has(path)) continue;
    seen.add(path);
    let code: Buffer;
    try {
      code = await readFile(join(dist, path));
    } catch {
      unresolved.push(specifier);
      continue;
    }
    modules.push({ path, bytes: code.length, gzip: gzipSize(code) });
    const url = posix.join(base, path);
    for (const next of staticImportSpecifiers(code.toString('utf8'))) {
      queue.push({ specifier: next, from: url });
    }
  }
  return { modules, gzip: modules.reduce((sum, m) => sum + m.gzip, 0), unresolved };
}
