// Intermediates and speeds per car (the race page's "Splits and speeds"): best and typical (median) of each
// split time the file has, of KPH (the lap's average speed) and of TOP_SPEED (the speed trap).
import type { RaceCar } from '../../core/race';
import { median } from '../../core/relative/statistics';
import { maxOf, minOf } from '../../core/numeric';

export interface SplitFigures {
  car: string;
  /** By intermediate name: best (lowest) and median time, seconds; null where the car has none. */
  splits: Record<string, { best: number | null; median: number | null }>;
  topSpeedBestKph: number | null;
  topSpeedMedianKph: number | null;
}

const finite = (xs: readonly number[]) => xs.filter(Number.isFinite);
const orNull = (x: number) => (Number.isFinite(x) ? x : null);

export function splitFigures(cars: readonly RaceCar[], names: readonly string[]): SplitFigures[] {
  return cars.map((c) => {
    const splits: SplitFigures['splits'] = {};
    for (const n of names) {
      const v = finite(c.intermediatesS[n] ?? []);
      splits[n] = { best: v.length ? minOf(v) : null, median: median(v) };
    }
    const top = finite(c.topSpeedKph);
    return { car: c.key, splits, topSpeedBestKph: top.length ? orNull(maxOf(top)) : null, topSpeedMedianKph: median(top) };
  });
}
