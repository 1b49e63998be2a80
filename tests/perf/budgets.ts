/**
 * The budgets of DESIGN.md ("Budgets") as data, and the verdict of a measured figure against its
 * budget. A figure whose budget is null is reported only (time to first particles, frame pacing).
 */
import { spread, type Spread } from './stats.ts';

/** What a figure counts, which decides how it is printed. */
export type Unit = 'score' | 'ms' | 'bytes' | 'count' | 'shift';

/** A limit a figure's median must meet. */
export interface Limit {
  comparison: 'atLeast' | 'atMost';
  value: number;
}

/** 1 KB in the budgets is 1,024 bytes (as DevTools and Lighthouse count). */
export const KB = 1024;

/** DESIGN.md's numbers, in the units of the figures. */
export const LIMITS = {
  /** Lighthouse category scores, 0–100. */
  performance: { comparison: 'atLeast', value: 95 },
  accessibility: { comparison: 'atLeast', value: 100 },
  bestPractices: { comparison: 'atLeast', value: 100 },
  seo: { comparison: 'atLeast', value: 100 },
  /** Largest Contentful Paint and Total Blocking Time, ms (Lighthouse's simulated mobile). */
  lcp: { comparison: 'atMost', value: 1500 },
  tbt: { comparison: 'atMost', value: 100 },
  /** Cumulative Layout Shift, unitless. */
  cls: { comparison: 'atMost', value: 0.01 },
  /** JavaScript fetched before the first interactive nears the viewport, gzip -9. */
  entryJs: { comparison: 'atMost', value: 20 * KB },
  /** Every .js file of the build, gzip -9. */
  allJs: { comparison: 'atMost', value: 200 * KB },
  /** Bytes transferred by the first load of the article, before any scrolling. */
  articleLoad: { comparison: 'atMost', value: 400 * KB },
  /** Bytes transferred by the first load of one embed page. */
  embedLoad: { comparison: 'atMost', value: 220 * KB },
  /** Main-thread tasks over 50 ms while a reader scrolls and plays, at 4× CPU throttling. */
  longTasks: { comparison: 'atMost', value: 0 },
} as const satisfies Record<string, Limit>;

/** How a figure came out: measured, skipped because the thing is not there, or failed. */
export type Outcome = { spread: Spread } | { skipped: string } | { error: string };

/** One row of the table. */
export interface Figure {
  /** What is measured, where; also how a miss is named. */
  name: string;
  unit: Unit;
  limit: Limit | null;
  outcome: Outcome;
  /** Details printed under the table (failing audits, where long tasks happened). */
  notes?: string[];
}

/** ok, MISS, n/a (nothing to measure yet) or "info" (no budget). */
export type Verdict = 'ok' | 'MISS' | 'n/a' | 'info';

/** A figure measured one or more times. */
export function measured(
  name: string,
  unit: Unit,
  values: readonly number[],
  limit: Limit | null,
  notes: string[] = [],
): Figure {
  return { name, unit, limit, outcome: { spread: spread(values) }, notes };
}

/** A figure with nothing to measure yet (say, an episode whose interactive is not built). */
export function skipped(name: string, unit: Unit, reason: string, limit: Limit | null): Figure {
  return { name, unit, limit, outcome: { skipped: reason } };
}

/** A figure that could not be measured: the page failed, or the measurement did. */
export function failed(name: string, unit: Unit, error: unknown, limit: Limit | null): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return { name, unit, limit, outcome: { error: message.split('\n')[0] ?? message } };
}

/** Whether a value meets a limit. */
export function meets(value: number, limit: Limit): boolean {
  return limit.comparison === 'atLeast' ? value >= limit.value : value <= limit.value;
}

/** The verdict on a figure's median. A figure that failed to measure is a miss. */
export function verdict(figure: Figure): Verdict {
  const { outcome, limit } = figure;
  if ('error' in outcome) return 'MISS';
  if ('skipped' in outcome) return 'n/a';
  if (!limit) return 'info';
  return meets(outcome.spread.median, limit) ? 'ok' : 'MISS';
}

/** The names of every figure that missed its budget, in table order. */
export function missedBudgets(figures: readonly Figure[]): string[] {
  return figures.filter((f) => verdict(f) === 'MISS').map((f) => f.name);
}

/**
 * Whether a miss of `figure`, from `stage`, is only reported (PERF_REPORT_ONLY). Each rule names
 * a stage ("main-thread": all its figures) or some of a stage's figures by how their names
 * begin ("main-thread:scroll": both scroll phases).
 */
export function isReportOnly(stage: string, figure: string, rules: readonly string[]): boolean {
  return rules.some((rule) => {
    const colon = rule.indexOf(':');
    if (colon < 0) return rule === stage;
    return rule.slice(0, colon) === stage && figure.startsWith(rule.slice(colon + 1));
  });
}

/**
 * How far the median is inside its budget, as a share of the limit (negative when over it);
 * null when there is no budget, no median, or a limit (0, a perfect score) it cannot be inside.
 */
export function headroom(figure: Figure): number | null {
  const { outcome, limit, unit } = figure;
  if (!limit || !('spread' in outcome) || limit.value === 0) return null;
  if (unit === 'score' && limit.value === 100) return null;
  const { median } = outcome.spread;
  const diff = limit.comparison === 'atMost' ? limit.value - median : median - limit.value;
  return diff / limit.value;
}
