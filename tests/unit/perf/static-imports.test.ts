import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  entryJs,
  gzipSize,
  moduleScripts,
  resolveInSite,
  staticImportSpecifiers,
} from '../../perf/static-imports.ts';

const SITE = fileURLToPath(new URL('./fixtures/site/', import.meta.url));

describe('staticImportSpecifiers', () => {
  it.each([
    ['import{a as e,i as t}from"./episode-state.js";', ['./episode-state.js']],
    ['import"./side.js";import*as n from"./ns.js"', ['./side.js', './ns.js']],
    ['import d,{x}from"./d.js";import e from\'./e.js\'', ['./d.js', './e.js']],
    ['export*from"./all.js";export{a as b}from"./some.js";export{c};', ['./all.js', './some.js']],
    ["import { a } from './formatted.js';\nimport './plain.js';", ['./formatted.js', './plain.js']],
  ])('finds the static imports of %j', (code, expected) => {
    expect(staticImportSpecifiers(code)).toEqual(expected);
  });

  it.each([
    ['X(()=>import(`./forward-view.js`),__vite__mapDeps([0,1]))'],
    ['const v=import("./lazy.js")'],
    ['new URL(import.meta.resolve(e))'],
    ['e==="import"&&f("./not-a-module.js")'],
    ["case'import':return'./neither.js'"],
  ])('ignores dynamic imports, import.meta and strings in %j', (code) => {
    expect(staticImportSpecifiers(code)).toEqual([]);
  });
});

describe('moduleScripts', () => {
  it('lists module scripts, inline modules and module preloads, not classic scripts', () => {
    const html = `
      <script type="module" src="/_astro/a.js"></script>
      <script type=module src='/_astro/b.js'></script>
      <script type="module">import "/_astro/c.js";</script>
      <script src="/classic.js"></script>
      <script type="application/ld+json">{"import":"x"}</script>
      <link rel="modulepreload" href="/_astro/d.js">
      <link rel="stylesheet" href="/_astro/e.css">`;
    expect(moduleScripts(html)).toEqual({
      urls: ['/_astro/a.js', '/_astro/b.js', '/_astro/d.js'],
      inline: ['import "/_astro/c.js";'],
    });
  });
});

describe('resolveInSite', () => {
  it.each([
    ['/_astro/a.js', '/index.html', '/', '_astro/a.js'],
    ['./b.js', '/_astro/a.js', '/', '_astro/b.js'],
    ['../../_astro/c.js', '/embed/one/index.html', '/', '_astro/c.js'],
    [
      '/blog/diffusion/_astro/a.js',
      '/blog/diffusion/index.html',
      '/blog/diffusion/',
      '_astro/a.js',
    ],
    ['./b.js?v=1', '/_astro/a.js', '/', '_astro/b.js'],
  ])('resolves %s from %s under %s', (specifier, from, base, expected) => {
    expect(resolveInSite(specifier, from, base)).toBe(expected);
  });

  it.each([['https://cdn.example.org/x.js'], ['//cdn.example.org/x.js'], ['three']])(
    'returns null for %s, which is not a file of the build',
    (specifier) => {
      expect(resolveInSite(specifier, '/index.html')).toBeNull();
    },
  );

  it('returns null for a path outside the sub-path the site is built for', () => {
    expect(resolveInSite('/_astro/a.js', '/blog/index.html', '/blog/')).toBeNull();
  });
});

describe('entryJs', () => {
  it('follows static imports from the page, through a cycle, and stops at import()', async () => {
    const entry = await entryJs(SITE, '/');
    expect(entry.modules.map((m) => m.path).sort()).toEqual([
      '(inline 1)',
      '_astro/entry.js',
      '_astro/inline-dep.js',
      '_astro/preloaded.js',
      '_astro/reexport.js',
      '_astro/shared.js',
      '_astro/side.js',
    ]);
  });

  it('reports imports from other hosts and files missing from the build', async () => {
    const entry = await entryJs(SITE, '/');
    expect(entry.unresolved.sort()).toEqual([
      './missing.js',
      'https://cdn.example.org/other-host.js',
    ]);
  });

  it('sums the gzip -9 size of every module it found', async () => {
    const entry = await entryJs(SITE, '/');
    expect(entry.gzip).toBe(entry.modules.reduce((sum, m) => sum + m.gzip, 0));
    expect(entry.modules.every((m) => m.gzip > 0 && m.bytes > 0)).toBe(true);
  });

  it('resolves relative script URLs against a nested page', async () => {
    const entry = await entryJs(SITE, '/embed/one/');
    expect(entry.modules.map((m) => m.path)).toEqual(['_astro/side.js']);
  });
});

describe('gzipSize', () => {
  it('is smaller than the text for repetitive text, and counts bytes, not characters', () => {
    const text = 'particle '.repeat(200);
    expect(gzipSize(text)).toBeLessThan(text.length / 10);
    expect(gzipSize(new TextEncoder().encode(text))).toBe(gzipSize(text));
  });
});
