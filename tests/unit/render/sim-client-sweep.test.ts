import { expect, test, vi } from 'vitest';
import { SimClient, type WorkerLike } from '../../../src/render/sim-client.ts';
import type { SimRequest, SimResponse } from '../../../src/workers/protocol.ts';

/** A worker that records requests; the test answers for it. */
function fakeWorker(): WorkerLike & {
  sent: SimRequest[];
  terminated: boolean;
  answer(msg: SimResponse): void;
} {
  const worker = {
    sent: [] as SimRequest[],
    onmessage: null as WorkerLike['onmessage'],
    onerror: null as WorkerLike['onerror'],
    onmessageerror: null as WorkerLike['onmessageerror'],
    terminated: false,
    postMessage(message: SimRequest) {
      worker.sent.push(message);
    },
    terminate() {
      worker.terminated = true;
    },
    answer(msg: SimResponse) {
      worker.onmessage?.({ data: msg } as MessageEvent<SimResponse>);
    },
  };
  return worker;
}

test('points stream to the caller until done', async () => {
  const worker = fakeWorker();
  const client = new SimClient(() => worker);
  const points: number[] = [];
  const handle = client.sweep({ seed: 7, prompt: 'star' }, (p) => points.push(p.steps));
  expect(worker.sent[0]).toMatchObject({ type: 'sweep', id: handle.id });
  worker.answer({
    type: 'sweep-point',
    id: handle.id,
    sampler: 'ddim',
    steps: 1,
    precision: 0.2,
    coverage: 0.5,
  });
  worker.answer({
    type: 'sweep-point',
    id: handle.id,
    sampler: 'ddpm',
    steps: 1,
    precision: 0.2,
    coverage: 0.5,
  });
  worker.answer({ type: 'done', id: handle.id });
  expect(await handle.finished).toEqual({ status: 'done' });
  expect(points).toEqual([1, 1]);
});

test('a new sweep cancels the one in flight and drops its late points', async () => {
  const worker = fakeWorker();
  const client = new SimClient(() => worker);
  const first: number[] = [];
  const a = client.sweep({ seed: 7, prompt: 'star' }, (p) => first.push(p.steps));
  const b = client.sweep({ seed: 8, prompt: 'star' }, () => {});
  expect(await a.finished).toEqual({ status: 'cancelled' });
  expect(worker.sent.map((m) => m.type)).toEqual(['sweep', 'cancel', 'sweep']);
  worker.answer({
    type: 'sweep-point',
    id: a.id,
    sampler: 'ddim',
    steps: 2,
    precision: 0.1,
    coverage: 0.1,
  });
  expect(first).toEqual([]);
  client.dispose();
  expect(await b.finished).toEqual({ status: 'cancelled' });
});

test('a sweep worker that goes silent is taken for dead, like a run', async () => {
  vi.useFakeTimers();
  try {
    const worker = fakeWorker();
    const client = new SimClient(() => worker, 1000);
    const handle = client.sweep({ seed: 7, prompt: 'star' }, () => {});
    vi.advanceTimersByTime(1001);
    expect(await handle.finished).toEqual({
      status: 'error',
      message: 'No reply from the worker for 1 s.',
    });
    expect(worker.terminated).toBe(true);
  } finally {
    vi.useRealTimers();
  }
});
