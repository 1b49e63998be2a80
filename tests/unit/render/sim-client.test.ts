import { describe, expect, test, vi } from 'vitest';
import { SimClient, type WorkerLike } from '../../../src/render/sim-client.ts';
import type { SimRequest, SimResponse, StepResponse } from '../../../src/workers/protocol.ts';

/** A worker stand-in that records what it is sent and answers when the test says so. */
class FakeWorker implements WorkerLike {
  sent: SimRequest[] = [];
  terminated = false;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(message: SimRequest): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(msg: SimResponse): void {
    this.onmessage?.({ data: msg } as MessageEvent<SimResponse>);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

const params = { seed: 7, prompt: 'heart' as const, steps: 60 };
const step = (id: number, index: number): StepResponse => ({
  type: 'step',
  id,
  index,
  t: 1000,
  steps: 60,
  positions: new Float32Array(2),
  x0: new Float32Array(2),
  precision: 0.5,
  coverage: 0.1,
});

/** A client on fake workers; `stallMs` is how long a silent worker is waited for. */
function setup(stallMs?: number) {
  const workers: FakeWorker[] = [];
  const client = new SimClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  }, stallMs);
  return { client, workers };
}

describe('SimClient', () => {
  test('asks the worker for the last step alone when told finalOnly', () => {
    const { client, workers } = setup();
    const handle = client.run(params, () => {}, { finalOnly: true });
    expect(workers[0]?.sent).toEqual([{ type: 'run', id: handle.id, params, finalOnly: true }]);
  });

  test('streams a run’s steps and settles done', async () => {
    const { client, workers } = setup();
    const seen: number[] = [];
    const handle = client.run(params, (s) => seen.push(s.index));
    const w = workers[0]!;
    expect(w.sent).toEqual([{ type: 'run', id: handle.id, params }]);
    w.reply(step(handle.id, 0));
    w.reply(step(handle.id, 1));
    w.reply({ type: 'done', id: handle.id });
    expect(await handle.finished).toEqual({ status: 'done' });
    expect(seen).toEqual([0, 1]);
    expect(client.busy).toBe(false);
  });

  test('a new run cancels the one in flight and its late steps are dropped', async () => {
    const { client, workers } = setup();
    const first: number[] = [];
    const second: number[] = [];
    const a = client.run(params, (s) => first.push(s.index));
    const b = client.run(params, (s) => second.push(s.index));
    const w = workers[0]!;
    expect(w.sent.map((m) => m.type)).toEqual(['run', 'cancel', 'run']);
    expect(await a.finished).toEqual({ status: 'cancelled' });
    w.reply(step(a.id, 5));
    w.reply(step(b.id, 0));
    expect(first).toEqual([]);
    expect(second).toEqual([0]);
    expect(workers).toHaveLength(1);
  });

  test('twenty quick runs leave one in flight and no queue', async () => {
    const { client, workers } = setup();
    const handles = Array.from({ length: 20 }, () => client.run(params, () => {}));
    const outcomes = await Promise.all(handles.slice(0, 19).map((h) => h.finished));
    expect(outcomes.every((o) => o.status === 'cancelled')).toBe(true);
    expect(client.busy).toBe(true);
    expect(workers[0]!.sent.filter((m) => m.type === 'run')).toHaveLength(20);
  });

  test('an error response ends the run with its message; the worker stays', async () => {
    const { client, workers } = setup();
    const h = client.run(params, () => {});
    workers[0]!.reply({ type: 'error', id: h.id, message: 'prompt must be one of …' });
    expect(await h.finished).toEqual({ status: 'error', message: 'prompt must be one of …' });
    expect(workers[0]!.terminated).toBe(false);
  });

  test('a worker that throws is replaced, and the run reports the error', async () => {
    const { client, workers } = setup();
    const h = client.run(params, () => {});
    workers[0]!.crash('boom');
    expect(await h.finished).toEqual({ status: 'error', message: 'boom' });
    expect(workers[0]!.terminated).toBe(true);
    const next = client.run(params, () => {});
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent[0]).toEqual({ type: 'run', id: next.id, params });
  });

  test('a worker that goes silent mid-run is taken for dead', async () => {
    vi.useFakeTimers();
    try {
      const { client, workers } = setup(1000);
      const h = client.run(params, () => {});
      vi.advanceTimersByTime(1001);
      expect(await h.finished).toEqual({
        status: 'error',
        message: 'No reply from the worker for 1 s.',
      });
      expect(workers[0]!.terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a run that keeps talking is never taken for dead; silence after its last word is', async () => {
    vi.useFakeTimers();
    try {
      const { client, workers } = setup(1000);
      let outcome: unknown = null;
      const h = client.run(params, () => {});
      void h.finished.then((o) => (outcome = o));
      // A step every 600 ms for 6 s: each silence is shorter than the limit.
      for (let i = 0; i < 10; i++) {
        vi.advanceTimersByTime(600);
        workers[0]!.reply(step(h.id, i));
      }
      await Promise.resolve();
      expect(outcome).toBeNull();
      vi.advanceTimersByTime(999);
      await Promise.resolve();
      expect(outcome).toBeNull();
      vi.advanceTimersByTime(2);
      expect(await h.finished).toEqual({
        status: 'error',
        message: 'No reply from the worker for 1 s.',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  test('dispose cancels and terminates', async () => {
    const { client, workers } = setup();
    const h = client.run(params, () => {});
    client.dispose();
    expect(await h.finished).toEqual({ status: 'cancelled' });
    expect(workers[0]!.terminated).toBe(true);
    expect((await client.run(params, () => {}).finished).status).toBe('error');
  });
});
