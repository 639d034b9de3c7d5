// A worker of the analysis worker: the SHA-256 of a dropped lap file, streamed from its File handle a chunk
// at a time, so that hashing a 250 MB file runs beside the parse on another core instead of after it.
// Message in: { id, blob }; out: { id, hex } or { id, error }.
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';

const CHUNK = 4 << 20;

self.onmessage = async (e: MessageEvent<{ id: number; blob: Blob }>) => {
  const { id, blob } = e.data;
  try {
    const h = sha256.create();
    for (let at = 0; at < blob.size; at += CHUNK) h.update(new Uint8Array(await blob.slice(at, at + CHUNK).arrayBuffer()));
    const hex = bytesToHex(h.digest());
    self.postMessage({ id, hex });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
