// The worker API with the shipped models (models/registry.json), over a MessageChannel in Node on the
// cpu backend: predictions beside the exact profiles, the model's info, inference timing, and a
// corrupted weight shard refused with E061 while the exact core carries on. Skips while no model is
// registered (the training issue ships them).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { memorySource } from '../../src/model/artifacts';
import { createWorkerApi, type WorkerApi } from '../../src/worker/api';
import { withPredicted } from '../../src/worker/analysis-wire';
import { createModelService } from '../../src/worker/model-service';

const MODELS_DIR = resolve(import.meta.dirname, '../../models');
const registry = existsSync(join(MODELS_DIR, 'registry.json')) ? JSON.parse(readFileSync(join(MODELS_DIR, 'registry.json'), 'utf8')) : null;
const hasModel = Boolean(registry?.latest?.classic);
if (!hasModel) console.warn('skipping "worker API with the shipped models": no latest classic model in models/registry.json');

/** Every file under models/ in memory, optionally with one byte flipped in each weight shard. */
function modelFiles(corrupt = false): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = new Uint8Array(readFileSync(p));
        if (corrupt && name === 'weights.bin') bytes[bytes.length >> 1] ^= 0xff;
        files.set(relative(MODELS_DIR, p).split('\\').join('/'), bytes);
      }
    }
  };
  walk(MODELS_DIR);
  return files;
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function connect(corrupt = false, loads = { count: 0 }): Comlink.Remote<WorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const api = createWorkerApi({
    loadModels: () => {
      loads.count++;
      return createModelService({ source: memorySource(modelFiles(corrupt)), gpu: { api: false, adapter: false, fallback: false }, gl: null });
    },
  });
  Comlink.expose(api, port1 as unknown as Comlink.Endpoint);
  return Comlink.wrap<WorkerApi>(port2 as unknown as Comlink.Endpoint);
}

const enc = new TextEncoder();
const season = generateSeason({ seed: 5, drivers: 10, tracks: ['barber', 'COTA', 'Road America'], racesPerTrack: 1, lapsPerRace: 15 });
const files = (): InputFile[] => {
  const f = season.map((s) => ({ name: s.path.split('/').pop()!, path: s.path, bytes: enc.encode(s.text) }));
  return Comlink.transfer(f, f.map((x) => x.bytes!.buffer as ArrayBuffer));
};

describe.skipIf(!hasModel)('worker API with the shipped models', () => {
  it('loads and verifies the latest classic model and puts its prediction beside each exact profile', async () => {
    const api = connect();
    await api.configure({ backend: 'cpu' });
    const r = await api.analyze(files());
    expect(r.model.state).toBe('ready');
    expect(r.model.versions.classic).toBe(registry.latest.classic);
    expect(r.model.backend?.backend).toBe('cpu');
    expect(r.envelope.model_version).toContain(registry.latest.classic);
    const withDna = r.envelope.drivers.filter((d) => d.dna_signature !== null);
    expect(withDna.length).toBeGreaterThan(0);
    for (const d of withDna) {
      expect(d.predicted?.classic?.model_version).toBe(registry.latest.classic);
      expect(Object.values(d.predicted!.classic!.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    }
    const info = await api.getModelInfo();
    expect(info.models.find((m) => m.definition === 'classic')?.version).toBe(registry.latest.classic);
    const bench = await api.benchmarkInference(100, 1);
    expect(bench).toMatchObject({ backend: 'cpu', rows: 100 });
    expect(bench.ms).toHaveLength(1);
    expect(bench.objectsMs).toHaveLength(1);
  });

  it('answers the exact profiles first, as typed columns, and the predictions in a second call', async () => {
    const api = connect();
    await api.configure({ backend: 'cpu' });
    const exact = await api.analyze(files(), { predictions: 'later' });
    expect(exact.predictionsPending).toBe(true);
    expect(exact.envelope.drivers.length).toBeGreaterThan(0);
    expect(exact.envelope.drivers.every((d) => d.predicted === undefined)).toBe(true);
    // no lap objects cross the boundary: the laps are one table of typed columns and one verdict code each
    expect(exact).not.toHaveProperty('laps');
    expect(exact.lapTable.numbers.lapTimeS).toBeInstanceOf(Float64Array);
    expect(exact.lapTable.codes.carNumber).toBeInstanceOf(Uint32Array);
    expect(exact.verdicts.codes).toBeInstanceOf(Uint8Array);
    expect(exact.verdicts.codes).toHaveLength(exact.lapTable.length);
    const later = await api.predictions(exact.lapsId!);
    expect(later!.model.state).toBe('ready');
    // only what the model added crosses: one entry per car of the exact envelope, not the envelope again
    expect(later).not.toHaveProperty('envelope');
    expect(later!.predicted.drivers).toHaveLength(exact.envelope.drivers.length);
    const envelope = withPredicted(exact.envelope, later!.predicted);
    const withDna = envelope.drivers.filter((d) => d.dna_signature !== null);
    expect(withDna.length).toBeGreaterThan(0);
    for (const d of withDna) expect(d.predicted?.classic?.model_version).toBe(registry.latest.classic);
    // the exact envelope the page holds is not changed in place; cars without DNA get no prediction
    expect(exact.envelope.drivers.every((d) => d.predicted === undefined)).toBe(true);
    expect(envelope.model_version).toContain(registry.latest.classic);
    // asked twice, or for another result: nothing (the predictions went with the first answer)
    expect(await api.predictions(exact.lapsId!)).toBeNull();
  });

  it('times each phase of the load on its own: backend import and start, fetch, sha256, build, self-test', async () => {
    const api = connect();
    await api.configure({ backend: 'cpu' });
    const status = await api.loadModelArtifacts();
    expect(status.state).toBe('ready');
    const t = status.timings;
    for (const k of ['importTf', 'importBackend', 'backend', 'fetch', 'sha256', 'build', 'selfTest', 'load'] as const) expect(t[k], k).toBeGreaterThanOrEqual(0);
    expect(t).not.toHaveProperty('integrity');
    // the load's phases run one after the other inside it: together they cannot exceed it
    expect(t.fetch! + t.sha256! + t.build! + t.selfTest!).toBeLessThanOrEqual(t.load! + 1e-6);
    expect(status.backend).toMatchObject({ backend: 'cpu' });
  });

  it('preloads the models in the background: the call returns before the load ends, and an analysis reuses that load', async () => {
    const loads = { count: 0 };
    const api = connect(false, loads);
    await api.configure({ backend: 'cpu' });
    expect(await api.preloadModels()).toBe(true);
    expect((await api.getModelInfo()).status.state).toBe('not-loaded');
    const r = await api.analyze(files());
    expect(r.model.state).toBe('ready');
    expect(loads.count).toBe(1);
    await api.configure({ useModels: false });
    expect(await api.preloadModels()).toBe(false);
  });

  it('says W065 at most once per definition and analysis, however many analyses run in one worker', async () => {
    const api = connect();
    await api.configure({ backend: 'cpu' });
    const w065 = (codes: { code: string; message: string; detail?: string }[]) => codes.filter((n) => n.code === 'W065');
    const first = await api.analyze(files());
    const again = await api.analyze(files());
    const third = await api.analyze(files());
    for (const r of [first, again, third]) {
      const lines = w065(r.model.notices);
      expect(new Set(lines.map((n) => n.detail!.split(':')[0])).size).toBe(lines.length);
      expect(lines.length).toBeLessThanOrEqual(2);
    }
    expect(third.model.notices).toEqual(first.model.notices);
  });

  it("the app's own sample season (public/sample) lies inside the models' training ranges: no W065", async () => {
    const root = resolve(import.meta.dirname, '../../public/sample');
    const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as { files: string[] } | string[];
    const paths = Array.isArray(index) ? index : index.files;
    const sample = paths.map((p) => ({ name: p.split('/').pop()!, path: p, bytes: new Uint8Array(readFileSync(join(root, p))) }));
    const api = connect();
    await api.configure({ backend: 'cpu' });
    const r = await api.analyze(Comlink.transfer(sample, sample.map((x) => x.bytes.buffer as ArrayBuffer)));
    expect(r.model.state).toBe('ready');
    const predicted = r.envelope.drivers.filter((d) => d.predicted?.relative || d.predicted?.classic);
    expect(predicted.length).toBeGreaterThanOrEqual(14);
    expect(r.model.predictionNotices ?? []).toEqual([]);
    expect(r.model.notices.filter((n) => n.code === 'W065')).toEqual([]);
  });

  it('refuses a corrupted weight shard with E061 and keeps the exact profiles', async () => {
    const api = connect(true);
    await api.configure({ backend: 'cpu' });
    const r = await api.analyze(files());
    expect(r.model.notices.map((n) => n.code)).toContain('E061');
    expect(r.model.state).toBe('failed');
    expect(r.model.notices.map((n) => n.code)).toContain('I001');
    expect(r.envelope.drivers.every((d) => d.predicted === undefined)).toBe(true);
    expect(r.envelope.drivers.length).toBe(10);
  });
});
