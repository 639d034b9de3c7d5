import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DnaError } from '../../src/core/errors';
import { CLASSIC_CLASSIFIER_EXTRA_NAMES, CLASSIC_FEATURE_NAMES, CLASSIC_TARGET_NAMES } from '../../src/core/model-features';
import { sha256Hex } from '../../src/core/sha256';
import { ARCHETYPES } from '../../src/core/types';
import { deserializeModel, jsonBytes, memorySource, serializeModel, subSource, urlSource } from '../../src/model/artifacts';
import { extrasOf, forwardRaw, loadLatestBundle, loadModelBundle } from '../../src/model/bundle';
import { METADATA_SCHEMA, type EvaluationBlock, type ModelMetadata } from '../../src/model/metadata';
import { buildClassifierNetwork, buildRegressionNetwork } from '../../src/model/networks';
import { useNodeBackend } from '../../src/model/node';
import { withSeededMathRandom } from '../../src/model/random';
import { emptyRegistry } from '../../src/model/registry';
import type { ScalerJson } from '../../src/model/scaler';

const F = CLASSIC_FEATURE_NAMES.length;
const T = CLASSIC_TARGET_NAMES.length;

const block = { dna_mae: 0.1, dna_r2: 0.9, dna_r2_natural: 0.9, archetype_accuracy: 0.9, archetype_precision: 0.9, archetype_recall: 0.9, archetype_f1: 0.9, overall_reliability: 0.9, drivers: 1 } as EvaluationBlock;

/** A version folder in memory: untrained seeded networks, identity scaling, inputs in [-1, 1]. */
async function makeVersion(tamper: (m: ModelMetadata) => void = () => {}): Promise<Map<string, Uint8Array>> {
  const [regression, classifier] = withSeededMathRandom(1, () => [buildRegressionNetwork(F, T), buildClassifierNetwork(T + 2, 4)]);
  const unit = (names: readonly string[]) => ({ names: [...names], mean: names.map(() => 0), std: names.map(() => 1) });
  const scaler: ScalerJson = {
    schema: 'performance-dna-scaler/1',
    inputs: unit(CLASSIC_FEATURE_NAMES),
    targets: { ...unit(CLASSIC_TARGET_NAMES), transforms: CLASSIC_TARGET_NAMES.map(() => 'log'), offsets: CLASSIC_TARGET_NAMES.map(() => 1e-4) },
    classifier_extra: unit(CLASSIC_CLASSIFIER_EXTRA_NAMES),
  };
  const inputs = [CLASSIC_FEATURE_NAMES.map(() => 0), CLASSIC_FEATURE_NAMES.map((_, j) => (j % 2 ? 0.5 : -0.5))];
  const out = forwardRaw({ regression, classifier }, scaler, extrasOf({ definition: 'classic', reference_population: null }), inputs);
  const reg = await serializeModel(regression);
  const cls = await serializeModel(classifier);
  const files = new Map<string, Uint8Array>([
    ['dna_regression/model.json', reg.modelJson],
    ['dna_regression/weights.bin', reg.weights],
    ['archetype_classifier/model.json', cls.modelJson],
    ['archetype_classifier/weights.bin', cls.weights],
    ['scaler.json', jsonBytes(scaler)],
    ['labels.json', jsonBytes({ classes: ARCHETYPES })],
  ]);
  const meta = {
    schema: METADATA_SCHEMA, version: 'classic-v1', definition: 'classic', training_date: '2025-01-01T00:00:00.000Z', status: 'passed',
    feature_names: [...CLASSIC_FEATURE_NAMES], target_names: [...CLASSIC_TARGET_NAMES], archetype_classes: [...ARCHETYPES],
    feature_ranges: Object.fromEntries(CLASSIC_FEATURE_NAMES.map((n) => [n, [-1, 1]])),
    validation_metrics: block, evaluation: { held_out_all: block, held_out_real: block, held_out_virtual: block },
    self_test: { inputs, dna_model_units: out.dna, probabilities: out.probs, tolerance: 1e-4 },
    framework_version: tf.version.tfjs, files: {} as Record<string, string>,
  } as unknown as ModelMetadata;
  for (const [p, b] of files) meta.files[p] = await sha256Hex(b);
  tamper(meta);
  files.set('metadata.json', jsonBytes(meta));
  regression.dispose();
  classifier.dispose();
  return files;
}

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    const b = (await p) as { dispose?: () => void };
    b?.dispose?.();
  } catch (e) {
    if (e instanceof DnaError) return e.code;
    throw e;
  }
  return null;
}

beforeAll(async () => {
  await useNodeBackend();
});

describe('model artifacts', () => {
  it('round-trips a network through model.json + weights.bin with identical predictions', async () => {
    const m = withSeededMathRandom(2, () => buildRegressionNetwork(F, T));
    const { modelJson, weights } = await serializeModel(m);
    const back = await deserializeModel(modelJson, weights);
    const x = tf.randomUniform([3, F], -1, 1, 'float32', 7);
    expect(Array.from((back.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((m.predict(x) as tf.Tensor).dataSync()));
    const json = JSON.parse(new TextDecoder().decode(modelJson));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.format).toBe('layers-model');
    m.dispose();
    back.dispose();
  });

  it('loads a verified version and predicts one profile per input row', async () => {
    const bundle = await loadModelBundle(memorySource(await makeVersion()), { definition: 'classic' });
    const [p] = await bundle.predict([{ driver_id: 7, car_number: '7', values: CLASSIC_FEATURE_NAMES.map(() => 0.1) }]);
    expect(p.driver_id).toBe(7);
    expect(p.model_version).toBe('classic-v1');
    expect(ARCHETYPES).toContain(p.archetype);
    expect(Object.values(p.probabilities).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 3);
    expect(Object.keys(p.dna_signature)).toEqual([...CLASSIC_TARGET_NAMES]);
    expect(p.out_of_distribution).toEqual([]);
    expect(bundle.info()).toMatchObject({ version: 'classic-v1', definition: 'classic', backend: 'wasm' });
    bundle.dispose();
  });

  it('names the inputs outside the training ranges (W065) and non-finite inputs', async () => {
    const bundle = await loadModelBundle(memorySource(await makeVersion()));
    const values = CLASSIC_FEATURE_NAMES.map(() => 0);
    values[0] = 5;
    values[3] = Number.NaN;
    const [p] = await bundle.predict([{ driver_id: 1, car_number: '1', values }]);
    expect(p.out_of_distribution).toEqual([CLASSIC_FEATURE_NAMES[0], CLASSIC_FEATURE_NAMES[3]]);
    expect(Object.values(p.dna_signature).every(Number.isFinite)).toBe(true);
    bundle.dispose();
  });

  it('refuses a corrupted weight shard with E061', async () => {
    const files = await makeVersion();
    const shard = new Uint8Array(files.get('dna_regression/weights.bin')!);
    shard[10] ^= 0xff;
    files.set('dna_regression/weights.bin', shard);
    expect(await codeOf(loadModelBundle(memorySource(files)))).toBe('E061');
  });

  it('refuses metadata.json that does not match the registry checksum with E061', async () => {
    expect(await codeOf(loadModelBundle(memorySource(await makeVersion()), { metadataSha256: '0'.repeat(64) }))).toBe('E061');
  });

  it('refuses a model whose test inference differs from the trainer outputs with E062', async () => {
    const files = await makeVersion((m) => {
      m.self_test.dna_model_units[0][0] += 1;
    });
    expect(await codeOf(loadModelBundle(memorySource(files)))).toBe('E062');
  });

  it('reports a missing file as E001, invalid metadata and a wrong definition as E063', async () => {
    const files = await makeVersion();
    files.delete('archetype_classifier/weights.bin');
    expect(await codeOf(loadModelBundle(memorySource(files)))).toBe('E001');
    const bad = await makeVersion((m) => {
      (m as { feature_ranges?: unknown }).feature_ranges = undefined;
    });
    expect(await codeOf(loadModelBundle(memorySource(bad)))).toBe('E063');
    expect(await codeOf(loadModelBundle(memorySource(await makeVersion()), { definition: 'relative' }))).toBe('E063');
  });

  it('loads the latest version through the registry over URLs, as the worker does', async () => {
    const version = await makeVersion();
    const served = new Map<string, Uint8Array>();
    for (const [p, b] of version) served.set(`/models/classic-v1/${p}`, b);
    const registry = {
      ...emptyRegistry(),
      latest: { classic: 'classic-v1', relative: null },
      versions: [{ version: 'classic-v1', definition: 'classic', path: 'classic-v1', created: '', status: 'passed', metrics: block, metrics_real: block, metadata_sha256: await sha256Hex(version.get('metadata.json')!) }],
    };
    served.set('/models/registry.json', jsonBytes(registry));
    const requested: string[] = [];
    const fakeFetch = (async (url: string) => {
      const path = new URL(url).pathname;
      requested.push(path);
      const body = served.get(decodeURIComponent(path));
      return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response('missing', { status: 404 });
    }) as typeof fetch;
    const root = urlSource('https://app.example/models/', fakeFetch);
    const bundle = await loadLatestBundle(root, 'classic');
    expect(bundle.version).toBe('classic-v1');
    expect(requested).toContain('/models/classic-v1/dna_regression/weights.bin');
    expect(requested).not.toContain('/models/classic-v1/validation_report.html');
    bundle.dispose();
    expect(await codeOf(loadLatestBundle(root, 'relative'))).toBe('E064');
    expect(await codeOf(loadModelBundle(subSource(root, 'classic-v9')))).toBe('E001');
  });
});
