// The main thread's only door to the worker, in the manner of Squoosh's worker-bridge: one class owns
// the Worker, wraps it with Comlink, runs one call at a time (a queue), honours an AbortSignal by
// terminating the worker (a fresh one starts on the next call), and lets an idle worker go.
// The UI calls `bridge.analyze(signal, files, ...)`; it never sees postMessage.
import * as Comlink from 'comlink';
import type { IngestedSet } from '../core/analysis';
import type { RaceData, RaceSummary } from '../core/race';
import type { InputFile } from '../core/types';
import type { AnalysisView, AnalyzeRequest, Progress, ValidationResult, WorkerApi, WorkerSettings } from '../worker/api';
import { fromWire, ingestedWire, packVerdicts, tableOfView, withPredicted, withProps } from '../worker/analysis-wire';
import { NOT_HELD } from '../worker/race-protocol';
import type { AnalysisSummary } from './library/library-db';
import { viewExtras } from './library/library';
import type { InferenceBenchmark, ModelInfo, ModelStatus } from '../worker/model-types';
import { whenIdle, yieldToPage } from './idle';

/** A file as the UI holds it: the browser File (read again for each call) and its path as dropped. */
export interface PickedFile {
  file: Blob & { name: string };
  path: string;
}

export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/entry.ts', import.meta.url), { type: 'module', name: 'performance-dna' });

export function abortError(): DOMException {
  return new DOMException('Cancelled', 'AbortError');
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'AbortError' : (e as { name?: string } | null)?.name === 'AbortError';
}

/**
 * The picked files as the worker reads them: the File handles themselves (a File is cloned as a handle,
 * not its bytes), so the page never reads a byte; the worker streams each one in chunks.
 */
export function inputsOf(files: readonly PickedFile[]): InputFile[] {
  return files.map((f) => ({ name: f.file.name, path: f.path, blob: f.file }));
}

/**
 * Reads each File's size on the page before the files are posted, a few at a time with the page given its
 * turn in between: a File from a picker or a drop learns its size and date from the browser (a blocking
 * call, ~0.2-0.7 ms a file), and the first structured clone of it does that for every file at once, so a
 * folder of 100 files made one 70 ms task of the post (issue 10). Once read, the post of them is cheap.
 */
export async function settleFileSizes(
  files: readonly PickedFile[],
  budgetMs = 12,
  now: () => number = () => performance.now(),
  pause: () => Promise<void> = yieldToPage,
): Promise<number> {
  let pauses = 0;
  let start = now();
  for (const f of files) {
    if (now() - start >= budgetMs) {
      await pause();
      pauses++;
      start = now();
    }
    void f.file.size;
  }
  return pauses;
}

export class WorkerBridge {
  private worker: Worker | null = null;
  private api: Comlink.Remote<WorkerApi> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private settings: Partial<WorkerSettings> = {};
  /** The id under which a worker was last given each view's laps (holdLaps), when not the view's own lapsId. */
  private heldIds = new WeakMap<AnalysisView, string>();
  /** Workers started so far (tests and the log read it). */
  started = 0;

  constructor(
    private readonly factory: WorkerFactory = defaultFactory,
    /**
     * An idle worker is let go after this long; the models load again next time and the laps are handed
     * over again. Ten minutes: a user who comes back to drop the next race finds it warm (issue 10's next
     * drop ≤ 300 ms), one who has left gives the memory back.
     */
    private readonly idleMs = 600_000,
  ) {}

  /** Settings go to every worker this bridge starts (and to the running one, if any). */
  async configure(settings: Partial<WorkerSettings>): Promise<void> {
    this.settings = { ...this.settings, ...settings };
    if (this.api) await this.call(undefined, (api) => api.configure(this.settings));
  }

  validate(signal: AbortSignal | undefined, files: readonly PickedFile[], trackByPath: Record<string, string> = {}, onProgress?: (p: Progress) => void): Promise<ValidationResult> {
    return this.call(signal, async (api) => {
      await settleFileSizes(files);
      return api.validateUserData(inputsOf(files), { trackByPath }, onProgress ? Comlink.proxy(onProgress) : undefined);
    });
  }

  /**
   * Analyses the files: the exact result comes back as soon as the worker has it (laps as typed columns,
   * one message); `predictions(view)` then brings the model's predictions beside it.
   */
  analyze(signal: AbortSignal | undefined, files: readonly PickedFile[], req: AnalyzeRequest = {}, onProgress?: (p: Progress) => void): Promise<AnalysisView> {
    return this.call(signal, async (api) => {
      await settleFileSizes(files); // (read already when these files were validated: no pause then)
      const wire = await api.analyze(inputsOf(files), { predictions: 'later', ...req }, onProgress ? Comlink.proxy(onProgress) : undefined);
      return fromWire(wire);
    });
  }

  /**
   * The exact `view` with the model's predictions put beside it (a new view object; the worker keeps the
   * laps for the library as for `view`). `view` itself when it waits for none or a newer analysis began.
   */
  predictions(view: AnalysisView, signal?: AbortSignal): Promise<AnalysisView> {
    if (!view.predictionsPending || !view.lapsId) return Promise.resolve(view);
    return this.call(signal, async (api) => {
      const p = await api.predictions(view.lapsId!);
      if (!p) return withProps(view, { predictionsPending: false });
      return withProps(view, {
        envelope: withPredicted(view.envelope, p.predicted),
        model: p.model,
        predictionsPending: false,
        timings: { ...view.timings, modelMs: p.modelMs, totalMs: view.timings.totalMs + p.modelMs },
      });
    });
  }

  /**
   * Keeps `view` in the library from the worker that computed it (its thread serialises and writes the
   * laps and profiles; the page's does nothing). Null when no worker runs or it holds another analysis:
   * the page keeps it then. No worker is started for this.
   */
  keep(view: AnalysisView, name?: string): Promise<AnalysisSummary | null> {
    const id = view.lapsId;
    if (!id || !this.running || this.heldIds.has(view)) return Promise.resolve(null);
    return this.call(undefined, async (api) => {
      const answer = await api.keep(id, viewExtras(view), name);
      return answer === NOT_HELD ? null : answer;
    });
  }

  // --- issue 11 (race views): one race's columns from the lap table the worker holds ---------------
  /** The races of `view`'s laps. */
  races(view: AnalysisView, signal?: AbortSignal): Promise<RaceSummary[]> {
    return this.call(signal, (api) => this.withHeld(api, view, (id) => api.races(id)));
  }

  /** One race of `view` as columns per car (core/race); null for a key it does not have. */
  raceData(view: AnalysisView, key: string, signal?: AbortSignal): Promise<RaceData | null> {
    return this.call(signal, (api) => this.withHeld(api, view, (id) => api.raceData(id, key)));
  }

  /**
   * Asks the worker; when it does not hold the view's laps (a fresh worker, an analysis from the library),
   * hands it the view's lap table (its columns, copied) and asks again.
   */
  private async withHeld<T>(api: Comlink.Remote<WorkerApi>, view: AnalysisView, ask: (id: string) => Promise<T | typeof NOT_HELD>): Promise<T> {
    const id = this.heldIds.get(view) ?? view.lapsId ?? '';
    const first = await ask(id);
    if (first !== NOT_HELD) return first;
    const fresh = crypto.randomUUID();
    await api.holdLaps(fresh, { lapTable: tableOfView(view).data, verdicts: packVerdicts(view.excludedBy) });
    this.heldIds.set(view, fresh);
    const second = await ask(fresh);
    if (second === NOT_HELD) throw new Error('the worker did not keep the laps');
    return second;
  }
  // --- end issue 11 ---------------------------------------------------------------------------------

  loadModels(signal?: AbortSignal): Promise<ModelStatus> {
    return this.call(signal, (api) => api.loadModelArtifacts());
  }

  modelInfo(signal?: AbortSignal): Promise<ModelInfo> {
    return this.call(signal, (api) => api.getModelInfo());
  }

  // --- issue 6 (library): a stored analysis re-run from its laps, without the files ---------------
  /** The laps go as the table's columns (lap views would not survive the structured clone). */
  reanalyze(signal: AbortSignal | undefined, set: IngestedSet, req: AnalyzeRequest = {}): Promise<AnalysisView> {
    return this.call(signal, async (api) => fromWire(await api.createDriverProfiles(ingestedWire(set), req)));
  }
  // --- end issue 6 ----------------------------------------------------------------------------------

  benchmarkInference(signal: AbortSignal | undefined, rows: number, repeats = 3): Promise<InferenceBenchmark> {
    return this.call(signal, (api) => api.benchmarkInference(rows, repeats));
  }

  /**
   * In an idle moment after the app opens, starts the worker and its model load (issue 10): the call
   * returns as soon as the worker has begun, so it holds no analysis up in the queue. Nothing when the
   * models are switched off. True when the worker started a load.
   */
  async preloadModels(): Promise<boolean> {
    await whenIdle(2000);
    if (this.settings.useModels === false) return false;
    return this.call(undefined, (api) => api.preloadModels()).catch(() => false);
  }

  /** Terminates the worker now (cancel, or the page going away). */
  terminate(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  private async startWorker(): Promise<Comlink.Remote<WorkerApi>> {
    if (this.api) return this.api;
    this.worker = this.factory();
    this.started++;
    this.api = Comlink.wrap<WorkerApi>(this.worker);
    if (Object.keys(this.settings).length > 0) await this.api.configure(this.settings);
    return this.api;
  }

  /** Runs `fn` after every earlier call; an abort terminates the worker and rejects with AbortError. */
  private call<T>(signal: AbortSignal | undefined, fn: (api: Comlink.Remote<WorkerApi>) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (signal?.aborted) throw abortError();
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      const api = await this.startWorker();
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => {
          this.terminate();
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return await Promise.race([fn(api), aborted]);
      } finally {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }
    };
    const result = this.queue.then(run, run);
    // The queue continues whatever this call did; the idle timer starts when the queue is empty.
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queue = settled;
    settled.then(() => {
      if (this.queue === settled) this.armIdle();
    });
    return result;
  }

  private armIdle(): void {
    if (!this.worker || this.idleMs <= 0 || !Number.isFinite(this.idleMs)) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }
}
