import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';

/** The built site's JavaScript chunks, by file name. */
function chunks(): Map<string, string> {
  const dir = 'dist/_astro';
  const out = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.js')) out.set(name, readFileSync(`${dir}/${name}`, 'utf8'));
  }
  return out;
}

/** The chunks a chunk imports statically (`from "./x.js"` or `import "./x.js"`). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)].map((m) => m[1]!);
}

// A figure waking imports three.js's core, then its renderer, then gsap, a task each
// (loadLibraries in src/components/interactive-figure.ts). That only splits the work if the
// bundle keeps them in chunks of their own: evaluated together they were one long task.
test("three.js's core, its renderer and gsap are chunks of their own", () => {
  const all = chunks();
  const named = (prefix: string) => {
    const found = [...all.keys()].filter((name) => name.startsWith(prefix));
    expect(found, `one ${prefix}*.js chunk`).toHaveLength(1);
    return found[0]!;
  };
  const isRenderer = (code: string) => code.includes('THREE.WebGLRenderer:');
  const isGsap = (code: string) => code.includes('autoSleep');

  // three-core.ts itself is a re-export; what it evaluates is the chunks it imports.
  const core = staticImports(all.get(named('three-core.'))!);
  expect(core.length).toBeGreaterThan(0);
  for (const name of core) {
    const code = all.get(name) ?? '';
    expect(code.length, `${name} exists`).toBeGreaterThan(0);
    expect(isRenderer(code), `${name} holds no WebGLRenderer`).toBe(false);
    expect(isGsap(code), `${name} holds no gsap`).toBe(false);
  }
  expect(
    core.some((name) => all.get(name)!.length > 50_000),
    'the core is in them',
  ).toBe(true);

  const renderer = all.get(named('gl-surface.'))!;
  expect(isRenderer(renderer)).toBe(true);
  expect(isGsap(renderer)).toBe(false);

  const tween = all.get(named('tween.'))!;
  expect(isGsap(tween)).toBe(true);
  expect(isRenderer(tween)).toBe(false);
});
