// The worker's API object: the seed's DNAModelInference interface (load, verify, validate, predict,
// profiles, info) plus `analyze`, which streams the files through the core with progress and cancel.
//
// This module never touches `self` or `postMessage`: entry.ts exposes it with Comlink in the browser,
// and the tests expose it over a Node MessageChannel. The core runs without tfjs; tfjs is imported only
// when the models load (model-service.ts, a dynamic import).
import * as Comlink from 'comlink';
import { analyzeIngested, fileIdentity, ingestAll, type IngestCache, type IngestedSet } from '../core/analysis';
import { inputBytes, inputSize } from '../core/ingest';
import { LapTable } from '../core/lap-table';
import { lapSummary, type LapSummary } from '../core/lap-summary';
import { coded, formatCoded } from '../core/errors';
import { raceData, raceSummaries, type RaceData, type RaceSummary } from '../core/race';
import { sheetsByLapFile, type RaceSheets } from '../core/race/sheets';
import { cleanLaps, type CleanLapsResult, type ExclusionReason } from '../core/relative/clean-laps';
import { checkReference, type RelativeReference } from '../core/relative/reference';
import type { AnalysisResult, AnalyzeOptions, CodedMessage, DefinitionChoice, FileReport, InputFile, LapColumns, LapRow, TrackType } from '../core/types';
import type { BackendPreference } from '../model/backend';
import { packVerdicts, predictedPatch, recordBuffers, stintsOffEnvelope, unpackVerdicts, type AnalysisWire, type EnvelopePredictions, type HeldLapsWire, type IngestedWire } from './analysis-wire';
import { NOT_HELD } from './race-protocol';
import type { AnalysisSummary, StoredViewExtras } from '../app/library/library-db';
import type { KeptParts } from '../app/library/library';
import type { ArchetypePrediction, InferenceBenchmark, ModelInfo, ModelInputRow, ModelService, ModelStatus, PredictionRow } from './model-types';

export type { ModelStatus, ModelInfo } from './model-types';

export interface WorkerSettings {
  /** tfjs backend: 'auto' picks (backend.ts); a name forces one. */
  backend: BackendPreference;
  /** Load and run the models at all (off: the exact core only). */
  useModels: boolean;
}

export interface AnalyzeRequest {
  definition?: DefinitionChoice;
  /** Track the user picked for files whose track is unknown, by path. */
  trackByPath?: Record<string, string>;
  trackTypes?: Record<string, TrackType>;
  /** Paths the user left out in the validation step. */
  skipPaths?: string[];
  /** Fixed timestamp (tests). */
  now?: string;
  /**
   * 'later': answer with the exact profiles the moment they exist (`predictionsPending`), and put the
   * model's predictions beside them in a second call (`predictions`). 'inline' (default): one answer with both.
   */
  predictions?: 'inline' | 'later';
}

export type Phase = 'read' | 'profiles' | 'model' | 'done';

export interface Progress {
  phase: Phase;
  bytesDone: number;
  bytesTotal: number;
  /** 0..1 over the whole analysis (reading is 80% of it, profiles 10%, models 10%). */
  fraction: number;
  /** Files read so far and in all (validation is this same pass). */
  filesDone?: number;
  filesTotal?: number;
  /** Laps read so far. */
  lapsRead?: number;
}

export type ProgressCallback = (p: Progress) => void;

/** Per-file validation before analysis (the start page's report). */
export interface ValidationResult {
  /** The seed's `(is_valid, errors)`: valid when at least one file feeds the DNA. */
  valid: boolean;
  errors: string[];
  reports: FileReport[];
  /** Lap files whose track is unknown (E051): the UI asks the user for a track. */
  unknownTrackPaths: string[];
}

export interface Timings {
  readMs: number;
  profilesMs: number;
  modelMs: number;
  totalMs: number;
}

/** What `analyze` returns: the core's result plus each lap's clean-lap verdict and the model's state. */
export interface AnalysisView extends AnalysisResult {
  /** Aligned with `laps`: why the relative rules left the lap out, or null for a clean lap. */
  excludedBy: (ExclusionReason | null)[];
  /** Per file index: which clean-lap rules applied. */
  rulesByFile: Record<number, { applied: ExclusionReason[]; skipped: { reason: ExclusionReason; missing: string[] }[] }>;
  /** Optional columns per file index (for re-analysis without the files). */
  columns: LapColumns[];
  model: ModelStatus;
  timings: Timings;
  /** The exact profiles came first; the model's predictions follow from `predictions(lapsId)`. */
  predictionsPending?: boolean;
  /** Names the lap table this worker keeps for race views (raceData); another worker does not know it. */
  lapsId?: string;
  /**
   * Laps per track, clean laps, who drove which laps of each car: counted here in the worker, so the
   * pages read these rows instead of walking the laps (absent in views made elsewhere: lapSummaryOf).
   */
  lapSummary?: LapSummary;
  /**
   * On the page: the table `laps` are views over (what arrived from the worker, or what the library
   * stored), so the library and the worker get the columns back without a pass over the laps.
   */
  table?: LapTable;
}

export { NOT_HELD } from './race-protocol';

export interface WorkerApiOptions {
  /**
   * Creates the model service on first use (dynamic import of tfjs). Null: no models (the exact core
   * alone, I001). The browser entry passes one that fetches /models/; Node tests pass one on the files.
   */
  loadModels?: (() => Promise<ModelService>) | null;
  /**
   * Fetches the relative archetypes' reference population (models/relative-reference.json, shipped with
   * the models); null or a throw when it is missing. Without it relative archetypes stay empty.
   */
  loadReference?: (() => Promise<unknown>) | null;
  /** Progress events at most this often (ms); the last one always goes. */
  progressEveryMs?: number;
  /** SHA-256 of a dropped file taken beside the parse (the browser entry's hashing worker); else on the way. */
  hashBlob?: (blob: Blob) => Promise<string>;
  /**
   * Keeps an analysis in the library (IndexedDB) from this thread: the browser entry passes the library's
   * saveParts, so that the page's thread does no part of the write (serialising a million laps and their
   * stints took it for up to a second; issue 10). Absent: keep() answers NOT_HELD and the page keeps it.
   */
  keep?: (parts: KeptParts, name?: string) => Promise<AnalysisSummary>;
  /**
   * How long an analysis waits for the models (and the reference population) before it goes on with the
   * exact rules alone (E060); default MODEL_WAIT_MS. A load that answers later serves the next analysis.
   */
  modelWaitMs?: number;
  /**
   * A preload (preloadModels) starts only once the worker has had no validation or analysis for this long
   * (default PRELOAD_QUIET_MS): importing tfjs and starting a backend take the worker's thread for a few
   * hundred ms, which must not land between a drop and its dashboard (issue 10).
   */
  preloadQuietMs?: number;
}

/**
 * What the predictions call answers: only what the model added to the envelope the page already has
 * (`predicted` per car and per person, by index, and the model version), not the envelope again: at a
 * million laps its stints alone are megabytes to clone on the page's thread.
 */
export interface PredictionsAnswer {
  predicted: EnvelopePredictions;
  model: ModelStatus;
  modelMs: number;
}

/** See WorkerApiOptions.preloadQuietMs. */
export const PRELOAD_QUIET_MS = 1000;

/** Default wait for the models: a first load on a slow connection takes a few seconds, a hung one forever. */
export const MODEL_WAIT_MS = 20_000;

/** `p`, or `onTimeout()` when `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(onTimeout()), Math.max(0, ms));
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

const isAbort = (e: unknown): boolean => (e as { name?: string } | null)?.name === 'AbortError';

const NO_MODEL: ModelStatus = {
  state: 'off',
  notices: [],
  backend: null,
  versions: {},
  timings: {},
};

function abortError(): DOMException {
  return new DOMException('Analysis cancelled', 'AbortError');
}

function throttle(cb: ProgressCallback | undefined, everyMs: number): ProgressCallback {
  let last = 0;
  return (p) => {
    if (!cb) return;
    const now = performance.now();
    if (p.phase !== 'read' || p.bytesDone >= p.bytesTotal || now - last >= everyMs) {
      last = now;
      // A callback that throws (its page went away) must not break the analysis.
      Promise.resolve(cb(p)).catch(() => {});
    }
  };
}

export function createWorkerApi(options: WorkerApiOptions = {}) {
  const settings: WorkerSettings = { backend: 'auto', useModels: options.loadModels != null };
  let models: Promise<ModelService> | null = null;
  let modelStatus: ModelStatus = options.loadModels ? { ...NO_MODEL, state: 'not-loaded' } : { ...NO_MODEL, notices: [coded('I001', 'no model source')] };
  let current: AbortController | null = null;
  /** Controllers aborted because a newer call began (E059), not by cancel() (E056). */
  const superseded = new WeakSet<AbortController>();
  const modelWaitMs = options.modelWaitMs ?? MODEL_WAIT_MS;
  /**
   * The files of the last call, read (validation and analysis are one pass: an analysis of files the
   * validation has just read reuses their columns). Keyed by path, size, date and track (analysis.ts).
   */
  let lastRead = new Map<string, unknown>();
  /**
   * A validation keeps only what it read (a new folder lets the old one's tables go); an analysis keeps
   * the validation's files too, the ones it did not take (results, telemetry, files left out), so that the
   * same folder dropped again in this tab reads nothing (issue 10: the next drop).
   */
  const ingestCache = (keep: 'read' | 'all'): IngestCache => {
    const previous = lastRead;
    const next = keep === 'all' ? new Map(previous) : new Map<string, unknown>();
    lastRead = next;
    return {
      get: (key) => previous.get(key) as ReturnType<IngestCache['get']>,
      set: (key, value) => void next.set(key, value),
    };
  };
  /** The bytes of the results and weather sheets the last analysis read, by file identity (see sheetBytes). */
  let lastSheets = new Map<string, Promise<Uint8Array>>();
  /** A sheet's bytes: the last analysis's copy when the same file (path, size, date) comes again, else read. */
  const sheetBytes = () => {
    const previous = lastSheets;
    const next = new Map<string, Promise<Uint8Array>>();
    lastSheets = next;
    return (f: InputFile): Promise<Uint8Array> => {
      if (f.bytes || !f.blob) return inputBytes(f);
      const key = fileIdentity(f);
      const p = previous.get(key) ?? inputBytes(f);
      next.set(key, p);
      p.catch(() => next.delete(key));
      return p;
    };
  };
  /** The exact result waiting for its predictions (AnalyzeRequest.predictions 'later'), by lapsId. */
  let awaiting: { id: string; result: AnalysisResult; laps: LapRow[]; trackTypes?: Record<string, TrackType>; deadline: number; refNotice: CodedMessage | null } | null = null;
  /** The lap table the race views read (the last analysis's, or one the page sent with holdLaps). */
  let held: { id: string; laps: LapRow[]; excludedBy: (ExclusionReason | null)[]; sheets: Map<number, RaceSheets> } | null = null;
  /** Results and weather sheets of the files being analysed, by lap file index (set before profilesFrom). */
  let nextSheets = new Map<number, RaceSheets>();
  const everyMs = options.progressEveryMs ?? 50;
  /** Validations and analyses running now, and when the last one ended (a preload waits for quiet). */
  let active = 0;
  /** A fresh worker counts as just busy: the app's preload at open must not meet a drop that follows at once. */
  let lastEnd = performance.now();
  let preloadTimer: ReturnType<typeof setTimeout> | null = null;
  const quietMs = options.preloadQuietMs ?? PRELOAD_QUIET_MS;

  /** Starts the model load once no validation or analysis has run for `quietMs` (or never, when one began it). */
  function preloadWhenQuiet(): void {
    preloadTimer = null;
    if (models || !settings.useModels || !options.loadModels) return;
    const wait = active > 0 ? quietMs : lastEnd + quietMs - performance.now();
    if (wait > 0) {
      preloadTimer = setTimeout(preloadWhenQuiet, wait);
      return;
    }
    void ensureModels();
  }

  function modelService(): Promise<ModelService> {
    if (!options.loadModels) return Promise.reject(new Error('no model source'));
    if (!models) {
      models = options.loadModels().catch((e) => {
        models = null;
        throw e;
      });
    }
    return models;
  }

  async function ensureModels(): Promise<ModelStatus> {
    if (!settings.useModels || !options.loadModels) {
      modelStatus = { ...NO_MODEL, notices: [coded('I001', settings.useModels ? 'no model source' : 'models switched off in settings')] };
      return modelStatus;
    }
    try {
      const svc = await modelService();
      modelStatus = await svc.load(settings.backend);
    } catch (e) {
      // A failure to even start tfjs: the exact core carries on.
      modelStatus = {
        ...NO_MODEL,
        state: 'failed',
        notices: [coded('E001', e instanceof Error ? e.message : String(e)), coded('I001')],
      };
    }
    return modelStatus;
  }

  let reference: Promise<{ ref: RelativeReference | null; notice: CodedMessage | null }> | null = null;

  /** The reference population, loaded once per worker and checked; a problem is a notice, not a failure. */
  function relativeReference(): Promise<{ ref: RelativeReference | null; notice: CodedMessage | null }> {
    const load = options.loadReference;
    if (!load) return Promise.resolve({ ref: null, notice: null });
    reference ??= load()
      .then((raw) => {
        if (raw === null || raw === undefined) return { ref: null, notice: coded('E001', 'relative-reference.json') };
        const problem = checkReference(raw);
        return problem ? { ref: null, notice: coded('E063', `relative-reference.json: ${problem}`) } : { ref: raw as RelativeReference, notice: null };
      })
      .catch((e) => ({ ref: null, notice: coded('E001', `relative-reference.json: ${e instanceof Error ? e.message : String(e)}`) }));
    return reference;
  }

  function readOptions(req: AnalyzeRequest, signal: AbortSignal, onProgress: ProgressCallback, keep: 'read' | 'all'): AnalyzeOptions {
    return {
      definition: req.definition,
      trackByPath: req.trackByPath,
      trackTypes: req.trackTypes,
      now: req.now ? new Date(req.now) : undefined,
      signal,
      hashBlob: options.hashBlob,
      cache: ingestCache(keep),
      onProgress: (done, total, counts) =>
        onProgress({ phase: 'read', bytesDone: done, bytesTotal: total, fraction: total > 0 ? 0.8 * (done / total) : 0.8, ...counts }),
    };
  }

  function begin(): AbortController {
    if (current) {
      superseded.add(current);
      current.abort();
    }
    current = new AbortController();
    return current;
  }

  /**
   * Runs one call of the latest-wins API: a call that a newer one superseded rejects with a coded
   * AbortError (E059), one stopped by cancel() with E056; the name stays AbortError for callers that test it.
   */
  async function latestWins<T>(ctl: AbortController, fn: () => Promise<T>): Promise<T> {
    active++;
    try {
      return await fn();
    } catch (e) {
      if (!isAbort(e) && !ctl.signal.aborted) throw e;
      const m = superseded.has(ctl) ? coded('E059', 'a newer call on this worker API started') : coded('E056', 'cancelled');
      throw new DOMException(formatCoded(m), 'AbortError');
    } finally {
      active--;
      lastEnd = performance.now();
    }
  }

  const modelTimedOut = (what: string): ModelStatus => ({
    ...NO_MODEL,
    state: 'failed',
    notices: [coded('E060', `${what}: no answer after ${Math.round(modelWaitMs / 1000)} s`), coded('I001')],
  });

  /** Puts the model's predictions beside an exact result (mutates its envelope); never fails the analysis. */
  async function predictionsFor(result: AnalysisResult, laps: readonly LapRow[], trackTypes: Record<string, TrackType> | undefined, deadline: number): Promise<ModelStatus> {
    // Never wait for good on the models: past the deadline the exact profiles stand with E060.
    const status = await withTimeout(ensureModels(), deadline - performance.now(), () => modelTimedOut('models'));
    if (status.state !== 'ready' || result.envelope.drivers.length === 0) return status;
    try {
      const svc = await modelService();
      return await svc.attachPredictions(result, laps, trackTypes);
    } catch (e) {
      return { ...status, notices: [...status.notices, coded('E062', e instanceof Error ? e.message : String(e)), coded('I001')] };
    }
  }

  /** The last exact analysis: what a second analysis of the same laps and options answers without computing. */
  let lastExact: {
    id: string;
    table: LapTable;
    options: string;
    reference: unknown;
    laps: LapRow[];
    result: AnalysisResult;
    verdicts: CleanLapsResult;
    excludedBy: (ExclusionReason | null)[];
    summary: LapSummary;
    columns: LapColumns[];
    /** The model's predictions are in result.envelope (with the model's state then). */
    predicted: boolean;
    model?: ModelStatus;
  } | null = null;

  /** Predictions that reached the model: a ready model's are kept with the result (a failed load is tried again). */
  function markPredicted(id: string, model: ModelStatus): void {
    if (lastExact?.id === id && model.state === 'ready') Object.assign(lastExact, { predicted: true, model });
  }

  async function profilesFrom(
    set: IngestedSet,
    req: AnalyzeRequest,
    signal: AbortSignal,
    progress: ProgressCallback,
    bytesTotal: number,
    t0: number,
    readMs: number,
    deadline: number = performance.now() + modelWaitMs,
  ): Promise<AnalysisWire> {
    const t1 = performance.now();
    const lapsRead = set.laps.length;
    progress({ phase: 'profiles', bytesDone: bytesTotal, bytesTotal, fraction: 0.8, lapsRead });
    const ref = await withTimeout(relativeReference(), deadline - performance.now(), () => ({
      ref: null,
      notice: coded('E060', `relative-reference.json: no answer after ${Math.round(modelWaitMs / 1000)} s`),
    }));
    const table = set.table ?? LapTable.fromRows(set.laps);
    const optionsKey = JSON.stringify([req.definition ?? null, req.trackTypes ?? null, req.now ?? null]);
    // The same laps (the same table: a folder dropped again comes from the cache as the same one), the same
    // options and reference as the last analysis: its exact result is this one's, computed once.
    const again = lastExact && lastExact.table === table && lastExact.options === optionsKey && lastExact.reference === ref.ref && held?.id === lastExact.id ? lastExact : null;
    const laps = again ? again.laps : set.table ? set.laps : table.rows();
    const result =
      again?.result ??
      analyzeIngested({ ...set, laps }, {
        definition: req.definition,
        trackTypes: req.trackTypes,
        now: req.now ? new Date(req.now) : undefined,
        relativeReference: ref.ref,
      });
    // the analysis's own verdicts (a classic-only analysis has none: the rules run here for the views)
    const verdicts = again?.verdicts ?? result.cleaned ?? cleanLaps(laps, set.columns);
    const rulesByFile: AnalysisView['rulesByFile'] = {};
    for (const [i, r] of verdicts.rulesByFile) rulesByFile[i] = { applied: r.applied, skipped: r.skipped.map((s) => ({ reason: s.reason, missing: [...s.missing] })) };
    const excludedBy = again?.excludedBy ?? verdicts.laps.map((v) => v.excludedBy);
    const summary = again?.summary ?? lapSummary(table, excludedBy);
    if (signal.aborted) throw abortError();
    const profilesMs = performance.now() - t1;

    const id = again ? again.id : crypto.randomUUID();
    if (again) held = { ...held!, sheets: nextSheets }; // the race sheets dropped with the laps this time
    else {
      held = { id, laps, excludedBy, sheets: nextSheets };
      lastExact = { id, table, options: optionsKey, reference: ref.ref, laps, result, verdicts, excludedBy, summary, columns: set.columns, predicted: false };
    }
    nextSheets = new Map();
    const { cleaned: _cleaned, laps: _laps, references: _references, ...exact } = result; // the worker keeps these
    const wire = (model: ModelStatus, modelMs: number, pending: boolean): AnalysisWire => {
      // The page's copy of the columns is made here and transferred (the page takes it without a copy of
      // its own on its thread); the worker keeps its table for the race views and the next analysis.
      const posted = table.copy();
      const verdicts = packVerdicts(excludedBy);
      const { envelope, stints } = stintsOffEnvelope(exact.envelope);
      const answer: AnalysisWire = {
        lapsId: id,
        ...exact,
        envelope,
        lapTable: posted.data,
        verdicts,
        stints,
        lapSummary: summary,
        rulesByFile,
        columns: set.columns,
        model,
        predictionsPending: pending,
        timings: { readMs, profilesMs, modelMs, totalMs: performance.now() - t0 },
      };
      return Comlink.transfer(answer, [...posted.transferables(), verdicts.codes.buffer as ArrayBuffer, ...(stints ? recordBuffers(stints) : [])]);
    };
    if (again?.predicted) {
      // the model's predictions of that result came already: they are in its envelope
      progress({ phase: 'done', bytesDone: bytesTotal, bytesTotal, fraction: 1, lapsRead });
      return wire(again.model ?? modelStatus, 0, false);
    }
    if (req.predictions === 'later') {
      // exact first: the page draws these now; the predictions come with the next call
      awaiting = { id, result, laps, trackTypes: req.trackTypes, deadline, refNotice: ref.notice };
      const now = modelStatus; // as it stands now ('ready' once loaded); predictionsPending says the rest
      progress({ phase: 'done', bytesDone: bytesTotal, bytesTotal, fraction: 1, lapsRead });
      return wire(ref.notice ? { ...now, notices: [...now.notices, ref.notice] } : now, 0, settings.useModels && options.loadModels != null);
    }
    const t2 = performance.now();
    progress({ phase: 'model', bytesDone: bytesTotal, bytesTotal, fraction: 0.9, lapsRead });
    let model = await predictionsFor(result, laps, req.trackTypes, deadline);
    if (signal.aborted) throw abortError();
    if (ref.notice) model = { ...model, notices: [...model.notices, ref.notice] };
    markPredicted(id, model);
    const modelMs = performance.now() - t2;
    progress({ phase: 'done', bytesDone: bytesTotal, bytesTotal, fraction: 1, lapsRead });
    return wire(model, modelMs, false);
  }

  const api = {
    /** Liveness check; also what the bridge awaits after starting a worker. */
    ping(): string {
      return 'pong';
    },

    /** Backend preference and the models switch; a change of backend reloads the models on next use. */
    configure(next: Partial<WorkerSettings>): WorkerSettings {
      const backendChanged = next.backend !== undefined && next.backend !== settings.backend;
      Object.assign(settings, next);
      if (backendChanged && models) {
        models.then((m) => m.dispose()).catch(() => {});
        models = null;
        modelStatus = { ...NO_MODEL, state: 'not-loaded' };
      }
      return { ...settings };
    },

    /**
     * Keeps a lap table for the race views under `id` (an analysis opened from the library, or one whose
     * worker has gone): the table's columns and verdict codes, as the page holds them.
     */
    holdLaps(id: string, given: HeldLapsWire): void {
      held = { id, laps: LapTable.from(given.lapTable).rows(), excludedBy: unpackVerdicts(given.verdicts), sheets: new Map() };
    },

    /** The races of the held lap table, in input order; NOT_HELD when this worker holds another or none. */
    races(id: string): RaceSummary[] | typeof NOT_HELD {
      if (held?.id !== id) return NOT_HELD;
      return raceSummaries(held.laps);
    },

    /**
     * One race as columns per car (core/race/race-data.ts): what the race page draws, a few number arrays
     * per car instead of a LapRow per lap. Null for a race key the table does not have.
     */
    raceData(id: string, key: string): RaceData | null | typeof NOT_HELD {
      if (held?.id !== id) return NOT_HELD;
      const data = raceData(held.laps, held.excludedBy, key);
      if (!data) return null;
      const sheets = held.sheets.get(data.fileIndex);
      return { ...data, results: sheets?.results ?? null, weather: sheets?.weather ?? null };
    },

    /**
     * Keeps the analysis `id` (the last one computed here) in the library from this thread, with the page's
     * small rest of its view (`extras`); its profiles (predictions in, once they came), reports, lap table
     * and verdicts are this worker's own. NOT_HELD when this worker computed another or keeps none.
     */
    async keep(id: string, extras: StoredViewExtras, name?: string): Promise<AnalysisSummary | typeof NOT_HELD> {
      const last = lastExact;
      if (!options.keep || last?.id !== id) return NOT_HELD;
      const { envelope, reports } = last.result;
      return options.keep({ envelope, reports, columns: last.columns, table: last.table, excludedBy: last.excludedBy, extras }, name);
    },

    /** Cancels the running analysis from inside (the bridge terminates the worker instead). */
    cancel(): void {
      current?.abort();
    },

    /**
     * The seed's validate_user_data over dropped files: reads every file (no DNA yet) and returns the
     * report per file. Files arrive as transferred buffers.
     */
    async validateUserData(files: InputFile[], req: Pick<AnalyzeRequest, 'trackByPath'> = {}, onProgress?: ProgressCallback): Promise<ValidationResult> {
      const ctl = begin();
      const progress = throttle(onProgress, everyMs);
      const set = await latestWins(ctl, () => ingestAll(files, readOptions(req, ctl.signal, progress, 'read')));
      const errors = [...set.errors, ...set.reports.flatMap((r) => r.errors.map((e) => ({ ...e, detail: e.detail ?? r.path })))].map(formatCoded);
      const unknownTrackPaths = set.reports.filter((r) => r.errors.some((e) => e.code === 'E051')).map((r) => r.path);
      return { valid: set.reports.some((r) => r.used), errors, reports: set.reports, unknownTrackPaths };
    },

    /**
     * Reads the files (their columns straight from a validation of the same files when there was one),
     * computes the exact profiles (classic and relative), then puts the model's prediction beside them
     * when a model is loaded and sound — in this answer, or in the next call with `predictions: 'later'`.
     * Progress goes through `onProgress` (a Comlink proxy); `cancel()` or an aborted bridge stops it.
     */
    async analyze(files: InputFile[], req: AnalyzeRequest = {}, onProgress?: ProgressCallback): Promise<AnalysisWire> {
      const ctl = begin();
      const t0 = performance.now();
      const skip = new Set(req.skipPaths ?? []);
      const used = files.filter((f) => !skip.has(f.path));
      const bytesTotal = used.reduce((s, f) => s + inputSize(f), 0);
      const progress = throttle(onProgress, everyMs);
      // Inline predictions: start loading the models while the files are read (tfjs download and checks
      // overlap the parse). 'later': the exact answer goes first, and importing tfjs and starting a backend
      // take this thread for a few hundred ms, so the load waits for the predictions call.
      if (settings.useModels && req.predictions !== 'later') void ensureModels().catch(() => modelStatus);
      // the reference population (a small fetch) does come on the way: the profiles need it
      void relativeReference();
      const deadline = t0 + modelWaitMs;
      awaiting = null;
      return latestWins(ctl, async () => {
        const set = await ingestAll(used, readOptions(req, ctl.signal, progress, 'all'));
        // the results and weather sheets beside the lap files, for the race pages (not the DNA)
        nextSheets = await sheetsByLapFile(used, set.reports, sheetBytes());
        const readMs = performance.now() - t0;
        return profilesFrom(set, req, ctl.signal, progress, bytesTotal, t0, readMs, deadline);
      });
    },

    /**
     * The model's predictions for the exact result `lapsId` answered with `predictions: 'later'`: its
     * envelope with `predicted` filled in and the model's state. Null when that result is no longer the
     * latest (a newer analysis began).
     */
    async predictions(lapsId: string): Promise<PredictionsAnswer | null> {
      const job = awaiting;
      if (!job || job.id !== lapsId) return null;
      const t0 = performance.now();
      let model = await predictionsFor(job.result, job.laps, job.trackTypes, Math.max(job.deadline, performance.now() + modelWaitMs));
      if (awaiting !== job) return null;
      awaiting = null;
      if (job.refNotice) model = { ...model, notices: [...model.notices, job.refNotice] };
      markPredicted(job.id, model);
      return { predicted: predictedPatch(job.result.envelope), model, modelMs: performance.now() - t0 };
    },

    /**
     * The seed's create_driver_profiles on laps already read (a stored analysis re-run with a newer
     * model, without the files): the laps as table columns (the bridge's form) or, in-process, a set.
     */
    async createDriverProfiles(given: IngestedSet | IngestedWire, req: AnalyzeRequest = {}): Promise<AnalysisWire> {
      const ctl = begin();
      const t0 = performance.now();
      let set: IngestedSet;
      if ('lapTable' in given) {
        const { lapTable, ...rest } = given;
        const table = LapTable.from(lapTable);
        set = { ...rest, table, laps: table.rows() };
      } else set = given;
      return latestWins(ctl, () => profilesFrom(set, req, ctl.signal, throttle(undefined, everyMs), 0, t0, 0));
    },

    /** The seed's load_model_artifacts: lazily imports tfjs, picks the backend, loads and checks. */
    async loadModelArtifacts(): Promise<ModelStatus> {
      return ensureModels();
    },

    /** The seed's verify_model_integrity: sha256 of every file and a synthetic test inference. */
    async verifyModelIntegrity(): Promise<{ ok: boolean; notices: CodedMessage[] }> {
      const status = await ensureModels();
      return { ok: status.state === 'ready', notices: status.notices };
    },

    /** The seed's predict_driver_dna on model input rows (one per driver, core/model-features.ts). */
    async predictDriverDNA(rows: ModelInputRow[], definition: 'classic' | 'relative' = 'classic'): Promise<PredictionRow[]> {
      const status = await ensureModels();
      if (status.state !== 'ready') throw new Error(status.notices.map(formatCoded).join('; '));
      return (await modelService()).predictDna(rows, definition);
    },

    /**
     * The seed's predict_archetypes. The model is two-stage (the classifier reads the regression's DNA),
     * so it takes the same driver rows as predictDriverDNA and returns the archetype and probabilities.
     */
    async predictArchetypes(rows: ModelInputRow[], definition: 'classic' | 'relative' = 'classic'): Promise<ArchetypePrediction[]> {
      const status = await ensureModels();
      if (status.state !== 'ready') throw new Error(status.notices.map(formatCoded).join('; '));
      return (await modelService()).predictArchetypes(rows, definition);
    },

    /** The seed's get_model_info: version, date, metrics, backend and timings. */
    async getModelInfo(): Promise<ModelInfo> {
      if (!options.loadModels || !settings.useModels) return { status: modelStatus, models: [] };
      try {
        const svc = await modelService();
        return { status: modelStatus, models: svc.info() };
      } catch {
        return { status: modelStatus, models: [] };
      }
    },

    /** Inference timing for the bench and the model page: `rows` synthetic drivers on the current backend. */
    async benchmarkInference(rows: number, repeats = 3): Promise<InferenceBenchmark> {
      const status = await ensureModels();
      if (status.state !== 'ready') throw new Error(status.notices.map(formatCoded).join('; '));
      return (await modelService()).benchmark(rows, repeats);
    },

    /**
     * Starts loading the models (tfjs import, backend, files, checks) and returns at once: the app calls
     * it in idle time after it opens, so a first analysis finds them loaded or loading instead of
     * starting the load itself (issue 10). The load itself waits until no validation or analysis has run
     * for preloadQuietMs, so that it never lands between a drop and its dashboard; the reference population
     * (a small fetch) starts at once. False when models are off or there is no model source.
     */
    preloadModels(): boolean {
      if (!settings.useModels || !options.loadModels) return false;
      void relativeReference();
      if (!preloadTimer) preloadWhenQuiet();
      return true;
    },
  };
  return api;
}

export type WorkerApi = ReturnType<typeof createWorkerApi>;
