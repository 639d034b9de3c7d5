// The reference population: statistics of the relative DNA over a real season, shipped as
// models/relative-reference.json, so one uploaded race is judged against the same yardstick as the full
// season. Built here (pure) from DNA rows; written by train/reference.ts; read by the CLI and the worker.
import { FIELD_TOP_K, MIN_CLEAN_LAPS, PACE_FRACTION } from './race-metrics';
import type { RelativeDna } from './relative-dna';
import { mean, median, quantile, roundOrNull, sdPopulation } from './statistics';

export const REFERENCE_SCHEMA = 'performance-dna/relative-reference/1';

/** Quantiles are stored at 0%, 5%, …, 100%. */
export const REFERENCE_QUANTILE_STEP = 0.05;

export interface MeasureStats {
  n: number;
  mean: number;
  sd: number;
  median: number;
  /** Interquartile range; robust sd = iqr / 1.349. */
  iqr: number;
  /** Values at 0%, 5%, …, 100% (21 numbers). */
  quantiles: number[];
}

/** y ≈ intercept + slope × pace_gap_pct (Theil–Sen), and the spread of what the line leaves over. */
export interface PaceFit {
  slope: number;
  intercept: number;
  residual: MeasureStats;
}

export type ReferenceMeasure =
  | 'pace_gap_pct'
  | 'variation_pct'
  | 'consistency_cv_pct'
  | 'potential_gap_pct'
  | 'top_speed_gap_pct'
  | 'adaptability_pp'
  | 'specialisation_advantage_pp';

export const REFERENCE_MEASURES: readonly ReferenceMeasure[] = [
  'pace_gap_pct',
  'variation_pct',
  'consistency_cv_pct',
  'potential_gap_pct',
  'top_speed_gap_pct',
  'adaptability_pp',
  'specialisation_advantage_pp',
];

export interface RelativeReference {
  schema: typeof REFERENCE_SCHEMA;
  /** What population this is, in words. */
  source: string;
  drivers: number;
  /** The relative settings the population was computed with; a profile computed otherwise compares less well. */
  settings: { slow_factor: number; min_clean_laps: number; pace_fraction: number; field_top_k: number };
  measures: Record<ReferenceMeasure, MeasureStats | null>;
  /**
   * Adaptability grows with the pace gap (a driver 4% off varies more in points than one at 0.1%), so the
   * Track Specialist trait uses what a pace fit leaves over.
   */
  fits: { adaptability_vs_pace: PaceFit | null };
}

const round6 = (x: number): number => roundOrNull(x, 6) ?? 0;

export function measureStats(values: readonly number[]): MeasureStats | null {
  if (values.length === 0) return null;
  const steps = Math.round(1 / REFERENCE_QUANTILE_STEP);
  return {
    n: values.length,
    mean: round6(mean(values)!),
    sd: round6(sdPopulation(values)!),
    median: round6(median(values)!),
    iqr: round6(quantile(values, 0.75)! - quantile(values, 0.25)!),
    quantiles: Array.from({ length: steps + 1 }, (_, i) => round6(quantile(values, i / steps)!)),
  };
}

/** Theil–Sen line: the median of all pairwise slopes, then the median intercept. Robust to a few back-markers. */
export function theilSen(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } | null {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]));
  }
  const slope = median(slopes);
  if (slope === null) return null;
  return { slope, intercept: median(xs.map((x, i) => ys[i] - slope * x))! };
}

function paceFit(dnas: readonly RelativeDna[], pick: (d: RelativeDna) => number | null): PaceFit | null {
  const rows = dnas.filter((d) => d.pace_gap_pct !== null && pick(d) !== null);
  const line = theilSen(
    rows.map((d) => d.pace_gap_pct!),
    rows.map((d) => pick(d)!),
  );
  if (!line) return null;
  const residual = measureStats(rows.map((d) => pick(d)! - line.intercept - line.slope * d.pace_gap_pct!));
  return residual && { slope: round6(line.slope), intercept: round6(line.intercept), residual };
}

export interface ReferenceSettings {
  slowFactor: number;
  minCleanLaps?: number;
}

/** The reference population from the DNA of every driver of a season. */
export function buildReference(dnas: readonly RelativeDna[], source: string, settings: ReferenceSettings): RelativeReference {
  const measures = {} as Record<ReferenceMeasure, MeasureStats | null>;
  for (const m of REFERENCE_MEASURES) {
    measures[m] = measureStats(dnas.map((d) => d[m]).filter((x): x is number => x !== null));
  }
  return {
    schema: REFERENCE_SCHEMA,
    source,
    drivers: dnas.filter((d) => d.pace_gap_pct !== null).length,
    settings: {
      slow_factor: settings.slowFactor,
      min_clean_laps: settings.minCleanLaps ?? MIN_CLEAN_LAPS,
      pace_fraction: PACE_FRACTION,
      field_top_k: FIELD_TOP_K,
    },
    measures,
    fits: { adaptability_vs_pace: paceFit(dnas, (d) => d.adaptability_pp) },
  };
}

/** Robust z of a value against a measure: (x − median) / (iqr / 1.349). */
export function robustZ(x: number, s: MeasureStats): number | null {
  const scale = s.iqr / 1.349;
  return scale > 0 ? (x - s.median) / scale : null;
}

/** Share (0–1) of the reference population at or below x, interpolated between stored quantiles. */
export function percentileOf(x: number, s: MeasureStats): number {
  const q = s.quantiles;
  if (x <= q[0]) return 0;
  if (x >= q[q.length - 1]) return 1;
  for (let i = 1; i < q.length; i++) {
    if (x <= q[i]) {
      const within = q[i] === q[i - 1] ? 1 : (x - q[i - 1]) / (q[i] - q[i - 1]);
      return (i - 1 + within) * REFERENCE_QUANTILE_STEP;
    }
  }
  return 1;
}

/** Checks the shape of a parsed reference file; returns an error text or null. */
export function checkReference(x: unknown): string | null {
  if (typeof x !== 'object' || x === null) return 'not an object';
  const r = x as Partial<RelativeReference>;
  if (r.schema !== REFERENCE_SCHEMA) return `schema is not ${REFERENCE_SCHEMA}`;
  if (!r.measures || typeof r.measures !== 'object') return 'measures missing';
  if (!r.measures.pace_gap_pct) return 'pace_gap_pct statistics missing';
  if (!r.fits || typeof r.fits !== 'object') return 'fits missing';
  return null;
}
