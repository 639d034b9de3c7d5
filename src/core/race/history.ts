// Race history: per lap, each car's race time, its gap to the leader on that lap (or to a chosen car) and
// its position. Race time is ELAPSED where the file has it, else the running sum of lap times (a lap with no
// time breaks the sum: the car has no race time from there on unless ELAPSED is given).
import { maxOf } from '../numeric';
import type { RaceCar } from './race-data';

export interface CarHistory {
  key: string;
  lapNumber: number[];
  /** Race time at the end of each lap (s); NaN where unknown. */
  raceTimeS: number[];
  /** Gap to the reference at the same lap (s): the leader on that lap, or the chosen car; NaN where unknown. */
  gapS: number[];
  /** Position when crossing the line at the end of each lap, among cars that completed that lap; NaN where unknown. */
  position: number[];
}

/** Race time per lap: ELAPSED where present, else the running sum of lap times. */
export function raceTimes(car: RaceCar): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < car.lapNumber.length; i++) {
    sum += car.lapTimeS[i];
    out.push(Number.isFinite(car.elapsedS[i]) ? car.elapsedS[i] : sum);
    if (Number.isFinite(car.elapsedS[i])) sum = car.elapsedS[i];
  }
  return out;
}

/**
 * History of every car. `reference` null: the gap is to the leader of each lap (the first car to complete
 * it); a car key: the gap is to that car at the same lap (negative = ahead of it), NaN where it has no such lap.
 * Laps are matched by position in the car's run (lap k = the k-th lap row), which equals LAP_NUMBER in these files.
 */
export function raceHistory(cars: readonly RaceCar[], reference: string | null = null): CarHistory[] {
  const times = cars.map(raceTimes);
  const maxLaps = maxOf([0, ...times.map((t) => t.length)]);
  const leaderAt: number[] = [];
  const byLap: number[][] = [];
  for (let k = 0; k < maxLaps; k++) {
    const at = times.map((t) => (k < t.length ? t[k] : NaN)).filter(Number.isFinite).sort((a, b) => a - b);
    byLap.push(at);
    leaderAt.push(at.length ? at[0] : NaN);
  }
  const refIndex = reference === null ? -1 : cars.findIndex((c) => c.key === reference);
  const refTimes = refIndex >= 0 ? times[refIndex] : null;
  return cars.map((car, c) => {
    const t = times[c];
    const gapS = t.map((v, k) => v - (refTimes ? (k < refTimes.length ? refTimes[k] : NaN) : leaderAt[k]));
    const position = t.map((v, k) => (Number.isFinite(v) ? lowerBound(byLap[k], v) + 1 : NaN));
    return { key: car.key, lapNumber: [...car.lapNumber], raceTimeS: t, gapS, position };
  });
}

function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
