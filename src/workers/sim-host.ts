/**
 * The worker's logic, free of worker globals so it runs (and is tested) in Node: one job at a
 * time, a new job cancels the one in flight, and the event loop gets a turn at every step so a
 * `cancel` (or a newer job) is seen before another step is sent.
 *
 * Jobs share the reader's processor, so none runs flat out for longer than it must. A run the
 * reader watches streams no faster than its `paceMs` asks (the page shows a step a frame at
 * most; a worker computes one in about 6 ms here, and three panels racing through their steps
 * kept two cores busy while the page tried to draw them). A job nobody watches (a run asked
 * for `finalOnly`, a sweep) rests between steps as long as each step took, so it takes half a
 * core at most.
 */
import { coverage, precision } from '../sim/metrics.ts';
import {
  DEFAULT_SCHEDULE,
  sampleSteps,
  validateRunParams,
  type SamplerKind,
} from '../sim/sampler.ts';
import { getTarget } from '../sim/targets.ts';
import { DEFAULT_GUIDANCE } from '../sim/guidance.ts';
import type { SimResponse, StepResponse, SweepParams } from './protocol.ts';

/** Particles per run of a sweep unless asked otherwise: enough for a stable precision, fast enough for a whole sweep. */
export const SWEEP_PARTICLES = 300;
/** The largest step count a sweep goes up to. */
const SWEEP_MAX_STEPS = 1000;
/** The samplers a sweep compares, in the order their points arrive. */
const SWEEP_SAMPLERS: readonly SamplerKind[] = ['ddim', 'ddpm'];

/** A job nobody watches rests this many times as long as each of its steps took. */
export const BACKGROUND_REST = 1;
/** The longest pace a run may ask for, ms. */
const MAX_PACE_MS = 1000;

/** Sends one response, with the buffers to transfer. */
export type Post = (msg: SimResponse, transfer: ArrayBuffer[]) => void;

/** The message handler of the simulation worker. */
export interface SimHost {
  /** Handles one incoming message (validated here: anything malformed gets an error response). */
  handle(msg: unknown): void;
}

/** The host's sense of time: a turn of the event loop, the time, and a pause. */
export interface HostClock {
  /** A macrotask turn: messages that came meanwhile are handled before it resolves. */
  turn(): Promise<void>;
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Resolves after about `ms` milliseconds (messages are handled meanwhile). */
  sleep(ms: number): Promise<void>;
}

/** A macrotask turn without setTimeout's 4 ms clamp: a message through a fresh MessageChannel. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const REAL_CLOCK: HostClock = {
  turn: nextTurn,
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * What a job's generator yields at each step: the earliest time (HostClock.now) it may go on.
 * Anything not later than now means at once, after a turn of the event loop.
 */
type NotBefore = number;

function checkPace(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value <= MAX_PACE_MS)) {
    throw new RangeError(`paceMs must be a number in 0…${MAX_PACE_MS}, got ${String(value)}`);
  }
  return value;
}

function idOf(msg: unknown): number | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const id = (msg as Record<string, unknown>)['id'];
  return typeof id === 'number' && Number.isFinite(id) ? id : null;
}

function buffersOf(...arrays: (Float32Array | undefined)[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays)
    if (a !== undefined && a.buffer instanceof ArrayBuffer) out.push(a.buffer);
  return out;
}

/**
 * The step counts a sweep visits up to `maxSteps`: every count to 10, then ten per decade spaced
 * evenly on the log axis the chart uses, plus 60 (the article's count). For 100 that is 21 counts
 * and about 1,100 sampler steps for both samplers, instead of 10,100 for every count.
 */
export function sweepStepCounts(maxSteps: number): number[] {
  const counts = new Set<number>();
  for (let n = 1; n <= Math.min(10, maxSteps); n++) counts.add(n);
  for (let k = 1; 10 * 10 ** (k / 10) <= maxSteps + 0.5; k++) {
    counts.add(Math.round(10 * 10 ** (k / 10)));
  }
  if (maxSteps >= 60) counts.add(60);
  counts.add(maxSteps);
  return [...counts].sort((a, b) => a - b);
}

function checkSweep(p: unknown): Required<SweepParams> {
  const raw = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
  const maxSteps = raw['maxSteps'] ?? 100;
  if (
    typeof maxSteps !== 'number' ||
    !Number.isInteger(maxSteps) ||
    maxSteps < 1 ||
    maxSteps > SWEEP_MAX_STEPS
  ) {
    throw new RangeError(
      `maxSteps must be an integer in 1…${SWEEP_MAX_STEPS}, got ${String(maxSteps)}`,
    );
  }
  // The run validator checks (and names) every shared field.
  const run = validateRunParams({
    seed: raw['seed'],
    prompt: raw['prompt'],
    steps: 1,
    guidance: raw['guidance'] ?? DEFAULT_GUIDANCE,
    particles: raw['particles'] ?? SWEEP_PARTICLES,
    schedule: raw['schedule'] ?? DEFAULT_SCHEDULE,
  });
  return {
    seed: run.seed,
    prompt: run.prompt,
    guidance: run.guidance,
    particles: run.particles,
    schedule: run.schedule,
    maxSteps,
  };
}

/** Creates the host; `post` sends a response (the worker passes its postMessage). */
export function createSimHost(post: Post, clock: HostClock = REAL_CLOCK): SimHost {
  let current: number | null = null; // id of the job in flight
  let generation = 0; // bumped by every new job and cancel; a job stops when it changes

  /**
   * Steps a job one step per event-loop turn (later if it asks) until it ends or another job or
   * cancel supersedes it.
   */
  async function runJob(id: number, token: number, job: Generator<NotBefore>): Promise<void> {
    const alive = (): boolean => token === generation;
    try {
      for (let next = job.next(); alive() && !next.done; next = job.next()) {
        const wait = next.value - clock.now();
        await (wait > 0 ? clock.sleep(wait) : clock.turn());
        if (!alive()) return;
      }
      if (alive()) post({ type: 'done', id }, []);
    } catch (error) {
      if (alive()) {
        post(
          { type: 'error', id, message: error instanceof Error ? error.message : String(error) },
          [],
        );
      }
    } finally {
      if (alive()) current = null;
    }
  }

  /** When a job nobody watches may take its next step, having begun this one at `started`. */
  function afterRest(started: number): NotBefore {
    const now = clock.now();
    return now + (now - started) * BACKGROUND_REST;
  }

  function* run(
    id: number,
    params: unknown,
    finalOnly: boolean,
    pace: unknown,
  ): Generator<NotBefore> {
    const p = validateRunParams(params);
    const paceMs = checkPace(pace);
    const target = getTarget(p.prompt).points;
    let started = clock.now();
    let lastPost = -Infinity;
    for (const frame of sampleSteps(p)) {
      if (finalOnly && frame.index < p.steps) {
        yield afterRest(started); // still cancellable between steps
        started = clock.now();
        continue;
      }
      const step: StepResponse = {
        type: 'step',
        id,
        steps: p.steps,
        ...frame,
        precision: precision(frame.positions, target),
        coverage: coverage(frame.positions, target),
      };
      // Computed ahead, the step is held until it is due: a pace after the last one was sent.
      // (A cancel seen meanwhile ends the job here, and the step is never sent.)
      yield lastPost + paceMs;
      post(
        step,
        buffersOf(frame.positions, frame.x0, frame.epsCond, frame.epsUncond, frame.epsGuided),
      );
      lastPost = clock.now();
      started = lastPost;
    }
  }

  function* sweep(id: number, params: unknown): Generator<NotBefore> {
    const p = checkSweep(params);
    const target = getTarget(p.prompt).points;
    let started = clock.now();
    for (const steps of sweepStepCounts(p.maxSteps)) {
      for (const sampler of SWEEP_SAMPLERS) {
        const { seed, prompt, guidance, particles, schedule } = p;
        let last: Float32Array | null = null;
        for (const frame of sampleSteps({
          seed,
          prompt,
          steps,
          sampler,
          guidance,
          particles,
          schedule,
        })) {
          last = frame.positions;
          yield afterRest(started); // a long run stays cancellable between its steps
          started = clock.now();
        }
        if (last === null) continue;
        post(
          {
            type: 'sweep-point',
            id,
            sampler,
            steps,
            precision: precision(last, target),
            coverage: coverage(last, target),
          },
          [],
        );
      }
    }
  }

  return {
    handle(msg) {
      const id = idOf(msg);
      const type =
        typeof msg === 'object' && msg !== null
          ? (msg as Record<string, unknown>)['type']
          : undefined;
      if (id === null) {
        post({ type: 'error', id: null, message: 'id must be a finite number' }, []);
        return;
      }
      if (type === 'cancel') {
        if (current === id) {
          generation++;
          current = null;
        }
        return;
      }
      if (type !== 'run' && type !== 'sweep') {
        post(
          { type: 'error', id, message: `type must be run, sweep or cancel, got ${String(type)}` },
          [],
        );
        return;
      }
      generation++; // cancels the job in flight, if any
      current = id;
      const token = generation;
      const params = (msg as Record<string, unknown>)['params'];
      const finalOnly = (msg as Record<string, unknown>)['finalOnly'] === true;
      const pace = (msg as Record<string, unknown>)['paceMs'];
      const job = type === 'run' ? run(id, params, finalOnly, pace) : sweep(id, params);
      void runJob(id, token, job);
    },
  };
}
