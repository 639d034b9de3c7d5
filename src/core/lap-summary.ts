// What the pages show of the laps as a whole, counted once where the lap table is (the worker, issue 10):
// laps per track, clean laps, and who drove which laps of each car, race by race, with their pace. The
// overview and the car page read these few rows; the main thread never walks the laps for them.
//
// One pass over the table's columns (no lap objects): string codes are compared as numbers, and a group
// is looked up only when a lap's car, driver or race differs from the lap before it (a file's laps come
// in runs per car).
import type { LapTable } from './lap-table';
import { paceOf } from './relative/race-metrics';
import type { ExclusionReason } from './relative/clean-laps';

export interface TrackLaps {
  track: string;
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

/** "1–34, 71–102" from lap numbers in any order. */
export function lapRanges(numbers: readonly number[]): string {
  const s = [...new Set(numbers)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(i === j ? String(s[i]) : `${s[i]}–${s[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

interface Group {
  car: string;
  key: string;
  label: string;
  track: string;
  race: string;
  fileIndex: number;
  laps: number;
  numbers: number[];
  clean: number[];
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

  // who drove: one driver key per (name, number) code pair, one group per race, car and driver key
  const keyOfPair = new Map<number, string | null>();
  const pairKey = (i: number): string | null => {
    const pair = driverName[i] * strings.length + driverNumber[i];
    let key = keyOfPair.get(pair);
    if (key === undefined) {
      key = lapDriverKey({ driverName: strings[driverName[i]], driverNumber: strings[driverNumber[i]] });
      keyOfPair.set(pair, key);
    }
    return key;
  };
  const groups = new Map<string, Group>();
  let g: Group | null = null;
  let prev = -1; // the lap whose group `g` is
  const sameGroupAs = (i: number, j: number): boolean =>
    d.fileIndex[i] === d.fileIndex[j] &&
    track[i] === track[j] &&
    race[i] === race[j] &&
    carNumber[i] === carNumber[j] &&
    driverName[i] === driverName[j] &&
    driverNumber[i] === driverNumber[j];
  for (let i = 0; i < n; i++) {
    if (prev < 0 || !sameGroupAs(i, prev)) {
      prev = i;
      const key = pairKey(i);
      if (key === null) g = null;
      else {
        const id = `${d.fileIndex[i]}\u0000${track[i]}\u0000${race[i]}\u0000${carNumber[i]}\u0001${key}`;
        g = groups.get(id) ?? null;
        if (!g) {
          g = {
            car: strings[carNumber[i]] ?? '',
            key,
            label: lapDriverLabel({ driverName: strings[driverName[i]], driverNumber: strings[driverNumber[i]] }),
            track: strings[track[i]] ?? '',
            race: strings[race[i]] ?? '',
            fileIndex: d.fileIndex[i],
            laps: 0,
            numbers: [],
            clean: [],
          };
          groups.set(id, g);
        }
      }
    }
    if (!g) continue;
    g.laps++;
    const lap = lapNumber[i];
    if (lap === lap) g.numbers.push(lap); // NaN is a missing lap number
    const t = lapTimeS[i];
    if (excludedBy[i] === null && t === t) g.clean.push(t);
  }
  const drivers = [...groups.values()].map((g) => ({
    car: g.car,
    key: g.key,
    label: g.label,
    track: g.track,
    race: g.race,
    fileIndex: g.fileIndex,
    laps: g.laps,
    cleanLaps: g.clean.length,
    lapRanges: lapRanges(g.numbers),
    paceS: paceOf(g.clean),
  }));
  return { byTrack, cleanLaps, drivers };
}
