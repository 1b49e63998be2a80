/**
 * Build-time SVG drawing of particle clouds for the posters: each cloud is a few <path>s of
 * zero-length round-capped segments (one path per colour), which keeps 1,200 particles to a few
 * kilobytes of markup.
 */

import { bucketColour, startHueBucket } from '../render/particle-colour.ts';

// The colour rule is shared with the live figures, so poster and interactive match.
export { bucketColour, startHueBucket };

/** Panel size in SVG units; data space [-1, 1]² maps onto it. */
export const PANEL = 200;

/** Escapes text for SVG character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

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
  const radius = options.radius ?? 2.1;
  const scale = PANEL / 2.2; // a small margin around [-1, 1]
  const cx = PANEL / 2;
  const cy = PANEL / 2;
  const parts: string[] = [];
  if (options.target) {
    let d = '';
    const tg = options.target;
    for (let i = 0; i + 1 < tg.length; i += 2) {
      d += `M${fmt(cx + (tg[i] ?? 0) * scale)} ${fmt(cy - (tg[i + 1] ?? 0) * scale)}h0`;
    }
    parts.push(
      `<path d="${d}" stroke="#ffffff" stroke-opacity="0.16" stroke-width="${radius * 2.4}" stroke-linecap="round" fill="none"/>`,
    );
  }
  const buckets = new Map<string, string[]>();
  for (let i = 0; i + 1 < points.length; i += 2) {
    const px = points[i] ?? 0;
    const py = points[i + 1] ?? 0;
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    const by = options.colourBy;
    const colour = by
      ? bucketColour(startHueBucket(by[i] ?? 0, by[i + 1] ?? 0))
      : (options.colour ?? '#e8e6e1');
    const seg = `M${fmt(cx + px * scale)} ${fmt(cy - py * scale)}h0`;
    const list = buckets.get(colour);
    if (list) list.push(seg);
    else buckets.set(colour, [seg]);
  }
  for (const [colour, segs] of buckets) {
    parts.push(
      `<path d="${segs.join('')}" stroke="${colour}" stroke-width="${radius * 2}" stroke-linecap="round" fill="none"/>`,
    );
  }
  return `<svg x="${x0}" y="${y0}" width="${PANEL}" height="${PANEL}" viewBox="0 0 ${PANEL} ${PANEL}"><rect width="${PANEL}" height="${PANEL}" rx="8" fill="#1d1f27"/>${parts.join('')}</svg>`;
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
