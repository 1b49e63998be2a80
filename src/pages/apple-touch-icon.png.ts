/** The touch icon (180×180 PNG), rasterised at build time from the SVG favicon. */
import type { APIRoute } from 'astro';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

export const GET: APIRoute = async () => {
  const svg = await readFile(join(process.cwd(), 'public/favicon.svg'));
  const png = await sharp(svg, { density: 600 }).resize(180, 180).png().toBuffer();
  return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } });
};
