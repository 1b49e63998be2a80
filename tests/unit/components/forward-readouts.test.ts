import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/sim/schedule.ts';
import {
  announce,
  clampT,
  describePanels,
  formatAlphaBar,
  formatDb,
  formatPercent,
  formatScale,
  readoutsAt,
} from '../../../src/components/forward-readouts.ts';

const linear = makeSchedule('linear');

describe('EP 01 readouts', () => {
  it.each([
    [250, 0.5241],
    [500, 0.07859],
    [750, 0.003351],
  ])('ᾱ at t = %i is the schedule value %f', (t, alphaBar) => {
    const r = readoutsAt(linear, t);
    expect(r.alphaBar).toBeCloseTo(alphaBar, 4);
    expect(r.signal).toBeCloseTo(Math.sqrt(alphaBar), 4);
    expect(r.noise).toBeCloseTo(Math.sqrt(1 - alphaBar), 4);
    expect(r.signal ** 2 + r.noise ** 2).toBeCloseTo(1, 12);
  });

  it('the clean picture has infinite SNR and the last step a very negative one', () => {
    expect(readoutsAt(linear, 0).snrDb).toBe(Infinity);
    expect(readoutsAt(linear, 1000).snrDb).toBeCloseTo(
      10 * Math.log10(4.036e-5 / (1 - 4.036e-5)),
      1,
    );
  });

  it('SNR crosses 0 dB where ᾱ crosses one half', () => {
    const r = readoutsAt(linear, 250);
    expect(Math.sign(r.snrDb)).toBe(Math.sign(r.alphaBar - 0.5));
  });
});

describe('clampT', () => {
  it.each([
    [400, 400],
    [-3, 0],
    [1e9, 1000],
    [12.6, 13],
    ['250', 250],
    [Number.NaN, 0],
    [undefined, 0],
  ])('%s → %i', (input, expected) => {
    expect(clampT(input)).toBe(expected);
  });
});

describe('formatting', () => {
  it.each([
    [1, '1'],
    [0.5241, '0.5241'],
    [0.07859, '0.07859'],
    [0.5, '0.5'],
    [4.036e-5, '4.036 × 10⁻⁵'],
  ])('ᾱ %f → %s', (value, text) => {
    expect(formatAlphaBar(value)).toBe(text);
  });

  it('scales, decibels and percentages', () => {
    expect(formatScale(0.72394)).toBe('0.724');
    expect(formatDb(Infinity)).toBe('∞');
    expect(formatDb(-11.04)).toBe('−11.0');
    expect(formatDb(3.21)).toBe('3.2');
    expect(formatPercent(0.5299)).toBe('53 %');
    expect(formatPercent(0.0443)).toBe('4.4 %');
    expect(formatPercent(1)).toBe('100 %');
  });

  it('describes both panels with the numbers', () => {
    const text = describePanels(readoutsAt(linear, 500), 'painting');
    expect(text).toMatch(
      /^The painting at t = 500: 28 % of its amplitude remains, under noise of strength 0\.960\./,
    );
    expect(text).toContain('ε');
    expect(describePanels(readoutsAt(linear, 0), 'upload')).toMatch(
      /^Your picture at t = 0, untouched\./,
    );
  });

  it('announces the readouts in one line', () => {
    expect(announce(readoutsAt(linear, 500), 'linear')).toBe(
      't = 500 (linear schedule): ᾱ = 0.07859, signal kept 0.280, noise 0.960, SNR −10.7 dB.',
    );
  });
});
