// The stints of race cars as table rows (the race page and the car page show the same columns).
import { stintLapsOf, stintsOf, type RaceCar, type Stint } from '../../core/race';

export interface StintRow {
  car: string;
  stint: Stint;
}

/** Every car's stints, in the cars' order. */
export function stintRows(cars: readonly RaceCar[]): StintRow[] {
  return cars.flatMap((c) =>
    stintsOf(stintLapsOf(c)).map((stint) => ({ car: c.key, stint })),
  );
}

export const STINT_HEADER = ['car', 'stint', 'driver', 'first_lap', 'last_lap', 'laps', 'clean_laps', 'pace_s', 'best_clean_s', 'degradation_s_per_lap', 'degradation_lo95', 'degradation_hi95', 'ended_by'];

export function stintCsvRows(rows: readonly StintRow[]): (string | number | null)[][] {
  return rows.map(({ car, stint: s }) => [
    car, s.number, s.driver, s.firstLap, s.lastLap, s.laps, s.cleanLaps, s.paceS, s.bestCleanS,
    s.degradation?.slope ?? null, s.degradation?.lo95 ?? null, s.degradation?.hi95 ?? null, s.endedBy,
  ]);
}

export const ENDED_TEXT: Record<Stint['endedBy'], string> = { pit: 'pit stop', 'driver-change': 'driver change', finish: 'finish' };
