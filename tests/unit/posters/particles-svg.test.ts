import { describe, expect, it } from 'vitest';
import { dotPath, GRID, PANEL, particlePanel } from '../../../src/posters/particles-svg.ts';
import { createRng, fillGaussian } from '../../../src/sim/random.ts';

/** The dots a path draws: absolute for M, relative for m; every dot is followed by h0. */
function decode(d: string): [number, number][] {
  const dots: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([Mm])(-?\d+)[ ]?(-?\d+)h0/g)) {
    x = cmd === 'M' ? Number(a) : x + Number(a);
    y = cmd === 'M' ? Number(b) : y + Number(b);
    dots.push([x, y]);
  }
  expect(d.replace(/[Mm]-?\d+[ ]?-?\d+h0/g, '')).toBe('');
  return dots;
}

const key = ([x, y]: [number, number]) => `${x},${y}`;

/** 1,200 particles of the seeded noise a run starts from, with a few off the panel. */
function cloud(): Float32Array {
  const points = new Float32Array(2400);
  fillGaussian(createRng(7), points);
  return points;
}

describe('poster dots', () => {
  it('draws each point once, wherever the sweep puts it in the path', () => {
    const points: [number, number][] = [
      [10, 1500],
      [1990, 3],
      [0, 0],
      [700, 701],
      [700, 701],
      [-40, 2100],
    ];
    const expected = points.map(key).sort();
    const d = dotPath(points.map((p) => [...p] as [number, number]));
    expect(d.startsWith('M')).toBe(true);
    expect(decode(d).map(key).sort()).toEqual(expected);
  });

  it('places every particle of a panel within half a grid unit of where the simulation put it', () => {
    const points = cloud();
    points[0] = Number.NaN;
    const svg = particlePanel(points, 10, 20, {
      colourBy: points.map((v) => (Number.isNaN(v) ? 0 : v)),
    });
    const size = PANEL * GRID;
    expect(svg).toContain(`viewBox="0 0 ${size} ${size}"`);
    const drawn = [...svg.matchAll(/<path d="([^"]*)" stroke="([^"]*)" stroke-width/g)].flatMap(
      (m) => decode(m[1] ?? ''),
    );
    // One dot per finite particle (the NaN one is left out).
    expect(drawn).toHaveLength(1199);
    const scale = size / 2.2;
    const want = new Map<string, number>();
    for (let i = 2; i < points.length; i += 2) {
      const k = key([
        Math.round(size / 2 + (points[i] ?? 0) * scale),
        Math.round(size / 2 - (points[i + 1] ?? 0) * scale),
      ]);
      want.set(k, (want.get(k) ?? 0) + 1);
    }
    for (const dot of drawn) {
      const k = key(dot);
      expect(want.get(k) ?? 0).toBeGreaterThan(0);
      want.set(k, (want.get(k) ?? 0) - 1);
    }
  });

  it('keeps a panel of 1,200 particles of noise (the most spread) under 10.5 bytes a dot', () => {
    // Absolute moves with a decimal took about 13.7.
    const points = cloud();
    const svg = particlePanel(points, 0, 0, { colourBy: points });
    expect(svg.length / 1200).toBeLessThan(10.5);
  });
});
