// metadata.json of a model version: the seed's fields (version, training_date, model_type, framework,
// feature_names, target_names, archetype_classes, validation_metrics, cross_validation_scores,
// training_config, data_statistics) plus what loading and honest reporting need: the sha256 of every
// file, per-feature training ranges, the self-test vectors, the held-out figures split by real and
// virtual drivers, and the relative definition's reference population and validity figures.
import type { Definition } from '../core/types';

export const METADATA_SCHEMA = 'performance-dna-model/1' as const;

/** The files inference reads, relative to the version folder; each is verified against `files`. */
export const INFERENCE_FILES = [
  'dna_regression/model.json',
  'dna_regression/weights.bin',
  'archetype_classifier/model.json',
  'archetype_classifier/weights.bin',
  'scaler.json',
  'labels.json',
] as const;

export const REPORT_FILE = 'validation_report.html';

/** The seed's validation_metrics block, plus the natural-scale R². */
export interface SeedMetrics {
  dna_mae: number;
  dna_r2: number;
  dna_r2_natural: number;
  archetype_accuracy: number;
  archetype_precision: number;
  archetype_recall: number;
  archetype_f1: number;
  overall_reliability: number;
}

/** Metrics of one evaluation set (held-out real drivers, held-out virtual drivers, a CV fold). */
export interface EvaluationBlock extends SeedMetrics {
  drivers: number;
  per_target_r2: Record<string, number>;
  per_target_r2_natural: Record<string, number>;
  per_target_mae_natural: Record<string, number>;
  confusion_matrix: number[][];
  /** Model archetype vs the exact rules' archetype (the same as archetype_accuracy). */
  model_vs_rules_agreement: number;
  /** The exact rules applied to the predicted DNA vs the exact archetype. */
  rules_on_predicted_dna_agreement: number;
}

/** An evaluation block of one series, with how many of its drivers are cars and how many people. */
export interface SeriesEvaluationBlock extends EvaluationBlock {
  cars: number;
  people: number;
}

export interface SelfTest {
  /** Raw input vectors (feature_names order). */
  inputs: number[][];
  /** Expected regression outputs in model units, and class probabilities, from the trainer. */
  dna_model_units: number[][];
  probabilities: number[][];
  tolerance: number;
}

export interface ModelMetadata {
  schema: typeof METADATA_SCHEMA;
  version: string;
  definition: Definition;
  training_date: string;
  status: 'passed' | 'failed';
  model_type: 'neural_network';
  framework: 'tensorflow.js';
  framework_version: string;
  backend: string;
  feature_names: string[];
  target_names: string[];
  target_transform: string;
  archetype_classes: string[];
  /** [min, max] of every input over the training drivers: outside it a prediction is an extrapolation (W065). */
  feature_ranges: Record<string, [number, number]>;
  /** Headline figures: held-out drivers, real and virtual together. */
  validation_metrics: SeedMetrics;
  reliability_weights: Record<string, number>;
  gate: { metric: 'overall_reliability'; threshold: number; value: number; passed: boolean };
  evaluation: {
    /** Held-out real and virtual drivers together (the gate reads this one). */
    held_out_all: EvaluationBlock;
    held_out_real: EvaluationBlock;
    held_out_virtual: EvaluationBlock;
    /** Out-of-fold predictions of the CV on every non-held-out real driver. */
    cross_validation_real: EvaluationBlock;
    /** Test groups per fold: car numbers (classic), car–person component keys such as `imsa-2025/car/04` (relative). */
    folds: (EvaluationBlock & { fold: number; test_real_drivers: (number | string)[] })[];
    fold_spread: Record<string, { mean: number; std: number; min: number; max: number }>;
    /**
     * Relative versions trained on several series: the held-out real cars and people of each series
     * (`gr-cup`, `imsa-2025`, `wec-2025`), and the out-of-fold figures of each series' other real ones.
     */
    held_out_real_by_series?: Record<string, SeriesEvaluationBlock>;
    cross_validation_real_by_series?: Record<string, SeriesEvaluationBlock>;
  };
  cross_validation_scores: Record<string, number>;
  training_config: Record<string, unknown>;
  data_statistics: Record<string, unknown>;
  reference_population: unknown | null;
  validity: unknown | null;
  self_test: SelfTest;
  timings_s: Record<string, number>;
  /** sha256 (hex) of every file of the version except this one. */
  files: Record<string, string>;
}

/** Checks the fields loading depends on; returns a reason or null. */
export function metadataProblem(m: unknown): string | null {
  const x = m as Partial<ModelMetadata> | null;
  if (!x || typeof x !== 'object') return 'not an object';
  if (x.schema !== METADATA_SCHEMA) return `schema is not ${METADATA_SCHEMA}`;
  if (typeof x.version !== 'string' || !x.version) return 'no version';
  if (x.definition !== 'classic' && x.definition !== 'relative') return 'unknown definition';
  if (!Array.isArray(x.feature_names) || !Array.isArray(x.target_names) || !Array.isArray(x.archetype_classes)) return 'feature, target or class names missing';
  if (!x.files || typeof x.files !== 'object') return 'no file checksums';
  for (const f of INFERENCE_FILES) if (typeof x.files[f] !== 'string') return `no checksum for ${f}`;
  if (!x.feature_ranges || x.feature_names.some((n) => !Array.isArray(x.feature_ranges![n]))) return 'feature ranges missing';
  if (!x.self_test || !Array.isArray(x.self_test.inputs)) return 'no self-test';
  return null;
}
