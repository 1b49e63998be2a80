import { describe, expect, it } from 'vitest';
import {
  checkDimensions,
  checkUpload,
  formatBytes,
  MAX_UPLOAD_BYTES,
  readHeader,
  type FileFacts,
} from '../../../src/components/upload-check.ts';

/** Bytes from numbers and ASCII strings, in order. */
function bytes(...parts: (number[] | string)[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const ch of part) out.push(ch.charCodeAt(0));
    else out.push(...part);
  }
  return Uint8Array.from(out);
}
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
/** A PNG's signature and IHDR (CRC not checked here), optionally followed by IDAT and IEND. */
const png = (w: number, h: number, complete = true) =>
  bytes(
    PNG_SIG,
    be32(13),
    'IHDR',
    be32(w),
    be32(h),
    [8, 2, 0, 0, 0],
    [0, 0, 0, 0],
    ...(complete ? [be32(2), 'IDAT', [0x78, 0x9c], [0, 0, 0, 0], IEND] : [be32(2), 'IDAT', [0x78]]),
  );
const jpeg = (w: number, h: number, complete = true) =>
  bytes(
    [0xff, 0xd8],
    [0xff, 0xe0, 0, 16],
    'JFIF',
    [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, 0xc0, 0, 17, 8, h >> 8, h & 255, w >> 8, w & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
    [0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0],
    [0x12, 0x34, 0x56],
    complete ? [0xff, 0xd9] : [],
  );
const gif = (w: number, h: number, complete = true) =>
  bytes(
    'GIF89a',
    le16(w),
    le16(h),
    [0x80, 0, 0],
    [0, 0, 0, 255, 255, 255],
    complete ? [0x3b] : [0x2c],
  );
const riff = (chunk: number[]) => bytes('RIFF', le32(4 + chunk.length), 'WEBP', chunk);
const webpLossy = (w: number, h: number) =>
  riff([...bytes('VP8 '), ...le32(10), 0x50, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...le16(w), ...le16(h)]);
const webpLossless = (w: number, h: number) => {
  const bits = ((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14);
  return riff([...bytes('VP8L'), ...le32(5), 0x2f, ...le32(bits)]);
};
const webpExtended = (w: number, h: number) =>
  riff([
    ...bytes('VP8X'),
    ...le32(10),
    0,
    0,
    0,
    0,
    ...le32(w - 1).slice(0, 3),
    ...le32(h - 1).slice(0, 3),
  ]);
const bmp = (w: number, h: number, declaredSize = 54 + w * h * 4) =>
  bytes(
    'BM',
    le32(declaredSize),
    [0, 0, 0, 0],
    le32(54),
    le32(40),
    le32(w),
    le32(-h),
    le16(1),
    le16(32),
    new Array(24).fill(0),
  );

/** Runs the full check on a byte array as if it were a whole file. */
function check(data: Uint8Array, name = 'picture', type = '', size = data.length) {
  const facts: FileFacts = { name, type, size };
  return checkUpload(
    facts,
    data.subarray(0, 256 * 1024),
    data.subarray(Math.max(0, data.length - 1024)),
  );
}

describe('upload check refuses each bad upload with a reason and a message', () => {
  it.each([
    ['a zero-byte file', new Uint8Array(0), 'empty.png', 'image/png', 'empty'],
    [
      'plain text',
      bytes('Dear diary, today I drew a cat.\n'),
      'notes.txt',
      'text/plain',
      'not-image',
    ],
    [
      'text named like a picture',
      bytes('not really a picture\n'),
      'fake.png',
      'image/png',
      'not-image',
    ],
    [
      'an SVG by type',
      bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'a.svg',
      'image/svg+xml',
      'svg',
    ],
    [
      'an SVG sniffed from its bytes',
      bytes('<?xml version="1.0"?>\n<svg></svg>'),
      'drawing',
      '',
      'svg',
    ],
    [
      'an SVG with leading spaces',
      bytes('  \n<svg width="10"></svg>'),
      'x.png',
      'image/png',
      'svg',
    ],
    ['a PNG cut inside its header', png(64, 64).subarray(0, 20), 'cut.png', 'image/png', 'corrupt'],
    ['a PNG cut before its end', png(64, 64, false), 'cut.png', 'image/png', 'corrupt'],
    ['a PNG claiming 10000 × 10000', png(10000, 10000), 'huge.png', 'image/png', 'too-many-pixels'],
    ['a PNG claiming 0 × 10', png(0, 10), 'zero.png', 'image/png', 'corrupt'],
    ['a JPEG without its end marker', jpeg(64, 48, false), 'cut.jpg', 'image/jpeg', 'corrupt'],
    ['a JPEG claiming 12000 × 5000', jpeg(12000, 5000), 'big.jpg', 'image/jpeg', 'too-many-pixels'],
    [
      'a JPEG whose segments break off',
      bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x00]),
      'x.jpg',
      '',
      'corrupt',
    ],
    ['a GIF without its trailer', gif(20, 20, false), 'cut.gif', 'image/gif', 'corrupt'],
    [
      'a WebP shorter than its RIFF size',
      webpLossy(64, 64).subarray(0, 28),
      'cut.webp',
      'image/webp',
      'corrupt',
    ],
    ['a BMP shorter than its declared size', bmp(100, 100), 'cut.bmp', 'image/bmp', 'corrupt'],
  ] as const)('%s', (_label, data, name, type, reason) => {
    const verdict = check(data, name, type);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.reason).toBe(reason);
    expect(verdict.message).toMatch(/The current picture stays\.$/);
  });

  it('refuses a file over 20 MB from its size alone', () => {
    const verdict = check(png(64, 64), 'big.png', 'image/png', MAX_UPLOAD_BYTES + 1);
    expect(verdict).toMatchObject({ ok: false, reason: 'too-large' });
    if (!verdict.ok) expect(verdict.message).toContain('20.0 MB');
  });

  it('accepts exactly 20 MB', () => {
    expect(check(png(64, 64), 'p.png', 'image/png', MAX_UPLOAD_BYTES).ok).toBe(true);
  });

  it('refuses an SVG by its name even without a type', () => {
    expect(check(bytes('<svg/>'), 'logo.SVG', '')).toMatchObject({ ok: false, reason: 'svg' });
  });

  it('names the size of a picture with too many pixels', () => {
    const verdict = check(png(10000, 10000), 'huge.png', 'image/png');
    if (verdict.ok) throw new Error('accepted');
    expect(verdict.message).toContain('10,000 × 10,000 pixels (100 megapixels)');
  });
});

describe('upload check reads good headers', () => {
  it.each([
    ['PNG', png(640, 480), 'png'],
    ['JPEG', jpeg(640, 480), 'jpeg'],
    ['GIF', gif(640, 480), 'gif'],
    ['lossy WebP', webpLossy(640, 480), 'webp'],
    ['lossless WebP', webpLossless(640, 480), 'webp'],
    ['extended WebP', webpExtended(640, 480), 'webp'],
    [
      'BMP',
      (() => {
        const head = bmp(640, 480, 64);
        const full = new Uint8Array(64);
        full.set(head.subarray(0, 64));
        return full;
      })(),
      'bmp',
    ],
  ] as const)('%s: format and 640 × 480', (_label, data, format) => {
    expect(check(data, 'x', '')).toEqual({ ok: true, format, width: 640, height: 480 });
  });

  it('passes a JPEG with padding after its end marker', () => {
    const padded = bytes([...jpeg(8, 8)], new Array(100).fill(0));
    expect(check(padded, 'x.jpg', 'image/jpeg').ok).toBe(true);
  });

  it('lets the browser try an image format it does not parse (AVIF)', () => {
    const avif = bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf');
    expect(check(avif, 'x.avif', 'image/avif')).toEqual({
      ok: true,
      format: null,
      width: null,
      height: null,
    });
  });

  it('refuses an unknown format that does not say it is an image', () => {
    expect(check(bytes([0, 1, 2, 3, 4, 5]), 'x.bin', 'application/octet-stream')).toMatchObject({
      ok: false,
      reason: 'not-image',
    });
  });

  it('returns null for bytes of no known format', () => {
    expect(readHeader(bytes('hello'))).toBeNull();
  });
});

describe('dimension and size helpers', () => {
  it('accepts 50 megapixels and refuses one more row', () => {
    expect(checkDimensions(10_000, 5_000)).toBeNull();
    expect(checkDimensions(10_000, 5_001)).toMatchObject({ ok: false, reason: 'too-many-pixels' });
  });

  it('formats byte counts', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(21 * 1024 * 1024)).toBe('21.0 MB');
  });
});
