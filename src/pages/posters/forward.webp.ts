/** EP 01's poster strip as WebP: the fallback of forward.avif, for browsers without AVIF. */
import type { APIRoute } from 'astro';
import { forwardPoster } from '../../posters/forward-poster.ts';

export const GET: APIRoute = async () => {
  const { webp } = await forwardPoster();
  return new Response(webp, { headers: { 'content-type': 'image/webp' } });
};
