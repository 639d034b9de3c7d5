// What the pages show of the laps as a whole, counted once where the lap table is (the worker, issue 10):
// laps per track, clean laps, and who drove which laps of each car, race by race, with their pace. The
// overview and the car page read these few rows; the main thread never walks the laps for them.
//
// A few passes over the table's columns (no lap objects): string codes are compared as numbers, a lap's
// group is found by a small numeric key per race, each group's laps go into one block of two typed
// arrays (sorted natively), and strings are made once per distinct driver, race and group.
import type { LapTable } from './lap-table';
import { paceOf } from './relative/race-metrics';
import type { ExclusionReason } from './relative/clean-laps';

export interface TrackLaps {
  track: string;
  laps: number;
}

/** A race of the table (input file, track, race label) and its laps. */
export interface RaceLaps {
  file: number;
  track: string;
  race: string;
  laps: number;
}

/** The laps one driver drove in one car in one race. */
export interface CarDriverLaps {
  car: string;
  /** lapDriverKey: the name in lower case with single spaces, else "#<driver number>". */
  key: string;
  label: string;
  track: string;
  race: string;
  fileIndex: number;
  laps: number;
  cleanLaps: number;
  /** The lap numbers driven, as runs: "1–34, 71–102". */
  lapRanges: string;
  /** Mean of the faster half of the driver's clean laps in the car in this race (relative/race-metrics paceOf). */
  paceS: number | null;
}

export interface LapSummary {
  /** Laps per track, in order of first appearance. */
  byTrack: TrackLaps[];
  /** Laps no clean-lap rule left out. */
  cleanLaps: number;
  /** The races, in input order (absent in summaries stored before it was counted). */
  races?: RaceLaps[];
  /** Per car, race and driver, in order of first appearance; empty when the files carry no driver column. */
  drivers: CarDriverLaps[];
}

/** Who drove a lap: the name where the file carries one, else the driver number within the car. */
export function lapDriverKey(lap: { driverName: string | null; driverNumber: string | null }): string | null {
  const name = lap.driverName?.trim();
  if (name) return name.toLowerCase().replace(/\s+/g, ' ');
  return lap.driverNumber?.trim() ? `#${lap.driverNumber.trim()}` : null;
}

export function lapDriverLabel(lap: { driverName: string | null; driverNumber: string | null }): string {
  const name = lap.driverName?.trim();
  if (name) return name.replace(/\s+/g, ' ');
  return lap.driverNumber?.trim() ? `Driver ${lap.driverNumber.trim()}` : 'Unknown driver';
}

/** "1–34, 71–102" from lap numbers in any order (repeats once). */
export function lapRanges(numbers: ArrayLike<number>): string {
  const s = Float64Array.from(numbers).sort();
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && (s[j + 1] === s[j] || s[j + 1] === s[j] + 1)) j++;
    out.push(s[i] === s[j] ? String(s[i]) : `${s[i]}–${s[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** The summary of a table's laps; `excludedBy` is aligned with them (null = clean). */
export function lapSummary(table: LapTable, excludedBy: readonly (ExclusionReason | null)[]): LapSummary {
  const d = table.data;
  const n = d.length;
  const { strings } = d;
  const { track, race, carNumber, driverName, driverNumber } = d.codes;
  const { lapNumber, lapTimeS } = d.numbers;

  // laps per track: a count per string code, then the codes in order of first appearance
  const perCode = new Uint32Array(strings.length);
  const trackOrder: number[] = [];
  for (let i = 0; i < n; i++) if (perCode[track[i]]++ === 0) trackOrder.push(track[i]);
  const byTrack = trackOrder.map((c) => ({ track: strings[c] ?? '', laps: perCode[c] }));

  let cleanLaps = 0;
  for (let i = 0; i < n; i++) if (excludedBy[i] === null) cleanLaps++;

  // who drove: a driver key id per lap (one key per (name, number) code pair), then one group per race,
  // car and key, found by a numeric key (no string per lap)
  const keys: string[] = [];
  const keyIdOfPair = new Map<number, number>(); // -1: no driver column
  const keyIdOfKey = new Map<string, number>();
  const keyId = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && driverName[i] === driverName[i - 1] && driverNumber[i] === driverNumber[i - 1]) {
      keyId[i] = keyId[i - 1];
      continue;
    }
    const pair = driverName[i] * strings.length + driverNumber[i];
    let id = keyIdOfPair.get(pair);
    if (id === undefined) {
      const key = lapDriverKey({ driverName: strings[driverName[i]], driverNumber: strings[driverNumber[i]] });
      if (key === null) id = -1;
      else {
        id = keyIdOfKey.get(key);
        if (id === undefined) keyIdOfKey.set(key, (id = keys.push(key) - 1));
      }
      keyIdOfPair.set(pair, id);
    }
    keyId[i] = id;
  }
  // groups: per race (a file's laps share their track and race, so the race changes only where a file
  // does) a map from car and driver key to a group index; the lap before's group is tried first
  const raceIdOf = new Map<string, Map<number, number>>();
  let raceGroups = new Map<number, number>();
  const K = Math.max(1, keys.length);
  const groupOf = new Int32Array(n).fill(-1);
  const first: number[] = []; // per group, its first lap
  const size: number[] = [];
  let lastKey = -1;
  let lastGroup = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || d.fileIndex[i] !== d.fileIndex[i - 1] || track[i] !== track[i - 1] || race[i] !== race[i - 1]) {
      const r = `${d.fileIndex[i]}\u0000${track[i]}\u0000${race[i]}`;
      let m = raceIdOf.get(r);
      if (!m) raceIdOf.set(r, (m = new Map()));
      raceGroups = m;
      lastKey = -1;
    }
    const k = keyId[i];
    if (k < 0) continue;
    const ck = carNumber[i] * K + k;
    let g = ck === lastKey ? lastGroup : raceGroups.get(ck);
    if (g === undefined) {
      raceGroups.set(ck, (g = first.length));
      first.push(i);
      size.push(0);
    }
    lastKey = ck;
    lastGroup = g;
    groupOf[i] = g;
    size[g]++;
  }
  // each group's lap numbers and clean lap times, one block per group in two typed arrays
  const G = first.length;
  const start = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) start[g + 1] = start[g] + size[g];
  const numbersAt = new Int32Array(G);
  const cleanAt = new Int32Array(G);
  const numbers = new Float64Array(start[G]);
  const clean = new Float64Array(start[G]);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i];
    if (g < 0) continue;
    const lap = lapNumber[i];
    if (lap === lap) numbers[start[g] + numbersAt[g]++] = lap; // NaN is a missing lap number
    const t = lapTimeS[i];
    if (excludedBy[i] === null && t === t) clean[start[g] + cleanAt[g]++] = t;
  }
  const drivers: CarDriverLaps[] = [];
  for (let g = 0; g < G; g++) {
    const i = first[g];
    const cleanTimes = clean.subarray(start[g], start[g] + cleanAt[g]);
    drivers.push({
      car: strings[carNumber[i]] ?? '',
      key: keys[keyId[i]],
      label: lapDriverLabel({ driverName: strings[driverName[i]], driverNumber: strings[driverNumber[i]] }),
      track: strings[track[i]] ?? '',
      race: strings[race[i]] ?? '',
      fileIndex: d.fileIndex[i],
      laps: size[g],
      cleanLaps: cleanTimes.length,
      lapRanges: lapRanges(numbers.subarray(start[g], start[g] + numbersAt[g])),
      paceS: paceOf(cleanTimes),
    });
  }
  return { byTrack, cleanLaps, races: racesOfTable(table), drivers };
}

/**
 * The races of a lap table (input file, track, race label) in input order, optionally only those a car ran.
 * A file's laps come in one run, so this compares neighbours instead of building a key per lap.
 */
export function racesOfTable(t: LapTable, car?: string): RaceLaps[] {
  const d = t.data;
  const carCode = car === undefined ? -1 : d.strings.indexOf(car);
  if (car !== undefined && carCode < 0) return [];
  const out: RaceLaps[] = [];
  const seen = new Map<string, RaceLaps>();
  let last: RaceLaps | null = null;
  let pf = -1, pt = -1, pr = -1;
  for (let i = 0; i < d.length; i++) {
    if (carCode >= 0 && d.codes.carNumber[i] !== carCode) continue;
    const f = d.fileIndex[i], tc = d.codes.track[i], rc = d.codes.race[i];
    if (!last || f !== pf || tc !== pt || rc !== pr) {
      const track = d.strings[tc] ?? '', race = d.strings[rc] ?? '';
      const key = `${f}\u0000${track}\u0000${race}`;
      last = seen.get(key) ?? null;
      if (!last) {
        last = { file: f, track, race, laps: 0 };
        seen.set(key, last);
        out.push(last);
      }
      pf = f, pt = tc, pr = rc;
    }
    last.laps++;
  }
  return out;
}
