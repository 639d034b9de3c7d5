// Two cars in one race, lap by lap: the lap-time delta, the running gap (from race times, ELAPSED where
// the file has it) and the sector deltas, all in seconds; positive = the first car slower / behind.
import { theoreticalBestS } from './classification';
import { raceTimes } from './history';
import type { RaceCar } from './race-data';

export interface HeadToHeadLap {
  lapNumber: number;
  /** Lap time of A minus lap time of B (s); NaN where either has none. */
  deltaS: number;
  /** Race time of A minus race time of B at the end of this lap (s): > 0, A is behind. */
  gapS: number;
  s1DeltaS: number;
  s2DeltaS: number;
  s3DeltaS: number;
}

export interface HeadToHead {
  a: string;
  b: string;
  laps: HeadToHeadLap[];
  /** Best sector of A minus best sector of B (complete laps only), s; null where either has none. */
  bestSectorDeltaS: [number | null, number | null, number | null];
  /** Best lap of A minus best lap of B (s). */
  bestLapDeltaS: number | null;
}

function bestLap(car: RaceCar): number | null {
  let m = Infinity;
  for (const t of car.lapTimeS) if (t < m) m = t;
  return m === Infinity ? null : m;
}

const diff = (x: number | null, y: number | null) => (x === null || y === null ? null : x - y);

/** Laps are matched by lap number; laps only one car has are left out. */
export function headToHead(a: RaceCar, b: RaceCar): HeadToHead {
  const ta = raceTimes(a);
  const tb = raceTimes(b);
  const bIndex = new Map(b.lapNumber.map((n, i) => [n, i] as const));
  const laps: HeadToHeadLap[] = [];
  a.lapNumber.forEach((n, i) => {
    const j = bIndex.get(n);
    if (j === undefined) return;
    laps.push({
      lapNumber: n,
      deltaS: a.lapTimeS[i] - b.lapTimeS[j],
      gapS: ta[i] - tb[j],
      s1DeltaS: a.s1S[i] - b.s1S[j],
      s2DeltaS: a.s2S[i] - b.s2S[j],
      s3DeltaS: a.s3S[i] - b.s3S[j],
    });
  });
  const sa = theoreticalBestS(a);
  const sb = theoreticalBestS(b);
  return {
    a: a.key,
    b: b.key,
    laps,
    bestSectorDeltaS: [diff(sa.s1S, sb.s1S), diff(sa.s2S, sb.s2S), diff(sa.s3S, sb.s3S)],
    bestLapDeltaS: diff(bestLap(a), bestLap(b)),
  };
}
