/**
 * A small SVG line chart for the figures' measured curves (EP 04: final distance against step
 * count on a log axis; EP 05: precision, coverage and Chamfer against the guidance scale). Points
 * are added as the worker delivers them; the y axis grows to fit. Only SVG presentation
 * attributes are set (no style attributes, which the page's content security policy forbids).
 * The scale and path helpers are pure and tested.
 */

/** One axis: its range, whether it is logarithmic, its ticks and its title. */
export interface ChartAxis {
  min: number;
  max: number;
  log?: boolean;
  ticks: readonly number[];
  label: string;
}

/** One line of the chart. */
export interface ChartSeries {
  id: string;
  colour: string;
  /** SVG stroke-dasharray, for lines told apart without colour. */
  dash?: string;
}

export interface ChartSpec {
  /** viewBox size; CSS scales the SVG. */
  width: number;
  height: number;
  x: ChartAxis;
  /** y.max is a floor: the axis grows (to a round number) to fit the data. */
  y: ChartAxis;
  series: readonly ChartSeries[];
}

export interface ChartPoint {
  x: number;
  y: number;
}

/**
 * Margins of the plot inside the viewBox: room for the tick labels (on the right, half of a
 * centred "100") and the axis titles.
 */
const MARGIN = { left: 38, right: 12, top: 8, bottom: 30 };
/** Colours of the axes and labels: legible on the figure's dark background. */
const AXIS_COLOUR = '#8d8980';
const LABEL_COLOUR = '#c9c5bd';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Maps data values on `axis` to pixels between `from` and `to` (log axes by log10). */
export function axisScale(axis: ChartAxis, from: number, to: number): (value: number) => number {
  const f = axis.log ? Math.log10 : (v: number) => v;
  const a = f(axis.min);
  const b = f(axis.max);
  const span = b - a || 1;
  return (value) => from + ((f(value) - a) / span) * (to - from);
}

/** An SVG path through the points in x order ("" for none); non-finite points are skipped. */
export function linePath(
  points: readonly ChartPoint[],
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  const parts: string[] = [];
  for (const p of [...points].sort((a, b) => a.x - b.x)) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    parts.push(`${parts.length === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)}`);
  }
  return parts.join('');
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ value (value > 0). */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value - 1e-12) return m * power;
  return 10 * power;
}

/** Four to six round ticks from 0 to max. */
export function ticksTo(max: number): number[] {
  const step = niceCeil(max / 5);
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/** A tick label: no trailing zeros, at most three decimals. */
export function tickText(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
  parent?: Element,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  parent?.append(node);
  return node;
}

/** Sets the attributes whose values differ (an unchanged one is not written again). */
function setAttrs(node: Element, attrs: Record<string, string | number>): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (node.getAttribute(key) !== String(value)) node.setAttribute(key, String(value));
  }
}

/** A line chart drawn into an <svg>; points and markers change, the frame is drawn once. */
export class LineChart {
  readonly #spec: ChartSpec;
  readonly #points = new Map<string, ChartPoint[]>();
  readonly #paths = new Map<string, SVGPathElement>();
  readonly #yAxis: SVGGElement;
  readonly #markers: SVGGElement;
  #yMax: number;
  #marks: { x: number; text: string; colour: string }[] = [];

  constructor(svg: SVGSVGElement, spec: ChartSpec) {
    this.#spec = spec;
    this.#yMax = spec.y.max;
    svg.replaceChildren();
    svg.setAttribute('viewBox', `0 0 ${spec.width} ${spec.height}`);
    const { left, right, bottom } = this.#box;
    // x axis: ticks and title, drawn once.
    const xAxis = el('g', { 'font-size': 10, fill: LABEL_COLOUR }, svg);
    el('line', { x1: left, x2: right, y1: bottom, y2: bottom, stroke: AXIS_COLOUR }, xAxis);
    const sx = this.#sx;
    for (const tick of spec.x.ticks) {
      const x = sx(tick).toFixed(1);
      el('line', { x1: x, x2: x, y1: bottom, y2: bottom + 3, stroke: AXIS_COLOUR }, xAxis);
      el('text', { x, y: bottom + 13, 'text-anchor': 'middle' }, xAxis).textContent =
        tickText(tick);
    }
    el(
      'text',
      { x: (left + right) / 2, y: spec.height - 3, 'text-anchor': 'middle' },
      xAxis,
    ).textContent = spec.x.label;
    this.#yAxis = el('g', { 'font-size': 10, fill: LABEL_COLOUR }, svg);
    this.#markers = el('g', {}, svg);
    for (const series of spec.series) {
      const path = el(
        'path',
        {
          fill: 'none',
          stroke: series.colour,
          'stroke-width': 2,
          'stroke-linejoin': 'round',
          ...(series.dash && { 'stroke-dasharray': series.dash }),
          'data-series': series.id,
        },
        svg,
      );
      this.#paths.set(series.id, path);
      this.#points.set(series.id, []);
    }
    this.#drawY();
  }

  /** The points of a series so far (a copy). */
  points(series: string): ChartPoint[] {
    return [...(this.#points.get(series) ?? [])];
  }

  /** How many points a series has (without copying them, as points() does). */
  count(series: string): number {
    return this.#points.get(series)?.length ?? 0;
  }

  /** Adds (or replaces, at the same x) one point of a series. */
  add(series: string, point: ChartPoint): void {
    const list = this.#points.get(series);
    if (!list) return;
    const i = list.findIndex((p) => p.x === point.x);
    if (i >= 0) list[i] = point;
    else list.push(point);
    if (point.y > this.#yMax) {
      this.#yMax = niceCeil(point.y);
      this.#drawY();
      this.#drawAll();
    } else this.#draw(series);
  }

  /** Forgets every point (a new measurement starts). */
  clear(): void {
    const empty = [...this.#points.values()].every((list) => list.length === 0);
    if (empty && this.#yMax === this.#spec.y.max) return; // nothing drawn to forget
    for (const list of this.#points.values()) list.length = 0;
    this.#yMax = this.#spec.y.max;
    this.#drawY();
    this.#drawAll();
  }

  /** Vertical markers at these x values (e.g. the reader's choice). */
  mark(marks: { x: number; text: string; colour: string }[]): void {
    const same =
      marks.length === this.#marks.length &&
      marks.every((m, i) => {
        const o = this.#marks[i];
        return o !== undefined && o.x === m.x && o.text === m.text && o.colour === m.colour;
      });
    if (same) return; // the page's DOM stays untouched while the reader's choice holds
    this.#marks = marks;
    this.#drawMarks();
  }

  get #box(): { left: number; right: number; top: number; bottom: number } {
    return {
      left: MARGIN.left,
      right: this.#spec.width - MARGIN.right,
      top: MARGIN.top,
      bottom: this.#spec.height - MARGIN.bottom,
    };
  }

  get #sx(): (v: number) => number {
    const { left, right } = this.#box;
    return axisScale(this.#spec.x, left, right);
  }

  get #sy(): (v: number) => number {
    const { top, bottom } = this.#box;
    return axisScale({ ...this.#spec.y, max: this.#yMax }, bottom, top);
  }

  #drawY(): void {
    const { left, right, top, bottom } = this.#box;
    const sy = this.#sy;
    this.#yAxis.replaceChildren();
    el('line', { x1: left, x2: left, y1: top, y2: bottom, stroke: AXIS_COLOUR }, this.#yAxis);
    for (const tick of ticksTo(this.#yMax)) {
      const y = sy(tick).toFixed(1);
      el('line', { x1: left, x2: right, y1: y, y2: y, stroke: '#2a2c33' }, this.#yAxis);
      el('text', { x: left - 4, y: Number(y) + 3, 'text-anchor': 'end' }, this.#yAxis).textContent =
        tickText(tick);
    }
    el(
      'text',
      {
        x: 10,
        y: (top + bottom) / 2,
        'text-anchor': 'middle',
        transform: `rotate(-90 10 ${(top + bottom) / 2})`,
      },
      this.#yAxis,
    ).textContent = this.#spec.y.label;
    this.#drawMarks();
  }

  #drawAll(): void {
    for (const series of this.#spec.series) this.#draw(series.id);
  }

  #draw(series: string): void {
    this.#paths
      .get(series)
      ?.setAttribute('d', linePath(this.#points.get(series) ?? [], this.#sx, this.#sy));
  }

  /**
   * Draws the markers into the nodes already there, adding or removing only what the count
   * changed: a slider dragged through step counts moves one line and one label, where replacing
   * them made new nodes for style and layout at every value.
   */
  #drawMarks(): void {
    const { top, bottom } = this.#box;
    const sx = this.#sx;
    const nodes = this.#markers.children;
    this.#marks.forEach((m, i) => {
      const x = sx(m.x).toFixed(1);
      const line = nodes[2 * i] ?? el('line', { 'stroke-dasharray': '3 3' }, this.#markers);
      const label = nodes[2 * i + 1] ?? el('text', { 'font-size': 10 }, this.#markers);
      // Labels near the right edge sit to the left of their line.
      const flip = Number(x) > this.#box.right - 60;
      setAttrs(line, { x1: x, x2: x, y1: top, y2: bottom, stroke: m.colour });
      setAttrs(label, {
        x: Number(x) + (flip ? -3 : 3),
        y: top + 9,
        fill: m.colour,
        'text-anchor': flip ? 'end' : 'start',
      });
      if (label.textContent !== m.text) label.textContent = m.text;
    });
    while (nodes.length > 2 * this.#marks.length) nodes[nodes.length - 1]?.remove();
  }
}
