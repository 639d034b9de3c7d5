// Byte decoding: UTF-8 (with or without BOM); text that is not valid UTF-8 is windows-1252 (what Excel
// on Windows writes), also after a UTF-8 BOM; UTF-16 LE/BE with a BOM (Excel's "Unicode text").
// Decoding is streaming: callers get text chunk by chunk, never the whole file twice.

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** UTF-16 byte order mark: FF FE little-endian, FE FF big-endian. */
export function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Heuristic for binary input (a spreadsheet, a zip): NUL bytes in the first KiB (UTF-16 with a BOM is text). */
export function looksBinary(bytes: Uint8Array): boolean {
  if (utf16Bom(bytes)) return false;
  return bytes.subarray(0, 1024).indexOf(0) >= 0; // (a native scan: a season is a hundred files)
}

/** Bytes to decode: a whole buffer, or a Blob (a dropped File) read a chunk at a time. */
export interface ByteSource {
  size: number;
  /** Bytes [start, end). */
  read(start: number, end: number): Promise<Uint8Array> | Uint8Array;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (a, b) => bytes.subarray(a, b) };
}

export function blobSource(blob: Blob): ByteSource {
  return { size: blob.size, read: async (a, b) => new Uint8Array(await blob.slice(a, b).arrayBuffer()) };
}

/**
 * Decodes `source` in chunks of `chunkBytes`, calling `onText` for each piece of text and `onBytes` for
 * the raw bytes of each chunk (a hash on the way). Tries UTF-8 first (fatal); on the first invalid
 * sequence it reports `restart` so the caller can drop what it parsed, then decodes everything again as
 * windows-1252 (a UTF-8 BOM stays stripped). UTF-16 with a BOM is decoded as such. `onText` returning
 * false stops early. Returns the encoding used. `head` is the source's first bytes (at least 3, or all).
 */
export async function decodeChunks(
  source: ByteSource | Uint8Array,
  chunkBytes: number,
  onText: (text: string, bytesDone: number) => boolean | void,
  onRestart: () => void,
  onBytes?: (bytes: Uint8Array, restart: boolean) => void,
): Promise<Encoding> {
  const src = source instanceof Uint8Array ? bufferSource(source) : source;
  const head = await src.read(0, Math.min(src.size, 4));
  const utf16 = utf16Bom(head);
  if (utf16) {
    // The chunk size stays even so no code unit is cut; the decoder's stream mode handles surrogate pairs.
    chunkBytes = Math.max(2, chunkBytes & ~1);
    await run(new TextDecoder(utf16, { ignoreBOM: true }), 2);
    return utf16;
  }
  const bom = hasUtf8Bom(head);
  const start = bom ? 3 : 0;
  try {
    await run(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }), start);
    return bom ? 'utf-8-bom' : 'utf-8';
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    onRestart();
    await run(new Windows1252Decoder(), start, true);
    return 'windows-1252';
  }

  async function run(decoder: { decode(b?: Uint8Array, o?: { stream?: boolean }): string }, from: number, again = false): Promise<void> {
    if (from > 0) onBytes?.(head.subarray(0, from), again);
    // A small first chunk: the header alone decides whether the rest of a file is needed at all. The next
    // chunk is read while this one is decoded and parsed (a Blob's read is I/O the parse need not wait for).
    const readAt = (at: number, size: number) => {
      const end = Math.min(at + size, src.size);
      const bytes = src.read(at, end);
      if (bytes instanceof Promise) bytes.catch(() => {}); // read ahead: a stop before it is awaited drops it
      return { end, bytes };
    };
    let ahead = from < src.size ? readAt(from, Math.min(chunkBytes, 1 << 13)) : null;
    for (let at = from; ahead !== null; ) {
      const { end } = ahead;
      const bytes = await ahead.bytes;
      ahead = end < src.size && at > from ? readAt(end, chunkBytes) : null;
      onBytes?.(bytes, again && at === from);
      const text = decoder.decode(bytes, { stream: end < src.size });
      if (onText(text, end) === false) return; // the caller has all it needs (a non-lap file's header)
      if (ahead === null && end < src.size) ahead = readAt(end, chunkBytes);
      at = end;
    }
    if (src.size <= from) onText(decoder.decode(), src.size);
  }
}

/** windows-1252 → text: latin-1 except 0x80–0x9F (€, quotes, dashes…). Ours because Node's TextDecoder
 * treats 'windows-1252' as plain latin-1, which browsers do not: one table keeps every runtime equal. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export class Windows1252Decoder {
  decode(bytes?: Uint8Array, _opts?: { stream?: boolean }): string {
    if (!bytes) return '';
    let out = '';
    const step = 8192;
    for (let at = 0; at < bytes.length; at += step) {
      const part = bytes.subarray(at, Math.min(at + step, bytes.length));
      const codes = new Array<number>(part.length);
      for (let i = 0; i < part.length; i++) {
        const b = part[i];
        codes[i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
      }
      out += String.fromCharCode(...codes);
    }
    return out;
  }
}
