/** The SVG posters of EP 02–05, drawn at build time from the simulation. */
import type { APIRoute, GetStaticPaths } from 'astro';
import {
  guidancePoster,
  promptsPoster,
  reversePoster,
  stepsPoster,
} from '../../posters/posters.ts';

const POSTERS = {
  reverse: reversePoster,
  prompts: promptsPoster,
  steps: stepsPoster,
  guidance: guidancePoster,
} as const;

export const getStaticPaths = (() =>
  Object.keys(POSTERS).map((slug) => ({ params: { slug } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const make = POSTERS[params.slug as keyof typeof POSTERS];
  return new Response(make().svg, { headers: { 'content-type': 'image/svg+xml' } });
};
