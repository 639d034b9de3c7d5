// The worker's entry: expose the API object with Comlink. Everything else lives in api.ts (testable in
// Node) and model-service.ts (tfjs, imported only when the models load).
import * as Comlink from 'comlink';
import { createWorkerApi } from './api';

const modelsUrl = new URL(`${import.meta.env.BASE_URL}models/`, self.location.origin).href;

Comlink.expose(
  createWorkerApi({
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
