/**
 * EP 05's panels and words: the three guidance scales the article compares, how each panel is
 * titled (the middle one follows the reader's slider), the scales the chart measures, and the
 * sentence the canvas label and the spoken summary carry, built from the measured numbers.
 */

/** The too-weak and too-strong scales, and the article's "just right" (Stable Diffusion's default). */
export const WEAK_S = 1;
export const RIGHT_S = 7.5;
export const STRONG_S = 25;

/** The guidance scales the chart measures (precision, coverage, Chamfer against s). */
export const CHART_S = [0, 1, 2, 3, 5, 7.5, 10, 15, 20, 25, 30, 40] as const;

/**
 * The line under the chart: how far its measurement has got. The chart waits for the row (the
 * row has the processor first), then adds one point per scale as its run finishes.
 */
export function chartNote(measured: number, measuring: boolean): string {
  const total = CHART_S.length;
  if (measured >= total) return `measured at all ${total} scales`;
  if (measuring) return `measuring: ${measured} of ${total} scales…`;
  if (measured === 0) return 'measured once the row has finished';
  return `${measured} of ${total} scales measured`;
}

/** One panel of the row: its scale, and whether the article calls it good. */
export interface GuidancePanel {
  s: number;
  verdict: 'good' | 'bad' | null;
  title: string;
}

/** A scale as the labels write it: "7.5", "25", "12.5". */
export function formatScale(s: number): string {
  return String(Math.round(s * 100) / 100);
}

/**
 * The three panels: ✗ s = 1 too weak, the middle one at the reader's s (✓ just right at 7.5,
 * "your pick" elsewhere), ✗ s = 25 too strong.
 */
export function guidancePanels(s: number): [GuidancePanel, GuidancePanel, GuidancePanel] {
  const middle: GuidancePanel =
    s === RIGHT_S
      ? { s, verdict: 'good', title: `✓ s = ${formatScale(s)} just right` }
      : { s, verdict: null, title: `s = ${formatScale(s)} · your pick` };
  return [
    { s: WEAK_S, verdict: 'bad', title: `✗ s = ${WEAK_S} too weak` },
    middle,
    { s: STRONG_S, verdict: 'bad', title: `✗ s = ${STRONG_S} too strong` },
  ];
}

/** What a finished (or running) panel measures. */
export interface PanelReading {
  step: number;
  steps: number;
  precision: number;
  coverage: number;
}

/** Chamfer distance: the mean of precision and coverage. */
export function chamferOf(reading: { precision: number; coverage: number }): number {
  return (reading.precision + reading.coverage) / 2;
}

/** One panel in words: "✗ s = 1 too weak: precision 0.082, coverage 0.012". */
export function describePanel(panel: GuidancePanel, reading: PanelReading | null): string {
  if (!reading) return `${panel.title}: still being computed`;
  const progress =
    reading.step < reading.steps ? ` (step ${reading.step} of ${reading.steps})` : '';
  return `${panel.title}: precision ${reading.precision.toFixed(3)}, coverage ${reading.coverage.toFixed(3)}${progress}`;
}

/** The whole row in words, for the canvas label and the spoken summary. */
export function describeRow(
  shape: string,
  seed: number,
  threshold: boolean,
  panels: readonly GuidancePanel[],
  readings: readonly (PanelReading | null)[],
): string {
  const parts = panels.map((panel, i) => describePanel(panel, readings[i] ?? null));
  const fix = threshold ? ', with dynamic thresholding' : '';
  return `Seed #${seed} steered to ${shape} at three guidance scales${fix}. ${parts.join('; ')}.`;
}
