import { expect, test } from 'vitest';
import {
  CHART_S,
  chamferOf,
  chartNote,
  describePanel,
  describeRow,
  formatScale,
  guidancePanels,
} from '../../../src/components/guidance-words.ts';

test('the row is ✗ too weak, ✓ just right, ✗ too strong at the defaults', () => {
  expect(guidancePanels(7.5).map((p) => p.title)).toEqual([
    '✗ s = 1 too weak',
    '✓ s = 7.5 just right',
    '✗ s = 25 too strong',
  ]);
  expect(guidancePanels(7.5).map((p) => p.verdict)).toEqual(['bad', 'good', 'bad']);
});

test('the middle panel follows the reader’s scale', () => {
  const [, middle] = guidancePanels(12.5);
  expect(middle).toEqual({ s: 12.5, verdict: null, title: 's = 12.5 · your pick' });
});

test('scales print without float noise', () => {
  expect(formatScale(7.5)).toBe('7.5');
  expect(formatScale(0.1 + 0.2)).toBe('0.3');
});

test('the chart measures the three panels’ scales, in order, within the slider’s range', () => {
  expect(CHART_S).toContain(1);
  expect(CHART_S).toContain(7.5);
  expect(CHART_S).toContain(25);
  expect([...CHART_S].sort((a, b) => a - b)).toEqual([...CHART_S]);
  expect(Math.min(...CHART_S)).toBe(0);
  expect(Math.max(...CHART_S)).toBe(40);
});

test('the chart’s note says how far its measurement has got', () => {
  expect(chartNote(0, false)).toBe('measured once the row has finished');
  expect(chartNote(0, true)).toBe('measuring: 0 of 12 scales…');
  expect(chartNote(5, true)).toBe('measuring: 5 of 12 scales…');
  // A measurement that stopped (a failed run is taken again at the next render).
  expect(chartNote(5, false)).toBe('5 of 12 scales measured');
  expect(chartNote(CHART_S.length, false)).toBe('measured at all 12 scales');
});

test('Chamfer is the mean of precision and coverage', () => {
  expect(chamferOf({ precision: 0.02, coverage: 0.04 })).toBeCloseTo(0.03, 12);
});

test('panels and the row are described with their numbers', () => {
  const [weak] = guidancePanels(7.5);
  expect(describePanel(weak, { step: 60, steps: 60, precision: 0.0819, coverage: 0.0118 })).toBe(
    '✗ s = 1 too weak: precision 0.082, coverage 0.012',
  );
  expect(describePanel(weak, { step: 30, steps: 60, precision: 0.2, coverage: 0.1 })).toContain(
    '(step 30 of 60)',
  );
  const row = describeRow('a tree', 7, true, guidancePanels(7.5), [null, null, null]);
  expect(row).toContain('with dynamic thresholding');
  expect(row).toContain('✓ s = 7.5 just right: still being computed');
});
