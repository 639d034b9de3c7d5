// The classification of a race from its laps, as a timing screen shows it: position by laps completed,
// then race time (ELAPSED of the last lap where the file has it, else the sum of lap times); best lap and
// its gap to the fastest in seconds; the average of the best N laps (Al Kamel's "99_Best 10 Laps" is N = 10);
// the theoretical best from complete laps only; best sectors and top speed. Per class when cars carry one.
import type { RaceCar } from './race-data';

export interface ClassifiedCar {
  key: string;
  car: string;
  cls: string | null;
  /** Overall position, or the position in the class when classified by class. */
  position: number;
  laps: number;
  /** Race time at the car's last lap (s). */
  totalS: number | null;
  /** Behind the leader (of the class when by class): seconds when on the lead lap, else null with lapsDown > 0. */
  gapToLeaderS: number | null;
  lapsDown: number;
  bestLapS: number | null;
  bestLapNumber: number | null;
  /** Best lap minus the fastest best lap of the field (or class), seconds. */
  gapToBestS: number | null;
  /** Average of the N fastest lap times; null with fewer than N timed laps. */
  bestNAvgS: number | null;
  /** Best S1 + best S2 + best S3 over laps that have all three sectors. */
  theoreticalBestS: number | null;
  bestS1S: number | null;
  bestS2S: number | null;
  bestS3S: number | null;
  topSpeedKph: number | null;
  cleanLaps: number;
}

export interface ClassificationOptions {
  /** N of the best-N average (default 10). */
  bestN?: number;
  /** Positions and gaps within each class (cars without a class form one group). */
  byClass?: boolean;
}

export const DEFAULT_BEST_N = 10;

const finite = (xs: readonly number[]) => xs.filter(Number.isFinite);
const minOrNull = (xs: readonly number[]): number | null => {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m === Infinity ? null : m;
};

const maxOrNull = (xs: readonly number[]): number | null => {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m === -Infinity ? null : m;
};

/** Race time at the last lap: ELAPSED where the file has it, else the sum of the lap times. */
export function raceTimeS(car: RaceCar): number | null {
  const n = car.lapNumber.length;
  if (n === 0) return null;
  if (Number.isFinite(car.elapsedS[n - 1])) return car.elapsedS[n - 1];
  let s = 0;
  for (const t of car.lapTimeS) if (Number.isFinite(t)) s += t;
  return s;
}

/** Mean of the `n` smallest finite lap times; null with fewer than n. */
export function bestNAverageS(lapTimesS: readonly number[], n: number): number | null {
  const t = finite(lapTimesS).sort((a, b) => a - b);
  if (n < 1 || t.length < n) return null;
  let s = 0;
  for (let i = 0; i < n; i++) s += t[i];
  return s / n;
}

/** Best S1 + S2 + S3 over laps with all three sectors (a lap with a missing sector gives none of its sectors). */
export function theoreticalBestS(car: RaceCar): { totalS: number | null; s1S: number | null; s2S: number | null; s3S: number | null } {
  let b1 = Infinity, b2 = Infinity, b3 = Infinity;
  for (let i = 0; i < car.lapNumber.length; i++) {
    const a = car.s1S[i], b = car.s2S[i], c = car.s3S[i];
    if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c))) continue;
    if (a < b1) b1 = a;
    if (b < b2) b2 = b;
    if (c < b3) b3 = c;
  }
  if (b1 === Infinity) return { totalS: null, s1S: null, s2S: null, s3S: null };
  return { totalS: b1 + b2 + b3, s1S: b1, s2S: b2, s3S: b3 };
}

function carFigures(car: RaceCar, bestN: number): Omit<ClassifiedCar, 'position' | 'gapToLeaderS' | 'lapsDown' | 'gapToBestS'> {
  let bestLapS: number | null = null;
  let bestLapNumber: number | null = null;
  let clean = 0;
  car.lapTimeS.forEach((t, i) => {
    if (Number.isFinite(t) && (bestLapS === null || t < bestLapS)) {
      bestLapS = t;
      bestLapNumber = car.lapNumber[i];
    }
    if (car.excluded[i] < 0) clean++;
  });
  const theo = theoreticalBestS(car);
  return {
    key: car.key,
    car: car.car,
    cls: car.cls,
    laps: car.lapNumber.length,
    totalS: raceTimeS(car),
    bestLapS,
    bestLapNumber,
    bestNAvgS: bestNAverageS(car.lapTimeS, bestN),
    theoreticalBestS: theo.totalS,
    bestS1S: theo.s1S,
    bestS2S: theo.s2S,
    bestS3S: theo.s3S,
    topSpeedKph: maxOrNull(finite(car.topSpeedKph)),
    cleanLaps: clean,
  };
}

function classifyGroup(rows: Omit<ClassifiedCar, 'position' | 'gapToLeaderS' | 'lapsDown' | 'gapToBestS'>[]): ClassifiedCar[] {
  const sorted = [...rows].sort((a, b) => b.laps - a.laps || (a.totalS ?? Infinity) - (b.totalS ?? Infinity) || a.key.localeCompare(b.key, 'en', { numeric: true }));
  const leader = sorted[0];
  const fastest = minOrNull(sorted.map((r) => r.bestLapS ?? Infinity));
  return sorted.map((r, i) => {
    const lapsDown = leader ? leader.laps - r.laps : 0;
    return {
      ...r,
      position: i + 1,
      lapsDown,
      gapToLeaderS: lapsDown === 0 && r.totalS !== null && leader.totalS !== null ? r.totalS - leader.totalS : null,
      gapToBestS: r.bestLapS !== null && fastest !== null && fastest !== Infinity ? r.bestLapS - fastest : null,
    };
  });
}

/** The classification; by class it lists each class in order of its best-placed car, positions restarting at 1. */
export function classify(cars: readonly RaceCar[], opts: ClassificationOptions = {}): ClassifiedCar[] {
  const bestN = opts.bestN ?? DEFAULT_BEST_N;
  const rows = cars.map((c) => carFigures(c, bestN));
  if (!opts.byClass) return classifyGroup(rows);
  const overall = classifyGroup(rows);
  const groups = new Map<string | null, typeof rows>();
  for (const r of overall) {
    const g = groups.get(r.cls);
    if (g) g.push(r);
    else groups.set(r.cls, [r]);
  }
  return [...groups.values()].flatMap(classifyGroup);
}
