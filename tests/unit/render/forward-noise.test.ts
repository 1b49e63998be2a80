import { afterEach, describe, expect, test, vi } from 'vitest';
import { DataUtils } from 'three';
import { makeNoise, NOISE_SEED } from '../../../src/render/forward-view.ts';
import { createRng, fillGaussian } from '../../../src/sim/random.ts';

describe("EP 01's noise, made in slices", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('draws the numbers of one pass over the seeded stream, pausing between slices', async () => {
    const size = 80;
    // A clock that moves 3 ms a row: a slice ends once it has run over 8 ms, so every 3 rows.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 3));
    let pauses = 0;
    const noise = await makeNoise(size, async () => {
      pauses++;
    });
    const whole = fillGaussian(createRng(NOISE_SEED, 'image'), new Float32Array(size * size * 3));
    expect(noise.values).toEqual(whole);
    expect(pauses).toBe(Math.ceil(size / 3) - 1);
  });

  test('slices by time: fast rows share a slice, and the numbers do not change', async () => {
    const size = 80;
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 0.05));
    let pauses = 0;
    const noise = await makeNoise(size, async () => {
      pauses++;
    });
    expect(pauses).toBe(0);
    const whole = fillGaussian(createRng(NOISE_SEED, 'image'), new Float32Array(size * size * 3));
    expect(noise.values).toEqual(whole);
  });

  test('packs each value as an RGBA half float with alpha 1', async () => {
    const size = 40;
    const { values, half } = await makeNoise(size, () => Promise.resolve());
    expect(half).toHaveLength(size * size * 4);
    const one = DataUtils.toHalfFloat(1);
    for (const i of [0, 1, 517, size * size - 1]) {
      for (let c = 0; c < 3; c++) {
        expect(half[4 * i + c]).toBe(DataUtils.toHalfFloat(values[3 * i + c]!));
      }
      expect(half[4 * i + 3]).toBe(one);
    }
    expect(DataUtils.fromHalfFloat(half[4]!)).toBeCloseTo(values[3]!, 2);
  });
});
