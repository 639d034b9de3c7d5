// DNAModelTrainer (seed) on tfjs: grouped 5-fold cross-validation by real driver, a final held-out set of
// real drivers, the two networks trained on the rest, every figure split by real and virtual drivers.
import type * as tf from '@tensorflow/tfjs';
import { serializeModel } from '../src/model/artifacts';
import { ARCHETYPES, type Archetype } from '../src/core/types';
import { classifierInputs, forwardRaw } from '../src/model/bundle';
import { DEFAULT_FIT, fitNetwork, type FitHistory, type FitOptions } from '../src/model/fit';
import { groupedKFold, holdOutGroups, holdOutGroupsStratified, type GroupKey } from '../src/model/grouped-split';
import type { EvaluationBlock } from '../src/model/metadata';
import { agreement, classificationMetrics, overallReliability, regressionMetrics } from '../src/model/metrics';
import { buildClassifierNetwork, buildRegressionNetwork } from '../src/model/networks';
import { gaussian, mulberry32, withSeededMathRandom } from '../src/model/random';
import { fitScaler, standardise, targetsFromModel, targetsToModel, type ScalerJson } from '../src/model/scaler';
import { DnaError } from '../src/core/errors';
import { pipelineFor, seriesOfKey, type DefinitionPipeline, type PipelineOptions, type TrainingData, type VirtualOptions } from './pipelines';
import type { Sample } from './virtual-drivers';

export interface TrainConfig {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  lrPatience: number;
  lrFactor: number;
  minLearningRate: number;
  l2: number;
  folds: number;
  /** Share of real drivers held out for the final test. */
  heldOutShare: number;
  /** Share of the training drivers used for early stopping. */
  innerValShare: number;
  gate: number;
  dropoutShare: number;
  /**
   * Classifier augmentation: each epoch, half the training DNA vectors get Gaussian noise of this SD
   * (model units) and are relabelled by the exact rules, so the rule boundaries are densely sampled.
   */
  classifierNoise: number;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  seed: 42,
  ...DEFAULT_FIT,
  folds: 5,
  heldOutShare: 0.2,
  innerValShare: 0.15,
  gate: 0.95,
  learningRate: 0.005,
  epochs: 60,
  dropoutShare: 0.25,
  classifierNoise: 0.4,
};

export const CLASSES: readonly Archetype[] = ARCHETYPES;

export interface TrainedModels {
  regression: tf.LayersModel;
  classifier: tf.LayersModel;
  scaler: ScalerJson;
  history: { regression: FitHistory; classifier: FitHistory };
}

export interface Prediction {
  sample: Sample;
  dnaNatural: number[];
  archetype: Archetype;
}

const oneHot = (a: Archetype) => CLASSES.map((c) => (c === a ? 1 : 0));

/** Trains both networks on `train` (an inner grouped split of it drives early stopping). */
export function trainModels(pipeline: DefinitionPipeline, train: readonly Sample[], cfg: TrainConfig, seed: number): TrainedModels {
  const rng = mulberry32(seed);
  const valGroups = new Set(holdOutGroups(train.map((s) => s.group), cfg.innerValShare, rng));
  const fitSet = train.filter((s) => !valGroups.has(s.group));
  const valSet = train.filter((s) => valGroups.has(s.group));
  const extraNames = pipeline.extraNames;
  const scaler = fitScaler(
    pipeline.featureNames,
    fitSet.map((s) => s.inputs),
    pipeline.targets,
    fitSet.map((s) => s.targets),
    extraNames,
    fitSet.map((s) => pipeline.classifierExtras(s.targets)),
  );
  const x = (set: readonly Sample[]) => standardise(scaler.inputs, set.map((s) => s.inputs));
  const y = (set: readonly Sample[]) => targetsToModel(scaler.targets, set.map((s) => s.targets));
  const fit = (loss: FitOptions['loss'], s: number): FitOptions => ({ ...cfg, loss, seed: s });
  const [regression, regHistory] = withSeededMathRandom(seed + 1, () => {
    const m = buildRegressionNetwork(pipeline.featureNames.length, pipeline.targets.names.length, { l2: cfg.l2 });
    return [m, fitNetwork(m, x(fitSet), y(fitSet), x(valSet), y(valSet), fit('mse', seed + 2))] as const;
  });
  // The classifier learns the rules on exact DNA (model units); at inference it reads the regression's output.
  const toClassifier = (dna: number[][]) => classifierInputs(scaler, dna, pipeline.classifierExtras);
  const c = (set: readonly Sample[]) => toClassifier(y(set));
  const oh = (set: readonly Sample[]) => set.map((s) => oneHot(s.archetype));
  const yFit = y(fitSet);
  const noiseRng = mulberry32(seed + 5);
  const augment = () => {
    const noisy = yFit.map((r, i) => (i % 2 ? r : r.map((v) => v + cfg.classifierNoise * gaussian(noiseRng))));
    const labels = targetsFromModel(scaler.targets, noisy).map((t) => oneHot(pipeline.archetypeOf(t)));
    return { x: toClassifier(noisy), y: labels };
  };
  const [classifier, clsHistory] = withSeededMathRandom(seed + 3, () => {
    const m = buildClassifierNetwork(pipeline.targets.names.length + extraNames.length, CLASSES.length, { l2: cfg.l2 });
    const h = fitNetwork(m, c(fitSet), oh(fitSet), c(valSet), oh(valSet), fit('crossentropy', seed + 4), cfg.classifierNoise > 0 ? augment : undefined);
    return [m, h] as const;
  });
  return { regression, classifier, scaler, history: { regression: regHistory, classifier: clsHistory } };
}

export function disposeModels(m: TrainedModels): void {
  m.regression.dispose();
  m.classifier.dispose();
}

export function predictSamples(models: TrainedModels, pipeline: DefinitionPipeline, samples: readonly Sample[]): Prediction[] {
  if (!samples.length) return [];
  const { dna, probs } = forwardRaw(models, models.scaler, pipeline.classifierExtras, samples.map((s) => s.inputs));
  const natural = targetsFromModel(models.scaler.targets, dna);
  return samples.map((sample, i) => {
    let best = 0;
    probs[i].forEach((p, k) => (p > probs[i][best] ? (best = k) : 0));
    return { sample, dnaNatural: natural[i], archetype: CLASSES[best] };
  });
}

/** Every metric of one evaluation set. Model units use the given scaler (the model's own). */
export function evaluate(pipeline: DefinitionPipeline, scaler: ScalerJson, preds: readonly Prediction[]): EvaluationBlock {
  const trueNat = preds.map((p) => p.sample.targets);
  const predNat = preds.map((p) => p.dnaNatural);
  const reg = regressionMetrics(pipeline.targets.names, targetsToModel(scaler.targets, trueNat), targetsToModel(scaler.targets, predNat), trueNat, predNat);
  const exact = preds.map((p) => p.sample.archetype);
  const model = preds.map((p) => p.archetype);
  const cls = classificationMetrics(CLASSES, exact, model);
  const m = {
    dna_mae: reg.dna_mae,
    dna_r2: reg.dna_r2,
    dna_r2_natural: reg.dna_r2_natural,
    archetype_accuracy: cls.archetype_accuracy,
    archetype_precision: cls.archetype_precision,
    archetype_recall: cls.archetype_recall,
    archetype_f1: cls.archetype_f1,
  };
  return {
    ...m,
    overall_reliability: overallReliability(m),
    drivers: preds.length,
    per_target_r2: reg.per_target_r2,
    per_target_r2_natural: reg.per_target_r2_natural,
    per_target_mae_natural: reg.per_target_mae_natural,
    confusion_matrix: cls.confusion_matrix,
    model_vs_rules_agreement: agreement(model, exact),
    rules_on_predicted_dna_agreement: agreement(preds.map((p) => pipeline.archetypeOf(p.dnaNatural)), exact),
  };
}

/** One training job (a CV fold or the final model): plain data, so it can run in a worker thread. */
export interface TrainJob {
  name: string;
  definition: DefinitionPipeline['definition'];
  pipelineOptions: PipelineOptions;
  cfg: TrainConfig;
  seed: number;
  train: Sample[];
  test: Sample[];
  /** Return the trained networks as model.json + weights bytes (the final model). */
  keepModel: boolean;
}

export interface SerializedNetwork {
  modelJson: Uint8Array;
  weights: Uint8Array;
}

export interface JobResult {
  name: string;
  /** Per test sample, in order: predicted natural-scale DNA and archetype. */
  predictions: { dnaNatural: number[]; archetype: Archetype }[];
  scaler: ScalerJson;
  history: { regression: FitHistory; classifier: FitHistory };
  networks?: { regression: SerializedNetwork; classifier: SerializedNetwork };
  seconds: number;
}

export async function runJob(job: TrainJob): Promise<JobResult> {
  const t = performance.now();
  const pipeline = pipelineFor(job.definition, job.pipelineOptions);
  const models = trainModels(pipeline, job.train, job.cfg, job.seed);
  try {
    const predictions = predictSamples(models, pipeline, job.test).map((p) => ({ dnaNatural: p.dnaNatural, archetype: p.archetype }));
    const networks = job.keepModel
      ? { regression: await serializeModel(models.regression), classifier: await serializeModel(models.classifier) }
      : undefined;
    return { name: job.name, predictions, scaler: models.scaler, history: models.history, networks, seconds: (performance.now() - t) / 1000 };
  } finally {
    disposeModels(models);
  }
}

/** Runs jobs: in this thread (tests) or on a pool of worker threads (train/worker-pool.ts). */
export type JobExecutor = (jobs: TrainJob[]) => Promise<JobResult[]>;

export const inProcessExecutor: JobExecutor = async (jobs) => {
  const out: JobResult[] = [];
  for (const j of jobs) out.push(await runJob(j));
  return out;
};

export interface FoldResult {
  fold: number;
  testRealDrivers: GroupKey[];
  block: EvaluationBlock;
  predictions: Prediction[];
  seconds: number;
  epochs: { regression: number; classifier: number };
}

export interface TrainingRun {
  /** Every sample of the definition on the full data (real and virtual). */
  allSamples: Sample[];
  /** Held-out groups (classic: car numbers; relative: car–person component keys, a share of each series). */
  heldOutDrivers: GroupKey[];
  folds: FoldResult[];
  /** The final model's job (networks serialized, scaler, learning curves). */
  final: JobResult;
  heldOut: { all: Prediction[]; real: Prediction[]; virtual: Prediction[] };
  trainSamples: Sample[];
  timingsS: Record<string, number>;
}

const joinPredictions = (samples: readonly Sample[], r: JobResult): Prediction[] =>
  samples.map((sample, i) => ({ sample, ...r.predictions[i] }));

const byGroups = (samples: readonly Sample[], groups: ReadonlySet<GroupKey>) => samples.filter((s) => groups.has(s.group));

/**
 * The whole procedure: hold out a share of the real drivers (with all their virtual variants), run a
 * grouped k-fold CV on the rest, train the final networks on all the rest and predict the held-out set.
 * Where a driver's figures depend on the race field (relative), the training side of every split is
 * rebuilt from laps without the split's test drivers, so none of their laps shapes a training sample.
 * The k + 1 trainings are independent jobs, each seeded on its own, so a worker pool gives the same result.
 */
export async function runTraining(
  pipeline: DefinitionPipeline,
  pipelineOptions: PipelineOptions,
  data: TrainingData,
  virtual: VirtualOptions,
  cfg: TrainConfig,
  executor: JobExecutor = inProcessExecutor,
  log: (line: string) => void = () => {},
): Promise<TrainingRun> {
  const rng = mulberry32(cfg.seed);
  const all = pipeline.samples(data, null, virtual);
  const realGroups = all.filter((s) => s.kind === 'real').map((s) => s.group);
  const groupCount = new Set(realGroups).size;
  if (groupCount < 2 * cfg.folds) throw new DnaError('E067', `${groupCount} ${pipeline.definition} drivers with a DNA; ${2 * cfg.folds} needed`);
  // Relative groups carry their series: the same share of each series is held out, so each has held-out figures.
  const series = new Set(realGroups.map(seriesOfKey));
  const heldOutDrivers =
    series.size > 1 ? holdOutGroupsStratified(realGroups, seriesOfKey, cfg.heldOutShare, rng) : holdOutGroups(realGroups, cfg.heldOutShare, rng);
  const held = new Set(heldOutDrivers);
  const trainGroups = new Set(realGroups.filter((g) => !held.has(g)));
  const sideOf = (groups: ReadonlySet<GroupKey>, excluded: ReadonlySet<GroupKey>) =>
    pipeline.fieldDependent ? pipeline.samples(data, groups, virtual, excluded) : byGroups(all, groups);
  const trainSamples = sideOf(trainGroups, held);
  const testSamples = byGroups(all, held);
  const folds = groupedKFold(trainSamples.map((s) => s.group), cfg.folds, rng);
  const base = { definition: pipeline.definition, pipelineOptions, cfg };
  const jobs: TrainJob[] = [
    { ...base, name: 'final', seed: cfg.seed, train: trainSamples, test: testSamples, keepModel: true },
    ...folds.map((f, i) => {
      const foldTest = new Set(f.testGroups);
      const foldTrain = new Set([...trainGroups].filter((g) => !foldTest.has(g)));
      return {
        ...base,
        name: `fold ${i + 1}`,
        seed: cfg.seed + 100 * (i + 1),
        train: pipeline.fieldDependent ? sideOf(foldTrain, new Set([...held, ...foldTest])) : f.trainIndex.map((j) => trainSamples[j]),
        test: byGroups(trainSamples, foldTest),
        keepModel: false,
      };
    }),
  ];
  const t0 = performance.now();
  const results = await executor(jobs);
  const wall = (performance.now() - t0) / 1000;
  const [final, ...foldResults] = results;
  const foldOut: FoldResult[] = foldResults.map((r, i) => {
    const predictions = joinPredictions(jobs[i + 1].test, r);
    const block = evaluate(pipeline, r.scaler, predictions);
    log(
      `  fold ${i + 1}/${cfg.folds}: ${folds[i].testGroups.length} real drivers, ${predictions.length} samples, reliability ${block.overall_reliability.toFixed(4)}, ` +
        `R² ${block.dna_r2.toFixed(4)}, accuracy ${block.archetype_accuracy.toFixed(4)} ` +
        `(${r.history.regression.epochs_run}+${r.history.classifier.epochs_run} epochs, ${r.seconds.toFixed(1)} s)`,
    );
    return {
      fold: i + 1,
      testRealDrivers: folds[i].testGroups,
      block,
      predictions,
      seconds: r.seconds,
      epochs: { regression: r.history.regression.epochs_run, classifier: r.history.classifier.epochs_run },
    };
  });
  log(`  final: ${trainSamples.length} training samples, ${final.history.regression.epochs_run}+${final.history.classifier.epochs_run} epochs, ${final.seconds.toFixed(1)} s`);
  const heldOut = joinPredictions(testSamples, final);
  return {
    allSamples: all,
    heldOutDrivers,
    folds: foldOut,
    final,
    heldOut: { all: heldOut, real: heldOut.filter((p) => p.sample.kind === 'real'), virtual: heldOut.filter((p) => p.sample.kind === 'virtual') },
    trainSamples,
    timingsS: {
      training_wall: wall,
      training_cpu: results.reduce((s, r) => s + r.seconds, 0),
      final_training: final.seconds,
    },
  };
}
