import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_REST,
  createSimHost,
  sweepStepCounts,
  type HostClock,
} from '../../../src/workers/sim-host.ts';
import type { SimResponse } from '../../../src/workers/protocol.ts';

interface Sent {
  msg: SimResponse;
  transfer: ArrayBuffer[];
  /** The host clock's time when it was sent. */
  at: number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A clock whose pauses take no real time: each one is recorded and moves the clock on by its
 * length, so a paced job runs at full speed and its pauses can be read back.
 */
function skippingClock() {
  let skipped = 0;
  const sleeps: number[] = [];
  const clock: HostClock = {
    turn,
    now: () => performance.now() + skipped,
    sleep: (ms) => {
      sleeps.push(ms);
      skipped += ms;
      return turn();
    },
  };
  return { clock, sleeps, skipped: () => skipped };
}

/** A host whose responses are collected, and a way to wait until some have arrived. */
function harness(clock?: HostClock) {
  const sent: Sent[] = [];
  const now = clock?.now ?? (() => performance.now());
  const host = createSimHost((msg, transfer) => sent.push({ msg, transfer, at: now() }), clock);
  async function until(done: () => boolean, turns = 20_000): Promise<void> {
    for (let i = 0; i < turns && !done(); i++) await turn();
    if (!done()) throw new Error('timed out waiting for responses');
  }
  /** Lets the event loop run for a while, to see that nothing more arrives. */
  async function settle(turns = 200): Promise<void> {
    for (let i = 0; i < turns; i++) await turn();
  }
  const of = (id: number) => sent.filter((s) => 'id' in s.msg && s.msg.id === id).map((s) => s.msg);
  return { host, sent, until, settle, of };
}

describe('sim host pacing', { timeout: 60_000 }, () => {
  it('streams a paced run no faster than its pace, and an unpaced one without pausing', async () => {
    const { clock, sleeps } = skippingClock();
    const { host, sent, until } = harness(clock);
    const params = { seed: 7, prompt: 'heart', steps: 6, particles: 60 };
    host.handle({ type: 'run', id: 1, params });
    await until(() => sent.some((s) => s.msg.type === 'done'));
    expect(sleeps).toEqual([]);

    host.handle({ type: 'run', id: 2, params, paceMs: 40 });
    await until(() => sent.some((s) => s.msg.type === 'done' && s.msg.id === 2));
    const times = sent.filter((s) => s.msg.type === 'step' && s.msg.id === 2).map((s) => s.at);
    expect(times).toHaveLength(7);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(40);
    }
    // A step's own time counts toward the pace: each pause is the pace less that time.
    expect(sleeps.length).toBeGreaterThanOrEqual(6);
    for (const ms of sleeps) expect(ms).toBeGreaterThan(0);
    for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(40);
  });

  it.each([
    [
      'a run asked for finalOnly',
      {
        type: 'run',
        params: { seed: 7, prompt: 'cat', steps: 24, particles: 300 },
        finalOnly: true,
      },
    ],
    ['a sweep', { type: 'sweep', params: { seed: 7, prompt: 'cat', maxSteps: 5, particles: 300 } }],
  ])('rests between the steps of %s as long as they took', async (_, request) => {
    const { clock, sleeps, skipped } = skippingClock();
    const { host, sent, until } = harness(clock);
    const started = performance.now();
    host.handle({ ...request, id: 3 });
    await until(() => sent.some((s) => s.msg.type === 'done'));
    const worked = performance.now() - started;
    expect(sleeps.length).toBeGreaterThan(10);
    // The pauses add up to the steps' own time (the rest of the real time is the event loop's).
    expect(skipped()).toBeGreaterThan(0.5 * BACKGROUND_REST * worked);
    expect(skipped()).toBeLessThanOrEqual(BACKGROUND_REST * worked);
  });

  it('answers a pace out of range with an error', async () => {
    const { host, until, of } = harness();
    const params = { seed: 7, prompt: 'heart', steps: 3, particles: 20 };
    host.handle({ type: 'run', id: 4, params, paceMs: -1 });
    host.handle({ type: 'run', id: 5, params, paceMs: 'soon' });
    await until(() => of(5).length > 0);
    expect(of(4)).toEqual([
      { type: 'error', id: 4, message: 'paceMs must be a number in 0…1000, got -1' },
    ]);
    expect(of(5)).toEqual([
      { type: 'error', id: 5, message: 'paceMs must be a number in 0…1000, got soon' },
    ]);
  });
});

describe('sim host', { timeout: 60_000 }, () => {
  it('streams a run step by step, in order, with transferable buffers, then done', async () => {
    const { host, sent, until } = harness();
    host.handle({
      type: 'run',
      id: 1,
      params: { seed: 7, prompt: 'heart', steps: 8, particles: 100, directions: true },
    });
    await until(() => sent.some((s) => s.msg.type === 'done'));
    const steps = sent.filter((s) => s.msg.type === 'step');
    expect(steps.map((s) => (s.msg.type === 'step' ? s.msg.index : -1))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    for (const { msg, transfer } of steps) {
      if (msg.type !== 'step') continue;
      expect(msg.id).toBe(1);
      expect(msg.steps).toBe(8);
      expect(msg.positions.length).toBe(200);
      expect(transfer).toContain(msg.positions.buffer);
      expect(transfer).toContain(msg.x0.buffer);
      expect(transfer).toContain(msg.epsGuided?.buffer);
      expect(new Set(transfer).size).toBe(transfer.length);
      expect(Number.isFinite(msg.precision) && Number.isFinite(msg.coverage)).toBe(true);
    }
    expect(sent.at(-1)?.msg).toEqual({ type: 'done', id: 1 });
  });

  it('sends only the last step of a run asked for finalOnly, equal to the streamed one', async () => {
    const { host, until, of } = harness();
    const params = { seed: 7, prompt: 'tree', steps: 12, particles: 80 };
    host.handle({ type: 'run', id: 1, params });
    host.handle({ type: 'run', id: 2, params, finalOnly: true });
    await until(() => of(2).some((m) => m.type === 'done'));
    // Run 1 was cancelled by run 2; run it again alone to compare.
    host.handle({ type: 'run', id: 3, params });
    await until(() => of(3).some((m) => m.type === 'done'));
    const final = of(2).filter((m) => m.type === 'step');
    const streamed = of(3).filter((m) => m.type === 'step');
    expect(final.map((m) => m.index)).toEqual([12]);
    expect(streamed).toHaveLength(13);
    expect(final[0]?.positions).toEqual(streamed.at(-1)?.positions);
    expect(final[0]?.precision).toBe(streamed.at(-1)?.precision);
  });

  it('stops a run on cancel: no more steps, no done', async () => {
    const { host, sent, until, settle } = harness();
    host.handle({
      type: 'run',
      id: 2,
      params: { seed: 7, prompt: 'star', steps: 200, particles: 100 },
    });
    await until(() => sent.length >= 3);
    host.handle({ type: 'cancel', id: 2 });
    const count = sent.length;
    await settle();
    expect(sent.length).toBe(count);
    expect(sent.some((s) => s.msg.type === 'done')).toBe(false);
  });

  it('a new run cancels the one in flight, without interleaving', async () => {
    const { host, sent, until, settle, of } = harness();
    host.handle({
      type: 'run',
      id: 3,
      params: { seed: 7, prompt: 'cat', steps: 200, particles: 100 },
    });
    await until(() => sent.length >= 2);
    host.handle({
      type: 'run',
      id: 4,
      params: { seed: 7, prompt: 'tree', steps: 5, particles: 100 },
    });
    await until(() => of(4).some((m) => m.type === 'done'));
    await settle();
    const firstOfNew = sent.findIndex((s) => 'id' in s.msg && s.msg.id === 4);
    expect(sent.slice(firstOfNew).every((s) => 'id' in s.msg && s.msg.id === 4)).toBe(true);
    expect(of(3).some((m) => m.type === 'done')).toBe(false);
    expect(of(4).filter((m) => m.type === 'step')).toHaveLength(6);
  });

  it('answers bad requests with error messages', async () => {
    const { host, sent, until, of } = harness();
    host.handle({ type: 'run', id: 5, params: { seed: 7, prompt: 'heart', steps: 0 } });
    host.handle({ type: 'fly', id: 6 });
    host.handle('nonsense');
    await until(() => of(5).length > 0);
    expect(of(5)).toEqual([
      { type: 'error', id: 5, message: 'steps must be an integer in 1…1000, got 0' },
    ]);
    expect(of(6)[0]).toMatchObject({
      type: 'error',
      id: 6,
      message: expect.stringMatching(/type must be/),
    });
    expect(sent.find((s) => s.msg.type === 'error' && s.msg.id === null)?.msg).toMatchObject({
      message: expect.stringMatching(/id/),
    });
    host.handle({ type: 'sweep', id: 7, params: { seed: 7, prompt: 'heart', maxSteps: 0 } });
    await until(() => of(7).length > 0);
    expect(of(7)[0]).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/maxSteps must be an integer in 1…1000/),
    });
  });

  it('sweeps every count to 10, then log-spaced counts with 60, up to the maximum', () => {
    const counts = sweepStepCounts(100);
    expect(counts.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(counts).toContain(60);
    expect(counts.at(-1)).toBe(100);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1]!);
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThan(700);
    expect(sweepStepCounts(3)).toEqual([1, 2, 3]);
  });

  it('streams a sweep: final precision per step count, DDIM then DDPM, then done', async () => {
    const { host, until, of } = harness();
    host.handle({
      type: 'sweep',
      id: 8,
      params: { seed: 7, prompt: 'letter', maxSteps: 3, particles: 40 },
    });
    await until(() => of(8).some((m) => m.type === 'done'));
    const points = of(8).filter((m) => m.type === 'sweep-point');
    expect(points.map((m) => (m.type === 'sweep-point' ? `${m.steps}${m.sampler}` : ''))).toEqual([
      '1ddim',
      '1ddpm',
      '2ddim',
      '2ddpm',
      '3ddim',
      '3ddpm',
    ]);
    for (const m of points) if (m.type === 'sweep-point') expect(m.precision).toBeGreaterThan(0);
  });
});
