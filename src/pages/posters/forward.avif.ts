/** EP 01's poster strip as AVIF (what browsers pick first; forward.webp is the fallback). */
import type { APIRoute } from 'astro';
import { forwardPoster } from '../../posters/forward-poster.ts';

export const GET: APIRoute = async () => {
  const { avif } = await forwardPoster();
  return new Response(avif, { headers: { 'content-type': 'image/avif' } });
};
