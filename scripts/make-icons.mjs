// Draws the app icon (a double helix of "DNA" on a dark tile, with a chequered rung) and writes the PNGs
// the web app manifest lists: 192 and 512 px "any" icons and a 512 px maskable one.
// Run: node scripts/make-icons.mjs  (the PNGs are committed; this script only regenerates them).
// No image library: pixels are drawn with 4x4 supersampling and encoded as PNG with node:zlib.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const OUT_DIR = resolve(import.meta.dirname, '../public/icons');
const BACKGROUND = [17, 24, 39]; // #111827, the manifest's theme and background colour
const STRAND_A = [225, 29, 72]; // #e11d48
const STRAND_B = [56, 189, 248]; // #38bdf8
const RUNG = [229, 231, 235]; // #e5e7eb

/**
 * Coverage-weighted colour of one point of the logo in unit coordinates (0..1 across the logo box),
 * or null where the point is background.
 */
function logoColourAt(x, y) {
  const turns = 1.5;
  const amplitude = 0.28;
  const strandHalfWidth = 0.045;
  const phase = (y - 0.1) / 0.8; // the helix runs from y = 0.1 to y = 0.9
  if (phase < 0 || phase > 1) return null;
  const angle = phase * turns * 2 * Math.PI;
  const xa = 0.5 + amplitude * Math.sin(angle);
  const xb = 0.5 - amplitude * Math.sin(angle);
  const frontIsA = Math.cos(angle) >= 0; // the strand nearer the viewer is drawn on top
  // distance across the strand, not along x: divide by the length of the curve's direction (dx/dy, 1)
  const slope = (amplitude * Math.cos(angle) * turns * 2 * Math.PI) / 0.8;
  const across = Math.sqrt(1 + slope * slope);
  const onA = Math.abs(x - xa) / across < strandHalfWidth;
  const onB = Math.abs(x - xb) / across < strandHalfWidth;
  if (onA && onB) return frontIsA ? STRAND_A : STRAND_B;
  if (onA) return STRAND_A;
  if (onB) return STRAND_B;
  // rungs: eight horizontal bars between the strands, every other one chequered like a finish flag
  const rungs = 8;
  const rungPos = phase * rungs;
  const nearest = Math.round(rungPos);
  if (nearest >= 1 && nearest < rungs && Math.abs(rungPos - nearest) < 0.09) {
    const left = Math.min(xa, xb);
    const right = Math.max(xa, xb);
    if (x > left && x < right) {
      if (nearest % 2 === 0) {
        const cell = Math.floor(((x - left) / Math.max(right - left, 1e-6)) * 6);
        return cell % 2 === 0 ? RUNG : BACKGROUND;
      }
      return RUNG;
    }
  }
  return null;
}

/** RGBA pixels of a size x size icon; `logoScale` is the share of the tile the logo box takes. */
function drawIcon(size, { logoScale, roundedTile }) {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  const radius = roundedTile ? 0.18 : 0; // corner radius as a share of the tile
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (px + (sx + 0.5) / samples) / size;
          const v = (py + (sy + 0.5) / samples) / size;
          if (!insideRoundedTile(u, v, radius)) continue;
          const lx = (u - 0.5) / logoScale + 0.5;
          const ly = (v - 0.5) / logoScale + 0.5;
          const colour = lx >= 0 && lx <= 1 && ly >= 0 && ly <= 1 ? logoColourAt(lx, ly) ?? BACKGROUND : BACKGROUND;
          r += colour[0]; g += colour[1]; b += colour[2]; a += 255;
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      const coverage = a / 255; // number of samples inside the tile
      pixels[i] = coverage ? Math.round(r / coverage) : 0;
      pixels[i + 1] = coverage ? Math.round(g / coverage) : 0;
      pixels[i + 2] = coverage ? Math.round(b / coverage) : 0;
      pixels[i + 3] = Math.round(a / n);
    }
  }
  return pixels;
}

function insideRoundedTile(u, v, radius) {
  if (radius === 0) return true;
  const cx = Math.min(Math.max(u, radius), 1 - radius);
  const cy = Math.min(Math.max(v, radius), 1 - radius);
  return (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** PNG, 8-bit RGBA, no interlace; every scanline uses filter 0 (none). */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT_DIR, { recursive: true });
const icons = [
  { file: 'icon-192.png', size: 192, logoScale: 0.9, roundedTile: true },
  { file: 'icon-512.png', size: 512, logoScale: 0.9, roundedTile: true },
  // maskable: full-bleed tile, logo inside the 80% safe zone the platform may crop to a circle
  { file: 'icon-512-maskable.png', size: 512, logoScale: 0.62, roundedTile: false },
  { file: 'apple-touch-icon-180.png', size: 180, logoScale: 0.8, roundedTile: false },
];
for (const icon of icons) {
  const png = encodePng(icon.size, drawIcon(icon.size, icon));
  writeFileSync(resolve(OUT_DIR, icon.file), png);
  console.log(`${icon.file}: ${icon.size}x${icon.size}, ${png.length} bytes`);
}
