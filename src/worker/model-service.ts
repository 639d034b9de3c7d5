// The worker's model service: imports tfjs (this whole module is a lazy chunk), picks the backend, loads
// the registry's latest version per definition through the training issue's loader (sha256 of every
// file, synthetic test inference) and puts predictions beside the exact profiles. Any failure leaves the
// exact core working and says why with a code (E001, E061, E062, E063, E064; I001 for the fallback).
// tfjs-core and tfjs-layers only (bundle.ts); backend.ts imports the one backend it starts.
import * as tf from '@tensorflow/tfjs-core';
import { coded, DnaError } from '../core/errors';
import { buildModelInputs, personModelInputs, relativeModelInputs, type ModelInputRow } from '../core/model-features';
import { mulberry32 } from '../model/random';
import type { AnalysisResult, CodedMessage, Definition, LapRow, TrackType } from '../core/types';
import { subSource, urlSource, type ArtifactSource } from '../model/artifacts';
import { chooseBackend, type BackendChoice, type BackendPreference, type GpuAdapterProbe, type WebGlProbe } from '../model/backend';
import { emptyLoadTimings, loadModelBundle, packInputs, readRegistry, type ModelBundle } from '../model/bundle';
import { attachPersonPredictions, attachPredictions } from '../model/envelope-predictions';
import { REPORT_FILE } from '../model/metadata';
import { seriesFigures } from './series-figures';
import type { ArchetypePrediction, ModelCard, ModelService, ModelStatus, PredictionRow } from './model-types';

export interface ModelServiceOptions {
  /** Time the dynamic import of this chunk took (tfjs-core and tfjs-layers: download, parse), for the model page. */
  importMs?: number;
  /** models/ root as an absolute URL (the worker), or any ArtifactSource (Node tests). */
  baseUrl?: string;
  source?: ArtifactSource;
  /** Definitions to load; the app wants both, a missing relative model is not an error for classic. */
  definitions?: Definition[];
  /** Skip the adapter probe (Node has no navigator.gpu). */
  gpu?: GpuAdapterProbe;
  /** Skip the WebGL renderer probe: a probe to use, or null for none (Node has no WebGL). */
  gl?: WebGlProbe | null;
}

const DEFINITIONS: Definition[] = ['classic', 'relative'];

function codedOf(e: unknown, fallback: 'E001' | 'E062', detail: string): CodedMessage {
  if (e instanceof DnaError) return e.coded;
  return coded(fallback, `${detail}: ${e instanceof Error ? e.message : String(e)}`);
}

/** One model file request gives up after this long (the analysis itself waits less: api.ts MODEL_WAIT_MS). */
export const FETCH_TIMEOUT_MS = 60_000;

/**
 * Model files over fetch. A static host (and `vite preview`) answers a missing file with the app's
 * index.html and status 200; an HTML answer for a model file is a missing file (E001), not bad JSON.
 */
export function fetchSource(baseUrl: string, fetchImpl: typeof fetch = (...a) => fetch(...a), timeoutMs = FETCH_TIMEOUT_MS): ArtifactSource {
  const checked: typeof fetch = async (input, init) => {
    // A request that never answers fails after timeoutMs, so a later load can try again.
    const res = await fetchImpl(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (res.ok && (res.headers.get('content-type') ?? '').includes('text/html')) return new Response(null, { status: 404 });
    return res;
  };
  return urlSource(baseUrl, checked);
}

/** Per-car W065 lines ("car 7, relative: …") grouped into one line per definition: "relative: 2 of 16 cars (#7, #12)". */
export function extrapolationSummary(perDriver: readonly CodedMessage[], drivers: number): CodedMessage[] {
  const byDef = new Map<string, string[]>();
  for (const m of perDriver) {
    const match = /^(?:car|driver) (\S+), (\w+):/.exec(m.detail ?? '');
    if (!match) continue;
    const cars = byDef.get(match[2]) ?? [];
    cars.push(`#${match[1]}`);
    byDef.set(match[2], cars);
  }
  return [...byDef].map(([def, cars]) =>
    coded('W065', `${def}: ${cars.length} of ${drivers} car${drivers === 1 ? '' : 's'} (${cars.slice(0, 8).join(', ')}${cars.length > 8 ? ', …' : ''})`),
  );
}

export async function createModelService(opts: ModelServiceOptions): Promise<ModelService> {
  const importTfMs = opts.importMs ?? 0;
  const root = opts.source ?? fetchSource(opts.baseUrl ?? '/models/');
  const wanted = opts.definitions ?? DEFINITIONS;

  let loadedFor: BackendPreference | null = null;
  let loading: Promise<ModelStatus> | null = null;
  let status: ModelStatus = { state: 'not-loaded', notices: [], backend: null, versions: {}, timings: {} };
  const bundles = new Map<Definition, ModelBundle>();
  const cards: ModelCard[] = [];

  function disposeAll(): void {
    for (const b of bundles.values()) b.dispose();
    bundles.clear();
    cards.length = 0;
  }

  async function loadAll(preference: BackendPreference): Promise<ModelStatus> {
    disposeAll();
    const notices: CodedMessage[] = [];
    const timings: ModelStatus['timings'] = { importTf: importTfMs };
    let backend: BackendChoice | null = null;
    try {
      backend = await chooseBackend(tf, preference, opts.gpu, opts.gl);
      timings.importBackend = backend.importMs;
      timings.backend = backend.initMs;
    } catch (e) {
      return { state: 'failed', notices: [coded('E062', `no tfjs backend: ${(e as Error).message}`), coded('I001')], backend: null, versions: {}, timings };
    }

    // Each phase timed on its own (bundle.ts LoadTimings), added up over the definitions loaded.
    const phases = emptyLoadTimings();
    const t0 = performance.now();
    const versions: ModelStatus['versions'] = {};
    try {
      const tr = performance.now();
      let registry: Awaited<ReturnType<typeof readRegistry>>;
      try {
        registry = await readRegistry(root);
      } finally {
        phases.fetch += performance.now() - tr;
      }
      for (const def of wanted) {
        const version = registry.latest[def];
        const entry = registry.versions.find((v) => v.version === version);
        if (!version || !entry) {
          // A definition without a model is normal while it is being trained: classic still runs.
          notices.push(coded('E064', def));
          continue;
        }
        try {
          const bundle = await loadModelBundle(subSource(root, entry.path), { definition: def, metadataSha256: entry.metadata_sha256, timings: phases });
          bundles.set(def, bundle);
          versions[def] = bundle.version;
          const info = bundle.info();
          cards.push({
            definition: def,
            version: info.version,
            trainingDate: info.training_date,
            status: info.status,
            metrics: numbers(info.metrics),
            metricsReal: numbers(info.held_out_real),
            metricsVirtual: numbers(info.held_out_virtual),
            metricsBySeries: seriesFigures(bundle.metadata.evaluation),
            featureNames: info.feature_names,
            targetNames: info.target_names,
            archetypeClasses: info.archetype_classes,
            reportUrl: root.locate(`${entry.path}/${REPORT_FILE}`),
            metadata: { framework_version: info.framework_version, gate: bundle.metadata.gate, training_config: bundle.metadata.training_config, data_statistics: bundle.metadata.data_statistics },
          });
        } catch (e) {
          notices.push(codedOf(e, 'E001', `${def} model ${version}`));
        }
      }
    } catch (e) {
      notices.push(codedOf(e, 'E001', 'registry.json'));
    }
    timings.fetch = phases.fetch;
    timings.sha256 = phases.sha256;
    timings.build = phases.build;
    timings.selfTest = phases.selfTest;
    timings.load = performance.now() - t0;
    const ready = bundles.size > 0;
    if (!ready) notices.push(coded('I001'));
    return { state: ready ? 'ready' : 'failed', notices, backend, versions, timings };
  }

  function numbers(o: object): Record<string, number> {
    return Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number'));
  }

  function bundleFor(def: Definition): ModelBundle {
    const b = bundles.get(def);
    if (!b) throw new DnaError('E064', def);
    return b;
  }

  const service: ModelService = {
    load(preference) {
      if (loading && loadedFor === preference) return loading;
      loadedFor = preference;
      loading = loadAll(preference).then((s) => (status = s));
      return loading;
    },

    async attachPredictions(result: AnalysisResult, laps: readonly LapRow[], trackTypes?: Record<string, TrackType>) {
      const t0 = performance.now();
      const perDriver: CodedMessage[] = [];
      const classic = bundles.get('classic');
      if (classic) perDriver.push(...attachPredictions(result.envelope, 'classic', await classic.predict(buildModelInputs(laps, { trackTypes }))));
      const relative = bundles.get('relative');
      if (relative) {
        const profiles = result.envelope.drivers.flatMap((d) => (d.relative ? [d.relative] : []));
        perDriver.push(...attachPredictions(result.envelope, 'relative', await relative.predict(relativeModelInputs(profiles)), result.references));
        const people = result.envelope.people ?? [];
        if (people.length) attachPersonPredictions(result.envelope, await relative.predict(personModelInputs(people)), result.references);
      }
      // The notices of this analysis only: the load's own notices plus at most one W065 per definition.
      // (Appending to the last status made three analyses in one tab show three identical W065 lines.)
      const loaded = await (loading ?? Promise.resolve(status));
      const notices = [...loaded.notices, ...extrapolationSummary(perDriver, result.envelope.drivers.length)];
      status = { ...loaded, notices, predictionNotices: perDriver, timings: { ...loaded.timings, predict: performance.now() - t0 } };
      return status;
    },

    async predictDna(rows, def) {
      const preds = await bundleFor(def).predict(rows);
      return preds.map((p): PredictionRow => ({ driverId: p.driver_id, dna: p.dna_signature, outOfDistribution: p.out_of_distribution }));
    },

    async predictArchetypes(rows, def) {
      const preds = await bundleFor(def).predict(rows);
      return preds.map((p): ArchetypePrediction => ({ driverId: p.driver_id, archetype: p.archetype, probabilities: p.probabilities }));
    },

    info: () => cards.map((c) => ({ ...c })),

    async benchmark(rows, repeats) {
      const def = bundles.has('classic') ? 'classic' : [...bundles.keys()][0];
      const bundle = bundleFor(def);
      const ranges = bundle.metadata.feature_ranges;
      const names = bundle.metadata.feature_names;
      const rand = mulberry32(rows);
      const input: ModelInputRow[] = Array.from({ length: rows }, (_, i) => ({
        driver_id: i,
        car_number: String(i),
        values: names.map((n) => {
          const [lo, hi] = ranges[n];
          return lo + (hi - lo) * rand();
        }),
      }));
      const raw = packInputs(input, names.length);
      await bundle.predict(input.slice(0, 8)); // warm-up: shader compile / wasm tiers
      // ms: both networks on the typed batch (what inference costs); objectsMs: the whole predict(),
      // rows in and one prediction object per driver out, as an analysis calls it.
      const ms: number[] = [];
      const objectsMs: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        await bundle.predictBatch(raw, rows);
        ms.push(performance.now() - t0);
        const t1 = performance.now();
        await bundle.predict(input);
        objectsMs.push(performance.now() - t1);
      }
      return { backend: tf.getBackend(), rows, ms, objectsMs };
    },

    async dispose() {
      disposeAll();
      loading = null;
      loadedFor = null;
    },
  };
  return service;
}
