/**
 * Checks a reader's picture before the browser is asked to decode it: size limits, the image
 * format read from the first bytes (never trusting the name or the MIME type alone), the pixel
 * dimensions from the header, and whether the file ends the way its format says it must (a cut-off
 * download). Pure: it sees bytes and numbers, no DOM, so Vitest feeds it every bad case.
 */

/** Largest file accepted, in bytes (20 MB). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Most pixels accepted (50 megapixels): decoding more would exhaust a phone's memory. */
export const MAX_UPLOAD_PIXELS = 50_000_000;
/** How many bytes from the start of the file the check reads (enough for JPEG's EXIF and ICC blocks). */
export const HEAD_BYTES = 256 * 1024;
/** How many bytes from the end of the file the check reads (end markers live there). */
export const TAIL_BYTES = 1024;

/** The raster formats recognised from their signatures. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

/** What the browser says about the file, before any byte is read. */
export interface FileFacts {
  name: string;
  /** The MIME type the browser guessed (often from the extension; may be empty). */
  type: string;
  size: number;
}

/** Why an upload was refused. */
export type RefusalReason =
  'empty' | 'too-large' | 'svg' | 'not-image' | 'corrupt' | 'too-many-pixels';

/** The verdict on an upload: go ahead and decode (with the header's size if known), or refuse. */
export type UploadVerdict =
  | { ok: true; format: ImageFormat | null; width: number | null; height: number | null }
  | { ok: false; reason: RefusalReason; message: string };

/** A picture's header: its format and, when the header states them, its dimensions. */
export interface HeaderInfo {
  format: ImageFormat;
  width: number | null;
  height: number | null;
  /** The header itself is cut short or inconsistent. */
  broken: boolean;
}

const KEEP = 'The current picture stays.';
const FORMATS = 'a PNG, JPEG, GIF, WebP or BMP picture';

const refuse = (reason: RefusalReason, message: string): UploadVerdict => ({
  ok: false,
  reason,
  message: `${message} ${KEEP}`,
});

/** "21.0 MB", "512 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** Checks the facts the browser knows without reading the file. Returns a refusal or null. */
export function checkFileFacts(file: FileFacts): UploadVerdict | null {
  if (!Number.isFinite(file.size) || file.size <= 0) {
    return refuse('empty', 'That file is empty (0 bytes), so there is no picture in it.');
  }
  if (file.size > MAX_UPLOAD_BYTES) {
    return refuse(
      'too-large',
      `That file is ${formatBytes(file.size)}; pictures up to ${formatBytes(MAX_UPLOAD_BYTES)} work here.`,
    );
  }
  if (isSvgName(file)) {
    return refuse(
      'svg',
      `SVG drawings can't be used here (they are instructions, not pixels): choose ${FORMATS}.`,
    );
  }
  return null;
}

function isSvgName({ name, type }: FileFacts): boolean {
  return /^image\/svg/i.test(type) || /\.svgz?$/i.test(name);
}

/** Checks a picture's dimensions (from the header or the decoded bitmap). Returns a refusal or null. */
export function checkDimensions(width: number, height: number): UploadVerdict | null {
  if (!(width > 0 && height > 0)) {
    return refuse(
      'corrupt',
      'That picture has no pixels (its size reads as 0), so it seems damaged.',
    );
  }
  const pixels = width * height;
  if (pixels > MAX_UPLOAD_PIXELS) {
    const mp = Math.round(pixels / 1e6).toLocaleString('en');
    return refuse(
      'too-many-pixels',
      `That picture is ${width.toLocaleString('en')} × ${height.toLocaleString('en')} pixels (${mp} megapixels); up to ${MAX_UPLOAD_PIXELS / 1e6} megapixels work here.`,
    );
  }
  return null;
}

/**
 * The whole check: the file's facts, then its first bytes (`head`, up to HEAD_BYTES) and last bytes
 * (`tail`, up to TAIL_BYTES; the same bytes as `head` for a small file).
 */
export function checkUpload(file: FileFacts, head: Uint8Array, tail: Uint8Array): UploadVerdict {
  const facts = checkFileFacts(file);
  if (facts) return facts;
  if (looksLikeSvg(head)) {
    return refuse(
      'svg',
      `SVG drawings can't be used here (they are instructions, not pixels): choose ${FORMATS}.`,
    );
  }
  const header = readHeader(head);
  if (!header) {
    // A format we don't parse (AVIF, HEIC, TIFF…): the browser may still decode it if it says image.
    if (/^image\//i.test(file.type) && !looksLikeText(head))
      return { ok: true, format: null, width: null, height: null };
    return refuse('not-image', `That file doesn't look like a picture: choose ${FORMATS}.`);
  }
  const name = header.format.toUpperCase();
  if (header.broken) {
    return refuse(
      'corrupt',
      `That ${name} file is damaged: its header is cut short, so it can't be read.`,
    );
  }
  if (header.width !== null && header.height !== null) {
    const dims = checkDimensions(header.width, header.height);
    if (dims) return dims;
  }
  if (isTruncated(header.format, file.size, head, tail)) {
    return refuse(
      'corrupt',
      `That ${name} file stops early (it was cut short, perhaps by a download), so it can't be read.`,
    );
  }
  return { ok: true, format: header.format, width: header.width, height: header.height };
}

/** Whether the bytes begin like an SVG or other XML document (after an optional BOM and spaces). */
export function looksLikeSvg(head: Uint8Array): boolean {
  const text = asciiPrefix(head, 512)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return (
    text.startsWith('<svg') ||
    (text.startsWith('<?xml') && text.includes('<svg')) ||
    text.startsWith('<!doctype svg')
  );
}

function looksLikeText(head: Uint8Array): boolean {
  const n = Math.min(head.length, 512);
  for (let i = 0; i < n; i++) {
    const b = head[i] ?? 0;
    if (b < 9 || (b > 13 && b < 32)) return false;
  }
  return true;
}

function asciiPrefix(bytes: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < Math.min(n, bytes.length); i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 65536 + u16be(b, i + 2);
const u32le = (b: Uint8Array, i: number) => u16le(b, i) + u16le(b, i + 2) * 65536;
const i32le = (b: Uint8Array, i: number) => u32le(b, i) | 0;
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  sig.every((v, k) => b[at + k] === v);
const fourCC = (b: Uint8Array, i: number) => asciiPrefix(b.subarray(i, i + 4), 4);

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
/** The last 12 bytes of every complete PNG: the empty IEND chunk and its CRC. */
const PNG_IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82] as const;

/** Reads the format and dimensions from the start of a file, or null for an unknown format. */
export function readHeader(b: Uint8Array): HeaderInfo | null {
  if (startsWith(b, PNG_SIG)) return readPng(b);
  if (startsWith(b, [0xff, 0xd8, 0xff])) return readJpeg(b);
  if (asciiPrefix(b, 6) === 'GIF87a' || asciiPrefix(b, 6) === 'GIF89a') {
    return b.length < 10
      ? { format: 'gif', width: null, height: null, broken: true }
      : { format: 'gif', width: u16le(b, 6), height: u16le(b, 8), broken: false };
  }
  if (fourCC(b, 0) === 'RIFF' && fourCC(b, 8) === 'WEBP') return readWebp(b);
  if (startsWith(b, [0x42, 0x4d]) && b.length >= 2) return readBmp(b);
  return null;
}

function readPng(b: Uint8Array): HeaderInfo {
  // Signature, then IHDR first: length 13, "IHDR", width, height (big-endian).
  if (b.length < 24 || fourCC(b, 12) !== 'IHDR')
    return { format: 'png', width: null, height: null, broken: true };
  return { format: 'png', width: u32be(b, 16), height: u32be(b, 20), broken: false };
}

function readJpeg(b: Uint8Array): HeaderInfo {
  // Walk the marker segments to the first start-of-frame (SOF0…SOF15 except DHT, JPG and DAC).
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return { format: 'jpeg', width: null, height: null, broken: true };
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image or scan data before any frame
    const length = u16be(b, i + 2);
    if (length < 2) return { format: 'jpeg', width: null, height: null, broken: true };
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (i + 9 > b.length) return { format: 'jpeg', width: null, height: null, broken: true };
      return { format: 'jpeg', width: u16be(b, i + 7), height: u16be(b, i + 5), broken: false };
    }
    i += 2 + length;
  }
  // The frame header lies beyond the bytes read (or the file ends first): the decoder will tell.
  return { format: 'jpeg', width: null, height: null, broken: b.length < 4 };
}

function readWebp(b: Uint8Array): HeaderInfo {
  const chunk = fourCC(b, 12);
  const broken = { format: 'webp', width: null, height: null, broken: true } as const;
  if (chunk === 'VP8 ') {
    // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
    if (b.length < 30 || !startsWith(b, [0x9d, 0x01, 0x2a], 23)) return broken;
    return {
      format: 'webp',
      width: u16le(b, 26) & 0x3fff,
      height: u16le(b, 28) & 0x3fff,
      broken: false,
    };
  }
  if (chunk === 'VP8L') {
    // Lossless: signature 0x2f, then width − 1 and height − 1 in 14 bits each.
    if (b.length < 25 || b[20] !== 0x2f) return broken;
    const bits = u32le(b, 21);
    return {
      format: 'webp',
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      broken: false,
    };
  }
  if (chunk === 'VP8X') {
    // Extended: canvas width − 1 and height − 1 in 24 bits each.
    if (b.length < 30) return broken;
    return { format: 'webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1, broken: false };
  }
  return broken;
}

function readBmp(b: Uint8Array): HeaderInfo | null {
  if (b.length < 26) return { format: 'bmp', width: null, height: null, broken: true };
  const dibSize = u32le(b, 14);
  if (dibSize === 12)
    return { format: 'bmp', width: u16le(b, 18), height: u16le(b, 20), broken: false };
  if (dibSize < 40 || dibSize > 124) return null; // "BM" by coincidence, e.g. a text file
  // Height is negative for top-down bitmaps.
  return {
    format: 'bmp',
    width: Math.abs(i32le(b, 18)),
    height: Math.abs(i32le(b, 22)),
    broken: false,
  };
}

/** Whether the file ends before its format says it should. */
function isTruncated(
  format: ImageFormat,
  size: number,
  head: Uint8Array,
  tail: Uint8Array,
): boolean {
  switch (format) {
    case 'png':
      return !startsWith(tail, PNG_IEND, tail.length - PNG_IEND.length);
    case 'jpeg': {
      // The end-of-image marker, allowing for trailing padding some cameras append.
      for (let i = tail.length - 2; i >= 0; i--)
        if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
      return true;
    }
    case 'gif': {
      let end = tail.length - 1;
      while (end >= 0 && tail[end] === 0) end--;
      return tail[end] !== 0x3b; // the GIF trailer ";"
    }
    case 'webp':
      // RIFF's size field counts everything after the first 8 bytes.
      return size < 8 + u32le(head, 4);
    case 'bmp':
      return size < u32le(head, 2);
  }
}
