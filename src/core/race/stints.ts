// Stints: the runs of laps of one car between pit stops, and between driver changes where the file names
// drivers. Each stint gives its laps, clean laps, pace (median clean lap) and degradation as a robust slope
// (Theil–Sen, s/lap) with its 95% interval. Columns in (plain or typed arrays), so the worker's race data and
// a person's laps (issue 9) both fit without an object per lap.
import { median } from '../relative/statistics';
import { theilSen, type RobustSlope } from './robust';

/** One car's laps in running order. Numbers are NaN where the file has none. */
export interface StintLaps {
  lapNumber: ArrayLike<number>;
  lapTimeS: ArrayLike<number>;
  /** Non-zero: the lap ended in the pit lane (CROSSING_FINISH_LINE_IN_PIT = B). */
  pitIn: ArrayLike<number>;
  /** Time in the pit lane recorded on the lap (PIT_TIME), NaN where none. */
  pitTimeS: ArrayLike<number>;
  /** Non-zero: a clean lap (the relative clean-lap rules). */
  clean: ArrayLike<number>;
  /** Who drove each lap (a driver key), or absent / null where the file names no driver. */
  driver?: ArrayLike<string | null> | null;
}

/** Why a stint ended. */
export type StintEnd = 'pit' | 'driver-change' | 'finish';

export interface Stint {
  /** 1-based stint number within the car's race. */
  number: number;
  /** Indexes into the input columns, inclusive. */
  from: number;
  to: number;
  firstLap: number;
  lastLap: number;
  laps: number;
  cleanLaps: number;
  driver: string | null;
  /** Median clean lap time (s); null without a clean lap. */
  paceS: number | null;
  bestCleanS: number | null;
  /** Theil–Sen slope of clean lap time on lap number (s/lap) with its interval; null under 3 clean laps. */
  degradation: RobustSlope | null;
  endedBy: StintEnd;
}

/** Fewest clean laps a degradation slope is given for. */
export const MIN_DEGRADATION_LAPS = 3;

function driverAt(laps: StintLaps, i: number): string | null {
  return laps.driver ? (laps.driver[i] ?? null) : null;
}

/**
 * Whether a new stint starts at lap `i`: after a pit-in lap, at an out-lap whose stop was recorded only as
 * PIT_TIME (no pit-in before it), or where the driver changes.
 */
export function startsStint(laps: StintLaps, i: number): StintEnd | null {
  if (i === 0) return null;
  if (laps.pitIn[i - 1]) return 'pit';
  if (Number.isFinite(laps.pitTimeS[i]) && !laps.pitIn[i]) return 'pit';
  const a = driverAt(laps, i - 1);
  const b = driverAt(laps, i);
  if (a !== null && b !== null && a !== b) return 'driver-change';
  return null;
}

function summarise(laps: StintLaps, number: number, from: number, to: number, endedBy: StintEnd): Stint {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = from; i <= to; i++) {
    const t = laps.lapTimeS[i];
    if (laps.clean[i] && Number.isFinite(t)) {
      xs.push(laps.lapNumber[i]);
      ys.push(t);
    }
  }
  const sorted = [...ys].sort((a, b) => a - b);
  return {
    number,
    from,
    to,
    firstLap: laps.lapNumber[from],
    lastLap: laps.lapNumber[to],
    laps: to - from + 1,
    cleanLaps: ys.length,
    driver: driverAt(laps, from),
    paceS: median(sorted),
    bestCleanS: sorted.length ? sorted[0] : null,
    degradation: ys.length >= MIN_DEGRADATION_LAPS ? theilSen(xs, ys) : null,
    endedBy,
  };
}

/** Splits one car's laps into stints (see startsStint) and summarises each. */
export function stintsOf(laps: StintLaps): Stint[] {
  const n = laps.lapNumber.length;
  const out: Stint[] = [];
  let from = 0;
  for (let i = 1; i <= n; i++) {
    const end = i < n ? startsStint(laps, i) : 'finish';
    if (end === null) continue;
    if (n > 0) out.push(summarise(laps, out.length + 1, from, i - 1, end));
    from = i;
  }
  return out;
}
