/**
 * Where long tasks spend their time, from a Chrome trace. (Chromium names the file of only some
 * script events; the rest are summed as plain "script".) Each task with over 50 ms of its own
 * work on a renderer's main thread is broken down into the work it did (a script by its file,
 * layout, style, paint, commit, garbage collection, …), summed per phase (the `perf:` user-timing marks a session
 * sets). Only the outermost known work inside a task counts, so nothing is counted twice: a
 * layout forced by a script is the script's.
 *
 * Script without a URL on the page's main thread is the test harness's, not the site's: every
 * script of the site is a file (its policy forbids inline and eval'd code), while Playwright runs
 * its own code in the page (each page.evaluate, locator queries, and the listeners it adds while
 * a mouse button is held to watch for a drag). That work, with whatever it forced, is not the
 * page's and is left out of a task's work.
 */

/** The fields of a trace event that matter here. */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** CPU time the thread spent in the event, µs (Chromium records it where the OS can tell). */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; scriptId?: number | string } };
}

/** The long tasks of one phase and what they did, most time first. */
export interface PhaseCauses {
  phase: string;
  tasks: number;
  causes: { cause: string; ms: number }[];
}

/** The GPU command buffer's blocking wait, as Chromium's trace names it (category "gpu"). */
const GPU_WAIT = 'ImplementationBase::WaitForCmd';
/** A task is long from this many µs (the Long Tasks API's 50 ms). */
const LONG_US = 50_000;
/** Script work; named after the file it ran. */
const SCRIPT = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.evaluateModule',
  'v8.compile',
  'v8.compileModule',
  'RunMicrotasks',
]);
/** Rendering and other work, by the name the summary gives it. */
const WORK: Record<string, string> = {
  Layout: 'layout',
  UpdateLayoutTree: 'style',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  Commit: 'commit to the compositor',
  MinorGC: 'garbage collection',
  MajorGC: 'garbage collection',
  ParseHTML: 'HTML parsing',
  ParseAuthorStyleSheet: 'CSS parsing',
  'IntersectionObserverController::computeIntersections': 'intersection observers',
  'Decode Image': 'image decoding',
};

/** The file of a script URL, or a generic name. */
function fileOf(url: string | undefined): string {
  if (!url) return 'script';
  const path = url.replace(/[?#].*$/, '');
  return `script ${path.slice(path.lastIndexOf('/') + 1) || path}`;
}

/** What a piece of work is called in the summary, or null for a wrapper (scheduler, mojo…). */
function causeOf(event: TraceEvent, urls: ReadonlyMap<string, string>): string | null {
  if (SCRIPT.has(event.name)) {
    const data = event.args?.data;
    return fileOf(data?.url || urls.get(String(data?.scriptId)));
  }
  return WORK[event.name] ?? null;
}

/** Script URLs by script id, from the compile events that name both. */
function scriptUrls(events: readonly TraceEvent[]): Map<string, string> {
  const urls = new Map<string, string>();
  for (const e of events) {
    const data = e.args?.data;
    if (data?.url && data.scriptId !== undefined) urls.set(String(data.scriptId), data.url);
  }
  return urls;
}

/** The renderer main threads of a trace, as "pid:tid". */
function mainThreads(events: readonly TraceEvent[]): Set<string> {
  return new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
}

/** One task over 50 ms (by the clock) on a renderer's main thread. */
export interface TracedTask {
  phase: string;
  /** The task's length by the clock, ms. */
  ms: number;
  /**
   * The main thread's own work in it, ms: the CPU time of the task less the CPU time of its
   * waits for the GPU process. The clock also counts time the thread was not running: here the
   * GPU is SwiftShader on the same two cores as the page's workers, and with software
   * compositing each changed WebGL canvas is read back (glReadPixels) at commit while the main
   * thread waits for it to be drawn. On a phone a GPU draws, and other cores run the workers.
   * (CPU throttling still counts: the throttler stalls the thread by keeping it busy.)
   */
  workMs: number;
  /** Clock time spent waiting for the GPU process (ImplementationBase::WaitForCmd), ms. */
  gpuWaitMs: number;
  /** CPU time of the test harness's own script in it (left out of workMs), ms. */
  harnessMs: number;
}

/** Script the site did not ship: a call or evaluation of code with no file (see the top). */
function isHarness(event: TraceEvent, urls: ReadonlyMap<string, string>): boolean {
  if (event.name !== 'FunctionCall' && event.name !== 'EvaluateScript') return false;
  const data = event.args?.data;
  return !data?.url && !urls.get(String(data?.scriptId));
}

/**
 * The outermost harness scripts inside the task at `index` of `onMain` (in time order, longer
 * first at equal times), on its thread: their CPU time, µs, less the GPU waits inside them
 * (counted apart).
 */
function harnessIn(
  index: number,
  onMain: readonly TraceEvent[],
  urls: ReadonlyMap<string, string>,
  waitedIn: (event: TraceEvent) => number,
): number {
  const task = onMain[index] as TraceEvent;
  const end = task.ts + (task.dur ?? 0);
  let coveredUntil = -Infinity;
  let cpu = 0;
  for (let i = index + 1; i < onMain.length; i++) {
    const e = onMain[i] as TraceEvent;
    if (e.ts >= end) break;
    if (e.pid !== task.pid || e.tid !== task.tid || e.ts < coveredUntil) continue;
    if (!isHarness(e, urls)) continue;
    coveredUntil = e.ts + (e.dur ?? 0);
    cpu += Math.max(0, (e.tdur ?? e.dur ?? 0) - waitedIn(e));
  }
  return cpu;
}

/** The GPU waits within an event on its thread, µs, by the clock and in CPU time. */
function gpuWaits(waits: readonly TraceEvent[], event: TraceEvent): { clock: number; cpu: number } {
  const end = event.ts + (event.dur ?? 0);
  let clock = 0;
  let cpu = 0;
  for (const w of waits) {
    if (w.ts >= end) break;
    if (w.ts < event.ts || w.pid !== event.pid || w.tid !== event.tid) continue;
    clock += w.dur ?? 0;
    cpu += w.tdur ?? w.dur ?? 0;
  }
  return { clock, cpu };
}

/** CPU time of the GPU waits within an event, µs (`waits` in time order). */
function gpuWaitsIn(waits: readonly TraceEvent[]): (event: TraceEvent) => number {
  return (event) => gpuWaits(waits, event).cpu;
}

/**
 * The renderer main thread's tasks over 50 ms by the clock (or over `overMs`), by phase, with
 * their own work.
 */
export function longTasks(
  events: readonly TraceEvent[],
  prefix = 'perf:',
  overMs = LONG_US / 1000,
): TracedTask[] {
  const main = mainThreads(events);
  const urls = scriptUrls(events);
  const onMain = events
    .filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const marks = phaseMarks(events, prefix);
  const waits = onMain.filter((e) => e.name === GPU_WAIT);
  const waitedIn = gpuWaitsIn(waits);
  const tasks: TracedTask[] = [];
  onMain.forEach((task, index) => {
    const dur = task.dur ?? 0;
    if (task.name !== 'RunTask' || dur <= overMs * 1000) return;
    const waited = gpuWaits(waits, task);
    const harness = harnessIn(index, onMain, urls, waitedIn);
    tasks.push({
      phase: marks.findLast((m) => m.ts <= task.ts)?.phase ?? 'page load',
      ms: dur / 1000,
      workMs: Math.max(0, (task.tdur ?? dur) - waited.cpu - harness) / 1000,
      gpuWaitMs: waited.clock / 1000,
      harnessMs: harness / 1000,
    });
  });
  return tasks;
}

/** The phase marks of a session (user timing marks named with the prefix), in time order. */
function phaseMarks(
  events: readonly TraceEvent[],
  prefix: string,
): { phase: string; ts: number }[] {
  return events
    .filter((e) => e.name.startsWith(prefix) && 'RIn'.includes(e.ph))
    .map((e) => ({ phase: e.name.slice(prefix.length), ts: e.ts }))
    .sort((a, b) => a.ts - b.ts);
}

/**
 * Groups the long tasks of a trace by phase and sums what they did: the tasks over 50 ms of the
 * main thread's own work (as the budget judges them), and each piece of work by its CPU time less
 * the GPU waits inside it (so a commit that waited on SwiftShader counts its own work only).
 */
export function longTaskCauses(events: readonly TraceEvent[], prefix = 'perf:'): PhaseCauses[] {
  const main = mainThreads(events);
  const urls = scriptUrls(events);
  const onMain = events
    .filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const waitedIn = gpuWaitsIn(onMain.filter((e) => e.name === GPU_WAIT));
  const workIn = (event: TraceEvent): number =>
    Math.max(0, (event.tdur ?? event.dur ?? 0) - waitedIn(event));
  const marks = phaseMarks(events, prefix);
  const phases = new Map<string, { tasks: number; causes: Map<string, number> }>();
  onMain.forEach((task, index) => {
    if (task.name !== 'RunTask' || (task.dur ?? 0) <= LONG_US) return;
    if (workIn(task) - harnessIn(index, onMain, urls, waitedIn) <= LONG_US) return;
    const end = task.ts + (task.dur ?? 0);
    const phase = marks.findLast((m) => m.ts <= task.ts)?.phase ?? 'page load';
    const entry = phases.get(phase) ?? { tasks: 0, causes: new Map<string, number>() };
    entry.tasks++;
    let coveredUntil = -Infinity;
    for (let i = index + 1; i < onMain.length; i++) {
      const e = onMain[i] as TraceEvent;
      if (e.ts >= end) break;
      if (e.pid !== task.pid || e.tid !== task.tid || e.ts < coveredUntil) continue;
      const harness = isHarness(e, urls);
      const cause = harness ? null : causeOf(e, urls);
      if (!cause && !harness) continue;
      coveredUntil = e.ts + (e.dur ?? 0);
      if (!cause) continue;
      entry.causes.set(cause, (entry.causes.get(cause) ?? 0) + workIn(e) / 1000);
    }
    phases.set(phase, entry);
  });
  return [...phases].map(([phase, { tasks, causes }]) => ({
    phase,
    tasks,
    causes: [...causes].map(([cause, ms]) => ({ cause, ms })).sort((a, b) => b.ms - a.ms),
  }));
}
