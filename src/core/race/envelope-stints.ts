// Stints as the envelope carries them (docs/profile-schema.md, "stints"): one flat list per car, every race,
// in snake_case with units in the names. Built from the same race data and stint rules as the race page.
import { allRaceData, MARK, type RaceCar } from './race-data';
import { stintsOf, type StintEnd } from './stints';
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
  return stintsOf({
    lapNumber: car.lapNumber,
    lapTimeS: car.lapTimeS,
    pitIn: car.marks.map((m) => m & MARK.pitIn),
    pitTimeS: car.pitTimeS,
    clean: car.marks.map((m) => m & MARK.clean),
    driver: car.driver,
  }).map((s) => ({
    track,
    race,
    file_index: fileIndex,
    car_key: car.key,
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

/** Every car's stints over every race, by car number (as LapRow.carNumber). */
export function stintsByCar(laps: readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[]): Map<string, EnvelopeStint[]> {
  const out = new Map<string, EnvelopeStint[]>();
  for (const race of allRaceData(laps, excludedBy)) {
    for (const car of race.cars) {
      let list = out.get(car.car);
      if (!list) out.set(car.car, (list = []));
      for (const s of carStintRows(car, race.track, race.race, race.fileIndex)) list.push(s);
    }
  }
  return out;
}
