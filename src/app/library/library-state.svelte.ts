// The library as the UI sees it: the list, the storage figures, the import being looked at, and the
// actions behind the buttons. Every analysis the session finishes is kept here automatically.
import { coded, DnaError } from '../../core/errors';
import { MAX_PROFILE_BYTES, readProfileJson, type SharedEnvelope } from '../../core/profile-schema';
import type { CodedMessage } from '../../core/types';
import type { AnalysisView } from '../../worker/api';
import { whenIdle } from '../idle';
import { log } from '../log.svelte';
import { router } from '../router.svelte';
import type { Session } from '../session.svelte';
import { viewFromEnvelope } from './envelope-view';
import { hrefOf, needsAnalysis, parseHash, type Route } from '../route';
import { Library, reanalyse, requestPersistence, storageEstimate, type AnalysisSummary, type StorageFigures, type StoredAnalysis } from './library';

export interface ImportShown {
  /** Where it came from: the file name, or the library entry's name. */
  label: string;
  envelope: SharedEnvelope | null;
  error: CodedMessage | null;
  /** Set once it is in the library (saved now, or opened from there). */
  savedId: string | null;
  /** W075 when more profile files came at once than the one shown. */
  note: CodedMessage | null;
}

const LAST_KEY = 'performance-dna:last-analysis';

/** The library entry a link names: `#/driver/22?analysis=<id>`. */
export function analysisIdOf(hash: string): string | null {
  const q = hash.indexOf('?');
  return q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get('analysis');
}

function remember(id: string): void {
  try {
    localStorage.setItem(LAST_KEY, id);
  } catch {
    /* storage blocked: a reload opens the newest analysis instead */
  }
}

function lastRemembered(): string | null {
  try {
    return localStorage.getItem(LAST_KEY);
  } catch {
    return null;
  }
}


function asCoded(e: unknown, fallback: 'E081' | 'E082' | 'E083' = 'E082'): CodedMessage {
  if (e instanceof DnaError) return e.coded;
  return coded(fallback, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
}

class LibraryState {
  readonly library = new Library();
  items = $state.raw<AnalysisSummary[]>([]);
  loaded = $state(false);
  storage = $state.raw<StorageFigures | null>(null);
  /** The last failure (E081 not saved, E082 no storage, E083 gone), shown in the panel. */
  error = $state.raw<CodedMessage | null>(null);
  /** An import being looked at (read-only), or null. */
  shown = $state.raw<ImportShown | null>(null);
  busyId = $state<string | null>(null);
  /** Which stored analysis each view the dashboard shows came from, or went into. */
  private readonly stored = new WeakMap<AnalysisView, string>();
  private session: Session | null = null;
  private askedPersistence = false;

  attach(session: Session): void {
    this.session = session;
  }

  private fail(e: unknown, fallback?: 'E081' | 'E082' | 'E083'): void {
    this.error = asCoded(e, fallback);
    log.add('Library', this.error);
  }

  async refresh(): Promise<void> {
    try {
      this.items = await this.library.list();
    } catch (e) {
      this.fail(e);
    } finally {
      this.loaded = true;
    }
    this.storage = await storageEstimate();
  }

  /** Asks once for persistent storage, so the browser does not evict the library under pressure. */
  async askPersistence(): Promise<void> {
    const granted = await requestPersistence();
    log.info('Library', granted ? 'storage is persistent' : 'storage is best-effort (the browser may evict it under pressure)');
    this.storage = await storageEstimate();
  }

  idOf(view: AnalysisView | null): string | null {
    return view ? (this.stored.get(view) ?? null) : null;
  }

  nameOf(view: AnalysisView | null): string | null {
    const id = this.idOf(view);
    return id ? (this.items.find((i) => i.id === id)?.name ?? null) : null;
  }

  /**
   * Keeps an analysis the session just finished (once per result). The dashboard renders first: the
   * write (the lap table's columns as the worker posted them) waits for an idle moment.
   */
  async keep(view: AnalysisView): Promise<void> {
    if (this.stored.has(view)) return;
    this.stored.set(view, '');
    try {
      await whenIdle();
      // from the worker that computed it when it still has it (the page's thread stays free), else here
      const byWorker = (await this.session?.bridge.keep(view).catch((e: unknown) => {
        log.info('Library', `the worker could not keep it (${e instanceof Error ? e.message : String(e)}); kept from the page`);
        return null;
      })) ?? null;
      const summary = byWorker ?? (await this.library.save(view));
      const by = byWorker ? 'worker' : 'page';
      performance.mark('dna:analysis-kept', { detail: { by } });
      this.stored.set(view, summary.id);
      remember(summary.id);
      this.error = null;
      log.info('Library', `kept "${summary.name}" (${summary.drivers} drivers, ${summary.files} files; written by the ${by})`);
    } catch (e) {
      this.stored.delete(view);
      this.fail(e, 'E081');
    }
    await this.refresh();
    // Once something is worth keeping, ask the browser not to evict it (Chromium answers silently from
    // engagement and installation; Firefox asks the user).
    if (!this.askedPersistence && this.storage && !this.storage.persisted) {
      this.askedPersistence = true;
      await this.askPersistence();
    }
  }

  /** Opens a stored analysis; `keepRoute`: on the page the link or reload asked for (route restore). */
  async open(id: string, opts: { keepRoute?: boolean } = {}): Promise<void> {
    this.busyId = id;
    try {
      const stored = await this.library.get(id);
      remember(id);
      if (stored.view) {
        this.stored.set(stored.view, id);
        this.shown = null;
        this.session?.show(stored.view, { keepRoute: opts.keepRoute });
      } else if (opts.keepRoute) {
        this.session?.show(viewFromEnvelope(stored.envelope), { keepRoute: true, readOnly: stored.summary.name });
      } else {
        this.show(stored);
      }
    } catch (e) {
      this.fail(e, 'E083');
      await this.refresh();
    } finally {
      this.busyId = null;
    }
  }

  private show(stored: StoredAnalysis): void {
    this.shown = {
      label: stored.summary.name,
      envelope: { ...stored.envelope },
      error: null,
      savedId: stored.summary.id,
      note: null,
    };
    router.go({ name: 'start' });
  }

  async rename(id: string, name: string): Promise<void> {
    try {
      await this.library.rename(id, name);
    } catch (e) {
      this.fail(e, 'E081');
    }
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    try {
      await this.library.remove(id);
      if (this.shown?.savedId === id) this.shown = null;
    } catch (e) {
      this.fail(e, 'E081');
    }
    await this.refresh();
  }

  /** Runs a stored analysis again from its laps with the current model, and shows the result. */
  async reanalyse(id: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.busyId = id;
    try {
      const { summary, view } = await reanalyse(
        this.library,
        id,
        (set) => session.bridge.reanalyze(undefined, set, { definition: 'both' }),
      );
      this.stored.set(view, id);
      log.info('Library', `re-analysed "${summary.name}" (model ${summary.modelVersion ?? 'none: exact rules'})`);
      this.shown = null;
      session.show(view);
    } catch (e) {
      this.fail(e, 'E083');
    } finally {
      this.busyId = null;
      await this.refresh();
    }
  }

  /**
   * Reads a shared profile file strictly (src/core/profile-schema.ts) and shows it read-only. Nothing is
   * stored until the user asks; a refused file shows its code and is stored never. `others`: names of
   * profile files that came with it and are not opened (W075 says so).
   */
  async readImport(file: Blob & { name: string }, others: string[] = []): Promise<void> {
    router.go({ name: 'start' });
    const note = others.length > 0 ? coded('W075', others.join(', ')) : null;
    if (file.size > MAX_PROFILE_BYTES) {
      this.shown = { label: file.name, envelope: null, error: coded('E071', `${file.size} bytes`), savedId: null, note };
    } else {
      const result = readProfileJson(await file.arrayBuffer());
      this.shown = result.ok
        ? { label: file.name, envelope: result.envelope, error: null, savedId: null, note }
        : { label: file.name, envelope: null, error: result.error, savedId: null, note };
    }
    if (this.shown.error) log.add('Import', { ...this.shown.error, detail: `${file.name}: ${this.shown.error.detail ?? ''}` });
    else log.info('Import', `read ${file.name}: ${this.shown.envelope!.drivers.length} driver(s)`);
    if (note) log.add('Import', note);
  }

  /** Profile files that came together (a drop, a picker, the OS): the first is shown, the rest named. */
  async readImports(files: (Blob & { name: string })[]): Promise<void> {
    if (files.length > 0) await this.readImport(files[0], files.slice(1).map((f) => f.name));
  }

  /**
   * After a reload or from a link: a page that needs an analysis reopens the one the link names, else the
   * last one opened or kept, else the newest in the library (IndexedDB: offline too). Nothing when the
   * library is empty; the page then says there is no analysis yet.
   */
  async restore(): Promise<void> {
    const session = this.session;
    if (!session || session.analysis || session.restoring || !needsAnalysis(parseHash(location.hash))) return;
    session.restoring = true;
    try {
      const items = await this.library.list();
      const wanted = [analysisIdOf(location.hash), lastRemembered(), items[0]?.id];
      const id = wanted.find((x) => x && items.some((i) => i.id === x));
      if (id && !session.analysis) {
        await this.open(id, { keepRoute: true });
        log.info('Library', `reopened "${items.find((i) => i.id === id)?.name ?? id}" for ${location.hash || '#/'}`);
      }
    } catch (e) {
      this.fail(e, 'E082');
    } finally {
      session.restoring = false;
    }
  }

  /** A link to a page of the analysis on show that reopens it after a reload or on another visit. */
  linkTo(route: Route): string {
    const id = this.idOf(this.session?.analysis ?? null);
    return id ? `${hrefOf(route)}?analysis=${encodeURIComponent(id)}` : hrefOf(route);
  }

  /** A shared profile file opened as the car pages, read-only, from its envelope alone. */
  openShared(shown: ImportShown, route: Route = { name: 'overview' }): void {
    if (!shown.envelope) return;
    this.session?.show(viewFromEnvelope(shown.envelope), { readOnly: shown.label, route });
  }

  async saveShown(): Promise<void> {
    const shown = this.shown;
    if (!shown?.envelope || shown.savedId) return;
    try {
      const summary = await this.library.saveImport(shown.envelope);
      this.shown = { ...shown, savedId: summary.id };
      this.error = null;
      log.info('Library', `saved import "${summary.name}"`);
    } catch (e) {
      this.fail(e, 'E081');
    }
    await this.refresh();
  }

  closeShown(): void {
    this.shown = null;
  }
}

export const libraryState = new LibraryState();
