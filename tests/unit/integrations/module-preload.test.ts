import { describe, expect, it } from 'vitest';
import { staticImports, withModulePreloads } from '../../../src/integrations/module-preload.mjs';

/** A built site in memory: module code by path. */
function site(modules: Record<string, string>): (path: string) => Promise<string | null> {
  return (path) => Promise.resolve(modules[path] ?? null);
}

const page = (head: string, body = '') =>
  `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

/** The hrefs of a page's modulepreload links, in order. */
const preloads = (html: string) =>
  [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);

describe('staticImports', () => {
  it('finds static imports and re-exports, not dynamic imports', () => {
    expect(
      staticImports(
        'import{a as e}from"./a.js";import"./b.js";export*from"./c.js";' +
          'X(()=>import(`./lazy.js`));const v=import("./lazy2.js");new URL(import.meta.url)',
      ),
    ).toEqual(['./a.js', './b.js', './c.js']);
  });
});

describe('withModulePreloads', () => {
  it('names every module the page imports statically, nearest first, each once, in the head', async () => {
    const modules = site({
      '/_astro/entry.js':
        'import"./figures.js";import{t}from"./snippet.js";X(()=>import(`./view.js`))',
      '/_astro/figures.js': 'import{r}from"./runtime.js";import{t}from"./snippet.js";',
      '/_astro/snippet.js': 'export const t=1',
      '/_astro/runtime.js': 'import"./figures.js";',
      '/_astro/view.js': 'import"./three.js";',
    });
    const html =
      page('<title>x</title>', '<p>hi</p>') +
      '<script type="module" src="/_astro/entry.js"></script>';
    const out = await withModulePreloads(html, modules);
    // The lazy view (and what it imports) is left to load when it is needed.
    expect(preloads(out)).toEqual([
      '/_astro/figures.js',
      '/_astro/snippet.js',
      '/_astro/runtime.js',
    ]);
    expect(out.indexOf('rel="modulepreload"')).toBeLessThan(out.indexOf('</head>'));
    expect(out.replace(/<link rel="modulepreload"[^>]*>/g, '')).toBe(html);
  });

  it('resolves imports under a sub-path, and keeps links the page already has', async () => {
    const modules = site({
      '/blog/d/_astro/entry.js': 'import"./a.js";import"../other/b.js";',
      '/blog/d/_astro/a.js': '',
      '/blog/d/other/b.js': '',
    });
    const html = page(
      '<link rel="modulepreload" href="/blog/d/_astro/a.js">',
      '<script type="module" src="/blog/d/_astro/entry.js"></script>',
    );
    expect(preloads(await withModulePreloads(html, modules))).toEqual([
      '/blog/d/_astro/a.js',
      '/blog/d/other/b.js',
    ]);
  });

  it('leaves a page without module scripts, or whose modules import nothing, as it was', async () => {
    const classic = page(
      '',
      '<script src="/legacy.js"></script><script type="module">import "./x.js"</script>',
    );
    expect(await withModulePreloads(classic, site({ '/legacy.js': 'import"./y.js"' }))).toBe(
      classic,
    );
    const alone = page('', '<script type="module" src="/_astro/e.js"></script>');
    expect(await withModulePreloads(alone, site({ '/_astro/e.js': 'console.log(1)' }))).toBe(alone);
    // A module the build does not have (another host, a bare name) is not named.
    const bare = page('', '<script type="module" src="/_astro/e.js"></script>');
    expect(
      await withModulePreloads(
        bare,
        site({
          '/_astro/e.js':
            'import"three";import"https://cdn.example/x.js";import"//cdn.example/y.js";import"./gone.js"',
        }),
      ),
    ).toBe(bare);
  });
});
