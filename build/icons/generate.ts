// Draws the MCP Desk icon and writes it as PNGs into build/icons/png/<size>x<size>.png, the layout
// electron-builder reads an icon set from. Run it by hand after changing the design
// (`npx tsx build/icons/generate.ts`) and commit the PNGs: packaging must not depend on an image
// tool, and ImageMagick is not something every build machine has.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

/** The sizes electron-builder maps to hicolor icon directories on Linux; 512 also feeds mac and win. */
export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;

type Rgba = readonly [number, number, number, number];

const BACKGROUND: Rgba = [37, 99, 235, 255];
const PANEL: Rgba = [255, 255, 255, 255];
const LIGHT: Rgba = [34, 197, 94, 255];

/** Signed distance from (x, y) to a rounded rectangle; negative inside. */
function roundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): number {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const qx = Math.abs(x - cx) - ((right - left) / 2 - radius);
  const qy = Math.abs(y - cy) - ((bottom - top) / 2 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/**
 * The design in unit coordinates (0..1): a blue rounded square holding three white "server" bars,
 * each with a green status light, since the app is a panel of running servers.
 */
function colourAt(x: number, y: number): Rgba | undefined {
  if (roundedRect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2) > 0) return undefined;
  for (const top of [0.22, 0.43, 0.64]) {
    if (Math.hypot(x - 0.7, y - (top + 0.07)) < 0.045) return LIGHT;
    if (roundedRect(x, y, 0.2, top, 0.8, top + 0.14, 0.04) <= 0) return PANEL;
  }
  return BACKGROUND;
}

/** Renders one size with 4×4 supersampling, so small sizes keep smooth edges. */
function render(size: number): Buffer {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!colour) continue;
          // Premultiplied, so edge pixels do not pick up a dark fringe from transparent samples.
          for (let c = 0; c < 3; c++) sum[c]! += (colour[c]! * colour[3]) / 255;
          sum[3]! += colour[3];
        }
      }
      const n = samples * samples;
      const alpha = sum[3]! / n;
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[offset + c] = alpha === 0 ? 0 : Math.round(((sum[c]! / n) * 255) / alpha);
      pixels[offset + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels as an 8-bit truecolour-with-alpha PNG. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  // Every scanline starts with filter type 0 (none): simplest valid encoding, and zlib still packs it well.
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.dirname, 'generate.ts')) {
  const dir = path.join(import.meta.dirname, 'png');
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(path.join(dir, `${size}x${size}.png`), encodePng(size, render(size)));
}
