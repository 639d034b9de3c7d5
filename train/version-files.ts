// Assembles every file of a model version in memory: both networks (model.json + weights.bin), scaler,
// labels, the validation report and metadata.json with the sha256 of every other file. The trainer
// loads the result back through the same loader the app uses before anything is written to disk.
import * as tf from '@tensorflow/tfjs';
import { sha256Hex } from '../src/core/sha256';
import { deserializeModel, jsonBytes } from '../src/model/artifacts';
import { forwardRaw } from '../src/model/bundle';
import { METADATA_SCHEMA, REPORT_FILE, type EvaluationBlock, type ModelMetadata, type SeedMetrics, type SeriesEvaluationBlock } from '../src/model/metadata';
import { RELIABILITY_WEIGHTS } from '../src/model/metrics';
import type { ScalerJson } from '../src/model/scaler';
import type { DefinitionPipeline } from './pipelines';
import { validationReportHtml } from './report-html';
import { CLASSES, evaluate, type Prediction, type TrainConfig, type TrainingRun } from './trainer';

export interface VersionContext {
  version: string;
  pipeline: DefinitionPipeline;
  cfg: TrainConfig;
  run: TrainingRun;
  dataStatistics: Record<string, unknown>;
  trainingDate: Date;
  timingsS: Record<string, number>;
  referencePopulation?: unknown;
  validity?: unknown;
}

export const seedMetrics = (b: EvaluationBlock): SeedMetrics => ({
  dna_mae: b.dna_mae,
  dna_r2: b.dna_r2,
  dna_r2_natural: b.dna_r2_natural,
  archetype_accuracy: b.archetype_accuracy,
  archetype_precision: b.archetype_precision,
  archetype_recall: b.archetype_recall,
  archetype_f1: b.archetype_f1,
  overall_reliability: b.overall_reliability,
});

function spread(values: number[]): { mean: number; std: number; min: number; max: number } {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}

function featureRanges(names: readonly string[], rows: readonly (readonly number[])[]): Record<string, [number, number]> {
  return Object.fromEntries(names.map((n, j) => [n, [Math.min(...rows.map((r) => r[j])), Math.max(...rows.map((r) => r[j]))]]));
}

/** Synthetic self-test inputs: the training mean and the midpoint of every feature range. */
function selfTestInputs(scaler: ScalerJson, ranges: Record<string, [number, number]>): number[][] {
  return [scaler.inputs.mean, scaler.inputs.names.map((n) => (ranges[n][0] + ranges[n][1]) / 2)];
}

/** Evaluation blocks per series of the predictions whose samples name one (relative); undefined when none does. */
export function bySeries(
  pipeline: DefinitionPipeline,
  scaler: ScalerJson,
  preds: readonly Prediction[],
): Record<string, SeriesEvaluationBlock> | undefined {
  const groups = new Map<string, Prediction[]>();
  for (const p of preds) {
    if (p.sample.series === undefined) continue;
    let g = groups.get(p.sample.series);
    if (!g) groups.set(p.sample.series, (g = []));
    g.push(p);
  }
  if (!groups.size) return undefined;
  return Object.fromEntries(
    [...groups.keys()].sort().map((name) => {
      const g = groups.get(name)!;
      const cars = g.filter((p) => p.sample.unit?.includes('/car/')).length;
      return [name, { ...evaluate(pipeline, scaler, g), cars, people: g.length - cars }];
    }),
  );
}

export async function buildVersionFiles(ctx: VersionContext): Promise<{ files: Map<string, Uint8Array>; metadata: ModelMetadata }> {
  const { run, pipeline, cfg } = ctx;
  const final = run.final;
  const nets = final.networks!;
  const scaler = final.scaler;
  const files = new Map<string, Uint8Array>([
    ['dna_regression/model.json', nets.regression.modelJson],
    ['dna_regression/weights.bin', nets.regression.weights],
    ['archetype_classifier/model.json', nets.classifier.modelJson],
    ['archetype_classifier/weights.bin', nets.classifier.weights],
    ['scaler.json', jsonBytes(scaler)],
    ['labels.json', jsonBytes({ schema: 'performance-dna-labels/1', classes: CLASSES })],
  ]);

  const ranges = featureRanges(pipeline.featureNames, run.trainSamples.map((s) => s.inputs));
  // Expected self-test outputs come from the serialized networks, loaded back as the app will load them.
  const regression = await deserializeModel(nets.regression.modelJson, nets.regression.weights);
  const classifier = await deserializeModel(nets.classifier.modelJson, nets.classifier.weights);
  const inputs = selfTestInputs(scaler, ranges);
  const out = forwardRaw({ regression, classifier }, scaler, pipeline.classifierExtras, inputs);
  regression.dispose();
  classifier.dispose();

  const heldOutAll = evaluate(pipeline, scaler, run.heldOut.all);
  const heldOutReal = evaluate(pipeline, scaler, run.heldOut.real);
  const heldOutVirtual = evaluate(pipeline, scaler, run.heldOut.virtual);
  const cvReal = evaluate(pipeline, scaler, run.folds.flatMap((f) => f.predictions.filter((p) => p.sample.kind === 'real')));
  const cvRealPredictions = run.folds.flatMap((f) => f.predictions.filter((p) => p.sample.kind === 'real'));
  const heldOutBySeries = bySeries(pipeline, scaler, run.heldOut.real);
  const cvBySeries = bySeries(pipeline, scaler, cvRealPredictions);
  const folds = run.folds.map((f) => ({ ...f.block, fold: f.fold, test_real_drivers: f.testRealDrivers }));
  const spreadKeys = ['overall_reliability', 'dna_r2', 'dna_r2_natural', 'dna_mae', 'archetype_accuracy', 'archetype_f1'] as const;
  const passed = heldOutAll.overall_reliability >= cfg.gate;

  const metadata: ModelMetadata = {
    schema: METADATA_SCHEMA,
    version: ctx.version,
    definition: pipeline.definition,
    training_date: ctx.trainingDate.toISOString(),
    status: passed ? 'passed' : 'failed',
    model_type: 'neural_network',
    framework: 'tensorflow.js',
    framework_version: tf.version.tfjs,
    backend: 'wasm',
    feature_names: [...pipeline.featureNames],
    target_names: [...pipeline.targets.names],
    target_transform: scaler.targets.names
      .map((n, j) => `${n}: ${scaler.targets.transforms[j] === 'log' ? `log(y + ${scaler.targets.offsets[j]})` : 'y'}`)
      .join('; ')
      .concat('; then standardised with the training mean and SD (scaler.json)'),
    archetype_classes: [...CLASSES],
    feature_ranges: ranges,
    validation_metrics: seedMetrics(heldOutAll),
    reliability_weights: { ...RELIABILITY_WEIGHTS },
    gate: { metric: 'overall_reliability', threshold: cfg.gate, value: heldOutAll.overall_reliability, passed },
    evaluation: {
      held_out_all: heldOutAll,
      held_out_real: heldOutReal,
      held_out_virtual: heldOutVirtual,
      cross_validation_real: cvReal,
      folds,
      fold_spread: Object.fromEntries(spreadKeys.map((k) => [k, spread(folds.map((f) => f[k]))])),
      ...(heldOutBySeries ? { held_out_real_by_series: heldOutBySeries } : {}),
      ...(cvBySeries ? { cross_validation_real_by_series: cvBySeries } : {}),
    },
    cross_validation_scores: Object.fromEntries(folds.map((f) => [`fold_${f.fold}`, f.overall_reliability])),
    training_config: {
      epochs: cfg.epochs,
      batch_size: cfg.batchSize,
      learning_rate: cfg.learningRate,
      optimizer: 'Adam',
      l2_weight_decay: cfg.l2,
      dropout: { dna_regression: 0.2, archetype_classifier: 0.3 },
      dropout_share_of_epochs: cfg.dropoutShare,
      classifier_augmentation_noise_sd: cfg.classifierNoise,
      hidden_layers: { dna_regression: [128, 64, 32], archetype_classifier: [64, 32] },
      early_stopping_patience: cfg.patience,
      lr_plateau: { patience: cfg.lrPatience, factor: cfg.lrFactor, min_learning_rate: cfg.minLearningRate },
      folds: cfg.folds,
      held_out_share: cfg.heldOutShare,
      inner_validation_share: cfg.innerValShare,
      seed: cfg.seed,
      split:
        pipeline.definition === 'relative'
          ? 'grouped by car–person component per series (a car with everyone who drove it; a name in every series); the same share of each series held out'
          : 'grouped by real driver',
      epochs_run: { dna_regression: final.history.regression.epochs_run, archetype_classifier: final.history.classifier.epochs_run },
      best_epoch: { dna_regression: final.history.regression.best_epoch, archetype_classifier: final.history.classifier.best_epoch },
    },
    data_statistics: { ...ctx.dataStatistics, held_out_real_drivers: run.heldOutDrivers, training_samples: run.trainSamples.length },
    reference_population: ctx.referencePopulation ?? null,
    validity: ctx.validity ?? null,
    self_test: { inputs, dna_model_units: out.dna, probabilities: out.probs, tolerance: 0.01 },
    timings_s: ctx.timingsS,
    files: {},
  };
  files.set(REPORT_FILE, new TextEncoder().encode(validationReportHtml(metadata, run)));
  for (const [path, bytes] of [...files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) metadata.files[path] = await sha256Hex(bytes);
  files.set('metadata.json', jsonBytes(metadata));
  return { files, metadata };
}
