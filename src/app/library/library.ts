// The library: every analysis kept on this device, in IndexedDB (library-db.ts), nowhere else.
//
//   const library = new Library();
//   await library.save(view, name?)     → AnalysisSummary   (an analysis just computed: its lap table's
//                                         columns are stored as they came from the worker)
//   await library.saveImport(envelope)  → AnalysisSummary   (a shared profile file, after validation)
//   await library.list()                → AnalysisSummary[] newest first
//   await library.get(id)               → StoredAnalysis    (profiles, reports, lap table, the dashboard view;
//                                         records in the pre-lap-table layout are read and converted)
//   await library.rename(id, name) / library.remove(id)
//   await reanalyse(library, id, run)   → the stored laps go back to the worker; the result replaces the old
//
// Every write is one transaction over both stores: a full disk (QuotaExceededError), an abort or a
// reload mid-write leaves the library exactly as it was, and the caller gets DnaError E081. A browser
// without usable IndexedDB (some private windows) gives E082; a missing id gives E083.
import { DnaError } from '../../core/errors';
import type { SharedEnvelope } from '../../core/profile-schema';
import type { Envelope, FileReport, LapColumns, LapRow } from '../../core/types';
import type { IngestedSet } from '../../core/analysis';
import type { AnalysisView } from '../../worker/api';
import { lapTableToLaps } from './envelope-export';
import { LapTable, type LapTableData } from '../../core/lap-table';
import type { ExclusionReason } from '../../core/relative/clean-laps';
import { packVerdicts, tableOfView, unpackVerdicts, withLazyLaps, type WireVerdicts } from '../../worker/analysis-wire';
import { isLegacyPackedLaps, legacyLapTable, legacyVerdicts } from './legacy-packed-laps';
import type { IDBPTransaction } from 'idb';
import {
  columnsOf,
  DB_NAME,
  DB_VERSION,
  openLibraryDb,
  VERDICTS_COLUMN,
  type StoredLapTable,
  type StoredVerdicts,
  type AnalysisPayload,
  type AnalysisSummary,
  type LibraryDb,
  type LegacyPayload,
  type LibrarySchema,
  type StoredViewExtras,
} from './library-db';

export type { AnalysisSummary } from './library-db';

/** A stored analysis as the pages use it. */
export interface StoredAnalysis {
  summary: AnalysisSummary;
  envelope: Envelope;
  reports: FileReport[] | null;
  columns: LapColumns[] | null;
  /** The stored laps in columns; `laps` are views over it. */
  table: LapTable | null;
  laps: LapRow[] | null;
  /** What `session.show()` takes to reopen the dashboard; null for an import (shown read-only instead). */
  view: AnalysisView | null;
}

export const MAX_NAME_LENGTH = 200;

type WriteTx = IDBPTransaction<LibrarySchema, ('analyses' | 'payloads' | 'columns')[], 'readwrite'>;

function errorName(e: unknown): string {
  if (e instanceof DOMException || e instanceof Error) return e.message ? `${e.name}: ${e.message}` : e.name;
  return String(e);
}

/** Any failure of a write (quota, abort, a value the database cannot store) is E081: nothing changed. */
function writeError(e: unknown): DnaError {
  return e instanceof DnaError ? e : new DnaError('E081', errorName(e));
}

/** A default name: the tracks, then the number of files ("COTA, Sebring · 4 files"). */
export function defaultName(envelope: Envelope): string {
  const tracks = [...new Set(envelope.inputs.map((i) => i.track).filter((t): t is string => !!t))];
  const files = `${envelope.inputs.length} file${envelope.inputs.length === 1 ? '' : 's'}`;
  return tracks.length > 0 ? `${tracks.slice(0, 4).join(', ')}${tracks.length > 4 ? ', …' : ''} · ${files}` : files;
}

function tracksOf(envelope: Envelope): string[] {
  return [...new Set(envelope.inputs.map((i) => i.track).filter((t): t is string => !!t))].sort();
}

function jsonBytes(value: unknown): number {
  return value === null || value === undefined ? 0 : JSON.stringify(value).length;
}

function summarize(
  id: string,
  name: string,
  source: AnalysisSummary['source'],
  { payload, columns }: PayloadRecords,
  lapCount: number,
  createdAt: number,
): AnalysisSummary {
  const { envelope } = payload;
  const strings = payload.lapTable ? jsonBytes(payload.lapTable.strings) : 0;
  return {
    id,
    name,
    createdAt,
    updatedAt: Date.now(),
    source,
    definition: envelope.definition,
    modelVersion: envelope.model_version ?? null,
    generatedAt: envelope.generated_at,
    drivers: envelope.drivers.length,
    files: envelope.inputs.length,
    laps: lapCount,
    tracks: tracksOf(envelope),
    sizeBytes:
      jsonBytes(envelope) +
      jsonBytes(payload.reports) +
      jsonBytes(payload.view) +
      strings +
      columns.reduce((n, [, c]) => n + c.byteLength, 0),
  };
}

type Column = Float64Array | Uint32Array | Uint8Array;

function tableColumns(d: LapTableData): Column[] {
  return [...Object.values(d.numbers), ...Object.values(d.codes), d.pitIn, d.fileIndex, ...Object.values(d.intermediates)];
}

/** Bytes the table's columns take, plus its string list as JSON. */
export function tableBytes(d: LapTableData): number {
  return tableColumns(d).reduce((s, c) => s + c.byteLength, 0) + jsonBytes(d.strings);
}

/** The columns of the table, by the names they are stored under (library-db.ts, the columns store). */
function namedColumns(d: LapTableData): [string, Column][] {
  const named = (group: string, r: Record<string, Column>): [string, Column][] => Object.entries(r).map(([k, c]) => [`${group}.${k}`, c]);
  return [...named('numbers', d.numbers), ...named('codes', d.codes), ['pitIn', d.pitIn], ['fileIndex', d.fileIndex], ...named('intermediates', d.intermediates)];
}

/**
 * A column in a buffer of its own size. A column the parser grew and trimmed is a view over a larger
 * buffer, and IndexedDB would store that whole buffer; trimmed ones are copied (a block copy per column,
 * no pass over laps), the others stored as they are.
 */
function own<T extends Column>(c: T): T {
  return c.byteOffset === 0 && c.byteLength === c.buffer.byteLength ? c : (c.slice() as T);
}

/** The table back from its payload part and its column records (null: a column is missing). */
function joinTable(ref: StoredLapTable, columns: ReadonlyMap<string, Column>): LapTableData | null {
  const group = <T extends Column>(prefix: string): Record<string, T> =>
    Object.fromEntries(ref.columns.filter((n) => n.startsWith(`${prefix}.`)).map((n) => [n.slice(prefix.length + 1), columns.get(n) as T]));
  if (!ref.columns.every((n) => columns.has(n))) return null;
  const { columns: _names, ...rest } = ref;
  return {
    ...rest,
    numbers: group<Float64Array>('numbers') as LapTableData['numbers'],
    codes: group<Uint32Array>('codes') as LapTableData['codes'],
    pitIn: columns.get('pitIn') as Uint8Array,
    fileIndex: columns.get('fileIndex') as Uint32Array,
    intermediates: group<Float64Array>('intermediates'),
  };
}

const isStoredTable = (t: StoredLapTable | LapTableData): t is StoredLapTable => Array.isArray((t as StoredLapTable).columns);
const isStoredVerdicts = (v: StoredVerdicts | WireVerdicts): v is StoredVerdicts => (v as StoredVerdicts).column === VERDICTS_COLUMN;

/** A stored payload's laps and verdicts, in any layout (library-db.ts); `columns`: its column records. */
function storedLaps(
  payload: AnalysisPayload | LegacyPayload,
  columns: ReadonlyMap<string, Column>,
): { table: LapTable | null; excludedBy: (ExclusionReason | null)[] | null } {
  if ('lapTable' in payload) {
    let data: LapTableData | null = null;
    if (payload.lapTable) {
      data = isStoredTable(payload.lapTable) ? joinTable(payload.lapTable, columns) : payload.lapTable;
      if (!data) throw new Error('a lap column is missing');
    }
    const v = payload.verdicts;
    const codes = v ? (isStoredVerdicts(v) ? (columns.get(VERDICTS_COLUMN) as Uint8Array | undefined) : v.codes) : null;
    if (v && !codes) throw new Error('the verdicts are missing');
    return {
      table: data ? LapTable.from(data) : null,
      excludedBy: v && codes ? unpackVerdicts({ names: v.names, codes }) : null,
    };
  }
  const legacy = payload.laps && isLegacyPackedLaps(payload.laps) ? legacyLapTable(payload.laps) : null;
  return {
    table: legacy,
    excludedBy: payload.excludedBy ? (legacyVerdicts(payload.excludedBy) as (ExclusionReason | null)[]) : null,
  };
}

function cleanName(name: string | undefined, fallback: string): string {
  const trimmed = (name ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return trimmed || fallback;
}

/**
 * What an analysis is kept from: its profiles and reports, its lap table and verdicts, and the small rest
 * of the dashboard's view. The page has these in an AnalysisView; the worker that computed the analysis has
 * them as its own result, and keeps it from there (the page's thread then does no part of the write).
 */
export interface KeptParts {
  envelope: Envelope;
  reports: FileReport[];
  columns: LapColumns[];
  table: LapTable;
  excludedBy: readonly (ExclusionReason | null)[];
  extras: StoredViewExtras;
}

/** The small rest of a view (everything but profiles, reports and laps), as stored beside them. */
export function viewExtras(view: AnalysisView): StoredViewExtras {
  // by key, not a rest spread: that would read `laps`, which a view makes only when asked (withLazyLaps)
  const extras: Record<string, unknown> = {};
  for (const k of Object.keys(view)) if (!NOT_EXTRAS.has(k)) extras[k] = view[k as keyof AnalysisView];
  return extras as StoredViewExtras;
}

const NOT_EXTRAS = new Set(['envelope', 'reports', 'laps', 'table', 'excludedBy', 'columns']);

/** A view's parts: its lap table as the worker posted it (made from the laps only for a view built by hand). */
export function keptPartsOf(view: AnalysisView): KeptParts {
  return { envelope: view.envelope, reports: view.reports, columns: view.columns, table: tableOfView(view), excludedBy: view.excludedBy, extras: viewExtras(view) };
}

/** What one analysis is stored as: its payload record and its column records. */
interface PayloadRecords {
  payload: AnalysisPayload;
  columns: [string, Column][];
}

/** The payload with the table's columns out of it, and the columns (each in a buffer of its own size). */
function recordsOf(
  id: string,
  fields: Pick<AnalysisPayload, 'envelope' | 'reports' | 'columns' | 'view'>,
  table: LapTableData | null,
  excludedBy: readonly (ExclusionReason | null)[] | null,
): PayloadRecords {
  const columns: [string, Column][] = table ? namedColumns(table).map(([n, c]) => [n, own(c)]) : [];
  const verdicts = excludedBy ? packVerdicts(excludedBy) : null;
  if (verdicts) columns.push([VERDICTS_COLUMN, verdicts.codes]);
  const lapTable: StoredLapTable | null = table
    ? { length: table.length, strings: table.strings, intermediatesByFile: table.intermediatesByFile, columns: columns.filter(([n]) => n !== VERDICTS_COLUMN).map(([n]) => n) }
    : null;
  return {
    payload: { id, ...fields, lapTable, verdicts: verdicts ? { names: verdicts.names, column: VERDICTS_COLUMN } : null },
    columns,
  };
}

function payloadOf(id: string, parts: KeptParts): PayloadRecords {
  return recordsOf(id, { envelope: parts.envelope, reports: parts.reports, columns: parts.columns, view: parts.extras }, parts.table.data, parts.excludedBy);
}

/** Writes an analysis's payload and columns (the summary is the caller's), in the caller's transaction. */
async function putRecords(tx: WriteTx, { payload, columns }: PayloadRecords, add: boolean): Promise<void> {
  const payloads = tx.objectStore('payloads');
  await (add ? payloads.add(payload) : payloads.put(payload));
  const store = tx.objectStore('columns');
  // each column goes on its own (one value per column, serialised one at a time)
  for (const [name, column] of columns) await store.put(column, [payload.id, name]);
}

/** Which optional columns a file had, judged from its laps (for imports, which carry no file report). */
export function columnsFromLaps(laps: readonly LapRow[], fileCount: number): LapColumns[] {
  const cols: LapColumns[] = Array.from({ length: fileCount }, () => ({
    flag: false,
    pitIn: false,
    pitTime: false,
    lapNumber: false,
    topSpeed: false,
    sectors: false,
    speed: false,
  }));
  for (const lap of laps) {
    const c = cols[lap.fileIndex];
    if (!c) continue;
    c.flag ||= lap.flag !== null;
    c.pitIn ||= lap.pitIn;
    c.pitTime ||= lap.pitTimeS !== null;
    c.lapNumber ||= lap.lapNumber !== null;
    c.topSpeed ||= lap.topSpeedKph !== null;
    c.sectors ||= lap.s1S !== null || lap.s2S !== null || lap.s3S !== null;
    c.speed ||= lap.speedKph !== null;
  }
  return cols;
}

/** File reports stand-ins for an import: one used lap file per envelope input. */
export function reportsFromInputs(envelope: Envelope): FileReport[] {
  return envelope.inputs.map((input) => ({
    file: input.file,
    path: input.file,
    kind: null,
    track: input.track,
    trackSource: null,
    race: input.race,
    delimiter: null,
    encoding: null,
    bytes: 0,
    sha256: input.sha256,
    rowsRead: input.rows,
    rowsAccepted: input.rows,
    rowsRejected: {},
    rowProblems: [],
    columnsFound: [],
    columnsMissing: [],
    used: true,
    errors: [],
    warnings: [],
  }));
}

export class Library {
  private db: Promise<LibraryDb> | null = null;

  constructor(private readonly dbName: string = DB_NAME) {}

  private open(): Promise<LibraryDb> {
    if (!this.db) {
      if (typeof indexedDB === 'undefined') return Promise.reject(new DnaError('E082', 'no IndexedDB in this browser'));
      const opening = openLibraryDb(this.dbName, DB_VERSION, () => void this.close()).catch((e: unknown) => {
        if (this.db === opening) this.db = null;
        throw new DnaError('E082', errorName(e));
      });
      this.db = opening;
    }
    return this.db;
  }

  /** Closes the connection (another tab upgrading, or a test done); the next call opens again. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    (await db?.catch(() => null))?.close();
  }

  /** One read-write transaction over both stores; any failure aborts it, so nothing is half written. */
  private async write<T>(body: (tx: WriteTx) => Promise<T>): Promise<T> {
    const db = await this.open();
    let tx: WriteTx;
    try {
      tx = db.transaction(['analyses', 'payloads', 'columns'], 'readwrite');
    } catch (e) {
      throw writeError(e);
    }
    const done = tx.done;
    done.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
    try {
      const result = await body(tx);
      await done;
      return result;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        /* already finished (it aborted itself) */
      }
      throw writeError(e);
    }
  }

  /** Newest first. Reads the summaries only. */
  async list(): Promise<AnalysisSummary[]> {
    const db = await this.open();
    return (await db.getAllFromIndex('analyses', 'by-created')).reverse();
  }

  async get(id: string): Promise<StoredAnalysis> {
    const db = await this.open();
    const tx = db.transaction(['analyses', 'payloads', 'columns'], 'readonly');
    const columnStore = tx.objectStore('columns');
    const [summary, payload, names, values] = await Promise.all([
      tx.objectStore('analyses').get(id),
      tx.objectStore('payloads').get(id),
      columnStore.getAllKeys(columnsOf(id)),
      columnStore.getAll(columnsOf(id)),
      tx.done,
    ]);
    if (!summary || !payload) throw new DnaError('E083', id);
    let stored: ReturnType<typeof storedLaps>;
    try {
      stored = storedLaps(payload, new Map(names.map((k, i) => [k[1], values[i]])));
    } catch (e) {
      throw new DnaError('E083', `${summary.name}: stored laps unreadable (${errorName(e)})`);
    }
    const { table } = stored;
    // the dashboard's view reads its laps from the table when a page asks (withLazyLaps)
    const view: AnalysisView | null =
      payload.view && payload.reports && payload.columns && table
        ? withLazyLaps(
            {
              ...payload.view,
              envelope: payload.envelope,
              reports: payload.reports,
              columns: payload.columns,
              table,
              excludedBy: stored.excludedBy ?? new Array<null>(table.length).fill(null),
            },
            table,
          )
        : null;
    const out = { summary, envelope: payload.envelope, reports: payload.reports, columns: payload.columns, table, view };
    return table ? withLazyLaps(out, table) : { ...out, laps: null };
  }

  /** Keeps an analysis just computed (the worker's AnalysisView), with its lap table for re-analysis. */
  save(view: AnalysisView, name?: string): Promise<AnalysisSummary> {
    return this.saveParts(keptPartsOf(view), name);
  }

  /** The same from the analysis's parts (what the worker that computed it keeps, src/worker/entry.ts). */
  async saveParts(parts: KeptParts, name?: string): Promise<AnalysisSummary> {
    const id = crypto.randomUUID();
    const records = payloadOf(id, parts);
    const summary = summarize(id, cleanName(name, defaultName(parts.envelope)), 'analysis', records, parts.table.length, Date.now());
    await this.write(async (tx) => {
      await tx.objectStore('analyses').add(summary);
      await putRecords(tx, records, true);
    });
    return summary;
  }

  /** Keeps a shared profile file, already validated by readProfileJson (src/core/profile-schema.ts). */
  async saveImport(shared: SharedEnvelope, name?: string): Promise<AnalysisSummary> {
    const id = crypto.randomUUID();
    const { laps: table, ...envelope } = shared;
    const laps = table ? lapTableToLaps(table) : null;
    const records = recordsOf(
      id,
      { envelope, reports: null, columns: laps ? columnsFromLaps(laps, envelope.inputs.length) : null, view: null },
      laps ? LapTable.fromRows(laps).data : null,
      null,
    );
    const summary = summarize(id, cleanName(name, `Imported · ${defaultName(envelope)}`), 'import', records, laps?.length ?? 0, Date.now());
    await this.write(async (tx) => {
      await tx.objectStore('analyses').add(summary);
      await putRecords(tx, records, true);
    });
    return summary;
  }

  async rename(id: string, name: string): Promise<AnalysisSummary> {
    return this.write(async (tx) => {
      const store = tx.objectStore('analyses');
      const old = await store.get(id);
      if (!old) throw new DnaError('E083', id);
      const next = { ...old, name: cleanName(name, old.name), updatedAt: Date.now() };
      await store.put(next);
      return next;
    });
  }

  /** Deletes the analysis and its laps. Deleting one that is already gone is not an error. */
  async remove(id: string): Promise<void> {
    await this.write(async (tx) => {
      await tx.objectStore('analyses').delete(id);
      await tx.objectStore('payloads').delete(id);
      await tx.objectStore('columns').delete(columnsOf(id));
    });
  }

  /** Replaces a stored analysis's result (after a re-analysis), keeping its name, date and id. */
  async replaceResult(id: string, view: AnalysisView): Promise<AnalysisSummary> {
    const records = payloadOf(id, keptPartsOf(view));
    return this.write(async (tx) => {
      const old = await tx.objectStore('analyses').get(id);
      if (!old) throw new DnaError('E083', id);
      const summary = summarize(id, old.name, old.source, records, records.payload.lapTable?.length ?? 0, old.createdAt);
      await tx.objectStore('analyses').put(summary);
      await tx.objectStore('columns').delete(columnsOf(id));
      await putRecords(tx, records, false);
      return summary;
    });
  }
}

/**
 * Re-analyses a stored analysis without the files: its laps, reports and columns go to `run` (the
 * worker's createDriverProfiles through the bridge), and the new result, with the current model,
 * replaces the stored one (in the current layout, also for a record stored in the old one). An import can
 * be re-analysed only when it was shared with its laps.
 */
export async function reanalyse(
  library: Library,
  id: string,
  run: (set: IngestedSet) => Promise<AnalysisView>,
): Promise<{ summary: AnalysisSummary; view: AnalysisView }> {
  const stored = await library.get(id);
  if (!stored.laps || !stored.table) throw new DnaError('E083', `${stored.summary.name}: stored without laps, cannot be re-analysed`);
  const reports = stored.reports ?? reportsFromInputs(stored.envelope);
  const set: IngestedSet = {
    reports,
    laps: stored.laps,
    table: stored.table,
    columns: stored.columns ?? columnsFromLaps(stored.laps, reports.length),
    errors: [],
  };
  const view = await run(set);
  const summary = await library.replaceResult(id, view);
  return { summary, view };
}

export interface StorageFigures {
  usageBytes: number;
  quotaBytes: number;
  /** True when the browser promised not to evict the library under storage pressure. */
  persisted: boolean;
}

/** navigator.storage.estimate(): what this origin uses and may use; null where the browser cannot say. */
export async function storageEstimate(): Promise<StorageFigures | null> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.estimate) return null;
  try {
    const { usage, quota } = await storage.estimate();
    const persisted = storage.persisted ? await storage.persisted() : false;
    return { usageBytes: usage ?? 0, quotaBytes: quota ?? 0, persisted };
  } catch {
    return null;
  }
}

/**
 * Asks the browser to keep the library under storage pressure (navigator.storage.persist()). Chromium
 * decides silently (granted for installed apps and engaged sites); the answer is shown, not insisted on.
 */
export async function requestPersistence(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist) return false;
  try {
    return (await storage.persisted?.()) || (await storage.persist());
  } catch {
    return false;
  }
}
