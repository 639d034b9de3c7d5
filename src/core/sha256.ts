// SHA-256 through WebCrypto: available in browsers, workers and Node ≥ 19 alike.
import { bytesToHex } from '@noble/hashes/utils';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return bytesToHex(new Uint8Array(digest));
}
