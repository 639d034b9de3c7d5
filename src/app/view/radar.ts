// The DNA radar: each axis is the driver's percentile among the drivers of this analysis, turned so that
// outward is "better" (faster, steadier). Raw values differ by orders of magnitude between axes (a
// speed/consistency ratio of 40 beside a variance of 0.02), so ranks are the honest common scale.
import type { DriverProfile } from '../../core/types';
import { acrossRaces, dnaNumber, relativeOf, sectorGaps, type ViewDefinition } from './profile-view';

export interface RadarAxis {
  key: string;
  label: string;
  /** true: a larger raw value is better (drawn outward). */
  higherIsBetter: boolean;
  value(d: DriverProfile): number | null;
}

const relDna = (key: string) => (d: DriverProfile) => dnaNumber(relativeOf(d), key);
const sectorStrength = (s: 's1' | 's2' | 's3') => (d: DriverProfile) => {
  const rel = relativeOf(d);
  const v = rel?.dna?.sector_strength_pct?.[s];
  return typeof v === 'number' ? v : sectorGaps(rel)[s];
};

/** Relative axes: the cross-race DNA of the relative core (its archetype measures first). */
export const RELATIVE_AXES: readonly RadarAxis[] = [
  { key: 'pace', label: 'Pace', higherIsBetter: false, value: (d) => acrossRaces(relativeOf(d), 'pace_gap_pct') },
  { key: 'variation', label: 'Lap-to-lap steadiness', higherIsBetter: false, value: (d) => relDna('variation_pct')(d) ?? acrossRaces(relativeOf(d), 'consistency_cv_pct') },
  { key: 'potential', label: 'Uses potential', higherIsBetter: false, value: (d) => acrossRaces(relativeOf(d), 'potential_gap_pct') },
  { key: 's1', label: 'Sector 1', higherIsBetter: false, value: sectorStrength('s1') },
  { key: 's2', label: 'Sector 2', higherIsBetter: false, value: sectorStrength('s2') },
  { key: 's3', label: 'Sector 3', higherIsBetter: false, value: sectorStrength('s3') },
  { key: 'top_speed', label: 'Top speed', higherIsBetter: true, value: (d) => acrossRaces(relativeOf(d), 'top_speed_gap_pct') },
  { key: 'adaptability', label: 'Adaptability', higherIsBetter: false, value: relDna('adaptability_pp') },
];

export const CLASSIC_AXES: readonly RadarAxis[] = [
  { key: 'speed_vs_consistency_ratio', label: 'Speed/consistency', higherIsBetter: true, value: (d) => d.dna_signature?.speed_vs_consistency_ratio ?? null },
  { key: 'track_adaptability', label: 'Adaptability', higherIsBetter: true, value: (d) => d.dna_signature?.track_adaptability ?? null },
  { key: 'consistency_index', label: 'Consistency index', higherIsBetter: true, value: (d) => d.dna_signature?.consistency_index ?? null },
  { key: 'performance_variance', label: 'Low variance', higherIsBetter: false, value: (d) => d.dna_signature?.performance_variance ?? null },
  { key: 'speed_consistency', label: 'Steady speed', higherIsBetter: false, value: (d) => d.dna_signature?.speed_consistency ?? null },
  { key: 'sector_balance_score', label: 'Sector balance', higherIsBetter: true, value: (d) => d.sector_balance_score },
];

export function axesFor(def: ViewDefinition, drivers: readonly DriverProfile[]): RadarAxis[] {
  const axes = def === 'relative' ? RELATIVE_AXES : CLASSIC_AXES;
  // An axis no driver has a value for (e.g. top speed in a generic CSV) is left off.
  return axes.filter((a) => drivers.some((d) => a.value(d) !== null));
}

/**
 * Percentile (0..100) of `value` among `values`, turned so that 100 is best. Ties share the middle rank;
 * a lone value is 50.
 */
export function percentile(value: number, values: readonly number[], higherIsBetter: boolean): number {
  const n = values.length;
  if (n <= 1) return 50;
  let worse = 0;
  let equal = 0;
  for (const v of values) {
    if (v === value) equal++;
    else if (higherIsBetter ? v < value : v > value) worse++;
  }
  return (100 * (worse + (equal - 1) / 2)) / (n - 1);
}

export interface RadarSeries {
  driverId: string;
  /** 0..100 per axis, null where the driver has no value. */
  scores: (number | null)[];
  raw: (number | null)[];
}

export function radarSeries(driver: DriverProfile, field: readonly DriverProfile[], axes: readonly RadarAxis[]): RadarSeries {
  const raw = axes.map((a) => a.value(driver));
  const scores = axes.map((a, i) => {
    const v = raw[i];
    if (v === null) return null;
    const all = field.map((d) => a.value(d)).filter((x): x is number => x !== null);
    return Math.round(percentile(v, all, a.higherIsBetter));
  });
  return { driverId: driver.car_number, scores, raw };
}
