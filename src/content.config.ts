import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** The five episodes: prose in MDX, one file each, numbered in reading order. */
const episodes = defineCollection({
  loader: glob({ pattern: '[0-9][0-9]-*.mdx', base: './src/content/episodes' }),
  schema: z.object({
    /** 1…5, the "EP 0n" label and the reading order. */
    number: z.number().int().min(1).max(5),
    /** URL fragment and embed path, e.g. "forward". */
    slug: z.string().regex(/^[a-z][a-z0-9-]*$/),
    /** The episode's full title. */
    title: z.string().min(1),
    /** Short label in the episode nav. */
    nav: z.string().min(1).max(24),
    /** One sentence: used for embeds, cards and meta descriptions. */
    summary: z.string().min(20).max(220),
    /** The figure's caption: what the reader is looking at, in a sentence or two. */
    caption: z.string().min(10).max(320),
  }),
});

export const collections = { episodes };
