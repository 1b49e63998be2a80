import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { sweepStepCounts } from '../../src/workers/sim-host.ts';
import { scrollElementTo, watchForProblems } from './helpers.ts';

/**
 * A long session: a reader scrolls the whole article up and down many times and replays every
 * interactive. The page must not grow heavier, must never hold more WebGL contexts than its
 * budget, and a renderer that is let go (a figure evicted or removed) must leave no geometry or
 * texture behind.
 */

/** The page's budget of live WebGL contexts (src/render/context-budget.ts). */
const MAX_LIVE_CONTEXTS = 4;
const FIGURES = [
  'forward-figure',
  'reverse-figure',
  'prompts-figure',
  'steps-figure',
  'guidance-figure',
] as const;
type FigureTag = (typeof FIGURES)[number];

/** GPU memory counters of three.js renderers (`renderer.info.memory`). */
interface GlMemory {
  geometries: number;
  textures: number;
}

/** Where a figure taken off the page goes back. */
interface Removed {
  el: Element;
  parent: Node;
  next: Node | null;
}

/** A canvas a three.js renderer drew on (src/render/gl-surface.ts). */
type GlCanvas = HTMLCanvasElement & { glMemory?: () => GlMemory };

/** What the init script below keeps on `window.__gl`. */
interface GlWatch {
  /** WebGL contexts the page has made, and how many of them it has let go. */
  created: number;
  released: number;
  /** The most contexts alive at once, sampled at every new context and every 50 ms. */
  maxLive: number;
  /** The most context leases the page itself counted out at once (src/render/context-budget.ts). */
  maxLeases: number;
  /** Renderers that still held GPU memory when their context was let go. */
  leaks: string[];
  /** Counts the contexts alive now (and records a new maximum). */
  sample(): number;
  /** Whether a canvas holds a context that is alive. */
  awake(canvas: HTMLCanvasElement | null): boolean;
  /** The memory counters of every renderer alive now, summed. */
  liveMemory(): GlMemory;
}

/**
 * Counts WebGL contexts as the page makes and loses them, by wrapping getContext. Live contexts
 * are held only until they are lost, so the count itself keeps nothing alive that the page let go.
 */
function watchContexts(): void {
  // Weak both ways: the context points back at its canvas, so a strong value would be a retainer.
  const contexts = new WeakMap<HTMLCanvasElement, WeakRef<WebGLRenderingContextBase>>();
  const live = new Set<GlCanvas>();
  const prune = () => {
    for (const canvas of live)
      if (contexts.get(canvas)?.deref()?.isContextLost() !== false) live.delete(canvas);
  };
  const watch: GlWatch = {
    created: 0,
    released: 0,
    maxLive: 0,
    maxLeases: 0,
    leaks: [],
    sample() {
      prune();
      watch.maxLive = Math.max(watch.maxLive, live.size);
      // EP 02's element reports the page's own count once it has loaded.
      const leases = document
        .querySelector<HTMLElement & { liveContexts?(): number | null }>('reverse-figure')
        ?.liveContexts?.();
      watch.maxLeases = Math.max(watch.maxLeases, leases ?? 0);
      return live.size;
    },
    awake(canvas) {
      const gl = canvas && contexts.get(canvas)?.deref();
      return !!gl && !gl.isContextLost();
    },
    liveMemory() {
      prune();
      const sum = { geometries: 0, textures: 0 };
      for (const canvas of live) {
        const m = canvas.glMemory?.();
        sum.geometries += m?.geometries ?? 0;
        sum.textures += m?.textures ?? 0;
      }
      return sum;
    },
  };
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (
    this: GlCanvas,
    type: string,
    ...rest: unknown[]
  ) {
    const gl = (original as (...args: unknown[]) => unknown).call(this, type, ...rest);
    if (gl && /webgl/i.test(type) && !contexts.has(this)) {
      contexts.set(this, new WeakRef(gl as WebGLRenderingContextBase));
      live.add(this);
      watch.created++;
      this.addEventListener(
        'webglcontextlost',
        () => {
          watch.released++;
          const m = this.glMemory?.();
          if (m && (m.geometries || m.textures)) {
            const owner = this.closest('[data-stage]')?.getAttribute('data-stage') ?? 'detached';
            watch.leaks.push(`${owner}: ${JSON.stringify(m)}`);
          }
        },
        { once: true },
      );
      watch.sample();
    }
    return gl;
  } as typeof original;
  (window as unknown as { __gl: GlWatch }).__gl = watch;
  setInterval(() => watch.sample(), 50);
}

/** Reads the context watch. */
const gl = <T>(page: Page, read: (watch: GlWatch) => T): Promise<T> =>
  page.evaluate((fn) => {
    const watch = (window as unknown as { __gl: GlWatch }).__gl;
    return (new Function('w', `return (${fn})(w)`) as (w: GlWatch) => T)(watch);
  }, read.toString());

/** What the page holds after a full garbage collection, in bytes (and DOM counts). */
interface HeapReading {
  /** The JS heap in use as Runtime.getHeapUsage reports it (reported, not asserted: see below). */
  used: number;
  /** The JS heap in a heap snapshot (V8's objects, not the browser's own). */
  heap: number;
  /** The part of it that is compiled code (bytecode, optimised code and their metadata). */
  code: number;
  /** ArrayBuffer contents (particle positions, frames), kept outside the JS heap. */
  buffers: number;
  /** DOM nodes cut from the page but still held (a snapshot collects garbage first). */
  detached: number;
  nodes: number;
  listeners: number;
}

/**
 * Measures what the page holds after garbage collection. Runtime.getHeapUsage wanders by a few
 * hundred kB between two reads of a page at rest, and V8 keeps compiling hot functions long after
 * a warm-up (optimised code grows by a few kB per round trip, ever more slowly), so the assertions
 * use a heap snapshot (which collects all garbage first) and keep compiled code apart from data.
 */
async function readHeap(cdp: CDPSession): Promise<HeapReading> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const {
    node_fields: fields,
    node_types: [types],
  } = snapshot.snapshot.meta;
  const [type, name, size, detachedness] = ['type', 'name', 'self_size', 'detachedness'].map((f) =>
    fields.indexOf(f),
  ) as [number, number, number, number];
  const reading = {
    used: usedSize,
    heap: 0,
    code: 0,
    buffers: 0,
    detached: 0,
    nodes,
    listeners: jsEventListeners,
  };
  const { nodes: all, strings } = snapshot;
  for (let i = 0; i < all.length; i += fields.length) {
    const bytes = all[i + size] ?? 0;
    const kind = types[all[i + type] ?? -1];
    // 'native' nodes are the browser's own objects (and ArrayBuffer contents); 'synthetic' are roots.
    // Blink marks DOM nodes cut from the document: 1 attached, 2 detached.
    if (all[i + detachedness] === 2) reading.detached++;
    if (kind === 'native') {
      if (strings[all[i + name] ?? -1] === 'system / JSArrayBufferData') reading.buffers += bytes;
    } else if (kind !== 'synthetic') {
      reading.heap += bytes;
      if (kind === 'code') reading.code += bytes;
    }
  }
  return reading;
}

/**
 * Scrolls top → bottom → top in viewport-sized jumps. At every stop, each figure whose stage is
 * on screen must wake (loaded, told it is visible, holding a live context) before moving on.
 */
async function roundTrip(page: Page): Promise<void> {
  await page.evaluate(async (tags) => {
    const watch = (window as unknown as { __gl: GlWatch }).__gl;
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const figures = tags.map((tag) => document.querySelector<HTMLElement>(tag)!);
    const bottom = document.documentElement.scrollHeight - innerHeight;
    const down: number[] = [];
    for (let y = 0; y < bottom; y += innerHeight) down.push(y);
    const stops = [...down, bottom, ...down.reverse()];
    for (const y of stops) {
      window.scrollTo({ top: y, behavior: 'instant' });
      // A frame at every stop; a figure that comes on screen is then waited for below.
      await frame();
      for (const figure of figures) {
        const stage = figure.querySelector('[data-stage]')!;
        const box = stage.getBoundingClientRect();
        if (Math.min(box.bottom, innerHeight) - Math.max(box.top, 0) < 2) continue;
        const since = performance.now();
        const awake = () =>
          figure.hasAttribute('data-live') &&
          (figure as HTMLElement & { isVisible: boolean }).isVisible &&
          watch.awake(figure.querySelector<HTMLCanvasElement>('canvas[data-canvas]'));
        while (!awake()) {
          if (performance.now() - since > 20_000) {
            throw new Error(`${figure.localName} did not wake at scrollY ${y}`);
          }
          await frame();
        }
      }
      watch.sample();
    }
  }, FIGURES);
}

/** Brings a figure's stage on screen and waits until it is live and holds a context. */
async function showFigure(page: Page, tag: FigureTag): Promise<void> {
  await scrollElementTo(page, `${tag} [data-stage]`, 0.1);
  await page.locator(`${tag}[data-live]`).waitFor({ timeout: 20_000 });
  await expect
    .poll(
      () =>
        page.evaluate((sel) => {
          const watch = (window as unknown as { __gl: GlWatch }).__gl;
          return watch.awake(
            document.querySelector<HTMLCanvasElement>(`${sel} canvas[data-canvas]`),
          );
        }, tag),
      { intervals: [50] },
    )
    .toBe(true);
}

/** Reads a property of a figure element. */
const prop = (page: Page, tag: FigureTag, name: string) =>
  page.evaluate(
    ([sel, key]) => (document.querySelector(sel) as unknown as Record<string, unknown>)[key],
    [tag, name] as const,
  );

/** Waits until a figure's current run has finished (its `done` getter). */
const finished = (page: Page, tag: FigureTag) =>
  expect.poll(() => prop(page, tag, 'done'), { timeout: 30_000, intervals: [50] }).toBe(true);

/** Points per sampler in EP 04's chart once its sweep (to 100 steps) is done. */
const SWEEP_COUNTS = sweepStepCounts(100).length;
const PROMPTS = ['heart', 'star', 'spiral', 'cat', 'tree', 'letter'];
const QUICK_STEPS = ['3', '10', '60'];

/** One replay of every interactive, each in view. */
async function replayAll(page: Page): Promise<void> {
  // EP 01: drag the slider through the whole schedule and back, a frame per position.
  await showFigure(page, 'forward-figure');
  await page.locator('forward-figure [data-t-slider]').evaluate(async (input: HTMLInputElement) => {
    for (const t of [0, 200, 400, 600, 800, 1000, 750, 500, 250, 0]) {
      input.value = String(t);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
  await expect(page.locator('forward-figure [data-readout="t"]')).toHaveText('0');

  // EP 02: replay the film from the noise; once it has glided through real frames, jump to the
  // end with the slider, so every replay leaves the figure as it found it.
  await showFigure(page, 'reverse-figure');
  await page.getByRole('button', { name: 'Restart from the noise' }).click();
  await expect
    .poll(() => prop(page, 'reverse-figure', 'frame'), { intervals: [50] })
    .toBeGreaterThanOrEqual(8);
  await page.getByRole('slider', { name: 'Step of the run' }).fill('60');
  await expect(page.locator('reverse-figure [data-kicker]')).toHaveText('step 60 / 60');
  await expect.poll(() => prop(page, 'reverse-figure', 'playing'), { intervals: [50] }).toBe(false);

  // EP 03: steer the same noise to the next prompt.
  await showFigure(page, 'prompts-figure');
  const prompt = await page
    .locator('prompts-figure [data-prompt][aria-pressed="true"]')
    .getAttribute('data-prompt');
  const nextPrompt = PROMPTS[(PROMPTS.indexOf(prompt ?? '') + 1) % PROMPTS.length]!;
  await page.locator(`prompts-figure [data-prompt="${nextPrompt}"]`).click();
  await expect(page.locator(`prompts-figure [data-prompt="${nextPrompt}"]`)).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await finished(page, 'prompts-figure');

  // EP 04: the next quick step count.
  await showFigure(page, 'steps-figure');
  const steps = await page
    .locator('steps-figure [data-quick][aria-pressed="true"]')
    .getAttribute('data-quick');
  const nextSteps = QUICK_STEPS[(QUICK_STEPS.indexOf(steps ?? '') + 1) % QUICK_STEPS.length]!;
  await page.locator(`steps-figure [data-quick="${nextSteps}"]`).click();
  await expect(page.locator(`steps-figure [data-quick="${nextSteps}"]`)).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await finished(page, 'steps-figure');

  // EP 05: the whole row again.
  await showFigure(page, 'guidance-figure');
  const clickedAt = () =>
    page.evaluate(
      () =>
        document.querySelector<HTMLElement & { timings: { clicked: number } }>('guidance-figure')!
          .timings.clicked,
    );
  const before = await clickedAt();
  await page.getByRole('button', { name: 'Render all three' }).click();
  await expect.poll(clickedAt, { intervals: [50] }).not.toBe(before);
  await finished(page, 'guidance-figure');
}

const ROUND_TRIPS = 30;
const REPLAYS = 20;
/**
 * Round trips (each with a replay of every interactive) before the baseline. V8 keeps compiling
 * and optimising the figures' code for dozens of trips while the data stays flat. Measured every
 * 4 trips (after GC): compiled code 3.15, 3.35, 3.52, 3.58 MB by trip 16, then 3.76, 3.87, 3.93,
 * 4.00, 4.09 MB by trip 36, then 4.09, 4.10; data 2.55–2.60 MB throughout. A baseline taken after
 * one trip counted that warm-up as growth (getHeapUsage +22 %); after 16 it saw +3 to +10 %.
 */
const WARM_UP_TRIPS = 36;

test.describe('long sessions', () => {
  test('30 scrolls through the article and 20 replays of each interactive leak nothing', async ({
    page,
  }) => {
    // About 5 minutes on an idle 2-core machine (a 36-trip warm-up, then the 30 measured);
    // generous for a busy one.
    test.setTimeout(600_000);
    const watch = watchForProblems(page);
    await page.addInitScript(watchContexts);
    const cdp = await page.context().newCDPSession(page);
    const started = Date.now();
    await page.goto('/');

    // Warm-up: every figure loads, every code path runs until V8 has compiled it for good, and
    // the one-off background work (EP 04's sweep, EP 05's chart) is finished.
    for (let i = 0; i < WARM_UP_TRIPS; i++) {
      await replayAll(page);
      await roundTrip(page);
    }
    // EP 05 measures its chart only while it is on screen: the reader waits there for it.
    await showFigure(page, 'guidance-figure');
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            type Steps = HTMLElement & { sweepPoints(s: string): unknown[] };
            const steps = document.querySelector<Steps>('steps-figure')!;
            const guidance = document.querySelector<HTMLElement & { chartDone: boolean }>(
              'guidance-figure',
            )!;
            return [
              steps.sweepPoints('ddim').length,
              steps.sweepPoints('ddpm').length,
              guidance.chartDone,
            ];
          }),
        { timeout: 60_000 },
      )
      .toEqual([SWEEP_COUNTS, SWEEP_COUNTS, true]);
    // Back to where every round trip ends, so the figures alive at the start are those at the end.
    await roundTrip(page);
    const before = await readHeap(cdp);
    const memoryBefore = await gl(page, (w) => w.liveMemory());

    for (let i = 0; i < ROUND_TRIPS; i++) {
      if (i < REPLAYS) await replayAll(page);
      await roundTrip(page);
    }
    const after = await readHeap(cdp);
    const memoryAfter = await gl(page, (w) => w.liveMemory());
    const counts = await gl(page, (w) => ({
      created: w.created,
      released: w.released,
      maxLive: w.maxLive,
      maxLeases: w.maxLeases,
      leaks: w.leaks,
    }));
    const growth = (from: number, to: number) => (to - from) / from;
    const data = growth(before.heap - before.code, after.heap - after.code);
    const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
    const pc = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
    console.log(
      [
        `soak (${((Date.now() - started) / 1000).toFixed(0)} s):`,
        `getHeapUsage ${mb(before.used)} → ${mb(after.used)} MB (${pc(growth(before.used, after.used))});`,
        `snapshot ${mb(before.heap)} → ${mb(after.heap)} MB (${pc(growth(before.heap, after.heap))}),`,
        `compiled code ${mb(before.code)} → ${mb(after.code)} MB,`,
        `data ${mb(before.heap - before.code)} → ${mb(after.heap - after.code)} MB (${pc(data)});`,
        `ArrayBuffers ${mb(before.buffers)} → ${mb(after.buffers)} MB;`,
        `DOM nodes ${before.nodes} → ${after.nodes} (detached ${before.detached} → ${after.detached}),`,
        `listeners ${before.listeners} → ${after.listeners};`,
        `WebGL contexts made ${counts.created}, let go ${counts.released}, most at once ${counts.maxLive}`,
        `(leases ${counts.maxLeases});`,
        `renderer memory of the live figures ${JSON.stringify(memoryBefore)} → ${JSON.stringify(memoryAfter)}`,
      ].join(' '),
    );
    // The heap after GC, as Runtime.getHeapUsage reports it, and the data in it without code.
    expect(growth(before.used, after.used)).toBeLessThan(0.1);
    expect(data).toBeLessThan(0.1);
    expect(growth(before.buffers, after.buffers)).toBeLessThan(0.1);
    // Canvases swapped for fresh ones after evictions (dozens) are let go. Each view still holds
    // the one it was made with (in its options), so a few detached ones stay: at most one a figure.
    // (The DOM node count itself wanders by a few: nodes outside the document.)
    expect(after.detached).toBeLessThanOrEqual(FIGURES.length);
    expect(after.listeners).toBeLessThanOrEqual(before.listeners);
    expect(counts.maxLive).toBeLessThanOrEqual(MAX_LIVE_CONTEXTS);
    expect(counts.maxLeases).toBe(MAX_LIVE_CONTEXTS);
    // Figures were evicted and woke again on every round trip; every context let go was empty.
    expect(counts.released).toBeGreaterThan(2 * ROUND_TRIPS);
    expect(counts.leaks).toEqual([]);
    expect(memoryAfter).toEqual(memoryBefore);
    watch.check();
  });

  test('a figure taken off the page frees its renderer and context, and comes back whole', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const watch = watchForProblems(page);
    await page.addInitScript(watchContexts);
    const cdp = await page.context().newCDPSession(page);
    await page.goto('/');
    for (const tag of FIGURES) {
      await showFigure(page, tag);
      const canvas = `${tag} canvas[data-canvas]`;
      await expect
        .poll(() =>
          page.evaluate(
            (sel) => (document.querySelector(sel) as GlCanvas | null)?.glMemory?.().geometries ?? 0,
            canvas,
          ),
        )
        .toBeGreaterThan(0);
      // A figure that runs on waking (EP 03–05) uploads a panel's geometry as its run first
      // draws: take the figure's memory once its runs are done, not part-way.
      await expect
        .poll(() =>
          page.evaluate(
            (sel) => document.querySelector<Element & { done?: boolean }>(sel)!.done ?? true,
            tag,
          ),
        )
        .toBe(true);
      const before = await page.evaluate((sel) => {
        const el = document.querySelector<GlCanvas>(sel)!;
        return {
          memory: el.glMemory!(),
          live: (window as unknown as { __gl: GlWatch }).__gl.sample(),
        };
      }, canvas);
      // Freed as it leaves, in the same task: nothing waits for a later clean-up.
      const removed = await page.evaluate((sel) => {
        const w = window as unknown as { __gl: GlWatch; __removed: Removed | null };
        const el = document.querySelector(sel)!;
        const gl = el.querySelector<GlCanvas>('canvas[data-canvas]')!;
        w.__removed = { el, parent: el.parentNode!, next: el.nextSibling };
        el.remove();
        return {
          memory: gl.glMemory!(),
          awake: w.__gl.awake(gl),
          live: w.__gl.sample(),
          poster: !el.hasAttribute('data-live'),
        };
      }, tag);
      expect(removed.memory, `${tag} after removal`).toEqual({ geometries: 0, textures: 0 });
      // Without its view it is its poster again until it loads anew.
      expect(removed.poster, `${tag} shows its poster once removed`).toBe(true);
      expect(removed.awake).toBe(false);
      expect(removed.live).toBe(before.live - 1);
      if (tag === FIGURES[0]) {
        // The count of detached DOM nodes the soak relies on does see a subtree held off the page.
        expect((await readHeap(cdp)).detached).toBeGreaterThan(0);
      }

      await page.evaluate(() => {
        const w = window as unknown as { __removed: Removed | null };
        const { el, parent, next } = w.__removed!;
        parent.insertBefore(el, next);
        w.__removed = null;
      });
      await showFigure(page, tag);
      expect(await prop(page, tag, 'mode'), `${tag} after coming back`).toBe('webgl');
      await expect(page.locator(`${tag} [data-status]`)).not.toContainText('WebGL');
      await expect
        .poll(
          () => page.evaluate((sel) => document.querySelector<GlCanvas>(sel)!.glMemory?.(), canvas),
          { message: `${tag}: renderer memory after coming back` },
        )
        .toEqual(before.memory);
    }
    expect(await gl(page, (w) => w.leaks)).toEqual([]);
    expect(await gl(page, (w) => w.maxLive)).toBeLessThanOrEqual(MAX_LIVE_CONTEXTS);
    // A lost canvas swapped out on the way back is held only by the view made with it.
    expect((await readHeap(cdp)).detached).toBeLessThanOrEqual(FIGURES.length);
    watch.check();
  });
});
