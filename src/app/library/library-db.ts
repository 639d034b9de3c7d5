// The library's IndexedDB database: its stores, its versions and the migrations between them.
//
//   analyses   one small summary per stored analysis (what the start page lists), keyed by id
//   payloads   the bulky part, same key: the envelope (profiles), the file reports, the lap table without
//              its columns (length, string list, intermediates per file) and what the dashboard needs
//              to reopen it
//   columns    the lap table's typed columns and the verdict codes, one record per column, keyed
//              [id, column name] ('numbers.lapTimeS', 'codes.carNumber', 'pitIn', 'verdicts', …)
//
// Two stores so that listing never reads lap data; a third so that no value is too large for IndexedDB:
// Chromium refuses one over ~133 MB, and a million laps in one record are ~175 MB, while one of their
// columns is 8 MB (and each is serialised on its own, so a write never holds a second copy of the table).
// A save, rename or delete touches the stores in one transaction: it happens entirely or not at all.
//
// Versions (never edit a released step; add one):
//   1  the two stores
//   2  index `by-created` on analyses.createdAt: the list comes newest first without sorting in memory
//   3  store `columns`
//
// Payload layouts (no version step: records are read in any layout, written in the newest):
//   oldest  `laps` (packed laps per file, legacy-packed-laps.ts) and `excludedBy` (string codes)
//   inline  `lapTable` (LapTableData, columns in the record) and `verdicts` (WireVerdicts)
//   newest  `lapTable` (StoredLapTable: column names, the columns in `columns`) and `verdicts` (StoredVerdicts)
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { DefinitionChoice, Envelope, FileReport, LapColumns } from '../../core/types';
import type { AnalysisView } from '../../worker/api';
import type { LapTableData } from '../../core/lap-table';
import type { WireVerdicts } from '../../worker/analysis-wire';
import type { LegacyPackedLaps, LegacyStringColumn } from './legacy-packed-laps';

export const DB_NAME = 'performance-dna-library';

/** The start page's line for one stored analysis. */
export interface AnalysisSummary {
  id: string;
  name: string;
  /** ms since 1970; the list is ordered by it, newest first. */
  createdAt: number;
  updatedAt: number;
  /** 'analysis': computed here from dropped files; 'import': a shared profile file saved on request. */
  source: 'analysis' | 'import';
  definition: DefinitionChoice;
  modelVersion: string | null;
  /** The envelope's generated_at. */
  generatedAt: string;
  drivers: number;
  files: number;
  laps: number;
  tracks: string[];
  /** Approximate bytes stored for it (profiles as JSON plus the lap columns). */
  sizeBytes: number;
}

/** What the dashboard showed beside the envelope, reports and laps (AnalysisView without them). */
export type StoredViewExtras = Omit<AnalysisView, 'envelope' | 'reports' | 'laps' | 'table' | 'excludedBy' | 'columns'>;

export interface AnalysisPayload {
  id: string;
  envelope: Envelope;
  /** Validation report per dropped file; null for an import (its `inputs` are all that is known). */
  reports: FileReport[] | null;
  /** Optional columns per file index (the relative rules need them to recompute). */
  columns: LapColumns[] | null;
  /** The laps (the lap table, its columns in the columns store); null for an import shared without its laps. */
  lapTable: StoredLapTable | LapTableData | null;
  /** Each lap's clean-lap verdict, aligned with the table's laps; null for an import. */
  verdicts: StoredVerdicts | WireVerdicts | null;
  view: StoredViewExtras | null;
}

/** A typed column of a lap table (or the verdict codes), one record of the columns store. */
export type StoredColumn = Float64Array | Uint32Array | Uint8Array;

/** A lap table as the payload holds it in the newest layout: all but its columns, and their names. */
export interface StoredLapTable extends Omit<LapTableData, 'numbers' | 'codes' | 'pitIn' | 'fileIndex' | 'intermediates'> {
  /** The names of its columns in the columns store (the second part of their keys). */
  columns: string[];
}

/** The verdicts in the newest layout: the names here, the codes in the columns store under VERDICTS_COLUMN. */
export interface StoredVerdicts {
  names: WireVerdicts['names'];
  column: typeof VERDICTS_COLUMN;
}

export const VERDICTS_COLUMN = 'verdicts';

/** A payload as libraries stored it before the lap table (read, never written). */
export type LegacyPayload = Omit<AnalysisPayload, 'lapTable' | 'verdicts'> & {
  laps: LegacyPackedLaps | null;
  excludedBy: LegacyStringColumn | null;
};

export interface LibrarySchema extends DBSchema {
  analyses: { key: string; value: AnalysisSummary; indexes: { 'by-created': number } };
  payloads: { key: string; value: AnalysisPayload | LegacyPayload };
  columns: { key: [string, string]; value: StoredColumn };
}

export type LibraryDb = IDBPDatabase<LibrarySchema>;
type UpgradeTx = IDBPTransaction<LibrarySchema, StoreNames<LibrarySchema>[], 'versionchange'>;

/** MIGRATIONS[n] takes a database from version n to n + 1. */
export const MIGRATIONS: readonly ((db: LibraryDb, tx: UpgradeTx) => void)[] = [
  // → 1
  (db) => {
    db.createObjectStore('analyses', { keyPath: 'id' });
    db.createObjectStore('payloads', { keyPath: 'id' });
  },
  // → 2
  (_db, tx) => {
    tx.objectStore('analyses').createIndex('by-created', 'createdAt');
  },
  // → 3
  (db) => {
    db.createObjectStore('columns');
  },
];

/** Every column record of analysis `id`: keys [id, name] for any name (an array key sorts after strings). */
export function columnsOf(id: string): IDBKeyRange {
  return IDBKeyRange.bound([id], [id, []]);
}

export const DB_VERSION = MIGRATIONS.length;

/**
 * Opens (creating or upgrading) the library database. `version` is for tests that build an old
 * database; the app always opens the latest. `onVersionChange` runs when another tab needs a newer
 * version: this connection closes so that tab's upgrade is not blocked.
 */
export function openLibraryDb(name: string = DB_NAME, version: number = DB_VERSION, onVersionChange?: () => void): Promise<LibraryDb> {
  return openDB<LibrarySchema>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) MIGRATIONS[v](db, tx);
    },
    blocking() {
      onVersionChange?.();
    },
    terminated() {
      onVersionChange?.();
    },
  });
}
