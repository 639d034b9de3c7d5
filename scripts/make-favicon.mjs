// Writes public/favicon.ico from public/icons/icon-192.png: an ICO with one PNG-compressed image (every
// browser reads PNG entries), so /favicon.ico is a real file the service worker precaches.
// Run: node scripts/make-favicon.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const png = readFileSync(new URL('../public/icons/icon-192.png', import.meta.url));
const width = png.readUInt32BE(16);
const height = png.readUInt32BE(20);
const header = Buffer.alloc(6 + 16);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(width >= 256 ? 0 : width, 6);
header.writeUInt8(height >= 256 ? 0 : height, 7);
header.writeUInt8(0, 8); // no palette
header.writeUInt8(0, 9);
header.writeUInt16LE(1, 10); // colour planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(png.length, 14);
header.writeUInt32LE(header.length, 18);
writeFileSync(new URL('../public/favicon.ico', import.meta.url), Buffer.concat([header, png]));
console.log(`public/favicon.ico: ${width}×${height} PNG, ${header.length + png.length} bytes`);
