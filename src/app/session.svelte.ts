// The app's state on the main thread: the picked files, their validation report, the running analysis
// and its result, the model's status and the user's settings. Pages read it; only the methods here
// talk to the worker (through the bridge).
import { coded, formatCoded } from '../core/errors';
import { own } from '../core/own';
import type { BackendPreference } from '../model/backend';
import type { FileReport, TrackType } from '../core/types';
import type { AnalysisView, Progress, ValidationResult } from '../worker/api';
import { lapCount, withProps } from '../worker/analysis-wire';
import type { ModelInfo, ModelStatus } from '../worker/model-types';
import { fetchSampleFiles } from './files/sample-data';
import { hasRelative } from './view/profile-view';
import { leftOutFiles, type LeftOutFile } from './view/left-out';
import { isProfileFile, mergeFiles } from './files/collect-files';
import { setAsideSummary } from './files/set-aside';
import { log } from './log.svelte';
import { router, type Route } from './router.svelte';
import { isAbort, WorkerBridge, type PickedFile } from './worker-bridge';
import { pageWork } from './idle';

export type ViewDefinition = 'relative' | 'classic';

export interface Settings {
  backend: BackendPreference;
  useModels: boolean;
  /** Which DNA the pages show first (relative; classic one switch away). */
  definition: ViewDefinition;
}

const SETTINGS_KEY = 'performance-dna:settings';
const DEFAULT_SETTINGS: Settings = { backend: 'auto', useModels: true, definition: 'relative' };

function loadSettings(): Settings {
  const s = { ...DEFAULT_SETTINGS };
  try {
    Object.assign(s, JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}'));
  } catch {
    /* private mode or a broken value: defaults */
  }
  // ?backend=wasm&models=off override the stored settings for one visit (tests, bench, support).
  const q = new URLSearchParams(location.search);
  const b = q.get('backend');
  if (b && ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'].includes(b)) s.backend = b as BackendPreference;
  if (q.get('models') === 'off') s.useModels = false;
  return s;
}

function logNotices(component: string, notices: readonly { code: string; message: string; detail?: string }[]): void {
  for (const n of notices) log.add(component, n);
}

/** A results or weather sheet the race pages read (not the DNA), unless the user left it out. */
function isRaceSheet(r: FileReport): boolean {
  return (r.kind === 'results' || r.kind === 'weather') && r.errors.length === 0;
}

export class Session {
  settings = $state<Settings>(loadSettings());
  files = $state.raw<PickedFile[]>([]);
  validation = $state.raw<ValidationResult | null>(null);
  validating = $state(false);
  /** Track chosen by the user for files whose track is unknown, by path. */
  trackByPath = $state<Record<string, string>>({});
  /** Type the user gave a track the app does not know (guessed or typed in), by track name. */
  trackTypes = $state<Record<string, TrackType>>({});
  /** Paths the user unticked in the validation report. */
  skipped = $state<Record<string, boolean>>({});
  analysis = $state.raw<AnalysisView | null>(null);
  /** Files the last analysis left out, with their codes (the overview's warning). */
  leftOut = $state.raw<LeftOutFile[]>([]);
  running = $state(false);
  progress = $state.raw<Progress | null>(null);
  /** How far the worker has read the files being validated (bytes, files, laps), null before its first word. */
  validationProgress = $state.raw<Progress | null>(null);
  /** A coded message shown on the start page (cancelled, nothing usable, sample missing...). */
  notice = $state.raw<{ code: string; message: string; detail?: string; hint?: string } | null>(null);
  modelStatus = $state.raw<ModelStatus | null>(null);
  modelInfo = $state.raw<ModelInfo | null>(null);
  /** The analysis on show is a shared profile file opened read-only (its label), or null. */
  readOnly = $state<string | null>(null);
  /** Reopening the last analysis from the library after a reload or a link (route restore). */
  restoring = $state(false);
  /** Drop-to-dashboard timings of the last run (ms since the files were added). */
  lastRunMs = $state<number | null>(null);

  /**
   * Where shared profile files (.json) go instead of the timing-file validation: the library's read-only
   * import view (src/app/library/register.ts sets it). Without one they are validated like any file.
   */
  openProfiles: ((files: (Blob & { name: string })[]) => void) | null = null;

  readonly bridge: WorkerBridge;
  private controller: AbortController | null = null;
  private addedAt = 0;

  constructor(bridge = new WorkerBridge()) {
    this.bridge = bridge;
    void this.bridge.configure({ backend: this.settings.backend, useModels: this.settings.useModels });
  }

  saveSettings(next: Partial<Settings>): void {
    const backendChanged = next.backend !== undefined && next.backend !== this.settings.backend;
    this.settings = { ...this.settings, ...next };
    try {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify(this.settings));
    } catch {
      /* storage blocked: settings last for this visit */
    }
    void this.bridge.configure({ backend: this.settings.backend, useModels: this.settings.useModels });
    if (backendChanged || next.useModels !== undefined) {
      log.info('App', `settings: backend ${this.settings.backend}, models ${this.settings.useModels ? 'on' : 'off'}`);
      this.modelStatus = null;
      this.modelInfo = null;
    }
  }

  /** The definition the pages show: relative unless this analysis has no relative profiles. */
  get viewDef(): ViewDefinition {
    if (this.settings.definition === 'relative' && this.analysis && !hasRelative(this.analysis.envelope.drivers)) return 'classic';
    return this.settings.definition;
  }

  get relativeAvailable(): boolean {
    return this.analysis ? hasRelative(this.analysis.envelope.drivers) : false;
  }

  /** Will this file feed the DNA (a usable lap file, or an unknown-track one the user gave a track)? */
  willUse(r: FileReport): boolean {
    if (own(this.skipped, r.path)) return false;
    if (r.used) return true;
    const unknown = this.validation?.unknownTrackPaths.includes(r.path) ?? false;
    return unknown && (own(this.trackByPath, r.path) ?? '').trim() !== '' && r.errors.every((e) => e.code === 'E051');
  }

  /** Files whose track the user still has to give. */
  get missingTracks(): string[] {
    return (this.validation?.unknownTrackPaths ?? []).filter((p) => !own(this.skipped, p) && !(own(this.trackByPath, p) ?? '').trim());
  }

  /** Files that will feed the DNA once analysed. */
  get usableCount(): number {
    return this.validation ? this.validation.reports.filter((r) => this.willUse(r)).length : 0;
  }

  /**
   * Takes files from a drop, a picker or the OS: shared profile files (.json) open in the import view,
   * timing files join the set and are validated. Both at once: each goes its way.
   */
  async addFiles(picked: PickedFile[]): Promise<void> {
    const profiles = this.openProfiles ? picked.filter((f) => isProfileFile(f.file)) : [];
    if (profiles.length > 0) {
      this.openProfiles!(profiles.map((f) => f.file));
      picked = picked.filter((f) => !profiles.includes(f));
    }
    if (picked.length === 0) return;
    this.addedAt = performance.now();
    this.files = mergeFiles(this.files, picked);
    log.info('App', `${picked.length} file(s) added, ${this.files.length} in the set`);
    await this.validate();
  }

  async loadSample(): Promise<void> {
    this.notice = null;
    try {
      const files = await fetchSampleFiles();
      log.info('App', `sample data: ${files.length} synthetic file(s)`);
      this.clear();
      await this.addFiles(files);
    } catch (e) {
      this.notice = coded('E057', `sample data: ${e instanceof Error ? e.message : String(e)}`);
      log.add('App', this.notice);
    }
  }

  removeFile(path: string): void {
    this.files = this.files.filter((f) => f.path !== path);
    void this.validate();
  }

  clear(): void {
    this.cancel();
    this.files = [];
    this.validation = null;
    this.trackByPath = {};
    this.trackTypes = {};
    this.skipped = {};
    this.notice = null;
  }

  async validate(): Promise<void> {
    if (this.files.length === 0) {
      this.validation = null;
      return;
    }
    this.validating = true;
    this.notice = null;
    try {
      this.validationProgress = null;
      const v = await pageWork.track(
        this.bridge.validate(undefined, this.files, $state.snapshot(this.trackByPath), (p) => {
          if (this.validating) this.validationProgress = p;
        }),
      );
      this.validation = v;
      for (const r of v.reports) {
        for (const m of [...r.errors, ...r.warnings]) if (m.code !== 'W020') log.add('Ingest', { ...m, detail: m.detail ?? r.path });
      }
      const setAside = setAsideSummary(v.reports);
      if (setAside) log.add('Ingest', setAside);
      log.info('Ingest', `validated ${v.reports.length} file(s): ${v.reports.filter((r) => r.used).length} lap file(s) usable`);
    } catch (e) {
      if (!isAbort(e)) {
        this.notice = coded('E057', e instanceof Error ? e.message : String(e));
        log.add('Ingest', this.notice);
      }
    } finally {
      this.validating = false;
      this.validationProgress = null;
    }
  }

  /** Runs the analysis of the files left in, with the user's tracks; goes to the overview when done. */
  async analyze(): Promise<void> {
    if (this.running) return;
    this.notice = null;
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    this.progress = { phase: 'read', bytesDone: 0, bytesTotal: 1, fraction: 0 };
    const skipPaths = Object.entries(this.skipped).filter(([, skip]) => skip).map(([p]) => p);
    const trackByPath = Object.fromEntries(Object.entries(this.trackByPath).filter(([, t]) => t.trim() !== ''));
    // Only the files the report says will be used travel to the worker (a season folder is mostly
    // results, weather and telemetry exports the DNA does not read).
    // The results and weather sheets go too: the race pages show them beside the laps (issue 11).
    const use = this.validation ? new Set(this.validation.reports.filter((r) => this.willUse(r) || isRaceSheet(r)).map((r) => r.path)) : null;
    const files = (this.files as PickedFile[]).filter((f) => !own(this.skipped, f.path) && (!use || use.has(f.path)));
    log.info('App', `analysis started: ${files.length} file(s), backend ${this.settings.backend}, models ${this.settings.useModels ? 'on' : 'off'}`);
    try {
      const result = await pageWork.track(
        this.bridge.analyze(controller.signal, files, { trackByPath, trackTypes: { ...this.trackTypes }, skipPaths, definition: 'both' }, (p) => {
          if (this.controller === controller) this.progress = p;
        }),
      );
      // Everything before this mark ran while the worker worked and handed the result back; what follows
      // is the dashboard's render (the responsiveness test reads it).
      performance.mark('dna:analysis-received');
      this.readOnly = null;
      this.analysis = result;
      this.leftOut = leftOutFiles(this.validation?.reports ?? [], result.reports, new Set(skipPaths));
      this.modelStatus = result.model;
      if (!result.predictionsPending) {
        logNotices('DNAModelInference', result.model.notices);
        logNotices('DNAModelInference', result.model.predictionNotices ?? []);
      }
      for (const e of result.errors) log.add('Analysis', e);
      // Warnings only the analysis can give (W027: one number, two cars) go to the log like the file report's.
      for (const r of result.reports) for (const w of r.warnings) if (w.code === 'W027') log.add('Analysis', { ...w, detail: w.detail ?? r.path });
      if (result.model.backend) log.info('DNAModelInference', `backend ${result.model.backend.reason}`);
      this.lastRunMs = performance.now() - this.addedAt;
      log.info(
        'Analysis',
        `${result.envelope.drivers.length} driver(s), ${lapCount(result)} lap(s) in ${Math.round(result.timings.totalMs)} ms (read ${Math.round(result.timings.readMs)}, profiles ${Math.round(result.timings.profilesMs)}, model ${Math.round(result.timings.modelMs)})`,
      );
      if (result.envelope.drivers.length === 0) {
        this.notice = result.errors[0] ?? coded('E055');
      } else {
        router.go({ name: 'overview' });
      }
      // Exact first: the dashboard is drawn; the model's predictions fill in when they come.
      if (result.predictionsPending) void this.fillPredictions(result);
    } catch (e) {
      if (isAbort(e)) {
        this.notice = coded('E056');
        log.add('Analysis', this.notice);
      } else {
        this.notice = coded('E057', e instanceof Error ? e.message : String(e));
        log.add('Analysis', this.notice);
      }
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.running = false;
        this.progress = null;
      }
    }
  }

  /** Puts the predictions beside the exact result on show (nothing when another analysis replaced it). */
  private async fillPredictions(exact: AnalysisView): Promise<void> {
    try {
      const full = await this.bridge.predictions(exact);
      if (this.analysis !== exact) return;
      this.analysis = full;
      this.modelStatus = full.model;
      logNotices('DNAModelInference', full.model.notices);
      logNotices('DNAModelInference', full.model.predictionNotices ?? []);
      if (full.model.backend) log.info('DNAModelInference', `backend ${full.model.backend.reason}`);
      log.info('DNAModelInference', `predictions in ${Math.round(full.timings.modelMs)} ms`);
    } catch (e) {
      if (this.analysis === exact) this.analysis = withProps(exact, { predictionsPending: false });
      if (!isAbort(e)) log.add('DNAModelInference', coded('E062', e instanceof Error ? e.message : String(e)));
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** Loads (or refreshes) the model info for the model page and the badge. */
  async refreshModel(): Promise<void> {
    try {
      const info = await this.bridge.modelInfo();
      if (info.status.state === 'not-loaded' && this.settings.useModels) {
        const status = await this.bridge.loadModels();
        logNotices('DNAModelInference', status.notices);
        if (status.backend) log.info('DNAModelInference', `backend ${status.backend.reason}`);
        this.modelStatus = status;
        this.modelInfo = await this.bridge.modelInfo();
      } else {
        this.modelInfo = info;
        this.modelStatus = info.status;
      }
    } catch (e) {
      if (!isAbort(e)) log.add('DNAModelInference', coded('E001', e instanceof Error ? e.message : String(e)));
    }
  }

  /**
   * Shows an analysis that came from elsewhere (the library opens stored ones here). `keepRoute`: stay on
   * the page the link or the reload asked for; `readOnly`: a shared profile file, by its label.
   */
  show(analysis: AnalysisView, opts: { keepRoute?: boolean; readOnly?: string | null; route?: Route } = {}): void {
    this.readOnly = opts.readOnly ?? null;
    this.analysis = analysis;
    this.leftOut = leftOutFiles([], analysis.reports, new Set());
    this.modelStatus = analysis.model;
    if (!opts.keepRoute) router.go(opts.route ?? { name: 'overview' });
  }
}

export const session = new Session();

export function describeNotice(n: { code: string; message: string; detail?: string }): string {
  return formatCoded(n);
}
