import { describe, expect, it } from 'vitest';
import { longTaskCauses, type TraceEvent } from '../../../scripts/perf/trace.ts';

const MAIN = { pid: 1, tid: 7 };
const OTHER = { pid: 1, tid: 9 };
/** A complete event on the main thread, times in ms (traces count µs). */
function x(name: string, startMs: number, durMs: number, url?: string): TraceEvent {
  return {
    name,
    ph: 'X',
    ts: startMs * 1000,
    dur: durMs * 1000,
    ...MAIN,
    ...(url ? { args: { data: { url } } } : {}),
  };
}
const threadNames: TraceEvent[] = [
  { name: 'thread_name', ph: 'M', ts: 0, ...MAIN, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', ts: 0, ...OTHER, args: { name: 'Compositor' } },
];
const mark = (name: string, ms: number): TraceEvent => ({ name, ph: 'R', ts: ms * 1000, ...MAIN });

describe('longTaskCauses', () => {
  const events: TraceEvent[] = [
    ...threadNames,
    // Page load: one long task of module evaluation.
    x('RunTask', 0, 120),
    x('ThreadControllerImpl::RunTask', 0, 120),
    x('v8.evaluateModule', 1, 100, 'http://x/_astro/view.js'),
    x('FunctionCall', 2, 50, 'http://x/_astro/view.js'),
    mark('perf:scroll', 200),
    // Scroll: a frame with a script forcing layout, then paint and commit.
    x('RunTask', 300, 80),
    x('FireAnimationFrame', 300, 30),
    x('FunctionCall', 300, 30, 'http://x/_astro/three.js?v=1'),
    x('Layout', 310, 15),
    x('Paint', 330, 10),
    x('Commit', 345, 30),
    // A short task does not count.
    x('RunTask', 400, 40),
    x('Layout', 400, 39),
    // Nor does a long task on another thread.
    { ...x('RunTask', 500, 90), ...OTHER },
    mark('perf:play', 600),
  ];
  const result = longTaskCauses(events);

  it('puts each long task in the phase it started in', () => {
    expect(result.map((p) => [p.phase, p.tasks])).toEqual([
      ['page load', 1],
      ['scroll', 1],
    ]);
  });

  it('counts the outermost work once, named by its script file', () => {
    expect(result[0]?.causes).toEqual([{ cause: 'script view.js', ms: 100 }]);
  });

  it('credits a layout forced by a script to the script, and sorts by time', () => {
    expect(result[1]?.causes).toEqual([
      { cause: 'script three.js', ms: 30 },
      { cause: 'commit to the compositor', ms: 30 },
      { cause: 'paint', ms: 10 },
    ]);
  });

  it('names a script by the URL its compile event gave its script id', () => {
    const byId: TraceEvent[] = [
      ...threadNames,
      { ...x('v8.compile', 0, 1), args: { data: { url: 'http://x/_astro/sim.js', scriptId: 42 } } },
      x('RunTask', 10, 60),
      { ...x('FunctionCall', 10, 55), args: { data: { scriptId: 42 } } },
    ];
    expect(longTaskCauses(byId)[0]?.causes).toEqual([{ cause: 'script sim.js', ms: 55 }]);
  });

  it('gives nothing for a trace without long tasks', () => {
    expect(longTaskCauses(threadNames)).toEqual([]);
  });
});
