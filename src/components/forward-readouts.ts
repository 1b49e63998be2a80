/**
 * EP 01's numbers, computed from the schedule in src/sim and written the way the figure shows
 * them. Pure, so the readouts, the canvas's label and the screen-reader line agree and are tested.
 */
import { alphaBarAt, noiseScale, signalScale, snr, T_MAX, type Schedule } from '../sim/schedule.ts';

/** The figure's numbers at one timestep. */
export interface ForwardReadouts {
  t: number;
  /** ᾱ_t: the share of the picture's variance that survives. */
  alphaBar: number;
  /** √ᾱ_t: how much of the picture's amplitude is kept. */
  signal: number;
  /** √(1 − ᾱ_t): the standard deviation of the noise mixed in. */
  noise: number;
  /** 10·log₁₀(ᾱ_t / (1 − ᾱ_t)); Infinity at t = 0. */
  snrDb: number;
}

/** Clamps anything to an integer timestep 0…T. */
export function clampT(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return 0;
  return Math.min(T_MAX, Math.max(0, Math.round(n)));
}

/** The readouts at timestep t of a schedule. */
export function readoutsAt(schedule: Schedule, t: number): ForwardReadouts {
  return {
    t,
    alphaBar: alphaBarAt(schedule, t),
    signal: signalScale(schedule, t),
    noise: noiseScale(schedule, t),
    snrDb: 10 * Math.log10(snr(schedule, t)),
  };
}

/** A typographic minus, as in the article's prose. */
const minus = (text: string) => text.replace('-', '−');

/** ᾱ_t to four significant figures, in plain decimals down to 0.0001 and scientific below. */
export function formatAlphaBar(value: number): string {
  if (value === 1) return '1';
  if (value >= 1e-4)
    return value
      .toPrecision(4)
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  const [mantissa = '0', exponent = '0'] = value.toExponential(3).split('e');
  const superscript = minus(String(Number(exponent))).replace(
    /[0-9]/g,
    (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)] ?? d,
  );
  return `${mantissa} × 10${superscript.replace('−', '⁻')}`;
}

/** A scale factor (√ᾱ or √(1 − ᾱ)) to three decimals. */
export function formatScale(value: number): string {
  return value.toFixed(3);
}

/** SNR in decibels to one decimal, "∞" for the clean picture. */
export function formatDb(value: number): string {
  if (value === Infinity) return '∞';
  return minus(value.toFixed(1));
}

/** A share as a whole percentage, one decimal below 10 % ("53 %", "4.4 %", "0.6 %"). */
export function formatPercent(share: number): string {
  const pct = share * 100;
  return `${pct >= 9.95 || pct === 0 ? Math.round(pct) : pct.toFixed(1)} %`;
}

/** The canvas's accessible name: what both panels show, in words and numbers. */
export function describePanels(r: ForwardReadouts, whose: 'painting' | 'upload'): string {
  const subject = whose === 'painting' ? 'The painting' : 'Your picture';
  const left =
    r.t === 0
      ? `${subject} at t = 0, untouched`
      : `${subject} at t = ${r.t}: ${formatPercent(r.signal)} of its amplitude remains, under noise of strength ${formatScale(r.noise)}`;
  const right =
    'Right: ε, the Gaussian noise mixed in, shown as coloured static (grey is zero, bright and dark are ±2.5 standard deviations)';
  return `${left}. ${right}.`;
}

/** The line read to screen readers once the timestep settles. */
export function announce(r: ForwardReadouts, kind: Schedule['kind']): string {
  return (
    `t = ${r.t} (${kind} schedule): ᾱ = ${formatAlphaBar(r.alphaBar)}, signal kept ${formatScale(r.signal)}, ` +
    `noise ${formatScale(r.noise)}, SNR ${formatDb(r.snrDb)} dB.`
  );
}
