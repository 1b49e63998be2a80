/**
 * The social preview card (1200×630), drawn at build time: the seed-7 cloud as it lands on a
 * heart, beside the title. Rasterised with sharp so platforms that need a PNG get one.
 */
import type { APIRoute } from 'astro';
import sharp from 'sharp';
import { sample } from '../sim/sampler.ts';
import { escapeXml } from '../posters/particles-svg.ts';
import { bucketColour, startHueBucket } from '../posters/particles-svg.ts';

const WIDTH = 1200;
const HEIGHT = 630;

function cloud(
  points: Float32Array,
  start: Float32Array,
  cx: number,
  cy: number,
  scale: number,
  r: number,
): string {
  const byColour = new Map<string, string>();
  for (let i = 0; i + 1 < points.length; i += 2) {
    const colour = bucketColour(startHueBucket(start[i] ?? 0, start[i + 1] ?? 0));
    const x = (cx + (points[i] ?? 0) * scale).toFixed(1);
    const y = (cy - (points[i + 1] ?? 0) * scale).toFixed(1);
    byColour.set(colour, (byColour.get(colour) ?? '') + `M${x} ${y}h0`);
  }
  return [...byColour]
    .map(
      ([c, d]) => `<path d="${d}" stroke="${c}" stroke-width="${r * 2}" stroke-linecap="round"/>`,
    )
    .join('');
}

export const GET: APIRoute = async () => {
  const frames = sample({ seed: 7, prompt: 'heart', steps: 60, guidance: 7.5 });
  const start = frames[0]?.positions ?? new Float32Array();
  const end = frames[frames.length - 1]?.positions ?? new Float32Array();
  const mid = frames[50]?.positions ?? new Float32Array();
  const title = 'Painting by Un-Destroying';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
  <rect width="100%" height="100%" fill="#15161b"/>
  <g opacity="0.22">${cloud(mid, start, 700, 330, 130, 2)}</g>
  ${cloud(end, start, 930, 320, 210, 3.2)}
  <text x="70" y="120" font-family="DejaVu Sans, sans-serif" font-size="24" letter-spacing="3" fill="#ffae7a">GENERATIVE MODELS · 5 INTERACTIVES</text>
  <text x="70" y="215" font-family="DejaVu Serif, serif" font-size="66" font-weight="700" fill="#f4f1ea">${escapeXml('Painting by')}</text>
  <text x="70" y="295" font-family="DejaVu Serif, serif" font-size="66" font-weight="700" fill="#f4f1ea">${escapeXml('Un-Destroying')}</text>
  <text x="70" y="380" font-family="DejaVu Sans, sans-serif" font-size="28" fill="#c9c5bd">How diffusion models turn static into pictures,</text>
  <text x="70" y="420" font-family="DejaVu Sans, sans-serif" font-size="28" fill="#c9c5bd">one small correction at a time.</text>
  <text x="70" y="560" font-family="DejaVu Sans Mono, monospace" font-size="22" fill="#a9b0ff">seed #7 · 1,200 particles · step 60 / 60</text>
  <title>${escapeXml(title)}</title>
</svg>`;
  const png = await sharp(Buffer.from(svg))
    .png({ compressionLevel: 9, palette: true, quality: 90 })
    .toBuffer();
  return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } });
};
