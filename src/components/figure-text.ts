/** The short labels each figure carries: its kicker and its ✓/✗ legend. */
import type { EpisodeSlug } from '../scroll/scenes.ts';

export interface FigureText {
  /** The small label above the figure. */
  kicker: string;
  /** "✓ good case / ✗ bad case" marks, in panel order. */
  legend: { good: boolean; text: string }[];
}

export const FIGURE_TEXT: Record<EpisodeSlug, FigureText> = {
  forward: { kicker: 'forward process · t from 0 to 1000', legend: [] },
  reverse: { kicker: 'step 60 / 60', legend: [] },
  prompts: { kicker: 'seed #7 · pick a prompt', legend: [] },
  steps: {
    kicker: 'steps vs quality',
    legend: [
      { good: true, text: 'good case: 60 steps' },
      { good: false, text: 'bad case: 3 steps' },
    ],
  },
  guidance: {
    kicker: 'guidance scale s',
    legend: [
      { good: false, text: 'bad case: s = 1' },
      { good: true, text: 'good case: s = 7.5' },
      { good: false, text: 'bad case: s = 25' },
    ],
  },
};
