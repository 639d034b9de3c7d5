// The worker's entry: expose the API object with Comlink. Everything else lives in api.ts (testable in
// Node) and model-service.ts (tfjs, imported only when the models load).
import * as Comlink from 'comlink';
import { createWorkerApi } from './api';
import { Library } from '../app/library/library';

const modelsUrl = new URL(`${import.meta.env.BASE_URL}models/`, self.location.origin).href;

/** One hashing worker, made on the first lap file and kept; each call gets its own id. */
let hasher: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>();
function hashBlob(blob: Blob): Promise<string> {
  if (!hasher) {
    hasher = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' });
    hasher.onmessage = (e: MessageEvent<{ id: number; hex?: string; error?: string }>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      if (e.data.hex) p?.resolve(e.data.hex);
      else p?.reject(new Error(e.data.error ?? 'hash failed'));
    };
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    hasher!.postMessage({ id, blob });
  });
}

/** The library, opened from this thread on the first analysis kept (the page opens its own for the list). */
let library: Library | null = null;

Comlink.expose(
  createWorkerApi({
    hashBlob,
    keep: (parts, name) => (library ??= new Library()).saveParts(parts, name),
    loadReference: async () => {
      const res = await fetch(`${modelsUrl}relative-reference.json`, { signal: AbortSignal.timeout(60_000) });
      // a static host answers a missing file with index.html: that is a missing file
      if (!res.ok || (res.headers.get('content-type') ?? '').includes('text/html')) return null;
      return res.json();
    },
    loadModels: async () => {
      const t0 = performance.now();
      const { createModelService } = await import('./model-service'); // tfjs comes with this chunk
      return createModelService({ baseUrl: modelsUrl, importMs: performance.now() - t0 });
    },
  }),
);
