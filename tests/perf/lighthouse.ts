/**
 * Lighthouse on the built site: the default (mobile) config, which simulates a mid-range phone
 * on a slow 4G link, in the system Chromium. Each page is run several times in one browser and
 * every figure is the median; what made a category lose points goes into the notes.
 */
import lighthouse, { type Result } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { CHROME_PATH, QUIET_FLAGS } from './browser.ts';
import { LIMITS, failed, measured, type Figure, type Limit } from './budgets.ts';

/** The categories with budgets, by Lighthouse id, with their limits and names. */
const CATEGORIES = [
  ['performance', 'performance', LIMITS.performance],
  ['accessibility', 'accessibility', LIMITS.accessibility],
  ['best-practices', 'best practices', LIMITS.bestPractices],
  ['seo', 'SEO', LIMITS.seo],
] as const satisfies readonly (readonly [string, string, Limit])[];

/** What one run contributes to the table. */
export interface LighthouseRun {
  /** Category scores, 0–100. */
  scores: Record<string, number>;
  lcp: number;
  tbt: number;
  cls: number;
  /** Per category id: titles of the audits that cost it points. */
  failing: Record<string, string[]>;
  /** The LCP element, the main-thread tasks behind TBT, the elements that shifted. */
  lcpElement: string[];
  longTasks: string[];
  shifts: string[];
}

/** Most lines a note list prints per figure. */
const MAX_NOTES = 8;

/** The elements an audit's details name (their label or a short snippet). */
function nodesIn(details: unknown, out: string[] = []): string[] {
  if (Array.isArray(details)) {
    for (const item of details) nodesIn(item, out);
  } else if (details && typeof details === 'object') {
    const record = details as Record<string, unknown>;
    if (record['type'] === 'node') {
      const label = String(record['nodeLabel'] ?? record['snippet'] ?? '').replace(/\s+/g, ' ');
      out.push(label.length > 80 ? `${label.slice(0, 77)}…` : label);
    } else {
      for (const value of Object.values(record)) nodesIn(value, out);
    }
  }
  return out;
}

/** Titles (and values) of the audits that cost a category points in one report. */
function failingAudits(lhr: Result, category: string): string[] {
  const refs = lhr.categories[category]?.auditRefs ?? [];
  const out: string[] = [];
  for (const ref of refs) {
    const audit = lhr.audits[ref.id];
    if (!audit || audit.score === null) continue;
    if (['informative', 'manual', 'notApplicable'].includes(audit.scoreDisplayMode)) continue;
    // Performance: weighted metrics below "good", and diagnostics rated poor; elsewhere any fail.
    const threshold = category === 'performance' ? (ref.weight > 0 ? 0.9 : 0.5) : 1;
    if (audit.score >= threshold) continue;
    out.push(audit.displayValue ? `${audit.title}: ${audit.displayValue}` : audit.title);
  }
  return out;
}

/** The figures of one report. */
function summarise(lhr: Result): LighthouseRun {
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
  const numeric = (id: string) => {
    const value = lhr.audits[id]?.numericValue;
    if (value === undefined) throw new Error(`Lighthouse gave no value for ${id}`);
    return value;
  };
  const scores: Record<string, number> = {};
  const failing: Record<string, string[]> = {};
  for (const [id] of CATEGORIES) {
    const score = lhr.categories[id]?.score;
    if (score === null || score === undefined) throw new Error(`Lighthouse gave no ${id} score`);
    scores[id] = Math.round(score * 100);
    failing[id] = failingAudits(lhr, id);
  }
  const longTaskItems = (lhr.audits['long-tasks']?.details as { items?: unknown[] } | undefined)
    ?.items;
  const longTasks = (longTaskItems ?? []).slice(0, 3).map((item) => {
    const { url, duration } = item as { url?: string; duration?: number };
    return `${Math.round(duration ?? 0)} ms task in ${url ?? '?'}`;
  });
  return {
    scores,
    lcp: numeric('largest-contentful-paint'),
    tbt: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    failing,
    lcpElement: nodesIn(lhr.audits['largest-contentful-paint-element']?.details),
    longTasks,
    shifts: nodesIn(lhr.audits['layout-shifts']?.details),
  };
}

/** Runs Lighthouse `runs` times on one URL, in one headless Chromium. */
export async function lighthouseRuns(url: string, runs: number): Promise<LighthouseRun[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    // Root cannot use Chromium's sandbox; the page is our own build on localhost.
    chromeFlags: [
      '--headless=new',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...QUIET_FLAGS,
    ],
  });
  try {
    const results: LighthouseRun[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await lighthouse(url, {
        port: chrome.port,
        logLevel: 'error',
        output: 'json',
        onlyCategories: CATEGORIES.map(([id]) => id),
      });
      if (!result) throw new Error('Lighthouse returned no result');
      results.push(summarise(result.lhr));
    }
    return results;
  } finally {
    chrome.kill();
  }
}

/** Lines that occur in some runs, each with how many ("… (2 of 3 runs)"). */
function tally(lists: readonly string[][]): string[] {
  const seen = new Map<string, number>();
  for (const list of lists) {
    for (const line of new Set(list)) seen.set(line, (seen.get(line) ?? 0) + 1);
  }
  return [...seen]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_NOTES)
    .map(([line, n]) => (lists.length > 1 ? `${line} (${n} of ${lists.length} runs)` : line));
}

/** The notes of the run whose value is the median (its durations vary from run to run). */
function fromMedianRun(runs: readonly LighthouseRun[], value: (r: LighthouseRun) => number) {
  const sorted = [...runs].sort((a, b) => value(a) - value(b));
  return sorted[(sorted.length - 1) >> 1];
}

/** The table rows of one page: four category scores, LCP, TBT and CLS. */
export function lighthouseFigures(page: string, runs: readonly LighthouseRun[]): Figure[] {
  const figures: Figure[] = CATEGORIES.map(([id, name, limit]) => {
    const values = runs.map((r) => r.scores[id] ?? 0);
    const row = measured(`${page} ${name}`, 'score', values, limit);
    return 'spread' in row.outcome && row.outcome.spread.median < limit.value
      ? { ...row, notes: tally(runs.map((r) => r.failing[id] ?? [])) }
      : row;
  });
  const metric = (
    name: string,
    unit: 'ms' | 'shift',
    value: (r: LighthouseRun) => number,
    limit: Limit,
    why: (r: LighthouseRun) => string[],
  ): Figure => {
    const row = measured(`${page} ${name}`, unit, runs.map(value), limit);
    const miss = 'spread' in row.outcome && row.outcome.spread.median > limit.value;
    const median = fromMedianRun(runs, value);
    return miss && median ? { ...row, notes: why(median).slice(0, MAX_NOTES) } : row;
  };
  figures.push(
    metric(
      'LCP',
      'ms',
      (r) => r.lcp,
      LIMITS.lcp,
      (r) => r.lcpElement.map((e) => `LCP element: ${e}`),
    ),
    metric(
      'TBT',
      'ms',
      (r) => r.tbt,
      LIMITS.tbt,
      (r) => r.longTasks,
    ),
    metric(
      'CLS',
      'shift',
      (r) => r.cls,
      LIMITS.cls,
      (r) => r.shifts.map((e) => `shifted: ${e}`),
    ),
  );
  return figures;
}

/** The rows of a page Lighthouse could not measure. */
export function lighthouseFailed(page: string, error: unknown): Figure[] {
  return [
    ...CATEGORIES.map(([, name, limit]) => failed(`${page} ${name}`, 'score', error, limit)),
    failed(`${page} LCP`, 'ms', error, LIMITS.lcp),
    failed(`${page} TBT`, 'ms', error, LIMITS.tbt),
    failed(`${page} CLS`, 'shift', error, LIMITS.cls),
  ];
}
