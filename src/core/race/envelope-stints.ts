// Stints as the envelope carries them (docs/profile-schema.md, "stints"): one flat list per car, every race,
// in snake_case with units in the names. Built from the same race data and stint rules as the race page.
import { runsOf, tableOf, type LapTable } from '../lap-table';
import { driverKeyAt, stintLapsOf, type RaceCar } from './race-data';
import { stintsOf, type StintEnd, type StintLaps } from './stints';
import type { ExclusionReason } from '../relative/clean-laps';
import type { LapRow } from '../types';

export interface EnvelopeStint {
  track: string;
  race: string;
  /** Input file of the race (as LapRow.fileIndex). */
  file_index: number;
  /** The car in that race: the car number, or "3 (2)" for a second car under the same number. */
  car_key: string;
  stint: number;
  /** Driver key (name where the file has one, else driver number), null where the file names no driver. */
  driver: string | null;
  first_lap: number;
  last_lap: number;
  laps: number;
  clean_laps: number;
  pace_s: number | null;
  best_clean_s: number | null;
  degradation_s_per_lap: number | null;
  degradation_lo95_s_per_lap: number | null;
  degradation_hi95_s_per_lap: number | null;
  ended_by: StintEnd;
}

const r3 = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1000) / 1000 + 0);
const r5 = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1e5) / 1e5 + 0);

export function carStintRows(car: RaceCar, track: string, race: string, fileIndex: number): EnvelopeStint[] {
  return stintRows(
    stintLapsOf(car),
    car.key,
    track,
    race,
    fileIndex,
  );
}

function stintRows(laps: StintLaps, carKey: string, track: string, race: string, fileIndex: number): EnvelopeStint[] {
  return stintsOf(laps).map((s) => ({
    track,
    race,
    file_index: fileIndex,
    car_key: carKey,
    stint: s.number,
    driver: s.driver,
    first_lap: s.firstLap,
    last_lap: s.lastLap,
    laps: s.laps,
    clean_laps: s.cleanLaps,
    pace_s: r3(s.paceS),
    best_clean_s: r3(s.bestCleanS),
    degradation_s_per_lap: r5(s.degradation?.slope),
    degradation_lo95_s_per_lap: r5(s.degradation?.lo95),
    degradation_hi95_s_per_lap: r5(s.degradation?.hi95),
    ended_by: s.endedBy,
  }));
}

/**
 * Every car's stints over every race, by car number (as LapRow.carNumber): the cars of each race as the
 * race page splits them (raceData: a second car under one number is "3 (2)"), read from the lap table's
 * columns into small typed arrays per car, without building the race pages' columns.
 */
export function stintsByCar(laps: LapTable | readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[]): Map<string, EnvelopeStint[]> {
  const t = tableOf(laps);
  const d = t.data;
  const n = d.numbers;
  const out = new Map<string, EnvelopeStint[]>();
  for (const rows of t.raceRows().values()) {
    const f = rows[0];
    const track = d.strings[d.codes.track[f]] ?? '';
    const race = d.strings[d.codes.race[f]] ?? '';
    for (const [car, carRows] of t.carRows(rows)) {
      let list = out.get(car);
      if (!list) out.set(car, (list = []));
      runsOf(carRows, n.lapNumber).forEach((run, r) => {
        const len = run.length;
        const stintLaps = {
          lapNumber: new Float64Array(len),
          lapTimeS: new Float64Array(len),
          pitIn: new Uint8Array(len),
          pitTimeS: new Float64Array(len),
          clean: new Uint8Array(len),
          driver: new Array<string | null>(len) as (string | null)[] | null,
        };
        let anyDriver = false;
        for (let k = 0; k < len; k++) {
          const i = run[k];
          const ln = n.lapNumber[i];
          stintLaps.lapNumber[k] = ln === ln ? ln : k + 1;
          stintLaps.lapTimeS[k] = n.lapTimeS[i];
          stintLaps.pitIn[k] = d.pitIn[i];
          stintLaps.pitTimeS[k] = n.pitTimeS[i];
          stintLaps.clean[k] = excludedBy[i] === null ? 1 : 0;
          const driver = driverKeyAt(d, i);
          stintLaps.driver![k] = driver;
          if (driver !== null) anyDriver = true;
        }
        if (!anyDriver) stintLaps.driver = null;
        for (const s of stintRows(stintLaps, r === 0 ? car : `${car} (${r + 1})`, track, race, d.fileIndex[f])) list.push(s);
      });
    }
  }
  return out;
}
