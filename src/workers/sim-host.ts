/**
 * The worker's logic, free of worker globals so it runs (and is tested) in Node: one job at a
 * time, a new job cancels the one in flight, and the event loop gets a turn between steps so a
 * `cancel` (or a newer job) is seen before the next step is computed.
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
import type { SimResponse, SweepParams } from './protocol.ts';

/** Particles per run of a sweep unless asked otherwise: enough for a stable precision, fast enough for a whole sweep. */
export const SWEEP_PARTICLES = 300;
/** The largest step count a sweep goes up to. */
const SWEEP_MAX_STEPS = 1000;
/** The samplers a sweep compares, in the order their points arrive. */
const SWEEP_SAMPLERS: readonly SamplerKind[] = ['ddim', 'ddpm'];

/** Sends one response, with the buffers to transfer. */
export type Post = (msg: SimResponse, transfer: ArrayBuffer[]) => void;

/** The message handler of the simulation worker. */
export interface SimHost {
  /** Handles one incoming message (validated here: anything malformed gets an error response). */
  handle(msg: unknown): void;
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
export function createSimHost(post: Post, yieldTurn: () => Promise<void> = nextTurn): SimHost {
  let current: number | null = null; // id of the job in flight
  let generation = 0; // bumped by every new job and cancel; a job stops when it changes

  /** Steps a job one frame per event-loop turn until it ends or another job or cancel supersedes it. */
  async function runJob(id: number, token: number, job: Generator<void>): Promise<void> {
    const alive = (): boolean => token === generation;
    try {
      while (alive() && !job.next().done) await yieldTurn();
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

  function* run(id: number, params: unknown, finalOnly: boolean): Generator<void> {
    const p = validateRunParams(params);
    const target = getTarget(p.prompt).points;
    for (const frame of sampleSteps(p)) {
      if (finalOnly && frame.index < p.steps) {
        yield; // still cancellable between steps
        continue;
      }
      post(
        {
          type: 'step',
          id,
          steps: p.steps,
          ...frame,
          precision: precision(frame.positions, target),
          coverage: coverage(frame.positions, target),
        },
        buffersOf(frame.positions, frame.x0, frame.epsCond, frame.epsUncond, frame.epsGuided),
      );
      yield;
    }
  }

  function* sweep(id: number, params: unknown): Generator<void> {
    const p = checkSweep(params);
    const target = getTarget(p.prompt).points;
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
          yield; // a long run stays cancellable between its steps
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
      void runJob(id, token, type === 'run' ? run(id, params, finalOnly) : sweep(id, params));
    },
  };
}
