// Loading a model version and predicting with it. Every file inference reads is checked against the
// sha256 in metadata.json before tfjs sees it (E061); a synthetic test inference must reproduce the
// trainer's outputs (E062); a prediction lists the inputs outside the training ranges (W065).
//
// Inference is one batch per network (issue 10): LayersModel.predict runs minibatches of 32 unless told
// otherwise (10,000 drivers were 313 graph runs), so every call passes batchSize = rows; inputs go in as
// one Float32Array and the outputs come back as typed arrays (predictBatch); objects are built only for
// the drivers an envelope shows (predict).
//
// tfjs-core and tfjs-layers only, not the @tensorflow/tfjs union (converter, data, and both the cpu and
// WebGL backends eagerly): backend.ts imports the backend it starts.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { DnaError } from '../core/errors';
import { classifierExtras, type ModelInputRow } from '../core/model-features';
import { sha256Hex } from '../core/sha256';
import type { RelativeReference } from '../core/relative/reference';
import type { Archetype, Definition, PredictedProfile } from '../core/types';
import { ArtifactMissingError, deserializeModel, parseJsonBytes, subSource, type ArtifactSource } from './artifacts';
import { INFERENCE_FILES, metadataProblem, type ModelMetadata, type SeedMetrics } from './metadata';
import { parseRegistry, type Registry } from './registry';
import { parseScaler, standardise, targetFromModel, targetsFromModel, type ScalerJson } from './scaler';

/** A prediction for one driver: the envelope's `predicted.<definition>` object plus the driver id. */
export interface DriverPrediction extends PredictedProfile {
  driver_id: number;
  car_number: string;
}

export interface ModelInfo {
  version: string;
  definition: Definition;
  training_date: string;
  status: 'passed' | 'failed';
  metrics: SeedMetrics;
  held_out_real: SeedMetrics & { drivers: number };
  held_out_virtual: SeedMetrics & { drivers: number };
  feature_names: string[];
  target_names: string[];
  archetype_classes: string[];
  framework_version: string;
  /** The tfjs backend the bundle predicts on. */
  backend: string;
}

/**
 * The outputs of one batch, row-major typed arrays (row i of a width-w array is [i*w, (i+1)*w)):
 * what the networks give, before any object per driver.
 */
export interface BatchOutput {
  rows: number;
  /** rows × targets: the regression's output in model units (what the self-test compares). */
  dnaModel: Float32Array;
  /** rows × targets: the DNA on its natural scale (scaler.ts targetsFromModel). */
  dna: Float64Array;
  /** rows × classes: class probabilities, in labels.json order. */
  probs: Float32Array;
  /** Per row: the index of the most probable class (the first on a tie). */
  best: Uint16Array;
  /** rows × features: 1 where the raw input lies outside the training range or is not finite (W065). */
  outOfRange: Uint8Array;
}

export interface ModelBundle {
  readonly version: string;
  readonly definition: Definition;
  readonly metadata: ModelMetadata;
  /** labels.json classes, the columns of BatchOutput.probs. */
  readonly classes: readonly Archetype[];
  /** How long this bundle's load took, per phase. */
  readonly loadTimings: LoadTimings;
  info(): ModelInfo;
  /** One prediction per input row, in the same order. */
  predict(rows: readonly ModelInputRow[]): Promise<DriverPrediction[]>;
  /**
   * Both networks on `rows` drivers at once: `raw` is rows × features of natural-scale inputs in
   * metadata.feature_names order (non-finite values stand for the training mean and are flagged).
   */
  predictBatch(raw: Float64Array, rows: number): Promise<BatchOutput>;
  dispose(): void;
}

export interface LoadOptions {
  /** Refuse a version of another definition (E063). */
  definition?: Definition;
  /** sha256 of metadata.json as the registry recorded it (E061 when it differs). */
  metadataSha256?: string;
  /** Adds each phase's milliseconds as it ends (also for a load that fails part-way). */
  timings?: LoadTimings;
}

/**
 * Milliseconds per phase of a load, each measured on its own (the phases run one after the other):
 * reading the files, their sha256, building the two networks (JSON parse, layers, weights), the self-test.
 */
export interface LoadTimings {
  fetch: number;
  sha256: number;
  build: number;
  selfTest: number;
}

export const emptyLoadTimings = (): LoadTimings => ({ fetch: 0, sha256: 0, build: 0, selfTest: 0 });

/** Runs `fn` and adds its wall time to `timings[phase]`. */
async function timed<T>(timings: LoadTimings, phase: keyof LoadTimings, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[phase] += performance.now() - t0;
  }
}

async function readOrE001(source: ArtifactSource, path: string): Promise<Uint8Array> {
  try {
    return await source.read(path);
  } catch (e) {
    if (e instanceof ArtifactMissingError) throw new DnaError('E001', e.where);
    throw new DnaError('E001', `${source.locate(path)}: ${(e as Error).message}`);
  }
}

function parseJsonOr(code: 'E063', bytes: Uint8Array, what: string): unknown {
  try {
    return parseJsonBytes(bytes);
  } catch {
    throw new DnaError(code, `${what} is not JSON`);
  }
}

/** Driver rows → one rows × features Float64Array of raw inputs (E063 when a row has the wrong width). */
export function packInputs(rows: readonly ModelInputRow[], features: number): Float64Array {
  const raw = new Float64Array(rows.length * features);
  rows.forEach((r, i) => {
    if (r.values.length !== features) throw new DnaError('E063', `input has ${r.values.length} values, the model expects ${features}`);
    raw.set(r.values, i * features);
  });
  return raw;
}

/**
 * Raw inputs → the regression's standardised input as float32, with out-of-range features flagged;
 * a non-finite value becomes the training mean (0 once standardised). Same arithmetic as standardise().
 */
function prepareBatch(meta: ModelMetadata, scaler: ScalerJson, raw: Float64Array, rows: number): { x: Float32Array; outOfRange: Uint8Array } {
  const names = meta.feature_names;
  const f = names.length;
  if (raw.length !== rows * f) throw new DnaError('E063', `input has ${raw.length} values for ${rows} rows, the model expects ${f} per row`);
  const lo = new Float64Array(f);
  const hi = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    const [a, b] = meta.feature_ranges[names[j]];
    const tol = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    lo[j] = a - tol;
    hi[j] = b + tol;
  }
  const { mean, std } = scaler.inputs;
  const x = new Float32Array(rows * f);
  const outOfRange = new Uint8Array(rows * f);
  for (let i = 0, k = 0; i < rows; i++) {
    for (let j = 0; j < f; j++, k++) {
      let v = raw[k];
      if (!Number.isFinite(v)) {
        outOfRange[k] = 1;
        v = mean[j];
      } else if (v < lo[j] || v > hi[j]) outOfRange[k] = 1;
      x[k] = (v - mean[j]) / std[j];
    }
  }
  return { x, outOfRange };
}

export interface Networks {
  regression: LayersModel;
  classifier: LayersModel;
}

/** The definition's extra classifier inputs of one natural-scale DNA vector (model-features.ts classifierExtras). */
export type ExtrasOf = (dnaNatural: readonly number[]) => number[];

/** The extras function of a version, from its definition and shipped reference population. */
export function extrasOf(meta: Pick<ModelMetadata, 'definition' | 'reference_population'>): ExtrasOf {
  return (d) => classifierExtras(meta.definition, d, (meta.reference_population ?? null) as RelativeReference | null);
}

/**
 * The classifier's input: the DNA in model units, followed by the definition's extra rule quantities
 * read off the same DNA, standardised.
 */
export function classifierInputs(scaler: ScalerJson, dnaModel: number[][], extras: ExtrasOf): number[][] {
  if (!scaler.classifier_extra.names.length) return dnaModel;
  const natural = targetsFromModel(scaler.targets, dnaModel);
  const x = standardise(scaler.classifier_extra, natural.map((r) => extras(r)));
  return dnaModel.map((r, i) => [...r, ...x[i]]);
}

/** Forward pass of both networks on raw inputs: DNA in model units, then class probabilities on it. */
export function forwardRaw(nets: Networks, scaler: ScalerJson, extras: ExtrasOf, rawInputs: number[][]): { dna: number[][]; probs: number[][] } {
  return forwardStandardised(nets, scaler, extras, standardise(scaler.inputs, rawInputs));
}

/** The trainer's synchronous forward pass (tfjs' default minibatches); the app and CLI use forwardBatch. */
function forwardStandardised(nets: Networks, scaler: ScalerJson, extras: ExtrasOf, x: number[][]): { dna: number[][]; probs: number[][] } {
  const dna = tf.tidy(() => (nets.regression.predict(tf.tensor2d(x, [x.length, x[0].length])) as tf.Tensor2D).arraySync());
  const c = classifierInputs(scaler, dna, extras);
  const probs = tf.tidy(() => (nets.classifier.predict(tf.tensor2d(c, [c.length, c[0].length])) as tf.Tensor2D).arraySync());
  return { dna, probs };
}

/**
 * One network on a rows × width float32 input, in one batch, read asynchronously; the tensors are freed
 * whatever happens. On the WebGPU backend in a worker a synchronous read (dataSync) returned zeros;
 * `await tensor.data()` reads the real values on every backend.
 */
async function runBatch(model: LayersModel, input: Float32Array, rows: number, width: number): Promise<Float32Array> {
  const x = tf.tensor2d(input, [rows, width], 'float32');
  let y: tf.Tensor | null = null;
  try {
    y = model.predict(x, { batchSize: rows }) as tf.Tensor;
    return (await y.data()) as Float32Array;
  } finally {
    x.dispose();
    y?.dispose();
  }
}

/** Natural-scale DNA of model-unit outputs (scaler.ts targetsFromModel, on typed rows). */
function naturalDna(s: ScalerJson['targets'], dnaModel: Float32Array, rows: number): Float64Array {
  const t = s.names.length;
  const out = new Float64Array(rows * t);
  for (let k = 0; k < rows * t; k++) out[k] = targetFromModel(s, k % t, dnaModel[k]);
  return out;
}

/**
 * The classifier's input on typed rows: the DNA in model units, then the definition's extra rule
 * quantities read off the natural DNA, standardised (the typed form of classifierInputs).
 */
function classifierBatch(scaler: ScalerJson, extras: ExtrasOf, dnaModel: Float32Array, dna: Float64Array, rows: number): { c: Float32Array; width: number } {
  const t = scaler.targets.names.length;
  const { mean, std } = scaler.classifier_extra;
  const e = mean.length;
  if (e === 0) return { c: dnaModel, width: t };
  const width = t + e;
  const c = new Float32Array(rows * width);
  const row = new Array<number>(t);
  for (let i = 0; i < rows; i++) {
    c.set(dnaModel.subarray(i * t, (i + 1) * t), i * width);
    for (let j = 0; j < t; j++) row[j] = dna[i * t + j];
    const x = extras(row);
    for (let j = 0; j < e; j++) c[i * width + t + j] = (x[j] - mean[j]) / std[j];
  }
  return { c, width };
}

/** Both networks on standardised inputs, one batch each; typed arrays in and out. */
async function forwardBatch(nets: Networks, scaler: ScalerJson, extras: ExtrasOf, x: Float32Array, rows: number, classes: number): Promise<Omit<BatchOutput, 'outOfRange'>> {
  const f = scaler.inputs.names.length;
  const t = scaler.targets.names.length;
  const dnaModel = await runBatch(nets.regression, x, rows, f);
  const dna = naturalDna(scaler.targets, dnaModel, rows);
  const { c, width } = classifierBatch(scaler, extras, dnaModel, dna, rows);
  const probs = await runBatch(nets.classifier, c, rows, width);
  if (dnaModel.length !== rows * t || probs.length !== rows * classes) throw new Error(`the networks gave ${dnaModel.length / rows} targets and ${probs.length / rows} classes per row`);
  const best = new Uint16Array(rows);
  for (let i = 0; i < rows; i++) {
    let b = 0;
    for (let k = 1; k < classes; k++) if (probs[i * classes + k] > probs[i * classes + b]) b = k;
    best[i] = b;
  }
  return { rows, dnaModel, dna, probs, best };
}

async function selfTest(meta: ModelMetadata, nets: Networks, scaler: ScalerJson): Promise<void> {
  const t = meta.self_test;
  const rows = t.inputs.length;
  const classes = meta.archetype_classes.length;
  let out: Omit<BatchOutput, 'outOfRange'>;
  try {
    const x = Float32Array.from(standardise(scaler.inputs, t.inputs).flat());
    out = await forwardBatch(nets, scaler, extrasOf(meta), x, rows, classes);
  } catch (e) {
    throw new DnaError('E062', (e as Error).message);
  }
  const check = (got: Float32Array, want: number[][], what: string) => {
    want.forEach((row, i) =>
      row.forEach((w, j) => {
        const g = got[i * row.length + j];
        if (!Number.isFinite(g) || Math.abs(g - w) > t.tolerance) {
          throw new DnaError('E062', `${what}[${i}][${j}] = ${g}, expected ${w}`);
        }
      }),
    );
  };
  check(out.dnaModel, t.dna_model_units, 'dna');
  check(out.probs, t.probabilities, 'probabilities');
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * Loads one version folder: metadata.json, then every inference file verified against its sha256
 * (E061), both networks, the scaler and labels, then the synthetic test inference (E062).
 */
export async function loadModelBundle(source: ArtifactSource, opts: LoadOptions = {}): Promise<ModelBundle> {
  const timings = opts.timings ?? emptyLoadTimings();
  // Every file is asked for at once (one round trip, not metadata first and the rest after it), then
  // all are hashed: two phases the model page can time apart. A failed read surfaces in the order the
  // checks below need it: metadata.json first.
  const settled = await timed(timings, 'fetch', () =>
    Promise.all(['metadata.json', ...INFERENCE_FILES].map((path) => readOrE001(source, path).then((bytes) => ({ bytes }), (error: unknown) => ({ error })))),
  );
  const bytesOf = (i: number): Uint8Array => {
    const r = settled[i];
    if ('error' in r) throw r.error;
    return r.bytes;
  };
  const metaBytes = bytesOf(0);
  if (opts.metadataSha256 && (await timed(timings, 'sha256', () => sha256Hex(metaBytes))) !== opts.metadataSha256) {
    throw new DnaError('E061', source.locate('metadata.json'));
  }
  const meta = parseJsonOr('E063', metaBytes, 'metadata.json') as ModelMetadata;
  const problem = metadataProblem(meta);
  if (problem) throw new DnaError('E063', `${source.locate('metadata.json')}: ${problem}`);
  if (opts.definition && meta.definition !== opts.definition) {
    throw new DnaError('E063', `${meta.version} is a ${meta.definition} model, not ${opts.definition}`);
  }
  const read = INFERENCE_FILES.map((_, i) => bytesOf(i + 1));
  const hashes = await timed(timings, 'sha256', () => Promise.all(read.map((bytes) => sha256Hex(bytes))));
  const files = new Map<string, Uint8Array>();
  INFERENCE_FILES.forEach((path, i) => {
    if (hashes[i] !== meta.files[path]) throw new DnaError('E061', source.locate(path));
    files.set(path, read[i]);
  });
  let scaler: ScalerJson;
  let classes: Archetype[];
  try {
    scaler = parseScaler(parseJsonBytes(files.get('scaler.json')!));
    classes = (parseJsonBytes(files.get('labels.json')!) as { classes: Archetype[] }).classes;
    if (!Array.isArray(classes) || classes.length !== meta.archetype_classes.length) throw new Error('labels.json classes do not match metadata');
  } catch (e) {
    throw new DnaError('E063', (e as Error).message);
  }
  let nets: Networks;
  try {
    nets = await timed(timings, 'build', async () => ({
      regression: await deserializeModel(files.get('dna_regression/model.json')!, files.get('dna_regression/weights.bin')!),
      classifier: await deserializeModel(files.get('archetype_classifier/model.json')!, files.get('archetype_classifier/weights.bin')!),
    }));
  } catch (e) {
    throw new DnaError('E062', `model files do not load: ${(e as Error).message}`);
  }
  try {
    await timed(timings, 'selfTest', () => selfTest(meta, nets, scaler));
  } catch (e) {
    nets.regression.dispose();
    nets.classifier.dispose();
    throw e;
  }

  const extras = extrasOf(meta);
  const headline = (b: ModelMetadata['evaluation']['held_out_real']) => ({
    dna_mae: b.dna_mae, dna_r2: b.dna_r2, dna_r2_natural: b.dna_r2_natural, archetype_accuracy: b.archetype_accuracy,
    archetype_precision: b.archetype_precision, archetype_recall: b.archetype_recall, archetype_f1: b.archetype_f1,
    overall_reliability: b.overall_reliability, drivers: b.drivers,
  });

  const predictBatch = async (raw: Float64Array, rows: number): Promise<BatchOutput> => {
    const { x, outOfRange } = prepareBatch(meta, scaler, raw, rows);
    if (rows === 0) return { rows, dnaModel: new Float32Array(0), dna: new Float64Array(0), probs: new Float32Array(0), best: new Uint16Array(0), outOfRange };
    return { ...(await forwardBatch(nets, scaler, extras, x, rows, classes.length)), outOfRange };
  };

  return {
    version: meta.version,
    definition: meta.definition,
    metadata: meta,
    loadTimings: timings,
    info: () => ({
      version: meta.version,
      definition: meta.definition,
      training_date: meta.training_date,
      status: meta.status,
      metrics: meta.validation_metrics,
      held_out_real: headline(meta.evaluation.held_out_real),
      held_out_virtual: headline(meta.evaluation.held_out_virtual),
      feature_names: meta.feature_names,
      target_names: meta.target_names,
      archetype_classes: meta.archetype_classes,
      framework_version: meta.framework_version,
      backend: tf.getBackend(),
    }),
    classes,
    predictBatch,
    async predict(rows) {
      if (rows.length === 0) return [];
      const f = meta.feature_names.length;
      const t = meta.target_names.length;
      const k = classes.length;
      const out = await predictBatch(packInputs(rows, f), rows.length);
      return rows.map((r, i) => {
        const ood: string[] = [];
        for (let j = 0; j < f; j++) if (out.outOfRange[i * f + j]) ood.push(meta.feature_names[j]);
        const probabilities: Record<string, number> = {};
        for (let c = 0; c < k; c++) probabilities[classes[c]] = round(out.probs[i * k + c], 4);
        const dna_signature: Record<string, number> = {};
        for (let j = 0; j < t; j++) dna_signature[meta.target_names[j]] = round(out.dna[i * t + j], 6);
        return {
          driver_id: r.driver_id,
          car_number: r.car_number,
          model_version: meta.version,
          archetype: classes[out.best[i]],
          probabilities,
          dna_signature,
          out_of_distribution: ood,
        };
      });
    },
    dispose() {
      nets.regression.dispose();
      nets.classifier.dispose();
    },
  };
}

/** Reads models/registry.json from a models root source (E063 when unreadable). */
export async function readRegistry(root: ArtifactSource): Promise<Registry> {
  const bytes = await readOrE001(root, 'registry.json');
  try {
    return parseRegistry(parseJsonBytes(bytes));
  } catch (e) {
    throw new DnaError('E063', `registry.json: ${(e as Error).message}`);
  }
}

/** The registry's latest version of a definition (E064 when none), loaded and verified. */
export async function loadLatestBundle(root: ArtifactSource, definition: Definition): Promise<ModelBundle> {
  const registry = await readRegistry(root);
  const version = registry.latest[definition];
  const entry = registry.versions.find((v) => v.version === version);
  if (!version || !entry) throw new DnaError('E064', definition);
  return loadModelBundle(subSource(root, entry.path), { definition, metadataSha256: entry.metadata_sha256 });
}
