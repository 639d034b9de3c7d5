// Loading a model version and predicting with it. Every file inference reads is checked against the
// sha256 in metadata.json before tfjs sees it (E061); a synthetic test inference must reproduce the
// trainer's outputs (E062); a prediction lists the inputs outside the training ranges (W065).
import * as tf from '@tensorflow/tfjs';
import { DnaError } from '../core/errors';
import { classifierExtras, type ModelInputRow } from '../core/model-features';
import { sha256Hex } from '../core/sha256';
import type { RelativeReference } from '../core/relative/reference';
import type { Archetype, Definition, PredictedProfile } from '../core/types';
import { ArtifactMissingError, deserializeModel, parseJsonBytes, subSource, type ArtifactSource } from './artifacts';
import { INFERENCE_FILES, metadataProblem, type ModelMetadata, type SeedMetrics } from './metadata';
import { parseRegistry, type Registry } from './registry';
import { parseScaler, standardise, targetsFromModel, type ScalerJson } from './scaler';

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

export interface ModelBundle {
  readonly version: string;
  readonly definition: Definition;
  readonly metadata: ModelMetadata;
  info(): ModelInfo;
  /** One prediction per input row, in the same order. */
  predict(rows: readonly ModelInputRow[]): Promise<DriverPrediction[]>;
  dispose(): void;
}

export interface LoadOptions {
  /** Refuse a version of another definition (E063). */
  definition?: Definition;
  /** sha256 of metadata.json as the registry recorded it (E061 when it differs). */
  metadataSha256?: string;
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

/** Raw rows → standardised inputs, with out-of-range features named; non-finite values become the mean. */
function prepareInputs(meta: ModelMetadata, scaler: ScalerJson, rows: readonly ModelInputRow[]): { x: number[][]; ood: string[][] } {
  const names = meta.feature_names;
  const ood: string[][] = [];
  const raw = rows.map((r) => {
    if (r.values.length !== names.length) throw new DnaError('E063', `input has ${r.values.length} values, the model expects ${names.length}`);
    const out: string[] = [];
    const v = r.values.map((x, j) => {
      const [lo, hi] = meta.feature_ranges[names[j]];
      const tol = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
      if (!Number.isFinite(x)) {
        out.push(names[j]);
        return scaler.inputs.mean[j];
      }
      if (x < lo - tol || x > hi + tol) out.push(names[j]);
      return x;
    });
    ood.push(out);
    return v;
  });
  return { x: standardise(scaler.inputs, raw), ood };
}

export interface Networks {
  regression: tf.LayersModel;
  classifier: tf.LayersModel;
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

function forwardStandardised(nets: Networks, scaler: ScalerJson, extras: ExtrasOf, x: number[][]): { dna: number[][]; probs: number[][] } {
  const dna = tf.tidy(() => (nets.regression.predict(tf.tensor2d(x, [x.length, x[0].length])) as tf.Tensor2D).arraySync());
  const c = classifierInputs(scaler, dna, extras);
  const probs = tf.tidy(() => (nets.classifier.predict(tf.tensor2d(c, [c.length, c[0].length])) as tf.Tensor2D).arraySync());
  return { dna, probs };
}

/** Runs a network and reads the result asynchronously; the tensors are freed whatever happens. */
async function predictAsync(model: tf.LayersModel, rows: number[][]): Promise<number[][]> {
  const input = tf.tensor2d(rows, [rows.length, rows[0].length]);
  const output = model.predict(input) as tf.Tensor2D;
  try {
    return await output.array();
  } finally {
    input.dispose();
    output.dispose();
  }
}

/**
 * The same forward pass with asynchronous reads, for the app and the CLI. On the WebGPU backend in a
 * worker a synchronous read (arraySync) returned zeros; `await tensor.array()` reads the real values on
 * every backend. The trainer in Node keeps the synchronous version.
 */
async function forwardStandardisedAsync(nets: Networks, scaler: ScalerJson, extras: ExtrasOf, x: number[][]): Promise<{ dna: number[][]; probs: number[][] }> {
  const dna = await predictAsync(nets.regression, x);
  const probs = await predictAsync(nets.classifier, classifierInputs(scaler, dna, extras));
  return { dna, probs };
}

async function selfTest(meta: ModelMetadata, nets: Networks, scaler: ScalerJson): Promise<void> {
  const t = meta.self_test;
  let out: { dna: number[][]; probs: number[][] };
  try {
    out = await forwardStandardisedAsync(nets, scaler, extrasOf(meta), standardise(scaler.inputs, t.inputs));
  } catch (e) {
    throw new DnaError('E062', (e as Error).message);
  }
  const check = (got: number[][], want: number[][], what: string) => {
    got.forEach((row, i) =>
      row.forEach((g, j) => {
        if (!Number.isFinite(g) || Math.abs(g - want[i][j]) > t.tolerance) {
          throw new DnaError('E062', `${what}[${i}][${j}] = ${g}, expected ${want[i][j]}`);
        }
      }),
    );
  };
  check(out.dna, t.dna_model_units, 'dna');
  check(out.probs, t.probabilities, 'probabilities');
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * Loads one version folder: metadata.json, then every inference file verified against its sha256
 * (E061), both networks, the scaler and labels, then the synthetic test inference (E062).
 */
export async function loadModelBundle(source: ArtifactSource, opts: LoadOptions = {}): Promise<ModelBundle> {
  const metaBytes = await readOrE001(source, 'metadata.json');
  if (opts.metadataSha256 && (await sha256Hex(metaBytes)) !== opts.metadataSha256) {
    throw new DnaError('E061', source.locate('metadata.json'));
  }
  const meta = parseJsonOr('E063', metaBytes, 'metadata.json') as ModelMetadata;
  const problem = metadataProblem(meta);
  if (problem) throw new DnaError('E063', `${source.locate('metadata.json')}: ${problem}`);
  if (opts.definition && meta.definition !== opts.definition) {
    throw new DnaError('E063', `${meta.version} is a ${meta.definition} model, not ${opts.definition}`);
  }
  const files = new Map<string, Uint8Array>();
  await Promise.all(
    INFERENCE_FILES.map(async (path) => {
      const bytes = await readOrE001(source, path);
      if ((await sha256Hex(bytes)) !== meta.files[path]) throw new DnaError('E061', source.locate(path));
      files.set(path, bytes);
    }),
  );
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
    nets = {
      regression: await deserializeModel(files.get('dna_regression/model.json')!, files.get('dna_regression/weights.bin')!),
      classifier: await deserializeModel(files.get('archetype_classifier/model.json')!, files.get('archetype_classifier/weights.bin')!),
    };
  } catch (e) {
    throw new DnaError('E062', `model files do not load: ${(e as Error).message}`);
  }
  try {
    await selfTest(meta, nets, scaler);
  } catch (e) {
    nets.regression.dispose();
    nets.classifier.dispose();
    throw e;
  }

  const headline = (b: ModelMetadata['evaluation']['held_out_real']) => ({
    dna_mae: b.dna_mae, dna_r2: b.dna_r2, dna_r2_natural: b.dna_r2_natural, archetype_accuracy: b.archetype_accuracy,
    archetype_precision: b.archetype_precision, archetype_recall: b.archetype_recall, archetype_f1: b.archetype_f1,
    overall_reliability: b.overall_reliability, drivers: b.drivers,
  });

  return {
    version: meta.version,
    definition: meta.definition,
    metadata: meta,
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
    async predict(rows) {
      if (rows.length === 0) return [];
      const { x, ood } = prepareInputs(meta, scaler, rows);
      const { dna, probs } = await forwardStandardisedAsync(nets, scaler, extrasOf(meta), x);
      const natural = targetsFromModel(scaler.targets, dna);
      return rows.map((r, i) => {
        let best = 0;
        probs[i].forEach((p, k) => (p > probs[i][best] ? (best = k) : 0));
        return {
          driver_id: r.driver_id,
          car_number: r.car_number,
          model_version: meta.version,
          archetype: classes[best],
          probabilities: Object.fromEntries(classes.map((c, k) => [c, round(probs[i][k], 4)])),
          dna_signature: Object.fromEntries(meta.target_names.map((n, j) => [n, round(natural[i][j], 6)])),
          out_of_distribution: ood[i],
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
