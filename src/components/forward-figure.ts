/**
 * <forward-figure>: EP 01, the forward process. One state, { t, schedule, image }, driven by the
 * slider, the schedule switch, an uploaded picture and the scroll steps alike; the readouts, the
 * ᾱ_t curve's marker and the canvas's label are written from it, and the view draws it.
 *
 *   created ──near viewport──▶ loading (three.js view + the painting) ──▶ running ⇄ paused offscreen
 *      │  (poster + build-time numbers)      │                                │
 *      │                                     └─ failed: poster, message, "Try again"
 *      └──────── disconnected: listeners removed, view disposed (renderer, textures, context) ◀──┘
 *
 * This module stays light (no three.js): the view and the image decoding load with the figure.
 */
import {
  InteractiveFigure,
  type FigureView,
  readyCanvas,
  yieldToMain,
} from './interactive-figure.ts';
import {
  announce,
  clampT,
  describePanels,
  formatAlphaBar,
  formatDb,
  formatScale,
  readoutsAt,
  type ForwardReadouts,
} from './forward-readouts.ts';
import { makeSchedule, T_MAX, type Schedule, type ScheduleKind } from '../sim/schedule.ts';
import type { FigureNoise, ForwardSnapshot, ForwardView } from '../render/forward-view.ts';
import type { Picture } from '../render/forward-image.ts';

/** The picture being wrecked: the article's painting, or the reader's own. */
export type ForwardImage =
  { kind: 'painting' } | { kind: 'upload'; name: string; picture: Picture };

/** Everything the figure shows follows from this. */
export interface ForwardState {
  t: number;
  schedule: ScheduleKind;
  image: ForwardImage;
}

/** Screen readers hear the numbers once t has rested this long (not on every scroll pixel). */
const ANNOUNCE_DELAY_MS = 700;

const schedules = new Map<ScheduleKind, Schedule>();
function scheduleOf(kind: ScheduleKind): Schedule {
  let schedule = schedules.get(kind);
  if (!schedule) {
    schedule = makeSchedule(kind);
    schedules.set(kind, schedule);
  }
  return schedule;
}

const isScheduleKind = (value: unknown): value is ScheduleKind =>
  value === 'linear' || value === 'cosine';

export class ForwardFigureElement extends InteractiveFigure {
  #state: ForwardState = { t: 0, schedule: 'linear', image: { kind: 'painting' } };
  #painting: Picture | null = null;
  /** The seeded ε, made once (it outlives an evicted or rebuilt view). */
  #noise: FigureNoise | null = null;
  #forwardView: ForwardView | null = null;
  #listeners: AbortController | null = null;
  #frame = 0;
  #announceTimer = 0;
  #uploadToken = 0;
  #found: Map<string, Element> | null = null;
  readonly #artUrl: string;
  readonly #curveBox: [number, number, number, number];

  constructor() {
    super();
    this.#artUrl = this.dataset.art ?? '';
    const box = (this.dataset.curveBox ?? '').split(' ').map(Number);
    this.#curveBox =
      box.length === 4 && box.every(Number.isFinite)
        ? (box as [number, number, number, number])
        : [0, 0, 1, 1];
  }

  /** A copy of the current state. */
  get state(): ForwardState {
    return { ...this.#state, image: { ...this.#state.image } };
  }

  /** The numbers the readouts show, from src/sim. */
  get readouts(): ForwardReadouts {
    return readoutsAt(scheduleOf(this.#state.schedule), this.#state.t);
  }

  /** 'webgl' or 'canvas2d' once loaded, null before. */
  get mode(): ForwardView['mode'] | null {
    return this.#live?.mode ?? null;
  }

  /** For tests: renders now and summarises both panels' pixels. */
  snapshot(): ForwardSnapshot | null {
    return this.#live?.snapshot() ?? null;
  }

  /** For tests: loses the WebGL context, restores it, resolves when redrawn. */
  async loseAndRestoreContext(): Promise<void> {
    await this.#live?.loseAndRestoreContext();
  }

  /** What a shared link carries: t and the schedule (a reader's picture never leaves the tab). */
  override get shareState(): { t: number; schedule: ScheduleKind } {
    return { t: this.#state.t, schedule: this.#state.schedule };
  }

  /** Opens at a shared link's t and schedule. */
  override restoreState(state: object): void {
    const { t, schedule } = state as { t?: unknown; schedule?: unknown };
    // The shared t holds while the reader stays in the step they landed in; scrolling on to
    // another step hands t back to the scroll.
    if (t !== undefined) this.holdScenes();
    this.#update({
      ...(t !== undefined && { t: clampT(t) }),
      ...(isScheduleKind(schedule) && { schedule }),
    });
  }

  /** Moves to timestep t (clamped to 0…1000), as the slider does. */
  setT(t: number): void {
    this.#update({ t: clampT(t) });
  }

  /** Switches the noise schedule. */
  setSchedule(kind: ScheduleKind): void {
    if (isScheduleKind(kind)) this.#update({ schedule: kind });
  }

  /** The view, if it is the one this element made and it is still live. */
  get #live(): ForwardView | null {
    return this.#forwardView && (this.view as unknown) === this.#forwardView
      ? this.#forwardView
      : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listeners?.abort();
    this.#listeners = null;
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    clearTimeout(this.#announceTimer);
    this.#forwardView = null;
    this.#uploadToken++;
  }

  override showScene(step: string, scene: object): void {
    super.showScene(step, scene);
    const t = (scene as { t?: unknown }).t;
    if (t !== undefined && !this.scenesHeld) this.#update({ t: clampT(t) });
  }

  protected async loadView(): Promise<FigureView> {
    const [{ createForwardView, forwardRatio, makeNoise }, { loadDefaultPicture }] =
      await Promise.all([
        import('../render/forward-view.ts'),
        import('../render/forward-image.ts'),
      ]);
    await yieldToMain(); // the modules' evaluation and the picture's decoding: two tasks
    this.#painting ??= await loadDefaultPicture(this.#artUrl);
    await yieldToMain(); // …the noise in slices, a task each…
    this.#noise ??= await makeNoise(this.#painting.size, yieldToMain);
    await yieldToMain(); // …the canvas's lease, context and renderer, a task each…
    const canvas = await readyCanvas(
      this.querySelector<HTMLCanvasElement>('[data-canvas]'),
      forwardRatio(this.#painting),
    );
    if (!canvas) throw new Error('<forward-figure> has no canvas');
    // …and the view's construction one more.
    const view = createForwardView(canvas, this.#viewState(this.#painting), this.#noise, (note) =>
      this.setStatus(note),
    );
    this.#forwardView = view;
    this.#render();
    return view;
  }

  #viewState(painting: Picture) {
    const { t, schedule, image } = this.#state;
    return {
      t,
      schedule: scheduleOf(schedule),
      picture: image.kind === 'upload' ? image.picture : painting,
    };
  }

  #update(change: Partial<ForwardState>): void {
    const next = { ...this.#state, ...change };
    const s = this.#state;
    if (next.t === s.t && next.schedule === s.schedule && next.image === s.image) return;
    this.#state = next;
    if (this.#painting) this.#live?.show(this.#viewState(this.#painting));
    // DOM writes coalesce to one per frame, however fast scroll events arrive.
    if (!this.#frame) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.#render();
      });
    }
    clearTimeout(this.#announceTimer);
    this.#announceTimer = window.setTimeout(() => this.#announce(), ANNOUNCE_DELAY_MS);
  }

  /** The parts written on every change, found once (the markup is fixed). */
  #parts(): Map<string, Element> {
    if (!this.#found) {
      const parts = new Map<string, Element>();
      const selectors = [
        '[data-t-slider]',
        '[data-t-value]',
        '[data-tag-t]',
        '[data-subject]',
        '[data-readout="t"]',
        '[data-readout="alphaBar"]',
        '[data-readout="signal"]',
        '[data-readout="noise"]',
        '[data-readout="snr"]',
        '[data-curve]',
        '[data-curve-dot]',
        '[data-curve-rule]',
        '[data-reset]',
        '[data-announce]',
      ];
      for (const selector of selectors) {
        const el = this.querySelector(selector);
        if (el) parts.set(selector, el);
      }
      this.#found = parts;
    }
    return this.#found;
  }

  /** Writes the state into the controls, readouts, curve marker and labels (once per frame). */
  #render(): void {
    const { t, schedule, image } = this.#state;
    const r = this.readouts;
    const parts = this.#parts();
    const slider = parts.get('[data-t-slider]') as HTMLInputElement | undefined;
    if (slider && slider.valueAsNumber !== t) slider.value = String(t);
    slider?.setAttribute(
      'aria-valuetext',
      t === 0 ? 't = 0, the clean picture' : `t = ${t}, signal kept ${formatScale(r.signal)}`,
    );
    this.#text('[data-t-value]', String(t));
    this.#text('[data-tag-t]', String(t));
    this.#text('[data-subject]', image.kind === 'upload' ? 'your picture' : 'the painting');
    this.#text('[data-readout="t"]', String(t));
    this.#text('[data-readout="alphaBar"]', formatAlphaBar(r.alphaBar));
    this.#text('[data-readout="signal"]', formatScale(r.signal));
    this.#text('[data-readout="noise"]', formatScale(r.noise));
    this.#text('[data-readout="snr"]', formatDb(r.snrDb));
    for (const radio of this.querySelectorAll<HTMLInputElement>('input[name="fwd-schedule"]')) {
      if (radio.checked !== (radio.value === schedule)) radio.checked = radio.value === schedule;
    }
    const curve = parts.get('[data-curve]') as SVGElement | undefined;
    if (curve && curve.dataset.schedule !== schedule) curve.dataset.schedule = schedule;
    const [x0, y0, w, h] = this.#curveBox;
    const x = (x0 + (t / T_MAX) * w).toFixed(2);
    const y = (y0 + (1 - r.alphaBar) * h).toFixed(2);
    const dot = parts.get('[data-curve-dot]');
    dot?.setAttribute('cx', x);
    dot?.setAttribute('cy', y);
    const rule = parts.get('[data-curve-rule]');
    rule?.setAttribute('x1', x);
    rule?.setAttribute('x2', x);
    // Not cached: the view may swap the canvas (Canvas 2D fallback, a rebuilt renderer).
    this.querySelector('[data-canvas]')?.setAttribute(
      'aria-label',
      describePanels(r, image.kind === 'upload' ? 'upload' : 'painting'),
    );
    const reset = parts.get('[data-reset]') as HTMLButtonElement | undefined;
    if (reset && reset.hidden !== (image.kind === 'painting'))
      reset.hidden = image.kind === 'painting';
  }

  #text(selector: string, value: string): void {
    const el = this.#parts().get(selector);
    if (el && el.textContent !== value) el.textContent = value;
  }

  #announce(): void {
    this.#text('[data-announce]', announce(this.readouts, this.#state.schedule));
  }

  #listen(): void {
    this.#listeners?.abort();
    const controller = new AbortController();
    this.#listeners = controller;
    const { signal } = controller;
    const slider = this.querySelector<HTMLInputElement>('[data-t-slider]');
    slider?.addEventListener('input', () => this.setT(slider.valueAsNumber), { signal });
    for (const radio of this.querySelectorAll<HTMLInputElement>('input[name="fwd-schedule"]')) {
      radio.addEventListener(
        'change',
        () => {
          if (radio.checked && isScheduleKind(radio.value)) this.setSchedule(radio.value);
        },
        { signal },
      );
    }
    const file = this.querySelector<HTMLInputElement>('[data-file]');
    file?.addEventListener(
      'change',
      () => {
        const chosen = file.files?.[0];
        if (chosen) void this.#takeFile(chosen);
        file.value = '';
      },
      { signal },
    );
    this.querySelector<HTMLButtonElement>('[data-reset]')?.addEventListener(
      'click',
      () => {
        this.#uploadToken++;
        this.#update({ image: { kind: 'painting' } });
        this.#message('Back to the painting.', 'info');
        this.querySelector<HTMLInputElement>('[data-file]')?.focus();
      },
      { signal },
    );
    for (const zone of this.querySelectorAll<HTMLElement>('[data-dropzone]')) {
      const set = (on: boolean) => zone.classList.toggle('is-dragging', on);
      zone.addEventListener(
        'dragover',
        (event) => {
          if (!this.#live || !event.dataTransfer?.types.includes('Files')) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          set(true);
        },
        { signal },
      );
      zone.addEventListener('dragleave', () => set(false), { signal });
      zone.addEventListener(
        'drop',
        (event) => {
          set(false);
          const dropped = event.dataTransfer?.files[0];
          if (!this.#live || !dropped) return;
          event.preventDefault();
          void this.#takeFile(dropped);
        },
        { signal },
      );
    }
  }

  #message(text: string, tone: 'info' | 'refused'): void {
    const el = this.querySelector<HTMLElement>('[data-upload-message]');
    if (!el) return;
    el.dataset.tone = tone;
    el.textContent = text;
  }

  /** Validates, decodes and crops a reader's file; on any problem says why and keeps the picture. */
  async #takeFile(file: File): Promise<void> {
    const token = ++this.#uploadToken;
    const stale = () => token !== this.#uploadToken;
    const refuse = (message: string) => {
      if (!stale()) this.#message(message, 'refused');
    };
    // Loaded on the first upload: most readers never choose a file.
    const [
      { checkDimensions, checkFileFacts, checkUpload, HEAD_BYTES, TAIL_BYTES },
      { decodeBitmap, pictureFromBitmap },
    ] = await Promise.all([import('./upload-check.ts'), import('../render/forward-image.ts')]);
    const facts = { name: file.name, type: file.type, size: file.size };
    const early = checkFileFacts(facts);
    if (early && !early.ok) return refuse(early.message);
    this.#message('Reading your picture…', 'info');
    let head: Uint8Array;
    let tail: Uint8Array;
    try {
      head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
      tail = new Uint8Array(await file.slice(Math.max(0, file.size - TAIL_BYTES)).arrayBuffer());
    } catch {
      return refuse("That file couldn't be read. The current picture stays.");
    }
    const verdict = checkUpload(facts, head, tail);
    if (!verdict.ok) return refuse(verdict.message);
    let bitmap: ImageBitmap;
    try {
      bitmap = await decodeBitmap(file);
    } catch {
      return refuse(
        "That file couldn't be decoded as a picture: it may be damaged, or in a format this browser doesn't read. The current picture stays.",
      );
    }
    try {
      const dims = checkDimensions(bitmap.width, bitmap.height);
      if (dims && !dims.ok) return refuse(dims.message);
      if (stale()) return;
      const picture = pictureFromBitmap(bitmap);
      this.#update({ image: { kind: 'upload', name: file.name, picture } });
      const cropped = bitmap.width === bitmap.height ? '' : ', cropped to its centre square';
      this.#message(
        `Now wrecking “${file.name}” (${bitmap.width} × ${bitmap.height}${cropped}). It stays on this device.`,
        'info',
      );
    } finally {
      bitmap.close();
    }
  }
}
