// One race as columns per car: what the worker hands the race page (no object per lap). Built from the
// lap table the worker holds and each lap's clean-lap verdict. A race is one input file's track and race
// label (relative/clean-laps raceKey); a car number that two cars shared in one race (lap numbers start
// again, GR Cup NUMBER 3 at COTA and Sonoma) gives two cars, the second keyed "3 (2)".
import { isCautionFlag } from '../flags';
import { raceKey, type ExclusionReason } from '../relative/clean-laps';
import { runsOf, tableOf, type LapTable, type LapTableData } from '../lap-table';
import type { LapRow } from '../types';
import type { RaceSheets } from './sheets';
import type { StintLaps } from './stints';

/** Lap marks as bits (RaceCar.marks). */
export const MARK = { caution: 1, pitIn: 2, pitOut: 4, restart: 8, clean: 16 } as const;

export interface RaceCar {
  /** Unique in the race: the car number as the file writes it, "3 (2)" for a second car under the same number. */
  key: string;
  /** Car number as the file writes it. */
  car: string;
  /** Class (CLASS) where the file has one, else null. */
  cls: string | null;
  lapNumber: number[];
  /** Seconds; NaN where the file has no value. */
  lapTimeS: number[];
  /** Race time at the end of the lap (ELAPSED) where the file has it, else NaN. */
  elapsedS: number[];
  s1S: number[];
  s2S: number[];
  s3S: number[];
  topSpeedKph: number[];
  pitTimeS: number[];
  /** Bits of MARK per lap. */
  marks: number[];
  /** Index into RaceData.reasons of why the lap is not clean, −1 for a clean lap. */
  excluded: number[];
  /** Driver key per lap (name where the file carries one, else driver number); null where none. */
  driver: (string | null)[] | null;
  /** Intermediate split times by name, seconds, NaN where missing. */
  intermediatesS: Record<string, number[]>;
}

export interface RaceSummary {
  key: string;
  track: string;
  race: string;
  fileIndex: number;
  carCount: number;
  lapCount: number;
}

export interface RaceData extends RaceSummary {
  /** Reason names RaceCar.excluded indexes. */
  reasons: string[];
  hasClasses: boolean;
  hasDrivers: boolean;
  intermediateNames: string[];
  cars: RaceCar[];
  /** The official results sheet of the race where one was dropped beside the lap file (worker's raceData). */
  results?: RaceSheets['results'];
  /** The weather sheet of the race where one was dropped. */
  weather?: RaceSheets['weather'];
}

/** The car number as the file writes it (04 and 4 are two cars). */
export function carKeyOf(lap: LapRow): string {
  return lap.carNumber;
}

export function classOf(lap: LapRow): string | null {
  return lap.class === null || lap.class === '' ? null : lap.class;
}

/** Driver key: the name where the file has one, else the driver number; null where neither. */
export function driverOf(lap: LapRow): string | null {
  if (lap.driverName) return lap.driverName;
  return lap.driverNumber === null || lap.driverNumber === '' ? null : lap.driverNumber;
}

function elapsedOf(lap: LapRow): number {
  return lap.elapsedS === null || lap.elapsedS === undefined ? NaN : lap.elapsedS;
}

const num = (v: number | null): number => (v === null ? NaN : v);
const isCaution = (flag: string | null) => isCautionFlag(flag === null ? null : flag.toUpperCase());

/** The races in a lap table, in order of first appearance. */
export function raceSummaries(laps: readonly LapRow[]): RaceSummary[] {
  const byKey = new Map<string, RaceSummary & { carSet: Set<string> }>();
  for (const lap of laps) {
    const key = raceKey(lap);
    let r = byKey.get(key);
    if (!r) byKey.set(key, (r = { key, track: lap.track, race: lap.race, fileIndex: lap.fileIndex, carCount: 0, lapCount: 0, carSet: new Set() }));
    r.lapCount++;
    r.carSet.add(carKeyOf(lap));
  }
  return [...byKey.values()].map(({ carSet, ...r }) => ({ ...r, carCount: carSet.size }));
}

/** A race page car's laps as the stint rules read them (stints.ts). */
export function stintLapsOf(car: RaceCar): StintLaps {
  return {
    lapNumber: car.lapNumber,
    lapTimeS: car.lapTimeS,
    pitIn: car.marks.map((m) => m & MARK.pitIn),
    pitTimeS: car.pitTimeS,
    clean: car.marks.map((m) => m & MARK.clean),
    driver: car.driver,
  };
}

/** driverOf on a lap table's row: the name where the file has one, else the driver number; null where neither. */
export function driverKeyAt(d: LapTableData, i: number): string | null {
  const name = d.strings[d.codes.driverName[i]];
  return name ? name : (d.strings[d.codes.driverNumber[i]] ?? null) || null;
}

/** What building a race reads once per table: the table and which flag codes are caution. */
interface Source {
  t: LapTable;
  caution: Uint8Array;
}

function sourceOf(laps: LapTable | readonly LapRow[]): Source {
  const t = tableOf(laps);
  return { t, caution: t.cautionByCode(isCautionFlag) };
}

function carFrom(key: string, rows: readonly number[], src: Source, excludedBy: readonly (ExclusionReason | null)[], reasons: string[]): RaceCar {
  const d = src.t.data;
  const n = d.numbers;
  const codes = d.codes;
  const caution = src.caution;
  const first = rows[0];
  const len = rows.length;
  const column = (c: Float64Array): number[] => {
    const out = new Array<number>(len);
    for (let k = 0; k < len; k++) out[k] = c[rows[k]];
    return out;
  };
  const lapNumber = new Array<number>(len);
  const marks = new Array<number>(len);
  const excluded = new Array<number>(len);
  const drivers = new Array<string | null>(len);
  let anyDriver = false;
  for (let k = 0; k < len; k++) {
    const i = rows[k];
    const ln = n.lapNumber[i];
    lapNumber[k] = ln === ln ? ln : k + 1;
    const prev = k > 0 ? rows[k - 1] : -1;
    const cautionHere = caution[codes.flag[i]] === 1;
    let m = 0;
    if (cautionHere) m |= MARK.caution;
    if (d.pitIn[i]) m |= MARK.pitIn;
    if ((prev >= 0 && d.pitIn[prev]) || n.pitTimeS[i] === n.pitTimeS[i]) m |= MARK.pitOut;
    if (prev >= 0 && caution[codes.flag[prev]] === 1 && !cautionHere) m |= MARK.restart;
    const why = excludedBy[i];
    if (why === null) m |= MARK.clean;
    marks[k] = m;
    let r = -1;
    if (why !== null) {
      r = reasons.indexOf(why);
      if (r < 0) r = reasons.push(why) - 1;
    }
    excluded[k] = r;
    const driver = driverKeyAt(d, i);
    drivers[k] = driver;
    if (driver !== null) anyDriver = true;
  }
  const names = new Set<string>();
  let lastFile = -1;
  for (const i of rows) {
    if (d.fileIndex[i] === lastFile) continue;
    lastFile = d.fileIndex[i];
    for (const name of d.intermediatesByFile[lastFile] ?? []) names.add(name);
  }
  const intermediatesS: Record<string, number[]> = {};
  for (const name of names) intermediatesS[name] = column(d.intermediates[name]);
  const cls = d.strings[codes.class[first]];
  return {
    key,
    car: d.strings[codes.carNumber[first]] ?? '',
    cls: cls === null || cls === '' ? null : cls,
    lapNumber,
    lapTimeS: column(n.lapTimeS),
    elapsedS: column(n.elapsedS),
    s1S: column(n.s1S),
    s2S: column(n.s2S),
    s3S: column(n.s3S),
    topSpeedKph: column(n.topSpeedKph),
    pitTimeS: column(n.pitTimeS),
    marks,
    excluded,
    driver: anyDriver ? drivers : null,
    intermediatesS,
  };
}

function buildRace(key: string, rows: readonly number[], src: Source, excludedBy: readonly (ExclusionReason | null)[]): RaceData {
  const d = src.t.data;
  const f = rows[0];
  const reasons: string[] = [];
  const cars: RaceCar[] = [];
  for (const [c, carRows] of src.t.carRows(rows)) {
    runsOf(carRows, d.numbers.lapNumber).forEach((run, r) => cars.push(carFrom(r === 0 ? c : `${c} (${r + 1})`, run, src, excludedBy, reasons)));
  }
  const names = new Set<string>();
  for (const car of cars) for (const n of Object.keys(car.intermediatesS)) names.add(n);
  return {
    key,
    track: d.strings[d.codes.track[f]] ?? '',
    race: d.strings[d.codes.race[f]] ?? '',
    fileIndex: d.fileIndex[f],
    carCount: cars.length,
    lapCount: rows.length,
    reasons,
    hasClasses: cars.some((c) => c.cls !== null),
    hasDrivers: cars.some((c) => c.driver !== null),
    intermediateNames: [...names],
    cars,
  };
}

/**
 * One race's cars as columns. `excludedBy` is aligned with `laps` (the worker's clean-lap verdicts).
 * Null when no lap belongs to `key`.
 */
export function raceData(laps: LapTable | readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[], key: string): RaceData | null {
  const src = sourceOf(laps);
  const rows = src.t.raceRows().get(key);
  return rows?.length ? buildRace(key, rows, src, excludedBy) : null;
}

/** Every race of a lap table, in order of first appearance, in one pass over the laps. */
export function allRaceData(laps: LapTable | readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[]): RaceData[] {
  const src = sourceOf(laps);
  return [...src.t.raceRows()].map(([key, rows]) => buildRace(key, rows, src, excludedBy));
}
