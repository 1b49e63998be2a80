/**
 * The reverse process: from seeded noise at t = T to a point cloud at t = 0, with the exact
 * denoiser, classifier-free guidance and one of two samplers, one frame per step.
 */
import { createPromptDenoiser, type Denoiser } from './denoiser.ts';
import { DEFAULT_GUIDANCE, applyGuidance, dynamicThreshold } from './guidance.ts';
import { createRng, fillGaussian } from './random.ts';
import { T_MAX, alphaBarAt, makeSchedule, timesteps, type ScheduleKind } from './schedule.ts';
import { PROMPT_IDS, isPromptId, type PromptId } from './targets.ts';

/** DDIM with η = 0 (deterministic) or DDPM ancestral sampling (fresh noise each step). */
export type SamplerKind = 'ddim' | 'ddpm';

/** The particles of a run unless asked otherwise (enough for a shape to read at phone size). */
export const DEFAULT_PARTICLES = 1200;
/** The most particles a run accepts (keeps a worker step well under a frame budget's order). */
export const MAX_PARTICLES = 10000;
/**
 * The schedule a run samples with unless asked otherwise. Cosine, not DESIGN.md's linear default:
 * with 60 trailing steps the linear schedule's last step jumps to t = 0 from √(1 − ᾱ₁₇) = 0.066,
 * where the guided x̂₀ at s = 7.5 still extrapolates across neighbouring shapes (seed 7: precision
 * 0.025–0.049 by prompt); cosine's last step starts at 0.037 and every prompt lands within 0.028
 * (Nichol & Dhariwal 2021, §3.2: linear wastes its last steps at almost no noise).
 */
export const DEFAULT_SCHEDULE: ScheduleKind = 'cosine';
/** The largest seed: seeds are 32-bit unsigned integers. */
export const MAX_SEED = 0xffffffff;

/** What a reverse run needs; optional fields have the defaults of validateRunParams. */
export interface RunParams {
  seed: number;
  prompt: PromptId;
  steps: number;
  /** Default 'ddim'. */
  sampler?: SamplerKind;
  /** Guidance scale s, default 7.5. */
  guidance?: number;
  /** Default 1200. */
  particles?: number;
  /** Default DEFAULT_SCHEDULE ('cosine'). */
  schedule?: ScheduleKind;
  /** Dynamic thresholding of x̂₀, default false. */
  threshold?: boolean;
  /** Also return ε_c, ε_u and ε̃ for each frame, default false. */
  directions?: boolean;
}

/** One frame of a run: the particles after `index` steps, at timestep t. */
export interface StepFrame {
  /** Steps taken so far: 0 (pure noise) … steps (finished). */
  index: number;
  t: number;
  /** Particle positions x_t, xy interleaved. */
  positions: Float32Array;
  /** The guided (and, if asked, thresholded) guess x̂₀ from these positions; the positions themselves at t = 0. */
  x0: Float32Array;
  /** Conditional noise prediction ε_c at these positions (with `directions`; zero at t = 0). */
  epsCond?: Float32Array;
  /** Unconditional noise prediction ε_u (with `directions`; zero at t = 0). */
  epsUncond?: Float32Array;
  /** The guided noise ε̃ the sampler follows (with `directions`; zero at t = 0). */
  epsGuided?: Float32Array;
}

function fail(name: string, range: string, got: unknown): never {
  const shown = typeof got === 'string' ? JSON.stringify(got) : String(got);
  throw new RangeError(`${name} must be ${range}, got ${shown}`);
}

function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(name, `an integer in ${min}…${max}`, value);
  }
  return value;
}

function flag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(name, 'true or false', value);
  return value;
}

/** Checks run parameters and fills in defaults; throws a RangeError naming the bad parameter and its range. */
export function validateRunParams(p: unknown): Required<RunParams> {
  if (typeof p !== 'object' || p === null) fail('params', 'an object', p);
  const raw = p as Record<string, unknown>;
  const prompt = raw['prompt'];
  if (!isPromptId(prompt)) fail('prompt', `one of ${PROMPT_IDS.join(', ')}`, prompt);
  const sampler = raw['sampler'] ?? 'ddim';
  if (sampler !== 'ddim' && sampler !== 'ddpm') fail('sampler', 'ddim or ddpm', sampler);
  const schedule = raw['schedule'] ?? DEFAULT_SCHEDULE;
  if (schedule !== 'linear' && schedule !== 'cosine')
    fail('schedule', 'linear or cosine', schedule);
  const guidance = raw['guidance'] ?? DEFAULT_GUIDANCE;
  if (typeof guidance !== 'number' || !Number.isFinite(guidance) || guidance < 0) {
    fail('guidance', 'a finite number ≥ 0', guidance);
  }
  return {
    seed: integerIn('seed', raw['seed'], 0, MAX_SEED),
    prompt,
    steps: integerIn('steps', raw['steps'], 1, T_MAX),
    sampler,
    guidance,
    particles: integerIn('particles', raw['particles'] ?? DEFAULT_PARTICLES, 1, MAX_PARTICLES),
    schedule,
    threshold: flag('threshold', raw['threshold']),
    directions: flag('directions', raw['directions']),
  };
}

/** The seed's starting noise x_T ~ N(0, I): the same for every prompt, step count and sampler. */
export function initialNoise(seed: number, particles: number): Float32Array {
  return fillGaussian(createRng(seed, 'init'), new Float32Array(2 * particles));
}

/**
 * Runs the reverse process lazily, one denoiser call per next(): frame 0 is the initial noise at
 * t = T, frame k the particles after k steps over the trailing timesteps of `timesteps(steps)`.
 * With x̂₀ the guided prediction at t and t′ the next timestep:
 * - DDIM, η = 0 (Song et al. 2021, eq. 12): x_t′ = √ᾱ_t′·x̂₀ + √(1 − ᾱ_t′)·ε̃.
 * - DDPM ancestral (Ho et al. 2020, eqs. 6–7, over the skipped interval with β = 1 − ᾱ_t/ᾱ_t′):
 *   x_t′ = (√ᾱ_t′·β/(1 − ᾱ_t))·x̂₀ + (√(1 − β)·(1 − ᾱ_t′)/(1 − ᾱ_t))·x_t + σ·z,
 *   σ² = β·(1 − ᾱ_t′)/(1 − ᾱ_t).
 * Both land on x̂₀ exactly at t′ = 0, adding no noise. `denoiser` replaces the built-in one (the
 * benchmark passes the reference); it must be made for the same prompt and schedule.
 */
export function* sampleSteps(params: RunParams, denoiser?: Denoiser): Generator<StepFrame> {
  const p = validateRunParams(params);
  const schedule = makeSchedule(p.schedule);
  const model = denoiser ?? createPromptDenoiser(p.prompt, schedule);
  const ts = timesteps(p.steps, schedule.T);
  const n = 2 * p.particles;
  const x = Float64Array.from(initialNoise(p.seed, p.particles));
  const x0Cond = new Float64Array(n);
  const x0Uncond = new Float64Array(n);
  const x0 = new Float64Array(n);
  const noise = new Float64Array(n);
  const rng = createRng(p.seed, 'ddpm');

  for (let k = 0; k <= p.steps; k++) {
    const t = ts[k] ?? 0;
    const ab = alphaBarAt(schedule, t);
    const a = Math.sqrt(ab);
    const b = Math.sqrt(1 - ab);
    if (t > 0) {
      model.predict(x, t, x0Cond, x0Uncond);
      applyGuidance(x0Uncond, x0Cond, p.guidance, x0);
      if (p.threshold) dynamicThreshold(x0);
    } else {
      x0.set(x);
    }

    const frame: StepFrame = {
      index: k,
      t,
      positions: Float32Array.from(x),
      x0: Float32Array.from(x0),
    };
    if (p.directions) {
      // ε = (x_t − √ᾱ·x̂₀)/√(1 − ᾱ) for each prediction; nothing is left to remove at t = 0.
      const eps = (pred: Float64Array): Float32Array =>
        t > 0 ? Float32Array.from(pred, (v, i) => ((x[i] ?? 0) - a * v) / b) : new Float32Array(n);
      frame.epsCond = eps(x0Cond);
      frame.epsUncond = eps(x0Uncond);
      frame.epsGuided = eps(x0);
    }
    yield frame;
    if (k === p.steps) return;

    const tNext = ts[k + 1] ?? 0;
    const abNext = alphaBarAt(schedule, tNext);
    if (p.sampler === 'ddim') {
      const aNext = Math.sqrt(abNext);
      const epsGain = Math.sqrt(1 - abNext) / b;
      for (let i = 0; i < n; i++) {
        const guess = x0[i] ?? 0;
        x[i] = aNext * guess + epsGain * ((x[i] ?? 0) - a * guess);
      }
    } else {
      const betaStep = 1 - ab / abNext;
      const gainX0 = (Math.sqrt(abNext) * betaStep) / (1 - ab);
      const gainXt = (Math.sqrt(1 - betaStep) * (1 - abNext)) / (1 - ab);
      const sigma = tNext > 0 ? Math.sqrt((betaStep * (1 - abNext)) / (1 - ab)) : 0;
      if (sigma > 0) fillGaussian(rng, noise);
      for (let i = 0; i < n; i++) {
        x[i] =
          gainX0 * (x0[i] ?? 0) + gainXt * (x[i] ?? 0) + (sigma > 0 ? sigma * (noise[i] ?? 0) : 0);
      }
    }
  }
}

/** Every frame of a run, eagerly. */
export function sample(params: RunParams, denoiser?: Denoiser): StepFrame[] {
  return [...sampleSteps(params, denoiser)];
}
