// Hand-built laps for the relative-definition tests: every field has a plain default, a test sets what it pins.
import type { LapColumns, LapRow } from '../../src/core/types';

/** `carNumber` may be given as a number for brevity; laps carry it as text (`4` and `04` are two cars). */
export function lap(
  p: Omit<Partial<LapRow>, 'carNumber'> & { carNumber: number | string; lapNumber: number | null; lapTimeS: number | null },
): LapRow {
  return {
    class: null,
    driverNumber: null,
    driverName: null,
    elapsedS: null,
    s1S: null,
    s2S: null,
    s3S: null,
    speedKph: 150,
    topSpeedKph: null,
    flag: 'GF',
    pitIn: false,
    pitTimeS: null,
    intermediatesS: {},
    track: 'barber',
    race: 'Race 1',
    fileIndex: 0,
    ...p,
    carNumber: String(p.carNumber),
  };
}

/** One car's laps 1..n with the given lap times (all green, no pit). */
export function stint(carNumber: number | string, times: readonly (number | null)[], extra: Partial<LapRow> = {}): LapRow[] {
  return times.map((t, i) => lap({ carNumber, lapNumber: i + 1, lapTimeS: t, ...extra }));
}

export const ALL_COLUMNS: LapColumns = {
  flag: true,
  pitIn: true,
  pitTime: true,
  lapNumber: true,
  topSpeed: true,
  sectors: true,
  speed: true,
};
