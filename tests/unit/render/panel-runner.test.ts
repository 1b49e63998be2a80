import { describe, expect, test } from 'vitest';
import { PanelRunner } from '../../../src/render/panel-runner.ts';
import { SimClient, type WorkerLike } from '../../../src/render/sim-client.ts';
import type { PointsLayer } from '../../../src/render/points-layout.ts';
import type { ScrollSettle } from '../../../src/scroll/scroll-settle.ts';
import type { SimRequest, SimResponse } from '../../../src/workers/protocol.ts';

/** A worker stand-in that records what it is sent. */
class FakeWorker implements WorkerLike {
  sent: SimRequest[] = [];
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(message: SimRequest): void {
    this.sent.push(message);
  }
  terminate(): void {}
  reply(msg: SimResponse): void {
    this.onmessage?.({ data: msg } as MessageEvent<SimResponse>);
  }
}

/** A layer that only counts what it is asked to draw. */
function fakeLayer(): PointsLayer & { steps: number } {
  const layer = {
    steps: 0,
    setColours() {},
    setStep() {
      layer.steps++;
    },
    setBlend() {},
  };
  return layer as unknown as PointsLayer & { steps: number };
}

const heart = { seed: 7, prompt: 'heart' as const, steps: 10 };
const star = { seed: 7, prompt: 'star' as const, steps: 10 };

/** A scroll the test moves and stops by hand. */
class FakeScroll implements ScrollSettle {
  scrolling = false;
  waiting = new Set<() => void>();
  settled(): boolean {
    return !this.scrolling;
  }
  afterSettled(then: () => void): () => void {
    this.waiting.add(then);
    return () => this.waiting.delete(then);
  }
  stop(): void {
    this.scrolling = false;
    const callbacks = [...this.waiting];
    this.waiting.clear();
    for (const callback of callbacks) callback();
  }
}

/** A runner under reduced motion (no tweens) on one fake worker. */
function setup() {
  const worker = new FakeWorker();
  const client = new SimClient(() => worker);
  const layer = fakeLayer();
  const scroll = new FakeScroll();
  const runner = new PanelRunner({ layer, panel: 0, reducedMotion: true, client, scroll });
  const runs = () =>
    worker.sent.flatMap((m) => (m.type === 'run' ? [m.params as unknown as typeof heart] : []));
  return { worker, layer, runner, runs, scroll };
}

describe('PanelRunner', () => {
  test('a run asked for off screen waits, and starts once the panel is on screen', () => {
    const { runner, runs } = setup();
    runner.run(heart);
    expect(runs()).toEqual([]);
    expect(runner.held).toBe(true);
    expect(runner.running).toBe(true);
    expect(runner.done).toBe(false);
    runner.setVisible(true);
    expect(runs()).toEqual([heart]);
    expect(runner.held).toBe(false);
  });

  test('on screen, a run starts at once', () => {
    const { runner, runs } = setup();
    runner.setVisible(true);
    runner.run(heart);
    expect(runs()).toEqual([heart]);
    expect(runner.held).toBe(false);
  });

  test('of several runs asked for off screen, only the last one is run', () => {
    const { runner, runs } = setup();
    runner.run(heart);
    runner.run(star);
    runner.setVisible(true);
    runner.setVisible(false);
    runner.setVisible(true);
    expect(runs()).toEqual([star]);
  });

  test('a run in flight is cancelled by a newer one asked for off screen', () => {
    const { worker, runner, runs } = setup();
    runner.setVisible(true);
    runner.run(heart);
    const first = worker.sent[0];
    runner.setVisible(false);
    runner.run(star);
    expect(worker.sent.at(-1)).toEqual({ type: 'cancel', id: (first as { id: number }).id });
    expect(runs()).toEqual([heart]);
    runner.setVisible(true);
    expect(runs()).toEqual([heart, star]);
  });

  test('a run in flight goes on when the panel leaves the screen', () => {
    const { worker, layer, runner } = setup();
    runner.setVisible(true);
    runner.run(heart);
    runner.setVisible(false);
    const id = (worker.sent[0] as { id: number }).id;
    expect(worker.sent.some((m) => m.type === 'cancel')).toBe(false);
    const positions = new Float32Array(4);
    const base = { type: 'step', id, t: 0, steps: 10, positions, x0: positions } as const;
    worker.reply({ ...base, index: 0, precision: 0.4, coverage: 0.3 });
    worker.reply({ ...base, index: 10, precision: 0.02, coverage: 0.03 });
    expect(runner.final).toBe(positions);
    expect(layer.steps).toBe(2);
  });

  test('while the reader scrolls, a run waits for the scroll to settle; only the latest runs', () => {
    const { runner, runs, scroll } = setup();
    runner.setVisible(true);
    scroll.scrolling = true;
    runner.run(heart);
    runner.run(star);
    expect(runs()).toEqual([]);
    expect(scroll.waiting.size).toBe(1);
    scroll.stop();
    expect(runs()).toEqual([star]);
    expect(runner.held).toBe(false);
  });

  test('a panel that left the screen while the scroll settled waits to come back', () => {
    const { runner, runs, scroll } = setup();
    runner.setVisible(true);
    scroll.scrolling = true;
    runner.run(heart);
    runner.setVisible(false);
    scroll.stop();
    expect(runs()).toEqual([]);
    runner.setVisible(true);
    expect(runs()).toEqual([heart]);
  });

  test('cancel drops a held run', () => {
    const { runner, runs } = setup();
    runner.run(heart);
    runner.cancel();
    expect(runner.running).toBe(false);
    runner.setVisible(true);
    expect(runs()).toEqual([]);
  });

  test('cancel stops the wait for the scroll', () => {
    const { runner, runs, scroll } = setup();
    runner.setVisible(true);
    scroll.scrolling = true;
    runner.run(heart);
    runner.cancel();
    expect(scroll.waiting.size).toBe(0);
    scroll.stop();
    expect(runs()).toEqual([]);
  });
});
