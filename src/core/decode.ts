// Byte decoding: UTF-8 (with or without BOM); text that is not valid UTF-8 is windows-1252 (what Excel
// on Windows writes). Decoding is streaming: callers get text chunk by chunk, never the whole file twice.

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Heuristic for binary input (a spreadsheet, a zip): NUL bytes in the first KiB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * Decodes `bytes` in chunks of `chunkBytes`, calling `onText` for each piece of text. Tries UTF-8 first
 * (fatal); on the first invalid sequence it reports `restart` so the caller can drop what it parsed,
 * then decodes everything again as windows-1252. `onText` returning false stops early. Returns the
 * encoding used.
 */
export function decodeChunks(
  bytes: Uint8Array,
  chunkBytes: number,
  onText: (text: string, bytesDone: number) => boolean | void,
  onRestart: () => void,
): Encoding {
  const bom = hasUtf8Bom(bytes);
  const start = bom ? 3 : 0;
  try {
    run(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }), start);
    return bom ? 'utf-8-bom' : 'utf-8';
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    onRestart();
    run(new TextDecoder('windows-1252'), 0);
    return 'windows-1252';
  }

  function run(decoder: TextDecoder, from: number): void {
    // A small first chunk: the header alone decides whether the rest of a file is needed at all.
    for (let at = from, size = Math.min(chunkBytes, 1 << 16); at < bytes.length; at += size, size = chunkBytes) {
      const end = Math.min(at + size, bytes.length);
      const text = decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length });
      if (onText(text, end) === false) return; // the caller has all it needs (a non-lap file's header)
    }
    if (bytes.length <= from) onText(decoder.decode(), bytes.length);
  }
}
