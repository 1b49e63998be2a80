/**
 * Turns a picture file into EP 01's working image: decoded by the browser with its EXIF
 * orientation applied, centre-cropped to a square ("cover") and scaled to WORK_SIZE². Nothing is
 * sent anywhere; the pixels stay in this tab.
 */

/** Side of the square working image, in pixels: enough grain to read as a photo's noise, and small
 * enough that the Canvas 2D fallback recomputes x_t within a frame on a phone. */
export const WORK_SIZE = 256;

/** The figure's picture: RGBA bytes, WORK_SIZE × WORK_SIZE, rows top to bottom. */
export interface Picture {
  readonly pixels: Uint8ClampedArray;
  readonly size: number;
  /** The source's own size, before cropping (for the message to the reader). */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
}

/** Transparent parts of an upload are laid on the article's paper colour. */
const MATTE = '#fbf9f4';

/** Decodes a file or blob to an ImageBitmap with EXIF orientation applied; rejects if undecodable. */
export function decodeBitmap(source: Blob): Promise<ImageBitmap> {
  return createImageBitmap(source, { imageOrientation: 'from-image' });
}

/** Centre-crops and scales a decoded bitmap to the working square. */
export function pictureFromBitmap(bitmap: ImageBitmap, size = WORK_SIZE): Picture {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('Canvas 2D is not available');
  const side = Math.min(bitmap.width, bitmap.height);
  const sx = (bitmap.width - side) / 2;
  const sy = (bitmap.height - side) / 2;
  ctx.fillStyle = MATTE;
  ctx.fillRect(0, 0, size, size);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, sx, sy, side, side, 0, 0, size, size);
  const { data } = ctx.getImageData(0, 0, size, size);
  return { pixels: data, size, sourceWidth: bitmap.width, sourceHeight: bitmap.height };
}

/** Fetches and prepares the default painting that ships with the site. */
export async function loadDefaultPicture(url: string, size = WORK_SIZE): Promise<Picture> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The default picture did not load (HTTP ${response.status})`);
  const bitmap = await decodeBitmap(await response.blob());
  try {
    return pictureFromBitmap(bitmap, size);
  } finally {
    bitmap.close();
  }
}
