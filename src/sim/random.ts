/**
 * Seeded randomness for the simulation: sfc32 (Chris Doty-Humphrey's "small fast chaotic"
 * generator, PractRand-tested) for uniforms and Box–Muller for Gaussians. Every stream is
 * keyed by a 32-bit seed and a purpose string, so the initial noise and the DDPM noise of one
 * seed never share numbers and adding a new consumer never shifts an existing one.
 */

/** A seeded source of uniform and standard normal numbers. */
export interface Rng {
  /** A uniform number in [0, 1) with 32 random bits. */
  uniform(): number;
  /** A standard normal number N(0, 1). */
  gaussian(): number;
}

/** 2^-32: turns a 32-bit unsigned integer into a number in [0, 1). */
const INV_2_32 = 1 / 4294967296;
/** Outputs discarded after seeding so that nearby seeds decorrelate (sfc32's reference warm-up). */
const WARM_UP_ROUNDS = 15;

/** FNV-1a, 32 bit: hashes the purpose string into the seed material. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** The murmur3 finaliser: spreads every input bit over every output bit. */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A generator for `seed` (an integer, used modulo 2^32) and an optional stream `purpose`. */
export function createRng(seed: number, purpose = ''): Rng {
  const key = hashString(purpose);
  let a = mix32(seed ^ 0x9e3779b9);
  let b = mix32(key ^ 0x85ebca6b);
  let c = mix32((seed + Math.imul(key, 0x27d4eb2f)) | 0);
  let d = 1;
  const next = (): number => {
    const result = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + result) | 0;
    return result >>> 0;
  };
  for (let i = 0; i < WARM_UP_ROUNDS; i++) next();

  // Box–Muller yields normals in pairs; the second one waits here.
  let spare = 0;
  let hasSpare = false;
  return {
    uniform: () => next() * INV_2_32,
    gaussian: () => {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      // 1 − u lies in (0, 1], so the logarithm is always finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next() * INV_2_32));
      const angle = 2 * Math.PI * next() * INV_2_32;
      spare = radius * Math.sin(angle);
      hasSpare = true;
      return radius * Math.cos(angle);
    },
  };
}

/** Fills `out` with independent N(0, 1) draws from `rng` and returns it. */
export function fillGaussian<A extends Float32Array | Float64Array>(rng: Rng, out: A): A {
  for (let i = 0; i < out.length; i++) out[i] = rng.gaussian();
  return out;
}
