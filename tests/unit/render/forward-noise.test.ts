import { afterEach, describe, expect, test, vi } from 'vitest';
import { DataUtils } from 'three';
import { makeNoise, NOISE_SEED } from '../../../src/render/forward-view.ts';
import { createRng, fillGaussian } from '../../../src/sim/random.ts';

describe("EP 01's noise, made in slices", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // A fake clock that moves `tick` ms each time it is read (once a row): a slice ends once it has
  // run over 8 ms. Wherever the pauses fall, the numbers are one pass over the seeded stream.
  test.each([
    { tick: 3, pauses: Math.ceil(80 / 3) - 1, why: 'slow rows: a slice every 3 rows' },
    { tick: 0.05, pauses: 0, why: 'fast rows: all 80 in one slice' },
  ])('slices by time ($why), and the numbers do not change', async ({ tick, pauses }) => {
    const size = 80;
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += tick));
    let paused = 0;
    const noise = await makeNoise(size, async () => {
      paused++;
    });
    expect(paused).toBe(pauses);
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
