/**
 * Build-time SVG drawing of particle clouds for the posters: each cloud is a few <path>s of
 * zero-length round-capped segments (one path per colour), which keeps 1,200 particles to a few
 * kilobytes of markup. The drawings are rasterised at build time (poster-pixels.ts); readers get
 * pixels, not this markup.
 *
 * Each dot is a relative move in whole units of a panel ten times finer than the poster's
 * (`m12-5h0` where it was `M209.6 2.2h0`), dots in the order of a row-by-row sweep of the panel so
 * that each move is short: the same precision in about two thirds of the bytes.
 */

import { bucketColour, startHueBucket } from '../render/particle-colour.ts';

// The colour rule is shared with the live figures, so poster and interactive match.
export { bucketColour, startHueBucket };

/** Panel size in SVG units; data space [-1, 1]² maps onto it. */
export const PANEL = 200;
/** Units of a panel's own drawing per poster unit: dots sit on a grid of 1 / GRID units. */
export const GRID = 10;
/** Height of the bands the dots are swept in, in panel units (a tenth of the panel). */
const BAND = (PANEL * GRID) / 10;

/** Escapes text for SVG character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Path data drawing a dot at each point (whole panel units): the first an absolute move, each
 * next a relative one, each followed by a zero-length segment that the round cap makes a dot.
 * The points are sorted in place: band by band from the top, left to right and back again.
 */
export function dotPath(points: [number, number][]): string {
  const band = (p: [number, number]) => Math.floor(p[1] / BAND);
  points.sort((a, b) => band(a) - band(b) || (band(a) % 2 === 0 ? a[0] - b[0] : b[0] - a[0]));
  let d = '';
  let x = 0;
  let y = 0;
  for (const [px, py] of points) {
    const dx = px - x;
    const dy = py - y;
    d += d === '' ? `M${px} ${py}h0` : `m${dx}${dy < 0 ? '' : ' '}${dy}h0`;
    x = px;
    y = py;
  }
  return d;
}

/** The point at data coordinates (x, y), in whole units of a panel's drawing. */
function toPanel(x: number, y: number): [number, number] {
  const size = PANEL * GRID;
  const scale = size / 2.2; // a small margin around [-1, 1]
  return [Math.round(size / 2 + x * scale), Math.round(size / 2 - y * scale)];
}

/**
 * One panel of particles at (x0, y0) in the poster, clipped to the panel. `colourBy` are the particles' starting
 * positions (same length as `points`); without it every particle uses `colour`.
 */
export function particlePanel(
  points: Float32Array,
  x0: number,
  y0: number,
  options: {
    colourBy?: Float32Array;
    colour?: string;
    radius?: number;
    target?: Float32Array;
  } = {},
): string {
  const radius = (options.radius ?? 2.1) * GRID;
  const size = PANEL * GRID;
  const parts: string[] = [];
  if (options.target) {
    const tg = options.target;
    const dots: [number, number][] = [];
    for (let i = 0; i + 1 < tg.length; i += 2) dots.push(toPanel(tg[i] ?? 0, tg[i + 1] ?? 0));
    parts.push(
      `<path d="${dotPath(dots)}" stroke="#ffffff" stroke-opacity="0.16" stroke-width="${radius * 2.4}" stroke-linecap="round" fill="none"/>`,
    );
  }
  const buckets = new Map<string, [number, number][]>();
  for (let i = 0; i + 1 < points.length; i += 2) {
    const px = points[i] ?? 0;
    const py = points[i + 1] ?? 0;
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    const by = options.colourBy;
    const colour = by
      ? bucketColour(startHueBucket(by[i] ?? 0, by[i + 1] ?? 0))
      : (options.colour ?? '#e8e6e1');
    const dot = toPanel(px, py);
    const list = buckets.get(colour);
    if (list) list.push(dot);
    else buckets.set(colour, [dot]);
  }
  for (const [colour, dots] of buckets) {
    parts.push(
      `<path d="${dotPath(dots)}" stroke="${colour}" stroke-width="${radius * 2}" stroke-linecap="round" fill="none"/>`,
    );
  }
  return `<svg x="${x0}" y="${y0}" width="${PANEL}" height="${PANEL}" viewBox="0 0 ${size} ${size}"><rect width="${size}" height="${size}" rx="${8 * GRID}" fill="#1d1f27"/>${parts.join('')}</svg>`;
}

/** A text label in the poster. */
export function label(
  text: string,
  x: number,
  y: number,
  options: {
    size?: number;
    colour?: string;
    anchor?: 'start' | 'middle' | 'end';
    weight?: number;
  } = {},
): string {
  return `<text x="${x}" y="${y}" font-size="${options.size ?? 13}" fill="${options.colour ?? '#e8e6e1'}" text-anchor="${options.anchor ?? 'middle'}" font-weight="${options.weight ?? 400}">${escapeXml(text)}</text>`;
}

/** Wraps panels into a standalone SVG document with the figure's dark background. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"><title>${escapeXml(title)}</title><rect width="100%" height="100%" fill="#15161b"/>${body}</svg>`;
}
