/** EP 01's poster strip, encoded at build time from the default picture and the real schedule. */
import type { APIRoute } from 'astro';
import { forwardPoster } from '../../posters/forward-poster.ts';

export const GET: APIRoute = async () => {
  const { webp } = await forwardPoster();
  return new Response(webp, { headers: { 'content-type': 'image/webp' } });
};
