/**
 * The static posters of the five figures, drawn at build time by running the real simulation.
 * They are what readers without JavaScript see and what stands in the figure until its
 * interactive loads. Each poster comes with alt text that states what it shows, with the numbers.
 */
import { getTarget, type PromptId } from '../sim/targets.ts';
import { sample, initialNoise } from '../sim/sampler.ts';
import { precision, coverage } from '../sim/metrics.ts';
import { label, particlePanel, PANEL, svgDocument } from './particles-svg.ts';

/** The seed every figure starts from, as the article says ("seed #7"). */
export const POSTER_SEED = 7;
/** Particles per cloud, as in the interactives. */
export const PARTICLES = 1200;
/** The "just right" guidance scale (Stable Diffusion's default). */
export const GOOD_GUIDANCE = 7.5;

/**
 * A poster: its drawing as SVG markup, the drawing's size in CSS pixels (poster-pixels.ts
 * rasterises it at twice that) and alt text.
 */
export interface Poster {
  svg: string;
  width: number;
  height: number;
  alt: string;
}

const GAP = 16;
const TOP = 30;
const fmt3 = (v: number) => v.toFixed(3);

/** The shape of EP 02, the one the reverse run grows into. */
export const REVERSE_PROMPT: PromptId = 'heart';
/** The shape of EP 04 (steps vs quality). */
export const STEPS_PROMPT: PromptId = 'star';
/** The shape of EP 05 (guidance). */
export const GUIDANCE_PROMPT: PromptId = 'tree';

const memo = new Map<string, Poster>();
function cached(key: string, make: () => Poster): Poster {
  let poster = memo.get(key);
  if (!poster) {
    poster = make();
    memo.set(key, poster);
  }
  return poster;
}

function finalPositions(prompt: PromptId, steps: number, guidance: number): Float32Array {
  const frames = sample({ seed: POSTER_SEED, prompt, steps, guidance, particles: PARTICLES });
  const last = frames[frames.length - 1];
  if (!last) throw new Error('the sampler returned no frames');
  return last.positions;
}

/** EP 02: four frames of the seed-7 reverse run, static to shape. */
export function reversePoster(): Poster {
  return cached('reverse', () => {
    const frames = sample({
      seed: POSTER_SEED,
      prompt: REVERSE_PROMPT,
      steps: 60,
      guidance: GOOD_GUIDANCE,
      particles: PARTICLES,
    });
    const start = frames[0]?.positions ?? initialNoise(POSTER_SEED, PARTICLES);
    const shown = [0, 45, 55, 60];
    const target = getTarget(REVERSE_PROMPT);
    const width = 2 * PANEL + GAP;
    const height = 2 * (PANEL + TOP) + GAP;
    const distances: number[] = [];
    const body = shown
      .map((k, i) => {
        const frame = frames[k];
        if (!frame) throw new Error(`missing frame ${k}`);
        const x = (i % 2) * (PANEL + GAP);
        const y = Math.floor(i / 2) * (PANEL + TOP + GAP);
        distances.push(precision(frame.positions, target.points));
        return (
          label(`step ${k} / 60`, x + PANEL / 2, y + 19, { size: 14 }) +
          particlePanel(frame.positions, x, y + TOP, { colourBy: start })
        );
      })
      .join('');
    const alt =
      `Four frames of the reverse process from seed #7, 1,200 particles each. ` +
      `At step 0 of 60 they are shapeless Gaussian static (average distance from the heart ${fmt3(distances[0] ?? NaN)}); ` +
      `at step 45 the cloud has drawn in but is still a blur (${fmt3(distances[1] ?? NaN)}); ` +
      `at step 55 the outline of a heart is visible through the last of the noise (${fmt3(distances[2] ?? NaN)}); ` +
      `at step 60 the particles trace the heart (${fmt3(distances[3] ?? NaN)}).`;
    return {
      svg: svgDocument(width, height, 'Reverse process, seed #7', body),
      width,
      height,
      alt,
    };
  });
}

/** The prompts shown on the EP 03 poster. */
const POSTER_PROMPTS: readonly PromptId[] = ['heart', 'star', 'spiral', 'cat'];

/** EP 03: one seed, several prompts, particles coloured by where they started. */
export function promptsPoster(): Poster {
  return cached('prompts', () => {
    const start = initialNoise(POSTER_SEED, PARTICLES);
    const width = 2 * PANEL + GAP;
    const height = 2 * (PANEL + TOP) + GAP;
    const described: string[] = [];
    const body = POSTER_PROMPTS.map((prompt, i) => {
      const target = getTarget(prompt);
      const positions = finalPositions(prompt, 60, GOOD_GUIDANCE);
      const x = (i % 2) * (PANEL + GAP);
      const y = Math.floor(i / 2) * (PANEL + TOP + GAP);
      described.push(
        `${target.label} (average distance ${fmt3(precision(positions, target.points))})`,
      );
      return (
        label(`“${target.label}”`, x + PANEL / 2, y + 19, { size: 14 }) +
        particlePanel(positions, x, y + TOP, { colourBy: start })
      );
    }).join('');
    const alt =
      `The same seed #7 noise steered by four prompts, 60 steps at guidance 7.5, particles coloured by where they started: ` +
      `${described.join('; ')}. The colours keep the same rough layout from panel to panel: the seed sets the skeleton, the prompt what it becomes.`;
    return { svg: svgDocument(width, height, 'One seed, four prompts', body), width, height, alt };
  });
}

/** EP 04: 3 steps against 60 steps, with their measured distances. */
export function stepsPoster(): Poster {
  return cached('steps', () => {
    const target = getTarget(STEPS_PROMPT);
    const start = initialNoise(POSTER_SEED, PARTICLES);
    const runs = [
      { steps: 3, good: false },
      { steps: 60, good: true },
    ].map((run) => {
      const positions = finalPositions(STEPS_PROMPT, run.steps, GOOD_GUIDANCE);
      return { ...run, positions, distance: precision(positions, target.points) };
    });
    const width = 2 * PANEL + GAP;
    const height = PANEL + TOP + 58;
    const body = runs
      .map((run, i) => {
        const x = i * (PANEL + GAP);
        const mark = run.good ? '✓ good case' : '✗ bad case';
        return (
          label(`${run.steps} steps · ${mark}`, x + PANEL / 2, 19, {
            size: 14,
            colour: run.good ? '#7fd69a' : '#ff9a8f',
          }) +
          particlePanel(run.positions, x, TOP, { colourBy: start, target: target.points }) +
          label('avg distance from target', x + PANEL / 2, TOP + PANEL + 22, {
            size: 12,
            colour: '#c9c5bd',
          }) +
          label(fmt3(run.distance), x + PANEL / 2, TOP + PANEL + 44, { size: 17, weight: 600 })
        );
      })
      .join('');
    const [bad, good] = runs;
    const alt =
      `The same seed #7 noise and the prompt “${target.label}” sampled with 3 and with 60 DDIM steps. ` +
      `With 3 steps the particles smear between the lines of the shape (avg distance from target ${fmt3(bad?.distance ?? NaN)}); ` +
      `with 60 steps they sit on it (${fmt3(good?.distance ?? NaN)}).`;
    return { svg: svgDocument(width, height, 'Steps vs quality', body), width, height, alt };
  });
}

/** EP 05: the guidance triple, too weak, just right, too strong. */
export function guidancePoster(): Poster {
  return cached('guidance', () => {
    const target = getTarget(GUIDANCE_PROMPT);
    const start = initialNoise(POSTER_SEED, PARTICLES);
    const runs = [
      { s: 1, name: 'too weak', good: false },
      { s: GOOD_GUIDANCE, name: 'just right', good: true },
      { s: 25, name: 'too strong', good: false },
    ].map((run) => {
      const positions = finalPositions(GUIDANCE_PROMPT, 60, run.s);
      return {
        ...run,
        positions,
        precision: precision(positions, target.points),
        coverage: coverage(positions, target.points),
      };
    });
    const width = 3 * PANEL + 2 * GAP;
    const height = PANEL + TOP + 58;
    const body = runs
      .map((run, i) => {
        const x = i * (PANEL + GAP);
        return (
          label(`${run.good ? '✓' : '✗'} s = ${run.s} · ${run.name}`, x + PANEL / 2, 19, {
            size: 14,
            colour: run.good ? '#7fd69a' : '#ff9a8f',
          }) +
          particlePanel(run.positions, x, TOP, { colourBy: start }) +
          label(`precision ${fmt3(run.precision)}`, x + PANEL / 2, TOP + PANEL + 24, { size: 13 }) +
          label(`coverage ${fmt3(run.coverage)}`, x + PANEL / 2, TOP + PANEL + 44, { size: 13 })
        );
      })
      .join('');
    const alt =
      `Three clouds from seed #7 and the prompt “${target.label}” at three guidance scales. ` +
      runs
        .map(
          (r) =>
            `s = ${r.s} (${r.name}): average distance to the shape ${fmt3(r.precision)}, shape covered to within ${fmt3(r.coverage)} on average`,
        )
        .join('; ') +
      '. Too weak leaves particles on other shapes; too strong piles them into a few clumps and leaves parts of the shape bare.';
    return {
      svg: svgDocument(width, height, 'Guidance: too weak, just right, too strong', body),
      width,
      height,
      alt,
    };
  });
}

/** The noising strip's timesteps for EP 01. */
export const FORWARD_STRIP_T = [0, 100, 250, 500, 1000] as const;
