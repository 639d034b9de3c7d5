// Shapes the worker's model service shares with the UI (type-only on the main thread: no tfjs there).
import type { SeriesFigures } from './series-figures';
import type { ModelInputRow } from '../core/model-features';
import type { AnalysisResult, Archetype, CodedMessage, LapRow, TrackType } from '../core/types';
import type { BackendChoice, BackendPreference } from '../model/backend';

export type ModelState =
  /** models switched off, or no model source: the exact core alone (I001) */
  | 'off'
  /** not asked for yet (lazy) */
  | 'not-loaded'
  /** loaded, checksums and test inference passed */
  | 'ready'
  /** refused (E001 missing, E061 checksum, E062 test inference, E063 metadata, E064 none registered) */
  | 'failed';

export type ModelTiming = 'importTf' | 'importBackend' | 'backend' | 'fetch' | 'sha256' | 'build' | 'selfTest' | 'load' | 'predict';

export interface ModelStatus {
  state: ModelState;
  /** Coded notices in the order they happened (the UI shows them and logs them). */
  notices: CodedMessage[];
  backend: BackendChoice | null;
  /** W065 per driver from the last prediction (logged; the driver page shows them by driver). */
  predictionNotices?: CodedMessage[];
  /** Loaded version per definition, e.g. { classic: 'classic-1.0.0' }. */
  versions: Partial<Record<'classic' | 'relative', string>>;
  /**
   * Milliseconds, each phase measured on its own: importTf (the tfjs-core + layers chunk: download and
   * parse), importBackend (the backend's chunk), backend (its init), fetch (registry and model files),
   * sha256 (their checks), build (the networks from model.json and weights), selfTest (the synthetic test
   * inference: shader compile on a GPU), load (fetch to self-test of every definition, end to end),
   * predict (the last analysis's predictions).
   */
  timings: Partial<Record<ModelTiming, number>>;
}

/** One model version as the model page shows it. */
export interface ModelCard {
  definition: 'classic' | 'relative';
  version: string;
  trainingDate: string | null;
  status: string | null;
  /** Held-out drivers, real and virtual together (metadata.validation_metrics). */
  metrics: Record<string, number>;
  /** Held-out real drivers only, and held-out virtual drivers only. */
  metricsReal: Record<string, number>;
  metricsVirtual: Record<string, number>;
  /** Held-out real cars and people of each series the model was trained on (none for a one-season model). */
  metricsBySeries: SeriesFigures[];
  featureNames: string[];
  targetNames: string[];
  archetypeClasses: string[];
  /** URL of validation_report.html, relative to the app. */
  reportUrl: string | null;
  /** Everything else metadata.json holds (shown folded). */
  metadata: Record<string, unknown>;
}

export interface ModelInfo {
  status: ModelStatus;
  models: ModelCard[];
}

/** Inputs of the DNA regression model for one driver, in metadata.feature_names order (core/model-features.ts). */
export type { ModelInputRow };

export interface PredictionRow {
  driverId: number;
  dna: Record<string, number>;
  /** Features outside the training range (W065). */
  outOfDistribution: string[];
}

export interface ArchetypePrediction {
  driverId: number;
  archetype: Archetype;
  probabilities: Record<string, number>;
}

/** Inference timing of `rows` synthetic drivers, `ms` and `objectsMs` one figure per repeat. */
export interface InferenceBenchmark {
  backend: string | null;
  rows: number;
  /** Both networks, one batch each, typed arrays in and out. */
  ms: number[];
  /** The whole prediction as an analysis makes it: driver rows in, a prediction object per driver out. */
  objectsMs?: number[];
}

/** What the worker needs from src/model; model-service.ts builds it on the training issue's loader. */
export interface ModelService {
  /** Load (once) on the preferred backend, verify, and report. */
  load(preference: BackendPreference): Promise<ModelStatus>;
  /** Puts `predicted` beside each driver's exact profile (in place) and returns the updated status. */
  attachPredictions(result: AnalysisResult, laps: readonly LapRow[], trackTypes?: Record<string, TrackType>): Promise<ModelStatus>;
  predictDna(rows: ModelInputRow[], definition: 'classic' | 'relative'): Promise<PredictionRow[]>;
  /** Two-stage model: the classifier runs on the regression's DNA, so its input is the driver's feature row. */
  predictArchetypes(rows: ModelInputRow[], definition: 'classic' | 'relative'): Promise<ArchetypePrediction[]>;
  info(): ModelCard[];
  benchmark(rows: number, repeats: number): Promise<InferenceBenchmark>;
  dispose(): Promise<void>;
}
