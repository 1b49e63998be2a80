/**
 * The page's side of the simulation worker: one job at a time, a run (its steps stream back) or a
 * sweep (final distance against step count, point by point). A new job cancels the one in
 * flight (its late messages are dropped, so two runs never draw into one panel, and nothing queues);
 * a worker that throws, or stops answering mid-run, is terminated and replaced on the next run,
 * and the run ends as an error with a message the figure can show. The sampler's maths never
 * runs on the main thread.
 */
import type { RunParams } from '../sim/sampler.ts';
import type {
  RunRequest,
  SimRequest,
  SimResponse,
  StepResponse,
  SweepParams,
  SweepPointResponse,
  SweepRequest,
} from '../workers/protocol.ts';
// The URL of the bundled worker script (one self-contained file), for the sandboxed fallback.
import workerUrl from '../workers/sim-worker.ts?worker&url';
import { startWorker, type WorkerLike as StartedWorker } from './start-worker.ts';

/** How a run ended. */
export type RunOutcome =
  { status: 'done' } | { status: 'cancelled' } | { status: 'error'; message: string };

/** A run in flight. */
export interface RunHandle {
  readonly id: number;
  /** Settles once, when the run is done, cancelled or failed. Never rejects. */
  readonly finished: Promise<RunOutcome>;
  /** Cancels this run (no-op once it has ended or another run replaced it). */
  cancel(): void;
}

/** The part of a Worker the client uses (tests pass a fake). */
export type WorkerLike = StartedWorker<SimRequest, SimResponse>;

/** A run that hears nothing from the worker for this long is taken for dead. */
export const STALL_MS = 20_000;

/** The simulation worker, bundled by Vite as a module worker (see start-worker.ts). */
export function createSimWorker(): WorkerLike {
  return startWorker<SimRequest, SimResponse>(
    () => new Worker(new URL('../workers/sim-worker.ts', import.meta.url), { type: 'module' }),
    workerUrl,
    'The simulation',
  );
}

interface ActiveRun {
  id: number;
  /** Takes the job's data messages (a run's steps, a sweep's points). */
  onData: (message: StepResponse | SweepPointResponse) => void;
  settle: (outcome: RunOutcome) => void;
}

/** A client of one simulation worker, created lazily and replaced when it fails. */
export class SimClient {
  #make: () => WorkerLike;
  #stallMs: number;
  #worker: WorkerLike | null = null;
  #run: ActiveRun | null = null;
  #nextId = 1;
  #stall = 0;
  /** When the worker was last heard from (Date.now()). */
  #heardAt = 0;
  #disposed = false;

  constructor(make: () => WorkerLike = createSimWorker, stallMs = STALL_MS) {
    this.#make = make;
    this.#stallMs = stallMs;
  }

  /** Whether a run is in flight. */
  get busy(): boolean {
    return this.#run !== null;
  }

  /**
   * Starts a run, cancelling the job in flight; `onStep` receives each frame as it arrives (only
   * the last one with `finalOnly`, for measurements nobody watches), at most one per `paceMs`.
   */
  run(
    params: RunParams,
    onStep: (step: StepResponse) => void,
    { finalOnly = false, paceMs = 0 }: { finalOnly?: boolean; paceMs?: number } = {},
  ): RunHandle {
    const request = { type: 'run' as const, params, ...(finalOnly && { finalOnly }) };
    return this.#start(paceMs > 0 ? { ...request, paceMs } : request, (message) => {
      if (message.type === 'step') onStep(message);
    });
  }

  /**
   * Starts a sweep, cancelling the job in flight; `onPoint` receives each point as the worker
   * finishes it. (A figure that sweeps while it runs gives the sweep a client of its own.)
   */
  sweep(params: SweepParams, onPoint: (point: SweepPointResponse) => void): RunHandle {
    return this.#start({ type: 'sweep', params }, (message) => {
      if (message.type === 'sweep-point') onPoint(message);
    });
  }

  #start(
    request: Omit<RunRequest, 'id'> | Omit<SweepRequest, 'id'>,
    onData: ActiveRun['onData'],
  ): RunHandle {
    this.cancel();
    const id = this.#nextId++;
    let settle: (outcome: RunOutcome) => void = () => {};
    const finished = new Promise<RunOutcome>((resolve) => {
      settle = resolve;
    });
    const handle: RunHandle = {
      id,
      finished,
      cancel: () => {
        if (this.#run?.id === id) this.cancel();
      },
    };
    if (this.#disposed) {
      settle({ status: 'error', message: 'The figure has left the page.' });
      return handle;
    }
    this.#run = { id, onData, settle };
    try {
      this.#ensureWorker().postMessage({ ...request, id });
      this.#armStall();
    } catch (error) {
      this.#fail(error instanceof Error ? error.message : String(error));
    }
    return handle;
  }

  /** Cancels the job in flight, if any. */
  cancel(): void {
    const run = this.#run;
    if (!run) return;
    this.#stop(run);
    run.settle({ status: 'cancelled' });
  }

  /** Ends a run and tells the worker to stop computing it. */
  #stop(run: ActiveRun): void {
    this.#end();
    try {
      this.#worker?.postMessage({ type: 'cancel', id: run.id });
    } catch {
      // A worker that cannot take a message is replaced on the next run anyway.
    }
  }

  /** Cancels any run and terminates the worker. */
  dispose(): void {
    this.cancel();
    this.#disposed = true;
    this.#dropWorker();
  }

  #ensureWorker(): WorkerLike {
    if (this.#worker) return this.#worker;
    const worker = this.#make();
    worker.onmessage = (event) => this.#onMessage(event.data);
    worker.onerror = (event) => {
      // Handled here: the reader sees the figure's message, not an uncaught error.
      event.preventDefault();
      this.#dropWorker();
      this.#fail(event.message || 'The worker failed without saying why.');
    };
    worker.onmessageerror = () => this.#fail('A message from the simulation could not be read.');
    this.#worker = worker;
    return worker;
  }

  #onMessage(msg: SimResponse): void {
    const run = this.#run;
    if (!run || msg.id !== run.id) return; // a cancelled run's late steps
    this.#armStall();
    if (msg.type === 'step' || msg.type === 'sweep-point') {
      try {
        run.onData(msg);
      } catch (error) {
        this.#stop(run);
        run.settle({
          status: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    } else if (msg.type === 'done') {
      this.#end();
      run.settle({ status: 'done' });
    } else if (msg.type === 'error') {
      this.#end();
      run.settle({ status: 'error', message: msg.message });
    }
  }

  /** Ends the run in flight as an error. */
  #fail(message: string): void {
    const run = this.#run;
    this.#end();
    run?.settle({ status: 'error', message });
  }

  #end(): void {
    this.#run = null;
    clearTimeout(this.#stall);
    this.#stall = 0;
  }

  /**
   * Notes that the worker was heard from. One timer watches for silence and re-arms itself for
   * the time left when it fires early: a run streams hundreds of messages, and clearing and
   * setting a timer for each cost more main-thread time than the message itself.
   */
  #armStall(): void {
    this.#heardAt = Date.now();
    if (!this.#stall) this.#watchStall(this.#stallMs);
  }

  #watchStall(delay: number): void {
    this.#stall = setTimeout(() => {
      this.#stall = 0;
      const quiet = Date.now() - this.#heardAt;
      if (quiet < this.#stallMs) return this.#watchStall(this.#stallMs - quiet);
      this.#dropWorker();
      this.#fail(`No reply from the worker for ${Math.round(this.#stallMs / 1000)} s.`);
    }, delay) as unknown as number;
  }

  #dropWorker(): void {
    const worker = this.#worker;
    this.#worker = null;
    if (!worker) return;
    worker.onmessage = null;
    worker.onerror = null;
    worker.onmessageerror = null;
    worker.terminate();
  }
}
