// The one entry point the CLI, the worker and the trainer call: input files in, reports, laps and the
// envelope out. Files are read one after another so memory holds one file's text at a time.
import { carClasses, classicProfiles } from './classic-dna';
import { coded } from './errors';
import { buildEnvelope, noClassic } from './envelope';
import { ingestFile, inputSize, readsWhole, readWhole, WHOLE_READ_BYTES } from './ingest';
import { LapTable } from './lap-table';
import { inferFromPath } from './tracks';
import { own } from './own';
import { stintsByCar } from './race/envelope-stints';
import { relativeProfiles } from './relative';
import { cleanLaps, sharedCarNumbers } from './relative/clean-laps';
import { classReferences, type ChosenReference } from './relative/class-reference';
import type { RelativeReference } from './relative/reference';
import { peopleProfiles, PERSON_JUDGING, type PersonProfile } from './relative/people';
import { relativeProfileOf, type RelativeProfile } from './relative/profile';
import type { RelativeDna } from './relative/relative-dna';
import type { AnalysisResult, AnalyzeOptions, CodedMessage, FileReport, IngestResult, InputFile, LapColumns, LapRow } from './types';

export interface IngestedSet {
  reports: FileReport[];
  /** The laps of the used files, in input order: views over `table` when read here, plain objects when stored. */
  laps: LapRow[];
  /** The same laps in columns (absent for a set rebuilt from plain laps: LapTable.fromRows makes one). */
  table?: LapTable;
  /** Columns per input file index, for the relative rules that need optional columns. */
  columns: LapColumns[];
  errors: CodedMessage[];
}

/**
 * Per file path, the one track the other files of its folder name by their path or file name (a race's
 * files picked together: "COTA_lap_time_R1.csv" beside "23_AnalysisEnduranceWithSections_Race 1.CSV").
 * None where they name no track or more than one.
 */
export function siblingTracks(files: readonly { path: string; name: string }[]): Map<string, string> {
  const dirOf = (p: string) => {
    const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    return cut < 0 ? '' : p.slice(0, cut);
  };
  const named = new Map<string, Set<string>>();
  for (const f of files) {
    const inferred = inferFromPath(f.path || f.name);
    const t = inferred.trackSource === 'guessed' ? null : inferred.track; // known circuits only
    if (!t) continue;
    const d = dirOf(f.path || f.name);
    const set = named.get(d) ?? new Set<string>();
    set.add(t);
    named.set(d, set);
  }
  const out = new Map<string, string>();
  for (const f of files) {
    const set = named.get(dirOf(f.path || f.name));
    if (set?.size === 1) out.set(f.path, [...set][0]);
  }
  return out;
}

/**
 * Files already read, by identity (path, size, modification time, the track it was read with): the worker
 * keeps the last call's so that an analysis after the validation of the same files reads nothing again.
 */
export interface IngestCache {
  get(key: string): IngestResult | undefined;
  set(key: string, value: IngestResult): void;
}

/** A dropped file's identity for the cache; null for a buffer (nothing tells two buffers apart cheaply). */
function cacheKey(f: InputFile, track: string | undefined, sibling: string | undefined): string | null {
  return f.blob ? [fileIdentity(f), track ?? '', sibling ?? ''].join('\u0000') : null;
}

/** A dropped file's identity: path, name, size and date (the same file dropped again has the same one). */
export function fileIdentity(f: InputFile): string {
  const modified = (f.blob as (Blob & { lastModified?: number }) | undefined)?.lastModified ?? '';
  return [f.path, f.name, f.blob?.size ?? f.bytes?.length ?? 0, modified].join('\u0000');
}

/** Small files whose whole read is in flight ahead of the one being parsed. */
const READ_AHEAD = 8;

/** Reads every file (validation report per file) and collects the laps of the usable lap files. */
export async function ingestAll(files: readonly InputFile[], opts: AnalyzeOptions = {}): Promise<IngestedSet> {
  const reports: FileReport[] = [];
  const columns: LapColumns[] = [];
  const tables: LapTable[] = [];
  const seen = new Set<string>();
  const total = files.reduce((s, f) => s + inputSize(f), 0);
  let before = 0;
  let lapsRead = 0;
  const siblings = siblingTracks(files);
  const keyOf = (f: InputFile) => (opts.cache ? cacheKey(f, own(opts.trackByPath, f.path) ?? opts.track, siblings.get(f.path)) : null);
  // Small files are read whole, a few ahead of the parse: each read is a call into the browser, and a
  // season folder is a hundred of them; reading ahead lets those calls overlap the parsing (issue 10).
  const wholeLimit = opts.wholeReadBytes ?? WHOLE_READ_BYTES;
  const reads = new Map<number, Promise<Uint8Array>>();
  let readFrom = 0;
  const readAhead = (i: number) => {
    for (readFrom = Math.max(readFrom, i); readFrom < Math.min(files.length, i + READ_AHEAD); readFrom++) {
      const f = files[readFrom];
      if (!readsWhole(f, wholeLimit)) continue;
      const k = keyOf(f);
      if (k && opts.cache!.get(k)) continue;
      const p = readWhole(f);
      p.catch(() => {}); // awaited (and its failure met) when its turn comes
      reads.set(readFrom, p);
    }
  };
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (opts.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    readAhead(i);
    const track = own(opts.trackByPath, f.path) ?? opts.track;
    const key = keyOf(f);
    const cached = key ? opts.cache!.get(key) : undefined;
    const counts = (current = 0) => ({ filesDone: i, filesTotal: files.length, lapsRead: lapsRead + current });
    let read: IngestResult;
    const wholeRead = reads.get(i);
    reads.delete(i);
    if (cached) {
      // the same file read the same way by the last call: its columns as they are, its report as it was
      read = { report: structuredClone(cached.report), table: cached.table.withFileIndex(i), columns: cached.columns, laps: [] };
      opts.onProgress?.(before + inputSize(f), total, counts());
    } else {
      read = await ingestFile(f, {
        fileIndex: i,
        track,
        siblingTrack: siblings.get(f.path),
        signal: opts.signal,
        sha256: opts.sha256,
        hashBlob: opts.hashBlob,
        wholeReadBytes: opts.wholeReadBytes,
        wholeRead,
        onProgress: opts.onProgress ? (done, _size, laps) => opts.onProgress!(before + done, total, counts(laps)) : undefined,
      });
    }
    if (key && !read.report.errors.some((e) => e.code === 'E056')) {
      opts.cache!.set(key, { report: structuredClone(read.report), table: read.table, columns: read.columns, laps: [] });
    }
    const { report, table: fileTable, columns: cols } = read;
    if (report.errors.some((e) => e.code === 'E056')) throw new DOMException('cancelled', 'AbortError');
    before += inputSize(f);
    if (report.used && report.sha256 && seen.has(report.sha256)) {
      report.used = false;
      report.warnings.push(coded('W021', f.path));
    } else if (report.used) {
      if (report.sha256) seen.add(report.sha256);
      tables.push(fileTable);
      lapsRead += fileTable.length;
    }
    reports.push(report);
    columns.push(cols);
  }
  const errors: CodedMessage[] = [];
  if (!reports.some((r) => r.used)) errors.push(coded('E055', `${files.length} file(s) read`));
  const table = tables.length ? LapTable.concat(tables) : LapTable.empty();
  return { reports, laps: table.rows(), table, columns, errors };
}

/**
 * Archetypes against each class's own population where the class is large enough (class-reference.ts), else
 * against the shipped reference; every profile names its yardstick. Files without classes: unchanged.
 */
function judgeByClass(relative: Map<string, RelativeProfile>, people: PersonProfile[], classes: ReadonlyMap<string, string>, opts: AnalyzeOptions): Map<string, RelativeReference> {
  const used = new Map<string, RelativeReference>();
  const remember = (c: ChosenReference) => {
    if (c.name !== null && c.reference !== null) used.set(c.name, c.reference);
  };
  const shipped = opts.relativeReference ?? null;
  const group = <T>(items: Iterable<T>, classOf: (t: T) => string | null, dna: (t: T) => RelativeDna) => {
    const m = new Map<string | null, RelativeDna[]>();
    for (const it of items) {
      const c = classOf(it);
      let list = m.get(c);
      if (!list) m.set(c, (list = []));
      list.push(dna(it));
    }
    return m;
  };
  const carClass = (car: string) => classes.get(car) ?? null;
  const carRefs = classReferences(group(relative.keys(), carClass, (c) => relative.get(c)!.dna), shipped, 'cars', opts);
  for (const [car, p] of relative) {
    const chosen = carRefs.get(carClass(car))!;
    remember(chosen);
    const judged = chosen.reference === shipped ? p : relativeProfileOf(car, p.races, chosen.reference);
    relative.set(car, { ...judged, reference: chosen.name });
  }
  const personClass = (p: PersonProfile) => p.classes[0] ?? null;
  const personRefs = classReferences(group(people, personClass, (p) => p.relative.dna), shipped, 'drivers', opts);
  for (const p of people) {
    const own = personRefs.get(personClass(p))!;
    // a class with too few drivers of its own uses its cars' population when that one is large enough
    const cars = carRefs.get(personClass(p));
    const chosen = !own.own && cars?.own ? cars : own;
    remember(chosen);
    if (chosen.reference !== shipped) {
      const { car_number: _car, ...judged } = relativeProfileOf(p.driver_key, p.relative.races, chosen.reference, PERSON_JUDGING);
      p.relative = judged;
    }
    p.relative.reference = chosen.name;
  }
  return used;
}

/** W027 once per file for the car numbers it lists two cars under (not twice when a stored analysis is re-analysed). */
function reportSharedCarNumbers(set: IngestedSet): void {
  for (const [fileIndex, cars] of sharedCarNumbers(set.laps)) {
    const report = set.reports[fileIndex];
    if (!report || report.warnings.some((w) => w.code === 'W027')) continue;
    report.warnings.push(coded('W027', `${report.file}: car ${cars.join(', car ')}`));
  }
}

export async function analyzeInputs(files: readonly InputFile[], opts: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const set = await ingestAll(files, opts);
  return analyzeIngested(set, opts);
}

/** The DNA part on already-read laps (re-analysis of a stored analysis uses it without the files). */
export function analyzeIngested(set: IngestedSet, opts: AnalyzeOptions = {}): AnalysisResult {
  const definition = opts.definition ?? 'both';
  reportSharedCarNumbers(set);
  const { profiles, rejected } = classicProfiles(set.laps, opts.trackTypes);
  // The relative clean-lap verdicts, once: the relative races, stints, people and the worker's views read them.
  const cleaned = definition === 'classic' ? undefined : cleanLaps(set.laps, set.columns, { slowFactor: opts.slowFactor });
  const relative = cleaned
    ? new Map(
        relativeProfiles(set.laps, set.columns, opts.relativeReference ?? null, {
          trackTypes: opts.trackTypes,
          slowFactor: opts.slowFactor,
          cleaned,
        }).map((p) => [p.car_number, p]),
      )
    : undefined;
  // `--definition relative` leaves the classic fields empty (they stay in the seed's schema) with a reason.
  const classic =
    definition === 'relative'
      ? profiles.map((p) => ({ ...noClassic(p.car_number, relative?.get(p.car_number), 'classic not computed (definition: relative)'), class: p.class }))
      : profiles;
  // Stints read the relative clean-lap rules, so they come with the relative definition.
  const stints = cleaned ? stintsByCar(set.laps, cleaned.laps.map((v) => v.excludedBy)) : undefined;
  // People: where the files say who drove each lap, each driver's relative DNA from their own laps.
  const people = cleaned
    ? peopleProfiles(set.laps, set.columns, opts.relativeReference ?? null, { cleaned, stints, trackTypes: opts.trackTypes, slowFactor: opts.slowFactor })
    : undefined;
  const classes = carClasses(set.laps);
  const references = relative ? judgeByClass(relative, people ?? [], classes, opts) : undefined;
  const envelope = buildEnvelope({ definition, reports: set.reports, classic, relative, stints, people, classes, now: opts.now });
  return { reports: set.reports, laps: set.laps, envelope, classicRejected: rejected, errors: set.errors, cleaned, references };
}
