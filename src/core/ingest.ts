// One input file in, typed lap rows and a validation report out. Streams the bytes through the decoder and
// the chunked CSV parser so a large file is never held as one string.
import { decodeChunks, looksBinary, type Encoding } from './decode';
import { CsvLineParser } from './csv-lines';
import { badClock, implausible, isCellReason, type Quantity } from './plausibility';
import { coded } from './errors';
import { detectFileKind, OPTIONAL_LAP_COLUMNS, REQUIRED_LAP_COLUMNS } from './file-kind';
import { flagKind } from './flags';
import { parseFloatStrict, parseTimeS } from './lap-time';
import { sha256Hex } from './sha256';
import { findRace, inferFromPath, matchKnownTrack, normaliseTrack } from './tracks';
import type { CodedMessage, FileReport, IngestOptions, IngestResult, InputFile, LapColumns, LapRow, RowProblem } from './types';
import { LAP_FILE_KINDS } from './types';

export const DEFAULT_CHUNK_BYTES = 1 << 20;
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
    encoding: null, bytes: input.bytes.length, sha256: null, rowsRead: 0, rowsAccepted: 0, rowsRejected: {}, rowProblems: [],
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

/** Reads one file. Never throws for bad input: problems are coded entries in `report.errors`. */
export async function ingestFile(input: InputFile, opts: IngestOptions = {}): Promise<IngestResult> {
  const fileIndex = opts.fileIndex ?? 0;
  const report = emptyReport(input);
  const laps: LapRow[] = [];
  let columns: LapColumns = NO_COLUMNS;
  if (input.bytes.length === 0) {
    report.errors.push(coded('E011', input.name));
    return { report, laps, columns };
  }
  if (input.bytes.length > MAX_FILE_BYTES) {
    report.errors.push(coded('E014', `${input.name}: ${input.bytes.length} bytes`));
    return { report, laps, columns };
  }
  if (looksBinary(input.bytes)) {
    report.errors.push(coded('E012', input.name));
    return { report, laps, columns };
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
  report.race = opts.race ?? fromPath.race ?? findRace(input.name) ?? input.name.replace(/\.[^.]+$/, '');

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
  const total = input.bytes.length;
  try {
    encoding = decodeChunks(
      input.bytes,
      opts.chunkBytes ?? DEFAULT_CHUNK_BYTES,
      (text, done) => {
        parser.push(text);
        opts.onProgress?.(done, total);
        return !parser.done;
      },
      () => {
        parser.reset();
        laps.length = 0;
        report.rowsRead = 0;
        report.rowsRejected = {};
        problems.clear();
        report.errors = [];
        report.warnings = [];
      },
    );
    parser.end();
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') {
      report.errors.push(coded('E056', input.name));
      return { report, laps: [], columns };
    }
    throw e;
  }
  report.encoding = encoding;

  if (report.errors.some((e) => e.code === 'E051')) {
    report.rowsAccepted = laps.length;
    report.rowProblems = [...problems.values()];
    return { report, laps: [], columns };
  }
  if (report.kind && LAP_FILE_KINDS.includes(report.kind) && report.errors.length === 0) {
    if (report.rowsRead === 0) report.errors.push(coded('E052', input.name));
    else if (laps.length === 0) report.errors.push(coded('E053', input.name));
    else if (lapTimeProblems(problems) > report.rowsRead / 2) report.errors.push(coded('E054', input.name));
  }
  report.rowsAccepted = laps.length;
  report.rowProblems = [...problems.values()];
  report.warnings.push(...rowProblemWarnings(input.name, report.rowProblems));
  if (unknownFlags.size) {
    const what = [...unknownFlags].map(([flag, n]) => `${flag} (${n} laps)`).join(', ');
    report.warnings.push(coded('W028', `${input.name}: ${what}`));
  }
  if (report.trackSource === 'guessed' && laps.some((l) => l.track === fileTrack)) {
    report.warnings.push(coded('W029', `${input.name}: "${fileTrack}" (type mixed unless given)`));
  }
  report.track = laps.length ? (fileTrack ?? laps[0].track) : fileTrack;
  report.used = report.errors.length === 0 && laps.length > 0;
  // Hash only what feeds the DNA: input provenance in the envelope and duplicate detection.
  if (report.used) report.sha256 = await (opts.sha256 ?? sha256Hex)(input.bytes);
  return { report, laps: report.used ? laps : [], columns };
}

function makeRowMapper(
  index: Map<string, number>,
  trackCol: number | undefined,
  fileTrack: string | null,
  race: string,
  fileIndex: number,
  forcedTrack: string | null,
  out: LapRow[],
  reject: (reason: string) => void,
  unknownFlags: Map<string, number>,
): (r: string[]) => void {
  const col = (name: string) => index.get(name) ?? -1;
  const cNumber = col('NUMBER'), cLapNo = col('LAP_NUMBER'), cLap = col('LAP_TIME');
  const cS1 = col('S1'), cS2 = col('S2'), cS3 = col('S3'), cKph = col('KPH'), cTop = col('TOP_SPEED');
  const cFlag = col('FLAG_AT_FL'), cPit = col('CROSSING_FINISH_LINE_IN_PIT'), cPitTime = col('PIT_TIME');
  const cClass = index.has('CLASS') ? col('CLASS') : col('GROUP');
  const cDriverNo = col('DRIVER_NUMBER'), cDriverName = col('DRIVER_NAME'), cElapsed = col('ELAPSED');
  // a season repeats the same few strings: one copy of each
  const strings = new Map<string, string>();
  const text = (r: string[], i: number): string | null => {
    if (i < 0) return null;
    const t = cell(r, i).trim();
    if (t === '') return null;
    let c = strings.get(t);
    if (c === undefined) strings.set(t, (c = t));
    return c;
  };
  const inter = [...index.entries()].filter(([h]) => INTERMEDIATE_ALIASES.has(h)).map(([h, i]) => [INTERMEDIATE_ALIASES.get(h)!, i] as const);
  const trackCache = new Map<string, string>();
  const cell = (r: string[], i: number): string => (i >= 0 && i < r.length ? r[i] : '');
  /** `value` when plausible; else null, and the row is reported with `<name>-not-finite` / `-out-of-bounds`. */
  const plausible = (value: number | null, quantity: Quantity, name: string): number | null => {
    const why = implausible(value, quantity);
    if (why === null) return value;
    reject(`${name}-${why}`);
    return null;
  };

  return (r) => {
    // The raw text is the key (`04` and `4` are two cars); it must still read as an integer (classic's driver_id).
    const carNumber = text(r, cNumber) ?? '';
    const asNumber = parseFloatStrict(carNumber);
    if (asNumber === null || !Number.isInteger(asNumber)) {
      reject(carNumber === '' ? 'missing-car-number' : 'bad-car-number');
      return;
    }
    let track = forcedTrack ?? fileTrack;
    if (!forcedTrack && trackCol !== undefined) {
      const t = cell(r, trackCol).trim();
      if (t !== '') {
        let c = trackCache.get(t);
        if (c === undefined) trackCache.set(t, (c = normaliseTrack(t)));
        track = c;
      }
    }
    if (!track) {
      reject('missing-track');
      return;
    }
    const lapText = cell(r, cLap);
    let lapTimeS = parseTimeS(lapText);
    if (lapTimeS === null && lapText.trim() !== '') reject('unreadable-lap-time');
    else if (lapTimeS !== null && badClock(lapText)) {
      reject('lap-time-bad-clock');
      lapTimeS = null;
    } else lapTimeS = plausible(lapTimeS, 'lap-time', 'lap-time');
    // Every other number: empty when it is not finite or outside its plausible bounds, with a reason.
    const time = (i: number, quantity: Quantity, name: string) => (i >= 0 ? plausible(parseTimeS(cell(r, i)), quantity, name) : null);
    const float = (i: number, quantity: Quantity, name: string) => (i >= 0 ? plausible(parseFloatStrict(cell(r, i)), quantity, name) : null);
    const intermediatesS: Record<string, number | null> = {};
    for (const [name, i] of inter) intermediatesS[name] = time(i, 'intermediate', 'intermediate');
    const lapNo = float(cLapNo, 'lap-number', 'lap-number');
    const flag = cFlag >= 0 ? cell(r, cFlag).trim().toUpperCase() || null : null;
    if (flag !== null && flagKind(flag) === 'unknown') unknownFlags.set(flag, (unknownFlags.get(flag) ?? 0) + 1);
    out.push({
      carNumber,
      class: text(r, cClass),
      driverNumber: text(r, cDriverNo),
      driverName: text(r, cDriverName),
      lapNumber: lapNo,
      lapTimeS,
      s1S: time(cS1, 'sector', 's1'),
      s2S: time(cS2, 'sector', 's2'),
      s3S: time(cS3, 'sector', 's3'),
      speedKph: float(cKph, 'speed', 'kph'),
      topSpeedKph: float(cTop, 'speed', 'top-speed'),
      flag,
      pitIn: cPit >= 0 && cell(r, cPit).trim().toUpperCase() === 'B',
      pitTimeS: time(cPitTime, 'pit-time', 'pit-time'),
      elapsedS: time(cElapsed, 'elapsed', 'elapsed'),
      intermediatesS,
      track,
      race,
      fileIndex,
    });
  };
}

/** Cheap first: real rows have a car number in some early cell. */
function isBlankRow(r: string[]): boolean {
  for (const cell of r) if (cell.trim() !== '') return false;
  return true;
}

/** Whether a track name is one of the six known circuits (the UI asks for a type otherwise). */
export const isKnownTrack = (name: string) => matchKnownTrack(name) !== null;
