/** Encodes a poster's pixels the two ways posters are served: AVIF, and WebP as its fallback. */
import sharp, { type AvifOptions, type WebpOptions } from 'sharp';

/** A poster, encoded both ways. */
export interface EncodedPoster {
  avif: Uint8Array<ArrayBuffer>;
  webp: Uint8Array<ArrayBuffer>;
}

/** Encodes RGB pixels (`width` × `height`, row by row) as AVIF and WebP, from the same pixels. */
export async function encodePoster(
  pixels: Buffer,
  width: number,
  height: number,
  options: { avif: AvifOptions; webp: WebpOptions },
): Promise<EncodedPoster> {
  const image = () => sharp(pixels, { raw: { width, height, channels: 3 } });
  const [avif, webp] = await Promise.all([
    image().avif(options.avif).toBuffer(),
    image().webp(options.webp).toBuffer(),
  ]);
  return { avif: new Uint8Array(avif), webp: new Uint8Array(webp) };
}
