import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EPISODE_SLUGS, SCENES, sceneAt, stepIndex } from '../../../src/scroll/scenes.ts';

const MDX_FILES = {
  forward: '01-forward.mdx',
  reverse: '02-reverse.mdx',
  prompts: '03-prompts.mdx',
  steps: '04-steps.mdx',
  guidance: '05-guidance.mdx',
} as const;

describe('scene table', () => {
  it.each(EPISODE_SLUGS)('%s: the table lists the MDX steps, in the same order', (slug) => {
    const mdx = readFileSync(`src/content/episodes/${MDX_FILES[slug]}`, 'utf8');
    const ids = [...mdx.matchAll(/<Step id="([^"]+)">/g)].map((m) => m[1]);
    expect(SCENES[slug].map((s) => s.id)).toEqual(ids);
  });

  it('forward timesteps rise through the steps from clean to pure noise', () => {
    const ts = SCENES.forward.map((s) => s.scene.t);
    expect(ts[0]).toBe(0);
    expect(ts[ts.length - 1]).toBe(1000);
    for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThan(ts[i - 1] ?? Infinity);
  });
});

describe('sceneAt', () => {
  it('scrubs the forward timestep toward the next step with progress', () => {
    const i = stepIndex('forward', 'a-little');
    expect(sceneAt('forward', i, 0).t).toBe(100);
    expect(sceneAt('forward', i, 0.5).t).toBe(250);
    expect(sceneAt('forward', i, 1).t).toBe(400);
  });

  it('holds the last step at its own value', () => {
    const last = SCENES.forward.length - 1;
    expect(sceneAt('forward', last, 0.8).t).toBe(1000);
  });

  it('does not blend episodes that are not scrubbed', () => {
    const i = stepIndex('steps', 'sixty');
    expect(sceneAt('steps', i, 0.5).steps).toBe(60);
  });

  it('clamps out-of-range and non-finite input instead of failing', () => {
    expect(sceneAt('forward', -3, 0).t).toBe(0);
    expect(sceneAt('forward', 99, 0).t).toBe(1000);
    expect(sceneAt('forward', Number.NaN, Number.NaN).t).toBe(0);
    expect(sceneAt('forward', 0, 7).t).toBe(100);
  });

  it('returns a copy, so a caller cannot change the table', () => {
    const scene = sceneAt('reverse', 0);
    scene.frame = 42;
    expect(sceneAt('reverse', 0).frame).toBe(0);
  });

  it('knows unknown step ids are not in the table', () => {
    expect(stepIndex('guidance', 'nope')).toBe(-1);
  });
});
