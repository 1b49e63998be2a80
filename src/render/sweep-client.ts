/**
 * The page's side of a sweep (final distance against step count, DDIM and DDPM). It has a worker
 * of its own: the simulation host runs one job at a time, so a sweep sharing the figure's run
 * worker would be cancelled by the reader's next run. One sweep at a time; a new one cancels the
 * one in flight, and a failed worker is dropped and made again for the next sweep.
 */
import { createSimWorker, type RunOutcome, type WorkerLike } from './sim-client.ts';
import type { SimResponse, SweepParams, SweepPointResponse } from '../workers/protocol.ts';

/** A sweep in flight. */
export interface SweepHandle {
  readonly id: number;
  /** Settles once, when the sweep is done, cancelled or failed. Never rejects. */
  readonly finished: Promise<RunOutcome>;
  cancel(): void;
}

interface ActiveSweep {
  id: number;
  onPoint: (point: SweepPointResponse) => void;
  settle: (outcome: RunOutcome) => void;
}

/** A client of one sweep worker, created at the first sweep. */
export class SweepClient {
  #make: () => WorkerLike;
  #worker: WorkerLike | null = null;
  #active: ActiveSweep | null = null;
  #nextId = 1;
  #disposed = false;

  constructor(make: () => WorkerLike = createSimWorker) {
    this.#make = make;
  }

  /** Starts a sweep; `onPoint` receives each point as the worker finishes it. */
  sweep(params: SweepParams, onPoint: (point: SweepPointResponse) => void): SweepHandle {
    this.cancel();
    const id = this.#nextId++;
    let settle: (outcome: RunOutcome) => void = () => {};
    const finished = new Promise<RunOutcome>((resolve) => (settle = resolve));
    const handle: SweepHandle = {
      id,
      finished,
      cancel: () => {
        if (this.#active?.id === id) this.cancel();
      },
    };
    if (this.#disposed) {
      settle({ status: 'error', message: 'The figure has left the page.' });
      return handle;
    }
    this.#active = { id, onPoint, settle };
    try {
      this.#ensureWorker().postMessage({ type: 'sweep', id, params });
    } catch (error) {
      this.#end({
        status: 'error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
    return handle;
  }

  /** Cancels the sweep in flight, if any. */
  cancel(): void {
    const active = this.#active;
    if (!active) return;
    try {
      this.#worker?.postMessage({ type: 'cancel', id: active.id });
    } catch {
      // A worker that cannot take a message is dropped at the next failure anyway.
    }
    this.#end({ status: 'cancelled' });
  }

  /** Cancels any sweep and terminates the worker. */
  dispose(): void {
    this.cancel();
    this.#disposed = true;
    this.#drop();
  }

  #ensureWorker(): WorkerLike {
    if (this.#worker) return this.#worker;
    const worker = this.#make();
    worker.onmessage = (event) => this.#onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#drop();
      this.#end({ status: 'error', message: event.message || 'The sweep stopped unexpectedly.' });
    };
    worker.onmessageerror = () =>
      this.#end({ status: 'error', message: 'A message from the sweep could not be read.' });
    this.#worker = worker;
    return worker;
  }

  #onMessage(msg: SimResponse): void {
    const active = this.#active;
    if (!active || msg.id !== active.id) return;
    if (msg.type === 'sweep-point') active.onPoint(msg);
    else if (msg.type === 'done') this.#end({ status: 'done' });
    else if (msg.type === 'error') this.#end({ status: 'error', message: msg.message });
  }

  #end(outcome: RunOutcome): void {
    const active = this.#active;
    this.#active = null;
    active?.settle(outcome);
  }

  #drop(): void {
    const worker = this.#worker;
    this.#worker = null;
    if (!worker) return;
    worker.onmessage = null;
    worker.onerror = null;
    worker.onmessageerror = null;
    worker.terminate();
  }
}
