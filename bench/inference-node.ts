// Inference in Node through the worker API (createWorkerApi + the model service on the shipped models),
// per backend: the load's phases, then benchmarkInference for 100 and 10,000 synthetic drivers.
//   node --import tsx bench/inference-node.ts [wasm,cpu] [repeats]
// Prints figures; passes or fails nothing (a benchmark, not a test).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { memorySource } from '../src/model/artifacts';
import type { BackendName } from '../src/model/backend';
import { createWorkerApi } from '../src/worker/api';
import { createModelService } from '../src/worker/model-service';

const MODELS_DIR = resolve(import.meta.dirname, '../models');
const files = new Map<string, Uint8Array>();
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.set(relative(MODELS_DIR, p).split('\\').join('/'), new Uint8Array(readFileSync(p)));
  }
};
walk(MODELS_DIR);

const backends = (process.argv[2] ?? 'wasm,cpu').split(',') as BackendName[];
const repeats = Number(process.argv[3] ?? 5);
const ms = (xs: readonly number[]) => xs.map((x) => x.toFixed(1)).join(', ');
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const backend of backends) {
  const api = createWorkerApi({ loadModels: () => createModelService({ source: memorySource(files), gpu: { api: false, adapter: false, fallback: false }, gl: null }) });
  api.configure({ backend });
  const status = await api.loadModelArtifacts();
  const t = Object.entries(status.timings).map(([k, v]) => `${k} ${v!.toFixed(1)}`).join(', ');
  console.log(`${backend} (on ${status.backend?.backend ?? '?'}): ${status.state}; load ms: ${t}`);
  for (const rows of [100, 10_000]) {
    const r = await api.benchmarkInference(rows, repeats);
    const objects = r.objectsMs ? `; with result objects median ${median(r.objectsMs).toFixed(1)} ms [${ms(r.objectsMs)}]` : '';
    console.log(`  ${rows} drivers on ${r.backend}: median ${median(r.ms).toFixed(1)} ms [${ms(r.ms)}]${objects}`);
  }
}
