// One input file in, typed lap rows and a validation report out. Streams the bytes through the decoder and
// the chunked CSV parser so a large file is never held as one string.
import { sha256 as sha256Stream } from '@noble/hashes/sha256';
import { bytesToHex } from '@noble/hashes/utils';
import { blobSource, bufferSource, decodeChunks, looksBinary, type ByteSource, type Encoding } from './decode';
import { LapTable, LapTableBuilder } from './lap-table';
import { countNewlines, CsvLineParser } from './csv-lines';
import { badClock, implausible, isCellReason, type Quantity } from './plausibility';
import { coded } from './errors';
import { detectFileKind, OPTIONAL_LAP_COLUMNS, REQUIRED_LAP_COLUMNS } from './file-kind';
import { flagKind } from './flags';
import { parseFloatStrict, parseTimeS } from './lap-time';
import { sha256Hex } from './sha256';
import { findRace, inferFromPath, matchKnownTrack, normaliseTrack, raceLabelFromName } from './tracks';
import type { CodedMessage, FileReport, IngestOptions, IngestResult, InputFile, LapColumns, RowProblem } from './types';
import { LAP_FILE_KINDS } from './types';

export const DEFAULT_CHUNK_BYTES = 1 << 20;
/**
 * A dropped file up to this size is read whole, in one Blob read, and hashed inline (WebCrypto): a season
 * folder is a hundred small files, and each Blob slice and each round trip to the hashing worker costs a
 * call into the browser (~5 ms each on a busy 2-core machine, issue 10). Bigger files stream in chunks.
 */
export const WHOLE_READ_BYTES = 4 << 20;
/** Files over this size are refused (E014): 1 GiB of CSV is far beyond a season of any series. */
export const MAX_FILE_BYTES = 1 << 30;

/** Canonical intermediate names; Sonoma's exports call IM1/IM2 INT-1/INT-2. */
const INTERMEDIATE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['IM1A_TIME', 'IM1a'], ['IM1_TIME', 'IM1'], ['INT-1_TIME', 'IM1'], ['IM2A_TIME', 'IM2a'], ['IM2_TIME', 'IM2'], ['INT-2_TIME', 'IM2'],
  ['IM3A_TIME', 'IM3a'], ['FL_TIME', 'FL'],
]);

function emptyReport(input: InputFile): FileReport {
  return {
    file: input.name, path: input.path, kind: null, track: null, trackSource: null, race: null, delimiter: null,
    encoding: null, bytes: inputSize(input), sha256: null, rowsRead: 0, rowsAccepted: 0, rowsRejected: {}, rowProblems: [],
    columnsFound: [], columnsMissing: [], used: false, errors: [], warnings: [],
  };
}

/** Row problems with a code of their own; other dropped rows are W022. */
const PROBLEM_CODES: ReadonlyMap<string, RowProblem['code']> = new Map([
  ['truncated-row', 'W025'], ['short-row', 'W025'], ['unbalanced-quote', 'W024'],
]);
/** Line numbers shown in a warning; the report keeps all of them. */
const LINES_SHOWN = 10;

/** Rows whose lap time could not be read or was implausible (E054 when more than half the file). */
function lapTimeProblems(problems: ReadonlyMap<string, RowProblem>): number {
  let n = 0;
  for (const [reason, p] of problems) if (reason === 'unreadable-lap-time' || reason.startsWith('lap-time-')) n += p.lines.length;
  return n;
}

/** One warning per code: `file: reason N (lines 4, 9, …)`. */
export function rowProblemWarnings(file: string, problems: readonly RowProblem[]): CodedMessage[] {
  const byCode = new Map<string, string[]>();
  for (const p of problems) {
    const shown = p.lines.slice(0, LINES_SHOWN).join(', ') + (p.lines.length > LINES_SHOWN ? ', …' : '');
    const text = `${p.reason}: ${p.lines.length} (line${p.lines.length > 1 ? 's' : ''} ${shown})`;
    byCode.set(p.code, [...(byCode.get(p.code) ?? []), text]);
  }
  return [...byCode].map(([code, parts]) => coded(code as 'W022', `${file}: ${parts.join('; ')}`));
}

const NO_COLUMNS: LapColumns = { flag: false, pitIn: false, pitTime: false, lapNumber: false, topSpeed: false, sectors: false, speed: false };

/** Bytes of an input file: its buffer, or the size of the Blob it is read from. */
export function inputSize(input: InputFile): number {
  return input.bytes ? input.bytes.length : (input.blob?.size ?? 0);
}

/** The whole file (small files only: results and weather sheets). */
export async function inputBytes(input: InputFile): Promise<Uint8Array> {
  return input.bytes ?? new Uint8Array(await input.blob!.arrayBuffer());
}

/** Is `input` a Blob that ingestFile reads whole (one read, hashed inline) rather than in chunks? */
export function readsWhole(input: InputFile, limit = WHOLE_READ_BYTES): boolean {
  const size = inputSize(input);
  return !input.bytes && input.blob != null && size > 0 && size <= limit && size <= MAX_FILE_BYTES;
}

/** The bytes of a Blob that readsWhole, in one read. */
export async function readWhole(input: InputFile): Promise<Uint8Array> {
  return new Uint8Array(await input.blob!.arrayBuffer());
}

/** The whole file when it is a buffer, or a Blob small enough to read in one go; else null (streamed). */
function wholeBytes(input: InputFile, limit: number, read: Promise<Uint8Array> | undefined): Promise<Uint8Array | null> | Uint8Array | null {
  if (input.bytes) return input.bytes;
  if (!readsWhole(input, limit)) return null;
  return read ?? readWhole(input);
}

/** An IngestResult whose `laps` are plain objects made on first read (tests, the bench); the DNA reads `table`. */
function result(report: FileReport, table: LapTable, columns: LapColumns): IngestResult {
  let laps: IngestResult['laps'] | null = null;
  return {
    report,
    table,
    columns,
    get laps() {
      return (laps ??= Array.from({ length: table.length }, (_, i) => table.plain(i)));
    },
  };
}

/**
 * Reads one file, streaming: its bytes a chunk at a time (a Blob is never read whole), decoded, parsed and
 * written straight into lap columns; the hash of a lap file is taken on the way. Never throws for bad
 * input: problems are coded entries in `report.errors`.
 */
export async function ingestFile(input: InputFile, opts: IngestOptions = {}): Promise<IngestResult> {
  const fileIndex = opts.fileIndex ?? 0;
  const report = emptyReport(input);
  // the columns get their room once the header says this is a lap file: most files of a season are not
  const laps = new LapTableBuilder(0);
  let columns: LapColumns = NO_COLUMNS;
  const size = inputSize(input);
  const none = () => result(report, LapTable.empty(), columns);
  if (size === 0) {
    report.errors.push(coded('E011', input.name));
    return none();
  }
  if (size > MAX_FILE_BYTES) {
    report.errors.push(coded('E014', `${input.name}: ${size} bytes`));
    return none();
  }
  const whole = await wholeBytes(input, opts.wholeReadBytes ?? WHOLE_READ_BYTES, opts.wholeRead);
  const source: ByteSource = whole ? bufferSource(whole) : blobSource(input.blob!);
  if (looksBinary(await source.read(0, Math.min(size, 1024)))) {
    report.errors.push(coded('E012', input.name));
    return none();
  }

  const fromPath = inferFromPath(input.path || input.name);
  let fileTrack: string | null = null;
  if (opts.track) {
    fileTrack = normaliseTrack(opts.track);
    report.trackSource = 'explicit';
  } else if (fromPath.track) {
    // the file's own path (a guessed name included) beats what its siblings say
    fileTrack = fromPath.track;
    report.trackSource = fromPath.trackSource;
  } else if (opts.siblingTrack) {
    fileTrack = opts.siblingTrack;
    report.trackSource = 'sibling';
  }
  report.race = opts.race ?? fromPath.race ?? findRace(input.name) ?? raceLabelFromName(input.name);

  let mapRow: ((r: string[]) => void) | null = null;
  let headerWidth = 0;
  let currentLine = 0;
  const problems = new Map<string, RowProblem>();
  const note = (reason: string, action: RowProblem['action'], line: number) => {
    let p = problems.get(reason);
    if (!p) problems.set(reason, (p = { code: PROBLEM_CODES.get(reason) ?? (action === 'cell-cleared' ? 'W026' : 'W022'), reason, action, lines: [] }));
    p.lines.push(line);
  };
  /** Flag values that are neither green, the finish nor a known caution: counted as caution, reported once. */
  const unknownFlags = new Map<string, number>();
  const reject = (reason: string) => {
    if (isCellReason(reason)) return note(reason, 'cell-cleared', currentLine);
    report.rowsRejected[reason] = (report.rowsRejected[reason] ?? 0) + 1;
    note(reason, 'dropped', currentLine);
  };

  const onHeader = (headers: string[] | null, delimiter: string | null): boolean => {
    if (!headers) {
      report.errors.push(coded('E013', input.name));
      return false;
    }
    report.delimiter = delimiter;
    report.columnsFound = headers;
    headerWidth = headers.reduce((w, h, i) => (h !== '' ? i + 1 : w), 0);
    report.kind = detectFileKind(headers);
    if (!report.kind) {
      report.errors.push(coded('E019', `${input.name}: ${headers.slice(0, 6).join(', ')}…`));
      return false;
    }
    if (!LAP_FILE_KINDS.includes(report.kind)) {
      report.warnings.push(coded('W020', `${input.name}: ${report.kind}`));
      return false;
    }
    const index = new Map(headers.map((h, i) => [h.toUpperCase(), i] as const));
    report.columnsMissing = REQUIRED_LAP_COLUMNS.filter((c) => !index.has(c));
    if (report.columnsMissing.length) {
      report.errors.push(coded('E046', `${input.name}: ${report.columnsMissing.join(', ')}`));
      return false;
    }
    const trackCol = index.get('TRACK');
    // No track anywhere (E051): the rows are still read and counted, so the report shows the file's real
    // row count while it waits for the user's track; none of its laps is used.
    const unknownTrack = trackCol === undefined && !fileTrack;
    if (unknownTrack) report.errors.push(coded('E051', input.name));
    if (trackCol !== undefined && !opts.track) {
      // a track column wins; a guessed name is no fallback for its empty cells (they stay missing-track)
      if (report.trackSource === 'guessed') fileTrack = null;
      report.trackSource = 'column';
    }
    const optionalMissing = OPTIONAL_LAP_COLUMNS.filter((c) => !index.has(c));
    if (optionalMissing.length) report.warnings.push(coded('W023', `${input.name}: ${optionalMissing.join(', ')}`));
    columns = {
      flag: index.has('FLAG_AT_FL'), pitIn: index.has('CROSSING_FINISH_LINE_IN_PIT'), pitTime: index.has('PIT_TIME'),
      lapNumber: index.has('LAP_NUMBER'), topSpeed: index.has('TOP_SPEED'), sectors: true, speed: true,
      class: index.has('CLASS') || index.has('GROUP'), driver: index.has('DRIVER_NUMBER') || index.has('DRIVER_NAME'),
    };
    laps.reserve(opts.capacity ?? 1024);
    // (a placeholder track for an unknown-track file: its rows are counted, then dropped with the laps)
    mapRow = makeRowMapper(index, trackCol, unknownTrack ? '(unknown)' : fileTrack, report.race!, fileIndex, opts.track ? fileTrack : null, laps, reject, unknownFlags);
    return true;
  };

  const parser = new CsvLineParser(
    onHeader,
    (rows, lines, lastUnterminated) => {
      if (opts.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k];
        if (isBlankRow(r)) continue; // "; ; ;" or spaces only: an empty line, skipped like one
        report.rowsRead++;
        currentLine = lines[k];
        // Fewer cells than the header: a row cut short; its last cell may be cut too, so it is not used.
        if (r.length < headerWidth) reject(lastUnterminated && k === rows.length - 1 ? 'truncated-row' : 'short-row');
        else mapRow!(r);
      }
    },
    (line, repair) => note(repair, 'repaired', line),
  );

  let encoding: Encoding;
  let reserved = false;
  // The hash of every byte read, for a lap file (provenance, duplicate detection); the bytes of a buffer
  // input or of a small file read whole go to WebCrypto at the end instead (opts.sha256 may replace it).
  let hasher = whole || opts.hashBlob ? null : sha256Stream.create();
  /** The hash of a lap file's Blob taken elsewhere (opts.hashBlob), started once its header says it is one. */
  let blobHash: Promise<string> | null = null;
  let hashedAll = true;
  try {
    encoding = await decodeChunks(
      source,
      opts.chunkBytes ?? DEFAULT_CHUNK_BYTES,
      (text, done) => {
        // a big file: its rows estimated from the first piece, so the columns grow once, not by doubling
        if (!reserved && size > 4 * (opts.chunkBytes ?? DEFAULT_CHUNK_BYTES) && done > 0) {
          reserved = true;
          laps.reserve(1.05 * size * (countNewlines(text) / done));
        }
        parser.push(text);
        if (!blobHash && !whole && opts.hashBlob && input.blob && mapRow) {
          blobHash = opts.hashBlob(input.blob);
          blobHash.catch(() => {}); // awaited below only for a file that is used
        }
        opts.onProgress?.(done, size, laps.length);
        if (parser.done) hashedAll = false;
        return !parser.done;
      },
      () => {
        parser.reset();
        laps.truncate(0);
        report.rowsRead = 0;
        report.rowsRejected = {};
        problems.clear();
        report.errors = [];
        report.warnings = [];
      },
      hasher
        ? (bytes, restart) => {
            if (restart) hasher = sha256Stream.create();
            hasher!.update(bytes);
          }
        : undefined,
    );
    parser.end();
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') {
      report.errors.push(coded('E056', input.name));
      return none();
    }
    throw e;
  }
  report.encoding = encoding;

  // (no row is written before the header accepts the file: without a row mapper the table is empty)
  const table = mapRow ? laps.finish() : LapTable.empty();
  if (report.errors.some((e) => e.code === 'E051')) {
    report.rowsAccepted = table.length;
    report.rowProblems = [...problems.values()];
    return none();
  }
  if (report.kind && LAP_FILE_KINDS.includes(report.kind) && report.errors.length === 0) {
    if (report.rowsRead === 0) report.errors.push(coded('E052', input.name));
    else if (table.length === 0) report.errors.push(coded('E053', input.name));
    else if (lapTimeProblems(problems) > report.rowsRead / 2) report.errors.push(coded('E054', input.name));
  }
  report.rowsAccepted = table.length;
  report.rowProblems = [...problems.values()];
  report.warnings.push(...rowProblemWarnings(input.name, report.rowProblems));
  if (unknownFlags.size) {
    const what = [...unknownFlags].map(([flag, n]) => `${flag} (${n} laps)`).join(', ');
    report.warnings.push(coded('W028', `${input.name}: ${what}`));
  }
  const trackCodes = table.data.codes.track;
  const fileTrackCode = fileTrack === null ? -1 : table.data.strings.indexOf(fileTrack);
  if (report.trackSource === 'guessed' && fileTrackCode > 0 && trackCodes.includes(fileTrackCode)) {
    report.warnings.push(coded('W029', `${input.name}: "${fileTrack}" (type mixed unless given)`));
  }
  report.track = table.length ? (fileTrack ?? table.string('track', 0)) : fileTrack;
  report.used = report.errors.length === 0 && table.length > 0;
  // Hash only what feeds the DNA: input provenance in the envelope and duplicate detection.
  if (report.used) {
    if (whole) report.sha256 = await (opts.sha256 ?? sha256Hex)(whole);
    else if (hasher && hashedAll) report.sha256 = bytesToHex(hasher.digest());
    else if (blobHash) report.sha256 = await blobHash;
  }
  return report.used ? result(report, table, columns) : none();
}

function makeRowMapper(
  index: Map<string, number>,
  trackCol: number | undefined,
  fileTrack: string | null,
  race: string,
  fileIndex: number,
  forcedTrack: string | null,
  out: LapTableBuilder,
  reject: (reason: string) => void,
  unknownFlags: Map<string, number>,
): (r: string[]) => void {
  const col = (name: string) => index.get(name) ?? -1;
  const cNumber = col('NUMBER'), cLapNo = col('LAP_NUMBER'), cLap = col('LAP_TIME');
  const cS1 = col('S1'), cS2 = col('S2'), cS3 = col('S3'), cKph = col('KPH'), cTop = col('TOP_SPEED');
  const cFlag = col('FLAG_AT_FL'), cPit = col('CROSSING_FINISH_LINE_IN_PIT'), cPitTime = col('PIT_TIME');
  const cClass = index.has('CLASS') ? col('CLASS') : col('GROUP');
  const cDriverNo = col('DRIVER_NUMBER'), cDriverName = col('DRIVER_NAME'), cElapsed = col('ELAPSED');
  // a season repeats the same few strings: each is a code in the table's string list (0 = empty), looked up
  // by the raw cell so that a repeated cell is trimmed and coded once
  const classCodes = new Map<string, number>(), driverNoCodes = new Map<string, number>(), driverNameCodes = new Map<string, number>();
  const codeOfCell = (r: string[], i: number, cache: Map<string, number>): number => {
    if (i < 0) return 0;
    const raw = cell(r, i);
    let c = cache.get(raw);
    if (c === undefined) {
      const t = raw.trim();
      cache.set(raw, (c = t === '' ? 0 : out.code(t)));
    }
    return c;
  };
  /** Car number cell → its code, or −1 (empty) / −2 (not an integer): the raw text is the key (`04` and `4` are two cars). */
  const carCodes = new Map<string, number>();
  const carCode = (raw: string): number => {
    let c = carCodes.get(raw);
    if (c === undefined) {
      const carText = raw.trim();
      const asNumber = parseFloatStrict(carText);
      c = carText === '' ? -1 : asNumber === null || !Number.isInteger(asNumber) ? -2 : out.code(carText);
      carCodes.set(raw, c);
    }
    return c;
  };
  /** Flag cell → its code (upper-cased) and whether it is a value no rule knows (counted per lap, reported once). */
  const flagCodes = new Map<string, { code: number; text: string; unknown: boolean }>();
  const flagOf = (raw: string) => {
    let f = flagCodes.get(raw);
    if (!f) {
      const text = raw.trim().toUpperCase();
      f = { code: text === '' ? 0 : out.code(text), text, unknown: text !== '' && flagKind(text) === 'unknown' };
      flagCodes.set(raw, f);
    }
    return f;
  };
  const inter = [...index.entries()].filter(([h]) => INTERMEDIATE_ALIASES.has(h)).map(([h, i]) => [INTERMEDIATE_ALIASES.get(h)!, i] as const);
  const interValues = new Float64Array(inter.length);
  out.setIntermediates(fileIndex, [...new Set(inter.map(([name]) => name))]);
  const trackCache = new Map<string, number>();
  const raceCode = out.code(race);
  const fixedTrack = forcedTrack ?? fileTrack;
  const fixedTrackCode = fixedTrack ? out.code(fixedTrack) : 0;
  const cell = (r: string[], i: number): string => (i >= 0 && i < r.length ? r[i] : '');
  /** `value` when plausible; else NaN (null), and the row is reported with `<name>-not-finite` / `-out-of-bounds`. */
  const plausible = (value: number | null, quantity: Quantity, name: string): number => {
    const why = implausible(value, quantity);
    if (why === null) return value ?? NaN;
    reject(`${name}-${why}`);
    return NaN;
  };
  const time = (r: string[], i: number, quantity: Quantity, name: string) => (i >= 0 ? plausible(parseTimeS(cell(r, i)), quantity, name) : NaN);
  const float = (r: string[], i: number, quantity: Quantity, name: string) => (i >= 0 ? plausible(parseFloatStrict(cell(r, i)), quantity, name) : NaN);

  return (r) => {
    const car = carCode(cell(r, cNumber));
    if (car < 0) {
      reject(car === -1 ? 'missing-car-number' : 'bad-car-number');
      return;
    }
    let track = fixedTrackCode;
    if (!forcedTrack && trackCol !== undefined) {
      const raw = cell(r, trackCol);
      let c = trackCache.get(raw);
      if (c === undefined) {
        const t = raw.trim();
        const name = t === '' ? null : normaliseTrack(t);
        // an empty cell falls back to the file's track
        trackCache.set(raw, (c = t === '' ? -1 : name ? out.code(name) : 0));
      }
      if (c >= 0) track = c;
    }
    if (track === 0) {
      reject('missing-track');
      return;
    }
    const lapText = cell(r, cLap);
    let lapTimeS: number;
    const lapParsed = parseTimeS(lapText);
    if (lapParsed === null && lapText.trim() !== '') {
      reject('unreadable-lap-time');
      lapTimeS = NaN;
    } else if (lapParsed !== null && badClock(lapText)) {
      reject('lap-time-bad-clock');
      lapTimeS = NaN;
    } else lapTimeS = plausible(lapParsed, 'lap-time', 'lap-time');
    // Every other number: empty when it is not finite or outside its plausible bounds, with a reason.
    for (let k = 0; k < inter.length; k++) interValues[k] = time(r, inter[k][1], 'intermediate', 'intermediate');
    const lapNo = float(r, cLapNo, 'lap-number', 'lap-number');
    const flag = cFlag >= 0 ? flagOf(cell(r, cFlag)) : null;
    if (flag?.unknown) unknownFlags.set(flag.text, (unknownFlags.get(flag.text) ?? 0) + 1);
    const s1 = time(r, cS1, 'sector', 's1'), s2 = time(r, cS2, 'sector', 's2'), s3 = time(r, cS3, 'sector', 's3');
    const kph = float(r, cKph, 'speed', 'kph'), top = float(r, cTop, 'speed', 'top-speed');
    const pitTime = time(r, cPitTime, 'pit-time', 'pit-time'), elapsed = time(r, cElapsed, 'elapsed', 'elapsed');
    // every column of the lap is written below (this builder holds this file's intermediates only)
    const i = out.claim();
    const c = out.columns();
    const n = c.numbers;
    n.lapNumber[i] = lapNo;
    n.lapTimeS[i] = lapTimeS;
    n.s1S[i] = s1;
    n.s2S[i] = s2;
    n.s3S[i] = s3;
    n.speedKph[i] = kph;
    n.topSpeedKph[i] = top;
    n.pitTimeS[i] = pitTime;
    n.elapsedS[i] = elapsed;
    c.codes.carNumber[i] = car;
    c.codes.class[i] = codeOfCell(r, cClass, classCodes);
    c.codes.driverNumber[i] = codeOfCell(r, cDriverNo, driverNoCodes);
    c.codes.driverName[i] = codeOfCell(r, cDriverName, driverNameCodes);
    c.codes.flag[i] = flag ? flag.code : 0;
    c.codes.track[i] = track;
    c.codes.race[i] = raceCode;
    const pit = cPit >= 0 ? cell(r, cPit) : '';
    c.pitIn[i] = pit === 'B' || (pit !== '' && pit.trim().toUpperCase() === 'B') ? 1 : 0;
    c.fileIndex[i] = fileIndex;
    for (let k = 0; k < inter.length; k++) {
      // two header aliases of one split (IM1_TIME and INT-1_TIME): the later column wins, as before
      c.intermediates[inter[k][0]][i] = interValues[k];
    }
  };
}

/** Cheap first: real rows have a car number in some early cell. */
function isBlankRow(r: string[]): boolean {
  for (const cell of r) if (cell.trim() !== '') return false;
  return true;
}

/** Whether a track name is one of the six known circuits (the UI asks for a type otherwise). */
export const isKnownTrack = (name: string) => matchKnownTrack(name) !== null;
