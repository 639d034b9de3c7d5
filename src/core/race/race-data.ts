// One race as columns per car: what the worker hands the race page (no object per lap). Built from the
// lap table the worker holds and each lap's clean-lap verdict. A race is one input file's track and race
// label (relative/clean-laps raceKey); a car number that two cars shared in one race (lap numbers start
// again, GR Cup NUMBER 3 at COTA and Sonoma) gives two cars, the second keyed "3 (2)".
import { isCautionFlag } from '../flags';
import { carRuns, raceKey, type ExclusionReason } from '../relative/clean-laps';
import type { LapRow } from '../types';
import type { RaceSheets } from './sheets';

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

function carFrom(key: string, rows: readonly number[], laps: readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[], reasons: string[]): RaceCar {
  const first = laps[rows[0]];
  const car: RaceCar = {
    key,
    car: carKeyOf(first),
    cls: classOf(first),
    lapNumber: [], lapTimeS: [], elapsedS: [], s1S: [], s2S: [], s3S: [], topSpeedKph: [], pitTimeS: [],
    marks: [], excluded: [], driver: null, intermediatesS: {},
  };
  const drivers: (string | null)[] = [];
  rows.forEach((i, k) => {
    const lap = laps[i];
    const prev = k > 0 ? laps[rows[k - 1]] : null;
    car.lapNumber.push(lap.lapNumber ?? k + 1);
    car.lapTimeS.push(num(lap.lapTimeS));
    car.elapsedS.push(elapsedOf(lap));
    car.s1S.push(num(lap.s1S));
    car.s2S.push(num(lap.s2S));
    car.s3S.push(num(lap.s3S));
    car.topSpeedKph.push(num(lap.topSpeedKph));
    car.pitTimeS.push(num(lap.pitTimeS));
    let m = 0;
    if (isCaution(lap.flag)) m |= MARK.caution;
    if (lap.pitIn) m |= MARK.pitIn;
    if (prev?.pitIn || lap.pitTimeS !== null) m |= MARK.pitOut;
    if (prev && isCaution(prev.flag) && !isCaution(lap.flag)) m |= MARK.restart;
    const why = excludedBy[i];
    if (why === null) m |= MARK.clean;
    car.marks.push(m);
    let r = -1;
    if (why !== null) {
      r = reasons.indexOf(why);
      if (r < 0) r = reasons.push(why) - 1;
    }
    car.excluded.push(r);
    drivers.push(driverOf(lap));
  });
  const names = new Set<string>();
  for (const i of rows) for (const name of Object.keys(laps[i].intermediatesS)) names.add(name);
  for (const name of names) car.intermediatesS[name] = rows.map((i) => num(laps[i].intermediatesS[name] ?? null));
  if (drivers.some((d) => d !== null)) car.driver = drivers;
  return car;
}

function buildRace(key: string, rows: readonly number[], laps: readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[]): RaceData {
  const byCar = new Map<string, number[]>();
  for (const i of rows) {
    const c = carKeyOf(laps[i]);
    let list = byCar.get(c);
    if (!list) byCar.set(c, (list = []));
    list.push(i);
  }
  const f = laps[rows[0]];
  const reasons: string[] = [];
  const cars: RaceCar[] = [];
  for (const [c, carRows] of byCar) {
    carRuns(carRows, laps).forEach((run, r) => cars.push(carFrom(r === 0 ? c : `${c} (${r + 1})`, run, laps, excludedBy, reasons)));
  }
  const names = new Set<string>();
  for (const car of cars) for (const n of Object.keys(car.intermediatesS)) names.add(n);
  return {
    key,
    track: f.track,
    race: f.race,
    fileIndex: f.fileIndex,
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
export function raceData(laps: readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[], key: string): RaceData | null {
  const rows: number[] = [];
  for (let i = 0; i < laps.length; i++) if (raceKey(laps[i]) === key) rows.push(i);
  return rows.length ? buildRace(key, rows, laps, excludedBy) : null;
}

/** Every race of a lap table, in order of first appearance, in one pass over the laps. */
export function allRaceData(laps: readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[]): RaceData[] {
  const byRace = new Map<string, number[]>();
  for (let i = 0; i < laps.length; i++) {
    const key = raceKey(laps[i]);
    let rows = byRace.get(key);
    if (!rows) byRace.set(key, (rows = []));
    rows.push(i);
  }
  return [...byRace].map(([key, rows]) => buildRace(key, rows, laps, excludedBy));
}
