import { describe, expect, test } from 'vitest';
import { DataUtils } from 'three';
import { makeNoise, NOISE_SEED } from '../../../src/render/forward-view.ts';
import { createRng, fillGaussian } from '../../../src/sim/random.ts';

describe("EP 01's noise, made in slices", () => {
  test('draws the numbers of one pass over the seeded stream, pausing between slices', async () => {
    const size = 80; // not a multiple of the slice: the last slice is short
    let pauses = 0;
    const noise = await makeNoise(size, async () => {
      pauses++;
    });
    const whole = fillGaussian(createRng(NOISE_SEED, 'image'), new Float32Array(size * size * 3));
    expect(noise.values).toEqual(whole);
    expect(pauses).toBe(2); // rows 0–31, 32–63, 64–79
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
