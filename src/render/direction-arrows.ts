/**
 * EP 05's arrow view: for a sample of particles, the direction each noise prediction would move
 * it. A prediction ε points from the clean guess toward the noise, so the denoising move is −ε;
 * the conditional (ε_c), unconditional (ε_u) and guided (ε̃ = ε_u + s·(ε_c − ε_u)) arrows
 * start at the particle and share one scale, so their lengths compare honestly. Drawn with
 * Canvas 2D over the WebGL panel (no second WebGL context).
 */
import { panelFrame, type PanelRect } from './points-layout.ts';

/** Draw an arrow for every this-many-th particle (100 of 1,200: readable, not a hairball). */
export const ARROW_STRIDE = 12;
/** Data units of arrow per unit of ε. */
export const ARROW_SCALE = 0.08;
/** The longest arrow drawn, in data units (s = 40 stretches ε̃ far past the panel). */
export const ARROW_MAX = 0.45;

/** The three directions, back to front, with their colours. */
export const ARROW_KINDS = [
  { key: 'uncond', colour: '#b8b3aa' },
  { key: 'cond', colour: '#6fd3c8' },
  { key: 'guided', colour: '#ffb27a' },
] as const;

export type ArrowKind = (typeof ARROW_KINDS)[number]['key'];

/** An arrow in data space: from (x, y) to (x + dx, y + dy). */
export interface Arrow {
  x: number;
  y: number;
  dx: number;
  dy: number;
}

/** The arrows −ε·ARROW_SCALE (clamped to ARROW_MAX) for every `stride`-th particle. */
export function arrowsFor(
  positions: Float32Array,
  eps: Float32Array,
  stride = ARROW_STRIDE,
  scale = ARROW_SCALE,
  max = ARROW_MAX,
): Arrow[] {
  const out: Arrow[] = [];
  const n = Math.min(positions.length, eps.length) >> 1;
  for (let i = 0; i < n; i += stride) {
    let dx = -(eps[2 * i] ?? 0) * scale;
    let dy = -(eps[2 * i + 1] ?? 0) * scale;
    const length = Math.hypot(dx, dy);
    if (length > max) {
      dx *= max / length;
      dy *= max / length;
    }
    out.push({ x: positions[2 * i] ?? 0, y: positions[2 * i + 1] ?? 0, dx, dy });
  }
  return out;
}

/** Draws arrows into `rect` of a 2D context (CSS pixels; the caller has set the pixel ratio). */
export function drawArrows(
  ctx: CanvasRenderingContext2D,
  rect: PanelRect,
  sets: readonly { colour: string; arrows: readonly Arrow[] }[],
): void {
  const { cx, cy, scale } = panelFrame(rect);
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.x, rect.y, rect.width, rect.height);
  ctx.clip();
  ctx.lineWidth = 1.4;
  ctx.lineCap = 'round';
  for (const set of sets) {
    ctx.strokeStyle = set.colour;
    ctx.beginPath();
    for (const a of set.arrows) {
      const x0 = cx + a.x * scale;
      const y0 = cy - a.y * scale;
      const x1 = cx + (a.x + a.dx) * scale;
      const y1 = cy - (a.y + a.dy) * scale;
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      // A small head: two strokes back from the tip.
      const angle = Math.atan2(y1 - y0, x1 - x0);
      const head = Math.min(4, Math.hypot(x1 - x0, y1 - y0) * 0.4);
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - head * Math.cos(angle - 0.5), y1 - head * Math.sin(angle - 0.5));
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - head * Math.cos(angle + 0.5), y1 - head * Math.sin(angle + 0.5));
    }
    ctx.stroke();
  }
  ctx.restore();
}
