/**
 * Distances between a particle cloud and a target point set (both xy interleaved), measured on
 * the particles as they are. Guidance trades precision for coverage; their mean is the
 * (symmetric) Chamfer distance.
 */

function checkPoints(name: string, points: Float32Array): void {
  if (points.length < 2 || points.length % 2 !== 0) {
    throw new RangeError(
      `${name} must hold at least 1 point (xy interleaved), got ${points.length} numbers`,
    );
  }
}

/** Mean over `from` of the distance to the nearest point of `to`. */
function meanNearest(from: Float32Array, to: Float32Array): number {
  const n = from.length >> 1;
  const m = to.length >> 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = from[2 * i] ?? 0;
    const y = from[2 * i + 1] ?? 0;
    let best = Infinity;
    for (let k = 0; k < m; k++) {
      const dx = x - (to[2 * k] ?? 0);
      const dy = y - (to[2 * k + 1] ?? 0);
      const d = dx * dx + dy * dy;
      if (d < best) best = d;
    }
    total += Math.sqrt(best);
  }
  return total / n;
}

/** Precision: mean distance from each particle to its nearest target point ("avg distance from target"). */
export function precision(points: Float32Array, target: Float32Array): number {
  checkPoints('points', points);
  checkPoints('target', target);
  return meanNearest(points, target);
}

/** Coverage: mean distance from each target point to its nearest particle (small when no part is missed). */
export function coverage(points: Float32Array, target: Float32Array): number {
  checkPoints('points', points);
  checkPoints('target', target);
  return meanNearest(target, points);
}

/** Chamfer distance: the mean of precision and coverage. */
export function chamfer(points: Float32Array, target: Float32Array): number {
  return (precision(points, target) + coverage(points, target)) / 2;
}
