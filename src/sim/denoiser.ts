/**
 * The exact Bayes denoiser of the article's data distribution (DESIGN.md, "The math").
 *
 * Each target point y_k carries an isotropic Gaussian N(y_k, σ₀²I). Under the forward process
 * x_t = √ᾱ·x₀ + √(1 − ᾱ)·ε the component's x_t is N(√ᾱ·y_k, v·I) with v = ᾱσ₀² + 1 − ᾱ, so
 *   w_k ∝ π_k · exp(−|x_t − √ᾱ·y_k|² / 2v),
 *   E[x₀ | x_t] = Σ w_k (y_k + (√ᾱσ₀²/v)(x_t − √ᾱ·y_k)) = ((1 − ᾱ)/v)·ȳ + (√ᾱσ₀²/v)·x_t,
 * with ȳ = Σ w_k y_k (Bayes' rule per component; the same as Tweedie's formula, Efron 2011). The
 * unconditional model weighs every prompt equally, π_k = 1/(C·N_c); the conditional one is
 * λ·(the prompt's shape) + (1 − λ)·(the unconditional mixture).
 *
 * Speed. Points lie on a lattice of step Δ (targets.ts), and the Gaussian factorises by axis:
 * exp(−|d|²/2v) = exp(−d_x²/2v)·exp(−d_y²/2v). Per particle, the two 1-D factors are tabulated
 * over the lattice by a recurrence (two exps per axis, then multiplies), so each
 * particle–component weight costs one multiply and is shared by the conditional and unconditional
 * sums. Components that sit on one lattice cell are merged. Rows are visited outward from the
 * particle and the walk stops once a row's factor bounds every remaining weight below CUTOFF of the
 * sum so far, which skips most components at low noise. Each factor is taken relative to its own
 * peak (the log-sum-exp shift); a particle whose sums would still underflow is redone exactly with
 * the shift at its nearest component.
 */
import { alphaBarAt, type Schedule } from './schedule.ts';
import { LATTICE_STEP, PROMPT_IDS, getTarget, type PromptId } from './targets.ts';

/** σ₀: the blur of each target point; wide enough for a continuous stroke, narrow enough to stay crisp. */
export const SIGMA0 = 0.025;
/** λ: how much a prompt tilts the model towards its shape (DESIGN.md: "around 0.35"). */
export const PROMPT_WEIGHT = 0.35;
/** Relative weight below which the walk over lattice rows stops (bounds the error of x̂₀ near 1e-12). */
const CUTOFF = 1e-12;
/** Factors below this are treated as zero; keeps products clear of slow subnormal numbers. */
const FLOOR = 1e-100;
/** Lattice levels per axis: −1, −1 + Δ, …, 1. */
const LEVELS = Math.round(2 / LATTICE_STEP) + 1;

/** The mixture a denoiser is built for. */
export interface MixtureOptions {
  /** The point sets (xy interleaved) of every prompt: together they form the unconditional model. */
  targets: readonly Float32Array[];
  /** Index in `targets` of the prompt the conditional model is tilted towards. */
  prompt: number;
  schedule: Schedule;
  /** σ₀, default SIGMA0. */
  sigma0?: number;
  /** λ, default PROMPT_WEIGHT. */
  promptWeight?: number;
}

/** A denoiser: the conditional and unconditional posterior means for a batch of particles. */
export interface Denoiser {
  /** Writes E[x₀ | x_t] of the conditional and unconditional models for each particle (xy interleaved), 1 ≤ t ≤ T. */
  predict(
    xt: Float32Array | Float64Array,
    t: number,
    x0Cond: Float64Array,
    x0Uncond: Float64Array,
  ): void;
}

/** Checks the mixture options and returns σ₀ and λ. */
export function checkMixture(options: MixtureOptions): { sigma0: number; promptWeight: number } {
  const { targets, prompt, sigma0 = SIGMA0, promptWeight = PROMPT_WEIGHT } = options;
  if (targets.length === 0) throw new RangeError('targets must hold at least 1 point set, got 0');
  targets.forEach((points, i) => {
    if (points.length < 2 || points.length % 2 !== 0) {
      throw new RangeError(
        `target ${i} must hold at least 1 point (xy interleaved), got ${points.length} numbers`,
      );
    }
  });
  if (!Number.isInteger(prompt) || prompt < 0 || prompt >= targets.length) {
    throw new RangeError(`prompt must be an index in 0…${targets.length - 1}, got ${prompt}`);
  }
  if (!(sigma0 > 0 && sigma0 < 1)) throw new RangeError(`sigma0 must be in (0, 1), got ${sigma0}`);
  if (!(promptWeight >= 0 && promptWeight <= 1)) {
    throw new RangeError(`promptWeight must be in 0…1, got ${promptWeight}`);
  }
  return { sigma0, promptWeight };
}

/** The lattice level of a coordinate, or −1 when it is not on the lattice. */
function levelOf(value: number): number {
  const level = Math.round((value + 1) / LATTICE_STEP);
  return level >= 0 && level < LEVELS && Math.abs(-1 + level * LATTICE_STEP - value) < 1e-9
    ? level
    : -1;
}

/** Components merged per lattice cell, grouped by row (compressed sparse rows). */
interface CellTable {
  /** Cells of row r are rowStart[r] … rowStart[r + 1] − 1. */
  rowStart: Int32Array;
  row: Int32Array;
  col: Int32Array;
  /** The cell's summed mixture weight. */
  weight: Float64Array;
  /** weight × the cell's y coordinate. */
  weightY: Float64Array;
}

/** Merges weighted lattice points into a cell table. */
function cellTable(cells: Map<number, number>): CellTable {
  const keys = [...cells.keys()].sort((a, b) => a - b);
  const table: CellTable = {
    rowStart: new Int32Array(LEVELS + 1),
    row: new Int32Array(keys.length),
    col: new Int32Array(keys.length),
    weight: new Float64Array(keys.length),
    weightY: new Float64Array(keys.length),
  };
  keys.forEach((key, c) => {
    const row = Math.floor(key / LEVELS);
    const col = key % LEVELS;
    const w = cells.get(key) ?? 0;
    table.row[c] = row;
    table.col[c] = col;
    table.weight[c] = w;
    table.weightY[c] = w * (-1 + col * LATTICE_STEP);
    table.rowStart[row + 1] = c + 1;
  });
  for (let r = 1; r <= LEVELS; r++) {
    table.rowStart[r] = Math.max(table.rowStart[r] ?? 0, table.rowStart[r - 1] ?? 0);
  }
  return table;
}

/**
 * The fast exact denoiser described above; targets must lie on the lattice (targets.ts snaps
 * them). The prompt's components and the others are kept in separate tables: the prompt's
 * unconditional weight 1/(C·N_c) is its conditional-only weight 1/N_c over C, so with
 * S_rest and S_prompt the unconditional sum is S_rest + S_prompt/C and the conditional one
 * (1 − λ)(S_rest + S_prompt/C) + λ·S_prompt; each component is touched once.
 */
export function createDenoiser(options: MixtureOptions): Denoiser {
  const { sigma0, promptWeight: lambda } = checkMixture(options);
  const { targets, prompt, schedule } = options;
  const groups = targets.length;

  const promptCells = new Map<number, number>();
  const restCells = new Map<number, number>();
  targets.forEach((points, group) => {
    const n = points.length / 2;
    const cells = group === prompt ? promptCells : restCells;
    const w = group === prompt ? 1 / n : 1 / (groups * n);
    for (let k = 0; k < n; k++) {
      const x = points[2 * k] ?? NaN;
      const y = points[2 * k + 1] ?? NaN;
      const row = levelOf(x);
      const col = levelOf(y);
      if (row < 0 || col < 0) {
        throw new RangeError(
          `target ${group} point ${k} (${x}, ${y}) must lie on the ${LATTICE_STEP} lattice in [-1, 1]²`,
        );
      }
      const key = row * LEVELS + col;
      cells.set(key, (cells.get(key) ?? 0) + w);
    }
  });
  const rest = cellTable(restCells);
  const own = cellTable(promptCells);

  const level = new Float64Array(LEVELS);
  for (let j = 0; j < LEVELS; j++) level[j] = -1 + j * LATTICE_STEP;
  const colFactor = new Float64Array(LEVELS); // exp(−(y − √ᾱ·g_j)²/2v) relative to its peak
  const sums = new Float64Array(6); // rest: S, Sx, Sy; prompt: S, Sx, Sy

  /** Exact fallback for one particle: log-sum-exp shifted at its nearest component. */
  function exactSums(x: number, y: number, a: number, inv2v: number): void {
    let best = Infinity;
    for (const table of [rest, own]) {
      for (let c = 0; c < table.weight.length; c++) {
        const dx = x - a * (level[table.row[c] ?? 0] ?? 0);
        const dy = y - a * (level[table.col[c] ?? 0] ?? 0);
        best = Math.min(best, dx * dx + dy * dy);
      }
    }
    sums.fill(0);
    [rest, own].forEach((table, offset) => {
      for (let c = 0; c < table.weight.length; c++) {
        const gx = level[table.row[c] ?? 0] ?? 0;
        const dx = x - a * gx;
        const dy = y - a * (level[table.col[c] ?? 0] ?? 0);
        const e = Math.exp(-(dx * dx + dy * dy - best) * inv2v);
        const w = (table.weight[c] ?? 0) * e;
        sums[3 * offset] = (sums[3 * offset] ?? 0) + w;
        sums[3 * offset + 1] = (sums[3 * offset + 1] ?? 0) + w * gx;
        sums[3 * offset + 2] = (sums[3 * offset + 2] ?? 0) + (table.weightY[c] ?? 0) * e;
      }
    });
  }

  return {
    predict(xt, t, x0Cond, x0Uncond) {
      const ab = alphaBarAt(schedule, t);
      if (t < 1) throw new RangeError(`t must be an integer in 1…${schedule.T}, got ${t}`);
      const a = Math.sqrt(ab);
      const v = ab * sigma0 * sigma0 + 1 - ab;
      const inv2v = 1 / (2 * v);
      const keepY = (1 - ab) / v; // weight of ȳ in x̂₀
      const keepX = (a * sigma0 * sigma0) / v; // weight of x_t in x̂₀
      const aStep = a * LATTICE_STEP;
      const stepSq = aStep * aStep;
      const ratioOfRatios = Math.exp(-2 * stepSq * inv2v); // successive factor ratios shrink by this
      const invGroups = 1 / groups;
      const n = xt.length >> 1;
      const lvl = level;
      const colF = colFactor;
      const { rowStart: restStart, col: restCol, weight: restW, weightY: restWY } = rest;
      const { rowStart: ownStart, col: ownCol, weight: ownW, weightY: ownWY } = own;
      let lo = 0;
      let hi = LEVELS - 1;

      for (let i = 0; i < n; i++) {
        const x = xt[2 * i] ?? 0;
        const y = xt[2 * i + 1] ?? 0;

        // Column factors exp(−(y − a·g_j)²/2v)/peak, outward from the nearest level.
        const pc = Math.min(LEVELS - 1, Math.max(0, Math.round((y / a + 1) / LATTICE_STEP)));
        const uc = a * (lvl[pc] ?? 0) - y;
        colF.fill(0, lo, hi + 1); // clear the previous particle's factors
        lo = pc;
        hi = pc;
        colF[pc] = 1;
        let f = 1;
        let r = Math.exp(-(2 * uc * aStep + stepSq) * inv2v);
        while (hi < LEVELS - 1) {
          f *= r;
          r *= ratioOfRatios;
          if (f < FLOOR) break;
          colF[++hi] = f;
        }
        f = 1;
        r = Math.exp(-(-2 * uc * aStep + stepSq) * inv2v);
        while (lo > 0) {
          f *= r;
          r *= ratioOfRatios;
          if (f < FLOOR) break;
          colF[--lo] = f;
        }

        // Rows outward from the nearest level; a row's factor multiplies its cells' column factors.
        const pr = Math.min(LEVELS - 1, Math.max(0, Math.round((x / a + 1) / LATTICE_STEP)));
        const ur = a * (lvl[pr] ?? 0) - x;
        let sr = 0;
        let srx = 0;
        let sry = 0;
        let sp = 0;
        let spx = 0;
        let spy = 0;
        for (let dir = 1; dir >= -1; dir -= 2) {
          let row = pr;
          f = 1;
          r = Math.exp(-(2 * dir * ur * aStep + stepSq) * inv2v);
          if (dir === -1) {
            row--;
            f = r;
            r *= ratioOfRatios;
          }
          while (row >= 0 && row < LEVELS) {
            // Every remaining cell weighs at most f (weights sum to ≤ 1 per table, column factors ≤ 1).
            const su = sr + sp * invGroups;
            if (f < FLOOR || f < CUTOFF * Math.min(su, (1 - lambda) * su + lambda * sp)) break;
            let rowW = 0;
            let rowWY = 0;
            let end = restStart[row + 1] ?? 0;
            for (let c = restStart[row] ?? 0; c < end; c++) {
              const fc = colF[restCol[c] ?? 0] ?? 0;
              rowW += (restW[c] ?? 0) * fc;
              rowWY += (restWY[c] ?? 0) * fc;
            }
            let ownRowW = 0;
            let ownRowWY = 0;
            end = ownStart[row + 1] ?? 0;
            for (let c = ownStart[row] ?? 0; c < end; c++) {
              const fc = colF[ownCol[c] ?? 0] ?? 0;
              ownRowW += (ownW[c] ?? 0) * fc;
              ownRowWY += (ownWY[c] ?? 0) * fc;
            }
            const fx = f * (lvl[row] ?? 0);
            sr += f * rowW;
            srx += fx * rowW;
            sry += f * rowWY;
            sp += f * ownRowW;
            spx += fx * ownRowW;
            spy += f * ownRowWY;
            row += dir;
            f *= r;
            r *= ratioOfRatios;
          }
        }

        let su = sr + sp * invGroups;
        if (!(Math.min(su, (1 - lambda) * su + lambda * sp) > FLOOR / CUTOFF)) {
          exactSums(x, y, a, inv2v);
          [sr = 0, srx = 0, sry = 0, sp = 0, spx = 0, spy = 0] = sums;
          su = sr + sp * invGroups;
        }
        const sux = srx + spx * invGroups;
        const suy = sry + spy * invGroups;
        const uNorm = keepY / su;
        x0Uncond[2 * i] = sux * uNorm + keepX * x;
        x0Uncond[2 * i + 1] = suy * uNorm + keepX * y;
        const cNorm = keepY / ((1 - lambda) * su + lambda * sp);
        x0Cond[2 * i] = ((1 - lambda) * sux + lambda * spx) * cNorm + keepX * x;
        x0Cond[2 * i + 1] = ((1 - lambda) * suy + lambda * spy) * cNorm + keepX * y;
      }
    },
  };
}

/** The denoiser for one prompt, with every prompt's target in the unconditional mixture. */
export function createPromptDenoiser(
  prompt: PromptId,
  schedule: Schedule,
  options: { sigma0?: number; promptWeight?: number } = {},
): Denoiser {
  return createDenoiser({
    targets: PROMPT_IDS.map((id) => getTarget(id).points),
    prompt: PROMPT_IDS.indexOf(prompt),
    schedule,
    ...options,
  });
}
