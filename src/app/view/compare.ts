// Head to head: over the races two drivers both ran, how much their sector and pace gaps differ.
import type { DriverProfile } from '../../core/types';
import type { Sector } from '../../core/relative/race-metrics';
import { relativeOf, SECTOR_KEYS } from './profile-view';

export interface HeadToHead {
  driverId: string;
  commonRaces: number;
  /** Mean over common races of (their gap − baseline's gap), points of %; positive = slower than the baseline. */
  paceDeltaPct: number | null;
  deltaPct: Record<Sector, number | null>;
}

const raceId = (r: { track: string; race: string }) => `${r.track}\u0000${r.race}`;

export function headToHead(baseline: DriverProfile, others: readonly DriverProfile[]): HeadToHead[] {
  const base = new Map((relativeOf(baseline)?.races ?? []).map((r) => [raceId(r), r]));
  return others.map((o) => {
    const sums = { pace: [] as number[], s1: [] as number[], s2: [] as number[], s3: [] as number[] };
    let common = 0;
    for (const r of relativeOf(o)?.races ?? []) {
      const b = base.get(raceId(r));
      if (!b) continue;
      common++;
      if (r.pace_gap_pct !== null && b.pace_gap_pct !== null) sums.pace.push(r.pace_gap_pct - b.pace_gap_pct);
      for (const s of SECTOR_KEYS) {
        const x = r.sector_gap_pct?.[s];
        const y = b.sector_gap_pct?.[s];
        if (typeof x === 'number' && typeof y === 'number') sums[s].push(x - y);
      }
    }
    const avg = (xs: number[]) => (xs.length ? xs.reduce((p, q) => p + q, 0) / xs.length : null);
    return {
      driverId: o.car_number,
      commonRaces: common,
      paceDeltaPct: avg(sums.pace),
      deltaPct: { s1: avg(sums.s1), s2: avg(sums.s2), s3: avg(sums.s3) },
    };
  });
}
