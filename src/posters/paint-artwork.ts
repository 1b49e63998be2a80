/**
 * Paints the article's default picture, "Evening over the meadow": an original scene made for
 * EP 01 from a few shapes and brush-like texture, so it has clear edges and colour for the noise
 * to destroy. Writes public/art/meadow.webp. Run once after changing it: node src/posters/paint-artwork.ts
 */
import sharp from 'sharp';

/** Working size in pixels: large enough for phones at 2× DPR in a half-width panel. */
const SIZE = 512;

type Rgb = [number, number, number];

function hex(h: string): Rgb {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

const mix = (a: Rgb, b: Rgb, k: number): Rgb => [
  a[0] + (b[0] - a[0]) * k,
  a[1] + (b[1] - a[1]) * k,
  a[2] + (b[2] - a[2]) * k,
];
const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
const smooth = (e0: number, e1: number, x: number) => {
  const t = clamp01((x - e0) / (e1 - e0));
  return t * t * (3 - 2 * t);
};

/** Integer hash → [0, 1): a fixed texture, the same on every run. */
function hash(x: number, y: number): number {
  let h = (Math.imul(x, 374761393) + Math.imul(y, 668265263)) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Smooth value noise in about [0, 1]. */
function noise(x: number, y: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const fx = x - xi;
  const fy = y - yi;
  const u = fx * fx * (3 - 2 * fx);
  const v = fy * fy * (3 - 2 * fy);
  const a = hash(xi, yi);
  const b = hash(xi + 1, yi);
  const c = hash(xi, yi + 1);
  const d = hash(xi + 1, yi + 1);
  return a + (b - a) * u + (c - a) * v + (a - b - c + d) * u * v;
}

/** Brush strokes: noise stretched along a direction, a few octaves. */
function strokes(x: number, y: number, angle: number, scale: number): number {
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  const u = (x * ca + y * sa) * scale;
  const w = (-x * sa + y * ca) * scale * 6;
  return 0.55 * noise(u, w) + 0.3 * noise(u * 2.1, w * 2.1) + 0.15 * noise(u * 4.3, w * 4.3);
}

const SKY_TOP = hex('#25286a');
const SKY_MID = hex('#b5588a');
const SKY_LOW = hex('#f6a25e');
const SUN = hex('#ffe08a');
const MOUNTAIN = hex('#5d4f8c');
const MOUNTAIN_FAR = hex('#8a6a9e');
const HILL_LIGHT = hex('#5f9a47');
const HILL_DARK = hex('#2d5a37');
const LAKE = hex('#3a5d9c');
const TRUNK = hex('#4a2f22');
const CROWN = hex('#1f4a2c');
const CROWN_LIGHT = hex('#3f7a3a');
const WALL = hex('#e9dcc0');
const ROOF = hex('#b8322a');
const DOOR = hex('#3b2a25');
const WINDOW = hex('#ffd36b');

function paint(x: number, y: number): Rgb {
  // Sky: dusk gradient with stretched cloud strokes.
  const skyK = y / 0.62;
  let c =
    skyK < 0.55
      ? mix(SKY_TOP, SKY_MID, smooth(0, 0.55, skyK))
      : mix(SKY_MID, SKY_LOW, smooth(0.55, 1, skyK));
  const cloud = strokes(x, y, 0.05, 7);
  c = mix(c, SKY_LOW, 0.25 * smooth(0.55, 0.8, cloud) * (1 - skyK * 0.4));

  // Sun with a halo.
  const sd = Math.hypot(x - 0.7, y - 0.4);
  c = mix(c, SUN, 0.5 * Math.exp(-((sd / 0.16) ** 2)));
  c = mix(c, SUN, smooth(0.085, 0.078, sd));

  // Far and near mountain ridges.
  const farRidge =
    0.5 - 0.06 * Math.sin(x * 7.1 + 0.5) - 0.035 * Math.sin(x * 17 + 2) - 0.02 * noise(x * 30, 3);
  if (y > farRidge) c = mix(MOUNTAIN_FAR, SKY_LOW, 0.25 * smooth(farRidge + 0.1, farRidge, y));
  const ridge =
    0.56 -
    0.09 * Math.exp(-(((x - 0.3) / 0.16) ** 2)) -
    0.03 * Math.sin(x * 11) -
    0.015 * noise(x * 40, 7);
  if (y > ridge) c = mix(MOUNTAIN, MOUNTAIN_FAR, 0.3 * strokes(x, y, 0.9, 9));

  // Rolling meadow.
  const hill = 0.66 + 0.05 * Math.sin(x * 5.2 + 1.2) + 0.02 * Math.sin(x * 13);
  if (y > hill) {
    const grass = strokes(x, y, -0.35, 14);
    c = mix(HILL_LIGHT, HILL_DARK, clamp01((y - hill) * 2.2 + 0.35 * grass));
  }

  // Lake in the lower left, reflecting the sky.
  const lake = ((x - 0.2) / 0.3) ** 2 + ((y - 0.88) / 0.07) ** 2;
  if (lake < 1) {
    const ripple = strokes(x, y, 0, 20);
    c = mix(LAKE, SKY_LOW, 0.35 * smooth(0.6, 0.9, ripple) + 0.15 * (1 - lake));
  }

  // A tree on the right of the lake: trunk, then a round crown of leafy dabs.
  if (Math.abs(x - 0.46) < 0.014 && y > 0.6 && y < 0.76) c = TRUNK;
  const crown =
    Math.hypot((x - 0.46) / 0.085, (y - 0.56) / 0.1) + 0.25 * (noise(x * 40, y * 40) - 0.5);
  if (crown < 1)
    c = mix(
      CROWN_LIGHT,
      CROWN,
      smooth(0.2, 1, crown + 0.3 * (x - 0.42) * 10 * 0.1) * 0.8 + 0.2 * noise(x * 60, y * 60),
    );

  // A small house on the hill: wall, roof, door, a lit window.
  const hx = x - 0.72;
  const wallTop = 0.66;
  if (Math.abs(hx) < 0.07 && y > wallTop && y < 0.75) {
    c = mix(WALL, SKY_LOW, 0.15 * noise(x * 50, y * 50));
    if (Math.abs(hx + 0.03) < 0.014 && y > 0.705) c = DOOR;
    if (Math.abs(hx - 0.03) < 0.016 && y > 0.682 && y < 0.71) c = WINDOW;
  }
  if (y <= wallTop && y > wallTop - 0.07 + Math.abs(hx) * 0.8 && Math.abs(hx) < 0.085) {
    c = mix(ROOF, DOOR, 0.25 * strokes(x, y, 0.6, 30));
  }

  // Canvas grain over everything.
  const grain = (noise(x * 180, y * 180) - 0.5) * 0.05;
  return [clamp01(c[0] + grain), clamp01(c[1] + grain), clamp01(c[2] + grain)];
}

const pixels = Buffer.alloc(SIZE * SIZE * 3);
for (let j = 0; j < SIZE; j++) {
  for (let i = 0; i < SIZE; i++) {
    // 2×2 supersampling keeps the shapes' edges clean.
    let r = 0;
    let g = 0;
    let b = 0;
    for (const [dx, dy] of [
      [0.25, 0.25],
      [0.75, 0.25],
      [0.25, 0.75],
      [0.75, 0.75],
    ] as const) {
      const [pr, pg, pb] = paint((i + dx) / SIZE, (j + dy) / SIZE);
      r += pr;
      g += pg;
      b += pb;
    }
    const o = (j * SIZE + i) * 3;
    pixels[o] = Math.round((r / 4) * 255);
    pixels[o + 1] = Math.round((g / 4) * 255);
    pixels[o + 2] = Math.round((b / 4) * 255);
  }
}

const out = new URL('../../public/art/meadow.webp', import.meta.url);
const info = await sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 3 } })
  .webp({ quality: 82, effort: 6 })
  .toFile(out.pathname);
console.log(`wrote ${out.pathname}: ${SIZE}×${SIZE}, ${(info.size / 1024).toFixed(1)} KB`);
