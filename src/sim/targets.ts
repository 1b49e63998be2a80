/**
 * The prompts' target shapes: point sets in [-1, 1]², drawn from geometry in code so they are
 * identical in Node, in the worker and in every browser. Points are spread at equal arc-length
 * spacing along each shape's strokes and snapped to the denoiser's lattice (see LATTICE_STEP).
 */

import { PROMPT_IDS, type PromptId } from './prompt-ids.ts';

export { PROMPT_IDS, type PromptId };

/** One prompt: its label, the words that select it, and its target point set. */
export interface PromptTarget {
  id: PromptId;
  /** How the article names it, e.g. "a heart". */
  label: string;
  /** Lower-case singular words that select this prompt when typed. */
  words: readonly string[];
  /** x, y interleaved, every coordinate a multiple of LATTICE_STEP within ±SHAPE_EXTENT. */
  points: Float32Array;
}

/** Points per target shape: the same for every prompt, so every shape weighs the same. */
export const POINTS_PER_TARGET = 240;
/** Half-width of the box every shape is fitted into, leaving a margin inside [-1, 1]². */
export const SHAPE_EXTENT = 0.8;
/** Spacing of the lattice targets are snapped to (1/64: moves a point ≤ 0.008, a third of σ₀; lets the denoiser factorise). */
export const LATTICE_STEP = 1 / 64;

type Stroke = readonly (readonly [number, number])[];

interface ShapeSpec {
  label: string;
  words: readonly string[];
  /** Polylines in any units; closed ones repeat their first vertex at the end. */
  strokes: () => Stroke[];
}

/** Vertices of a parametric curve p(u), u in [0, 1], sampled at n + 1 points. */
function curve(n: number, p: (u: number) => readonly [number, number]): Stroke {
  const out: (readonly [number, number])[] = [];
  for (let i = 0; i <= n; i++) out.push(p(i / n));
  return out;
}

/** A circle (closed polyline) of radius r around (cx, cy). */
function circle(cx: number, cy: number, r: number): Stroke {
  return curve(64, (u) => [cx + r * Math.cos(2 * Math.PI * u), cy + r * Math.sin(2 * Math.PI * u)]);
}

/** A point on the circle of radius r around (cx, cy) at `degrees`. */
function polar(cx: number, cy: number, r: number, degrees: number): readonly [number, number] {
  const rad = (degrees * Math.PI) / 180;
  return [cx + r * Math.cos(rad), cy + r * Math.sin(rad)];
}

/** An arc of the circle of radius r around (cx, cy) from `from` to `to` degrees. */
function arc(cx: number, cy: number, r: number, from: number, to: number): Stroke {
  return curve(48, (u) => polar(cx, cy, r, from + (to - from) * u));
}

const SHAPES: Record<PromptId, ShapeSpec> = {
  heart: {
    label: 'a heart',
    words: ['heart', 'love', 'valentine', 'romance'],
    // The classic heart curve x = 16 sin³u, y = 13 cos u − 5 cos 2u − 2 cos 3u − cos 4u.
    strokes: () => [
      curve(400, (u) => {
        const a = 2 * Math.PI * u;
        return [
          16 * Math.sin(a) ** 3,
          13 * Math.cos(a) - 5 * Math.cos(2 * a) - 2 * Math.cos(3 * a) - Math.cos(4 * a),
        ];
      }),
    ],
  },
  star: {
    label: 'a star',
    words: ['star', 'starry', 'twinkle', 'stellar', 'starfish'],
    // Five points; the inner radius 0.382 of the outer one gives the regular pentagram's outline.
    strokes: () => [
      curve(10, (u) => polar(0, 0, Math.round(u * 10) % 2 === 0 ? 1 : 0.382, 90 + 360 * u)),
    ],
  },
  spiral: {
    label: 'a spiral',
    words: ['spiral', 'swirl', 'galaxy', 'vortex', 'whirl', 'coil', 'snail', 'whirlpool'],
    // An Archimedean spiral of 2¾ turns: even gaps between the arms.
    strokes: () => [curve(600, (u) => polar(0, 0, 0.08 + 0.92 * u, 90 + 990 * u))],
  },
  cat: {
    label: 'a cat',
    words: ['cat', 'kitten', 'kitty', 'feline', 'puss', 'pussycat', 'meow'],
    // A cat's face: round head with two pointed ears, eyes, a nose and whiskers.
    strokes: () => [
      [
        polar(0, 0, 1, 30),
        [0.88, 1.25],
        polar(0, 0, 1, 70),
        ...arc(0, 0, 1, 70, 110),
        polar(0, 0, 1, 110),
        [-0.88, 1.25],
        polar(0, 0, 1, 150),
        ...arc(0, 0, 1, 150, 390),
      ],
      circle(-0.38, 0.18, 0.15),
      circle(0.38, 0.18, 0.15),
      [
        [-0.1, -0.18],
        [0.1, -0.18],
        [0, -0.3],
        [-0.1, -0.18],
      ],
      [
        [0, -0.3],
        [-0.14, -0.44],
      ],
      [
        [0, -0.3],
        [0.14, -0.44],
      ],
      [
        [-0.25, -0.22],
        [-0.8, -0.12],
      ],
      [
        [-0.25, -0.3],
        [-0.8, -0.38],
      ],
      [
        [0.25, -0.22],
        [0.8, -0.12],
      ],
      [
        [0.25, -0.3],
        [0.8, -0.38],
      ],
    ],
  },
  tree: {
    label: 'a tree',
    words: ['tree', 'pine', 'fir', 'forest', 'christmas', 'evergreen', 'conifer'],
    // A pine: three stacked tiers of branches on a trunk, as one closed outline.
    strokes: () => {
      const right: [number, number][] = [
        [0, 1],
        [0.42, 0.45],
        [0.22, 0.45],
        [0.62, -0.1],
        [0.36, -0.1],
        [0.8, -0.62],
        [0.14, -0.62],
        [0.14, -1],
      ];
      const left = right.map(([x, y]): [number, number] => [-x, y]).reverse();
      return [[...right, ...left]];
    },
  },
  letter: {
    label: 'the letter A',
    words: ['letter', 'alphabet', 'font', 'typography', 'initial', 'monogram'],
    // The three strokes of a capital A.
    strokes: () => [
      [
        [-0.62, -1],
        [0, 1],
        [0.62, -1],
      ],
      [
        [-0.36, -0.18],
        [0.36, -0.18],
      ],
    ],
  },
};

/**
 * Spreads `count` points at equal arc-length spacing over all strokes (each stroke gets its share
 * of the total length), fits the result into ±SHAPE_EXTENT keeping its aspect ratio, and snaps it
 * to the lattice.
 */
function pointsAlong(strokes: readonly Stroke[], count: number): Float32Array {
  const segments: number[] = []; // x0, y0, x1, y1, length per segment
  let total = 0;
  for (const stroke of strokes) {
    for (let i = 1; i < stroke.length; i++) {
      const [x0, y0] = stroke[i - 1] ?? [0, 0];
      const [x1, y1] = stroke[i] ?? [0, 0];
      const length = Math.hypot(x1 - x0, y1 - y0);
      segments.push(x0, y0, x1, y1, length);
      total += length;
    }
  }
  const raw = new Float64Array(2 * count);
  const spacing = total / count;
  let segment = 0;
  let walked = 0; // arc length before the current segment
  for (let k = 0; k < count; k++) {
    const s = (k + 0.5) * spacing;
    while (segment < segments.length / 5 - 1 && walked + (segments[5 * segment + 4] ?? 0) < s) {
      walked += segments[5 * segment + 4] ?? 0;
      segment++;
    }
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0, length = 0] = segments.slice(
      5 * segment,
      5 * segment + 5,
    );
    const u = length > 0 ? Math.min(1, (s - walked) / length) : 0;
    raw[2 * k] = x0 + (x1 - x0) * u;
    raw[2 * k + 1] = y0 + (y1 - y0) * u;
  }
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < count; k++) {
    const x = raw[2 * k] ?? 0;
    const y = raw[2 * k + 1] ?? 0;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const scale = (2 * SHAPE_EXTENT) / Math.max(maxX - minX, maxY - minY);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const out = new Float32Array(2 * count);
  for (let k = 0; k < count; k++) {
    out[2 * k] = snapToLattice(((raw[2 * k] ?? 0) - cx) * scale);
    out[2 * k + 1] = snapToLattice(((raw[2 * k + 1] ?? 0) - cy) * scale);
  }
  return out;
}

/** Rounds a coordinate to the nearest multiple of LATTICE_STEP within [-1, 1]. */
export function snapToLattice(value: number): number {
  return Math.max(-1, Math.min(1, Math.round(value / LATTICE_STEP) * LATTICE_STEP));
}

/** The target of a prompt; a fresh copy each call, so callers may keep or modify it. */
export function getTarget(id: PromptId): PromptTarget {
  const spec = SHAPES[id];
  if (spec === undefined)
    throw new RangeError(`prompt must be one of ${PROMPT_IDS.join(', ')}, got ${String(id)}`);
  return {
    id,
    label: spec.label,
    words: spec.words,
    points: pointsAlong(spec.strokes(), POINTS_PER_TARGET),
  };
}

/** True for the id of a known prompt. */
export function isPromptId(x: unknown): x is PromptId {
  return typeof x === 'string' && (PROMPT_IDS as readonly string[]).includes(x);
}

/** Singular candidates of a typed word: "kitties" → kitty, "stars" → star, "boxes" → box. */
function singulars(word: string): string[] {
  const out = [word];
  if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

/**
 * The prompt a typed text asks for, by its first word that names one ("a red heart" → heart),
 * case-insensitive and plural-tolerant; null when no word matches.
 */
export function matchPrompt(text: string): PromptId | null {
  for (const word of text.toLowerCase().split(/[^a-z]+/)) {
    if (word === '') continue;
    for (const candidate of singulars(word)) {
      for (const id of PROMPT_IDS) {
        if (SHAPES[id].words.includes(candidate)) return id;
      }
    }
  }
  return null;
}
