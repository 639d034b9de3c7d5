// When the worker loads the models (issue 10: never on the critical path from drop to dashboard): a
// preload waits until no validation or analysis has run for a while, and an analysis that answers its
// exact profiles first ('later') does not start the load before that answer; the reference population
// is fetched on the way. A stand-in model service counts the loads (no tfjs).
import { describe, expect, it } from 'vitest';
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { createWorkerApi } from '../../src/worker/api';
import type { ModelService, ModelStatus } from '../../src/worker/model-types';

const enc = new TextEncoder();
const season = generateSeason({ seed: 3, drivers: 6, tracks: ['barber', 'COTA'], racesPerTrack: 1, lapsPerRace: 12 });
const files = (): InputFile[] => season.map((s) => ({ name: s.path.split('/').pop()!, path: s.path, bytes: enc.encode(s.text) }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counted(quietMs: number) {
  const loads: number[] = [];
  const refs: number[] = [];
  const ready: ModelStatus = { state: 'ready', notices: [], backend: null, versions: {}, timings: {} };
  const service = {
    load: async () => ready,
    attachPredictions: async () => ready,
    info: () => [],
    dispose: async () => {},
  } as unknown as ModelService;
  const api = createWorkerApi({
    loadModels: async () => (loads.push(performance.now()), service),
    loadReference: async () => (refs.push(performance.now()), null),
    preloadQuietMs: quietMs,
  });
  return { api, loads, refs };
}

describe('model load off the critical path', () => {
  it('a preload asked during a validation starts only once the worker has been quiet for preloadQuietMs', async () => {
    const { api, loads, refs } = counted(300);
    const validation = api.validateUserData(files());
    expect(api.preloadModels()).toBe(true);
    expect(refs).toHaveLength(1); // the small reference fetch goes at once
    await validation;
    const ended = performance.now();
    await sleep(20);
    expect(loads).toHaveLength(0); // still within the quiet time after the validation
    // another call within the quiet time pushes the start back again
    await api.analyze(files(), { predictions: 'later' });
    const analysed = performance.now();
    expect(loads).toHaveLength(0);
    await sleep(900);
    expect(loads).toHaveLength(1);
    expect(loads[0]).toBeGreaterThanOrEqual(Math.max(ended, analysed) + 300 - 5);
  });

  it('a preload on a fresh worker waits preloadQuietMs from the start, then loads once', async () => {
    const { api, loads } = counted(200);
    const made = performance.now();
    expect(api.preloadModels()).toBe(true);
    expect(api.preloadModels()).toBe(true); // asked twice: one load
    expect(loads).toHaveLength(0);
    await sleep(700);
    expect(loads).toHaveLength(1);
    expect(loads[0]).toBeGreaterThanOrEqual(made + 200 - 5);
  });

  it("an analysis with predictions 'later' answers before any model load; the predictions call loads them", async () => {
    const { api, loads, refs } = counted(10_000);
    const exact = await api.analyze(files(), { predictions: 'later' });
    expect(exact.predictionsPending).toBe(true);
    expect(exact.envelope.drivers.length).toBeGreaterThan(0);
    expect(loads).toHaveLength(0);
    expect(refs).toHaveLength(1); // fetched on the way, once
    const later = await api.predictions(exact.lapsId!);
    expect(later?.model.state).toBe('ready');
    expect(loads).toHaveLength(1);
  });

  it('an inline analysis starts the load while it reads (one load, ready in the answer)', async () => {
    const { api, loads } = counted(10_000);
    const r = await api.analyze(files());
    expect(r.model.state).toBe('ready');
    expect(loads).toHaveLength(1);
  });
});
