import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  failed,
  headroom,
  isReportOnly,
  measured,
  meets,
  missedBudgets,
  skipped,
  verdict,
} from '../../perf/budgets.ts';

describe('meets', () => {
  it.each([
    [95, LIMITS.performance, true],
    [94, LIMITS.performance, false],
    [100, LIMITS.accessibility, true],
    [99, LIMITS.accessibility, false],
    [1500, LIMITS.lcp, true],
    [1501, LIMITS.lcp, false],
    [0.01, LIMITS.cls, true],
    [0.025, LIMITS.cls, false],
    [0, LIMITS.longTasks, true],
    [1, LIMITS.longTasks, false],
  ])('%d against %j is %s', (value, limit, expected) => {
    expect(meets(value, limit)).toBe(expected);
  });
});

describe('verdict', () => {
  it('judges the median, not the worst run', () => {
    expect(verdict(measured('LCP', 'ms', [1400, 1450, 2100], LIMITS.lcp))).toBe('ok');
    expect(verdict(measured('LCP', 'ms', [1400, 1600, 2100], LIMITS.lcp))).toBe('MISS');
  });

  it('reports a figure without a budget as information', () => {
    expect(verdict(measured('first particles', 'ms', [900], null))).toBe('info');
  });

  it('does not fail on what is not built yet', () => {
    expect(
      verdict(skipped('EP 04 controls', 'count', 'n/a (not built yet)', LIMITS.longTasks)),
    ).toBe('n/a');
  });

  it('counts a figure that could not be measured as a miss', () => {
    expect(verdict(failed('LCP', 'ms', new Error('page crashed\nstack'), LIMITS.lcp))).toBe('MISS');
    expect(verdict(failed('first particles', 'ms', 'never drew', null))).toBe('MISS');
  });
});

describe('missedBudgets', () => {
  it('names every miss in table order', () => {
    const figures = [
      measured('performance', 'score', [96], LIMITS.performance),
      measured('TBT', 'ms', [120, 130, 140], LIMITS.tbt),
      skipped('EP 05', 'count', 'n/a (not built yet)', LIMITS.longTasks),
      measured('CLS', 'shift', [0.02], LIMITS.cls),
      failed('article bytes', 'bytes', new Error('timeout'), LIMITS.articleLoad),
    ];
    expect(missedBudgets(figures)).toEqual(['TBT', 'CLS', 'article bytes']);
  });
});

describe('isReportOnly', () => {
  it('takes a whole stage, or the figures of a stage whose names begin a given way', () => {
    const rules = ['lighthouse', 'main-thread:scroll', 'main-thread:EP 02'];
    expect(isReportOnly('lighthouse', '/: performance', rules)).toBe(true);
    expect(isReportOnly('main-thread', 'scroll to the bottom: tasks > 50 ms', rules)).toBe(true);
    expect(isReportOnly('main-thread', 'scroll back to the top: tasks > 50 ms', rules)).toBe(true);
    expect(isReportOnly('main-thread', 'EP 02 playback: tasks > 50 ms', rules)).toBe(true);
    expect(isReportOnly('main-thread', 'EP 05 controls: tasks > 50 ms', rules)).toBe(false);
    expect(isReportOnly('bytes', 'all JS', rules)).toBe(false);
    // A figure rule does not reach another stage's figures of the same name.
    expect(isReportOnly('weight', 'scroll', ['main-thread:scroll'])).toBe(false);
    expect(isReportOnly('main-thread', 'EP 05 controls: tasks > 50 ms', [])).toBe(false);
  });
});

describe('headroom', () => {
  it.each([
    [[1200], LIMITS.lcp, 0.2],
    [[1800], LIMITS.lcp, -0.2],
    [[99], LIMITS.performance, 4 / 95],
  ])('of %j against %j is %d', (values, limit, expected) => {
    expect(
      headroom(measured('x', limit === LIMITS.lcp ? 'ms' : 'score', values, limit)),
    ).toBeCloseTo(expected);
  });

  it('is null where there is no room to speak of: a perfect score, a zero count, no budget', () => {
    expect(headroom(measured('a11y', 'score', [100], LIMITS.accessibility))).toBeNull();
    expect(headroom(measured('long tasks', 'count', [0], LIMITS.longTasks))).toBeNull();
    expect(headroom(measured('first particles', 'ms', [800], null))).toBeNull();
  });
});
