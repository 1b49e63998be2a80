import { describe, expect, it } from 'vitest';
import { LIMITS, failed, measured, skipped } from '../../perf/budgets.ts';
import { formatLimit, formatRow, formatValue, renderTable } from '../../perf/format.ts';

describe('formatValue', () => {
  it.each([
    [96.4, 'score', '96'],
    [1296.97, 'ms', '1297 ms'],
    [16.66, 'ms', '16.7 ms'],
    [20 * 1024, 'bytes', '20.0 KB'],
    [0.02496, 'shift', '0.025'],
    [3, 'count', '3'],
  ] as const)('%d %s reads %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe('formatLimit', () => {
  it.each([
    [LIMITS.performance, 'score', '≥ 95'],
    [LIMITS.seo, 'score', '= 100'],
    [LIMITS.tbt, 'ms', '≤ 100 ms'],
    [LIMITS.entryJs, 'bytes', '≤ 20.0 KB'],
    [LIMITS.longTasks, 'count', '= 0'],
    [null, 'ms', '—'],
  ] as const)('%j in %s reads %s', (limit, unit, expected) => {
    expect(formatLimit(limit, unit)).toBe(expected);
  });
});

describe('formatRow', () => {
  it('shows the median, the range of the runs, the budget, the verdict and the headroom', () => {
    expect(formatRow(measured('LCP', 'ms', [1300, 1200, 1600], LIMITS.lcp))).toEqual([
      'LCP',
      '1300 ms',
      '1200 ms – 1600 ms (3 runs)',
      '≤ 1500 ms',
      'ok',
      '+13 %',
    ]);
  });

  it('shows a miss with negative headroom', () => {
    expect(formatRow(measured('CLS', 'shift', [0.025], LIMITS.cls))).toEqual([
      'CLS',
      '0.025',
      '',
      '≤ 0.010',
      'MISS',
      '−150 %',
    ]);
  });

  it('says why a figure is missing', () => {
    expect(formatRow(skipped('EP 04', 'count', 'n/a (not built yet)', LIMITS.longTasks))[1]).toBe(
      'n/a (not built yet)',
    );
    expect(formatRow(failed('TBT', 'ms', new Error('no trace'), LIMITS.tbt))[1]).toBe(
      'error: no trace',
    );
  });
});

describe('renderTable', () => {
  const table = renderTable([
    {
      title: 'Lighthouse /',
      figures: [
        measured('performance', 'score', [92, 96, 94], LIMITS.performance, [
          'Total Blocking Time: 270 ms',
        ]),
        measured('TBT', 'ms', [50], LIMITS.tbt),
      ],
    },
  ]);
  const lines = table.split('\n');

  it('prints a header, the section and its rows with aligned columns', () => {
    expect(lines[0]).toMatch(/^Figure\s+Median\s+Min – max\s+Budget\s+Result\s+Headroom$/);
    expect(lines[2]).toBe('Lighthouse /');
    expect(lines[3]).toMatch(/^ {2}performance\s+94\s+92 – 96 \(3 runs\)\s+≥ 95\s+MISS\s+−1 %$/);
    expect(lines[3]?.indexOf('≥')).toBe(lines[4]?.indexOf('≤'));
  });

  it('shortens a long error in its cell and prints it whole in the notes', () => {
    const message = 'EP 02 did not play; the figure says: "The simulation stopped unexpectedly."';
    const text = renderTable([
      {
        title: 'Main thread',
        figures: [failed('EP 02 playback', 'count', message, LIMITS.longTasks)],
      },
    ]);
    expect(text.split('\n')[3]?.length).toBeLessThan(110);
    expect(text).toContain(`EP 02 playback:\n  - error: ${message}`);
  });

  it('prints each figure’s notes after the table', () => {
    expect(table).toContain('Notes\nperformance:\n  - Total Blocking Time: 270 ms');
  });
});
