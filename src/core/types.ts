// Shared shapes of the pure core. Units are in the names: ...S = seconds, ...Kph = km/h, ...Pct = percent.
import type { LapTable } from './lap-table';
import type { CleanLapsResult } from './relative/clean-laps';

/** The kinds of file the ingester recognises from a header. Only lap files feed the DNA today. */
export type FileKind =
  | 'lap-analysis' // Al Kamel 23_AnalysisEnduranceWithSections
  | 'generic' // seed user CSV: NUMBER, LAP_TIME, S1, S2, S3, KPH, track
  | 'best-laps' // 99_Best 10 Laps By Driver
  | 'weather' // 26_Weather
  | 'results' // 00/03/05 results and results by class
  | 'telemetry-laps'; // *_lap_time / *_lap_start / *_lap_end logger events

export const LAP_FILE_KINDS: readonly FileKind[] = ['lap-analysis', 'generic'];

export type TrackType = 'technical' | 'high_speed' | 'mixed';

/** One lap as read from a lap file. Missing values are null, never NaN. */
export interface LapRow {
  /**
   * Car number (`NUMBER`) exactly as the file writes it, trimmed: `04` and `4` are two cars. The key of a car
   * profile; classic's `driver_id` is its integer value (the seed's meaning).
   */
  carNumber: string;
  /** `CLASS` (else `GROUP`), trimmed; null when the file has neither or the cell is empty. The field of a race is a class. */
  class: string | null;
  /** `DRIVER_NUMBER` as written (1, 2, 3 within a car), or null. */
  driverNumber: string | null;
  /** `DRIVER_NAME` as written, or null. Shown only where the user's own file carries it. */
  driverName: string | null;
  lapNumber: number | null;
  lapTimeS: number | null;
  s1S: number | null;
  s2S: number | null;
  s3S: number | null;
  speedKph: number | null;
  topSpeedKph: number | null;
  /**
   * `FLAG_AT_FL` upper-cased: GF (green), FF (finish), or a caution of some kind (FCY, SF, SC, VSC, RF, ...; see
   * src/core/flags.ts), or null when the file has no flag column.
   */
  flag: string | null;
  /** `CROSSING_FINISH_LINE_IN_PIT` = B. */
  pitIn: boolean;
  pitTimeS: number | null;
  /** `ELAPSED`: race time at the line, in seconds (H:MM:SS.mmm read in full), or null. */
  elapsedS: number | null;
  /** Intermediate split times by canonical name (IM1a, IM1, IM2a, IM2, IM3a, FL); INT-1/INT-2 map to IM1/IM2. */
  intermediatesS: Record<string, number | null>;
  /** Canonical track name (see tracks.ts) or the user's name for an unknown track. */
  track: string;
  /** Race label, e.g. "Race 1"; the file name when nothing better is known. */
  race: string;
  /** Index of the input file this lap came from (into Envelope.inputs). */
  fileIndex: number;
}

/** Columns a lap file may carry; `has` tells the relative rules which ones they can rely on. */
export interface LapColumns {
  flag: boolean;
  pitIn: boolean;
  pitTime: boolean;
  lapNumber: boolean;
  topSpeed: boolean;
  sectors: boolean;
  speed: boolean;
  /** `CLASS` or `GROUP` present: the field of a race is each class. */
  class?: boolean;
  /** `DRIVER_NUMBER` or `DRIVER_NAME` present: laps belong to people. */
  driver?: boolean;
}

export interface CodedMessage {
  code: string;
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** Extra detail (a file name, a column, a row number). */
  detail?: string;
}

/** Rows that share one problem: what happened to them and where they are in the file. */
export interface RowProblem {
  /** W024 repaired quote, W025 row cut short, W026 invalid cell, W022 other dropped rows. */
  code: string;
  /** e.g. truncated-row, unbalanced-quote, bad-car-number, lap-time-out-of-bounds. */
  reason: string;
  /** dropped: not used; repaired: used after the fix; cell-cleared: used with that cell left empty. */
  action: 'dropped' | 'repaired' | 'cell-cleared';
  /** 1-based line numbers in the file, in order. */
  lines: number[];
}

export interface FileReport {
  file: string;
  /** Path as dropped (folder layout), used to infer track and race. */
  path: string;
  kind: FileKind | null;
  track: string | null;
  /** `guessed`: no known circuit named; the track was named from the file or folder name (W029). */
  trackSource: 'column' | 'folder' | 'file-name' | 'guessed' | 'sibling' | 'explicit' | 'user' | null;
  race: string | null;
  delimiter: string | null;
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be' | null;
  bytes: number;
  sha256: string | null;
  /** Data rows in the file (blank lines and lines of only delimiters are not rows). */
  rowsRead: number;
  /** Rows read as laps. Always rowsRead = rowsAccepted + the sum of rowsRejected. */
  rowsAccepted: number;
  /** Rows dropped, by reason; each is listed with its line in `rowProblems`. */
  rowsRejected: Record<string, number>;
  /** Every dropped, repaired or partly invalid row, by reason, with its code and line numbers. */
  rowProblems: RowProblem[];
  columnsFound: string[];
  columnsMissing: string[];
  /** True when the file feeds the DNA (a lap file with a track and no error). */
  used: boolean;
  errors: CodedMessage[];
  warnings: CodedMessage[];
}

export interface InputFile {
  /** File name (no folders). */
  name: string;
  /** Relative path with folders as dropped, '/'-separated (e.g. "COTA/Race 1/23_...CSV"); may equal name. */
  path: string;
  /** The file's bytes (the CLI, tests); or `blob`, read a chunk at a time (a dropped File in the worker). */
  bytes?: Uint8Array;
  blob?: Blob;
}

export interface IngestOptions {
  /** Laps expected (the builder's first capacity). */
  capacity?: number;
  /** Track given explicitly (CLI --track, or the user in the validation step); wins over inference. */
  track?: string;
  /**
   * Track the other files of the same folder name (all the same one): a race's files picked together,
   * where only the results or telemetry file names say "COTA". Used only when nothing else names a track.
   */
  siblingTrack?: string;
  race?: string;
  /** Bytes read of the file, its size, and the laps written so far. */
  onProgress?: (bytesDone: number, bytesTotal: number, lapsSoFar: number) => void;
  signal?: AbortSignal;
  /** Bytes per decode/parse chunk; only tests and benchmarks change it. */
  chunkBytes?: number;
  /** A Blob up to this size is read whole in one read and hashed inline (default WHOLE_READ_BYTES); 0 streams every Blob. */
  wholeReadBytes?: number;
  /** That whole read, already begun (ingestAll reads a few files ahead of the parse). */
  wholeRead?: Promise<Uint8Array>;
  /** Index of this file among the inputs; stored on every LapRow. */
  fileIndex?: number;
  /** SHA-256 as lowercase hex; default WebCrypto. Node callers pass node:crypto's (no async start-up cost). */
  sha256?: (bytes: Uint8Array) => Promise<string> | string;
  /**
   * SHA-256 of a Blob input, elsewhere (the browser worker hands the File to a hashing worker of its own, so
   * the hash runs beside the parse on another core); without it the hash is taken on the way, chunk by chunk.
   */
  hashBlob?: (blob: Blob) => Promise<string>;
}

export interface IngestResult {
  report: FileReport;
  /** The file's laps in columns (lap-table.ts): what the analysis reads. */
  table: LapTable;
  /** The same laps as plain objects, made when first read (tests, the bench). */
  readonly laps: LapRow[];
  columns: LapColumns;
}

export type Definition = 'classic' | 'relative';
export type DefinitionChoice = Definition | 'both';

export const ARCHETYPES = ['Speed Demon', 'Consistency Master', 'Track Specialist', 'Balanced Racer'] as const;
export type Archetype = (typeof ARCHETYPES)[number];

export interface EnvelopeInput {
  file: string;
  track: string | null;
  race: string | null;
  rows: number;
  sha256: string | null;
}

/** The one export format (docs/profile-schema.md, docs/profile-schema.json). */
export interface Envelope<D = DriverProfile> {
  schema: 'performance-dna/1';
  generated_at: string;
  definition: DefinitionChoice;
  model_version?: string | null;
  inputs: EnvelopeInput[];
  drivers: D[];
  /**
   * Drivers (people) where the files say who drove each lap (DRIVER_NAME / DRIVER_NUMBER), with the relative
   * definition; absent when no lap names a driver (docs/profile-schema.md, "people").
   */
  people?: import('./relative/people').PersonProfile[];
}

export interface ClassicTrackMetrics {
  avg_lap_time: number;
  consistency: number;
  best_lap: number;
  sector_balance: { S1_avg: number | null; S2_avg: number | null; S3_avg: number | null };
  speed_profile: { avg_speed: number; top_speed: number };
}

export interface ClassicDnaSignature {
  speed_vs_consistency_ratio: number;
  track_adaptability: number;
  consistency_index: number;
  performance_variance: number;
  speed_consistency: number;
  track_specialization: { technical: number; high_speed: number; mixed: number };
}

/** Seed Output Data Schema, field names as the original wrote them. */
export interface ClassicProfile {
  /** The car number as an integer, the seed's meaning (two cars `04` and `4` both have 4: see car_number). */
  driver_id: number;
  /** The car number as the file writes it: the key of the car profile. */
  car_number: string;
  /** The car's class (`CLASS`), null when the files carry none. */
  class: string | null;
  tracks_raced: string[];
  total_races: number;
  performance_metrics: Record<string, ClassicTrackMetrics>;
  dna_signature: ClassicDnaSignature | null;
  dna_signature_reason?: string;
  sector_balance_score: number | null;
  archetype: Archetype | null;
}

/** Model output placed beside an exact archetype (training issue). */
export interface PredictedProfile {
  model_version: string;
  /**
   * The model's archetype. Relative: the exact rule on the model's DNA against `archetype_reference` (the
   * exact archetype's reference); classic, or without a reference: the classifier head's class.
   */
  archetype: Archetype;
  /** The classifier head's class probabilities, in its own terms (relative: labels against the GR Cup season). */
  probabilities: Record<string, number>;
  dna_signature: Record<string, number>;
  out_of_distribution: string[];
  /** Relative: the reference `archetype` was judged against, as the exact profile names it (`relative.reference`). */
  archetype_reference?: string;
  /** Relative, where `archetype_reference` is set: the classifier head's most probable class. */
  classifier_archetype?: Archetype;
}

/**
 * A driver in the envelope. `classic` fields sit at the top level (backward compatibility with the seed
 * schema); `relative` holds our definition when it was computed.
 */
export interface DriverProfile extends ClassicProfile {
  relative?: import('./relative').RelativeProfile;
  /** The car's stints in every race (laps between pit stops or driver changes); with the relative definition. */
  stints?: import('./race/envelope-stints').EnvelopeStint[];
  predicted?: { classic?: PredictedProfile; relative?: PredictedProfile };
}

/** What `analyzeInputs` (src/core/analysis.ts) returns: everything the CLI, worker and UI show. */
export interface AnalysisResult {
  reports: FileReport[];
  /** Every lap of every used lap file, with track/race/file set. */
  laps: LapRow[];
  envelope: Envelope;
  /** Classic lap-filter rejections by reason (missing-lap-time, lap-time-out-of-range, missing-kph, kph-out-of-range). */
  classicRejected: Record<string, number>;
  errors: CodedMessage[];
  /** The relative clean-lap verdicts, one per lap (absent for a classic-only analysis): computed once, read by every later step. */
  cleaned?: CleanLapsResult;
  /**
   * The reference populations archetypes were judged against, by the name each profile carries in
   * `relative.reference` (a class's own population, a shipped class season, the GR Cup season): the model's
   * archetype is judged against the same one (src/core/relative/predicted-archetype.ts).
   */
  references?: ReadonlyMap<string, import('./relative/reference').RelativeReference>;
}

export interface AnalyzeOptions {
  definition?: DefinitionChoice;
  /** Explicit track for every file (CLI --track) or per file path (the app's validation step). */
  track?: string;
  trackByPath?: Record<string, string>;
  trackTypes?: Record<string, TrackType>;
  onProgress?: (bytesDone: number, bytesTotal: number, counts?: { filesDone: number; filesTotal: number; lapsRead: number }) => void;
  /** Files read by an earlier call, reused when the same file is read the same way (analysis.ts IngestCache). */
  cache?: import('./analysis').IngestCache;
  signal?: AbortSignal;
  /** Fixed timestamp for reproducible envelopes (tests). */
  now?: Date;
  /** See IngestOptions.sha256. */
  sha256?: IngestOptions['sha256'];
  /** See IngestOptions.hashBlob. */
  hashBlob?: IngestOptions['hashBlob'];
  /** See IngestOptions.wholeReadBytes. */
  wholeReadBytes?: number;
  /** Reference population of the relative archetypes (models/relative-reference.json); null → no archetype. */
  relativeReference?: import('./relative').RelativeReference | null;
  /** Threshold of the relative `slow` rule as a factor of the best clean lap (default 1.07). */
  slowFactor?: number;
}
