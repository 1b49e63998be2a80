import { describe, expect, it } from 'vitest';
import { longTaskCauses, longTasks, type TraceEvent } from '../../perf/trace.ts';

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
/** A main-thread event with a CPU time (tdur), ms. */
const timed = (name: string, startMs: number, durMs: number, cpuMs: number): TraceEvent => ({
  ...x(name, startMs, durMs),
  tdur: cpuMs * 1000,
});

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

  it('counts only tasks over 50 ms of work, and each piece of work by its CPU time less GPU waits', () => {
    const traced: TraceEvent[] = [
      ...threadNames,
      // 200 ms by the clock, but 40 ms of work: the rest waits on the GPU. Not counted.
      timed('RunTask', 0, 200, 40),
      timed('Commit', 10, 180, 30),
      timed('ImplementationBase::WaitForCmd', 20, 150, 2),
      // 90 ms of work: a paint, and a commit that waited 40 ms (5 ms of it on the CPU).
      timed('RunTask', 300, 130, 90),
      timed('Paint', 300, 50, 48),
      timed('Commit', 350, 80, 40),
      timed('ImplementationBase::WaitForCmd', 360, 40, 5),
    ];
    expect(longTaskCauses(traced)).toEqual([
      {
        phase: 'page load',
        tasks: 1,
        causes: [
          { cause: 'paint', ms: 48 },
          { cause: 'commit to the compositor', ms: 35 },
        ],
      },
    ]);
  });
});

describe('longTasks', () => {
  const events: TraceEvent[] = [
    ...threadNames,
    // Page load: 120 ms by the clock, 100 ms of it the main thread's own work.
    timed('RunTask', 0, 120, 100),
    mark('perf:play', 200),
    // A frame that waits 150 ms for the GPU (10 ms of CPU while waiting) but works 30 ms.
    timed('RunTask', 300, 200, 40),
    timed('Commit', 320, 170, 12),
    timed('ImplementationBase::WaitForCmd', 330, 150, 10),
    // A task the clock calls short is not listed, whatever it did.
    timed('RunTask', 600, 45, 45),
    // Nor a long one on another thread.
    { ...timed('RunTask', 700, 90, 90), ...OTHER },
    // A wait on another thread is not this task's.
    { ...timed('ImplementationBase::WaitForCmd', 820, 20, 20), ...OTHER },
    timed('RunTask', 800, 80, 70),
  ];
  const tasks = longTasks(events);

  it('lists the main thread tasks over 50 ms by the clock, by phase', () => {
    expect(tasks.map((t) => [t.phase, t.ms])).toEqual([
      ['page load', 120],
      ['play', 200],
      ['play', 80],
    ]);
  });

  it('counts as work the CPU time less the CPU time spent waiting for the GPU', () => {
    expect(tasks.map((t) => t.workMs)).toEqual([100, 30, 70]);
    expect(tasks.map((t) => t.gpuWaitMs)).toEqual([0, 150, 0]);
  });

  it('falls back to the clock where the trace has no CPU times', () => {
    const clockOnly: TraceEvent[] = [
      ...threadNames,
      x('RunTask', 0, 90),
      x('ImplementationBase::WaitForCmd', 10, 60),
    ];
    expect(longTasks(clockOnly)).toEqual([
      { phase: 'page load', ms: 90, workMs: 30, gpuWaitMs: 60, harnessMs: 0 },
    ]);
  });
});

describe('the test harness', () => {
  /** Script with no URL: Playwright's own code run in the page. */
  const harness = (startMs: number, durMs: number, cpuMs: number): TraceEvent => ({
    ...timed('FunctionCall', startMs, durMs, cpuMs),
    args: { data: {} },
  });
  const events: TraceEvent[] = [
    ...threadNames,
    {
      ...timed('v8.compile', 0, 1, 1),
      args: { data: { url: 'http://x/_astro/a.js', scriptId: 5 } },
    },
    // 80 ms of work, 45 of it the harness's (with a layout it forced): 35 ms is the page's.
    timed('RunTask', 10, 80, 80),
    harness(10, 45, 45),
    timed('Layout', 20, 30, 30),
    timed('Paint', 60, 35, 35),
    // 90 ms of work, all the page's: a script named only by its id, and a layout.
    timed('RunTask', 200, 90, 90),
    { ...timed('FunctionCall', 200, 60, 60), args: { data: { scriptId: 5 } } },
    timed('Layout', 260, 30, 30),
  ];

  it("leaves the harness's script, and what it forced, out of a task's work", () => {
    expect(longTasks(events).map((t) => [t.workMs, t.harnessMs])).toEqual([
      [35, 45],
      [90, 0],
    ]);
  });

  it('does not count a task that is long only with the harness in it', () => {
    expect(longTaskCauses(events)).toEqual([
      {
        phase: 'page load',
        tasks: 1,
        causes: [
          { cause: 'script a.js', ms: 60 },
          { cause: 'layout', ms: 30 },
        ],
      },
    ]);
  });
});
