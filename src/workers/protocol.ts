/**
 * Messages between the page and the simulation worker. The page sends requests; the worker
 * answers each with a stream of responses carrying the same id. Float32Arrays in responses are
 * transferred, not copied: the receiver owns them.
 */
import type { RunParams, SamplerKind, StepFrame } from '../sim/sampler.ts';
import type { PromptId } from '../sim/targets.ts';
import type { ScheduleKind } from '../sim/schedule.ts';

/** Start a reverse run; its steps stream back as `step` responses, then `done`. */
export interface RunRequest {
  type: 'run';
  id: number;
  params: RunParams;
  /** Send only the last step (a measurement, not a film): one message instead of steps + 1. */
  finalOnly?: boolean;
  /** The least time from one streamed step to the next, ms (0…1000, default 0: flat out). */
  paceMs?: number;
}

/** Stop the job with this id; it sends nothing more. */
export interface CancelRequest {
  type: 'cancel';
  id: number;
}

/** What a sweep measures: the final precision of every step count, for DDIM and DDPM. */
export interface SweepParams {
  seed: number;
  prompt: PromptId;
  /** Default 7.5. */
  guidance?: number;
  /** Default SWEEP_PARTICLES (fewer than a run: a sweep does 2 × 5,050 steps). */
  particles?: number;
  /** Default the sampler's DEFAULT_SCHEDULE. */
  schedule?: ScheduleKind;
  /** The largest step count, default 100 (the counts visited: sweepStepCounts in sim-host.ts). */
  maxSteps?: number;
}

/** Start a sweep; its points stream back as `sweep-point` responses, then `done`. */
export interface SweepRequest {
  type: 'sweep';
  id: number;
  params: SweepParams;
}

/** Anything the page may send. */
export type SimRequest = RunRequest | CancelRequest | SweepRequest;

/** One frame of a run, with its distance to the prompt's target. */
export interface StepResponse extends StepFrame {
  type: 'step';
  id: number;
  /** Steps of the whole run, so the page can show "step 12 / 60". */
  steps: number;
  /** Mean distance from each particle to the target ("avg distance from target"). */
  precision: number;
  /** Mean distance from each target point to the nearest particle. */
  coverage: number;
}

/** One point of a sweep: the final cloud of a `steps`-step run with `sampler`. */
export interface SweepPointResponse {
  type: 'sweep-point';
  id: number;
  sampler: SamplerKind;
  steps: number;
  precision: number;
  coverage: number;
}

/** The job finished; nothing more comes for this id. */
export interface DoneResponse {
  type: 'done';
  id: number;
}

/** The request could not be served; `id` is null when the message had none. */
export interface ErrorResponse {
  type: 'error';
  id: number | null;
  message: string;
}

/** Anything the worker may send. */
export type SimResponse = StepResponse | SweepPointResponse | DoneResponse | ErrorResponse;
