// Robust statistics for lap series: the Theil–Sen slope with Sen's (1968) distribution-free confidence
// interval, Tukey box-plot figures and Freedman–Diaconis histogram bins. Plain number arrays in, plain
// numbers out; NaN entries are the caller's business (filter them first).
import { quantile } from '../relative/statistics';

export interface RobustSlope {
  /** Median of the pairwise slopes (y units per x unit, here s/lap). */
  slope: number;
  /** 95% confidence interval of the slope (Sen 1968, from Kendall's S); null under 3 points. */
  lo95: number | null;
  hi95: number | null;
  /** Points the slope was fitted on. */
  n: number;
}

const Z95 = 1.959963984540054;

/** Points the O(n²) pairwise slopes are taken over at most (124,750 pairs); longer series are thinned evenly. */
export const THEIL_SEN_MAX_POINTS = 500;

/** Every k-th point so that at most `max` remain (a stint of 150,000 laps must not take n² time). */
function thin(xs: readonly number[], ys: readonly number[], max: number): [number[], number[]] {
  const n = Math.min(xs.length, ys.length);
  if (n <= max) return [xs.slice(0, n), ys.slice(0, n)];
  const step = n / max;
  const ox: number[] = [];
  const oy: number[] = [];
  for (let k = 0; k < max; k++) {
    const i = Math.floor(k * step);
    ox.push(xs[i]);
    oy.push(ys[i]);
  }
  return [ox, oy];
}

/**
 * Theil–Sen estimator: the median of (y_j − y_i)/(x_j − x_i) over all pairs i < j with x_i ≠ x_j.
 * The interval takes the ranks (N − C)/2 and (N + C)/2 + 1 of the sorted slopes, C = z·sqrt(Var S),
 * Var S = n(n−1)(2n+5)/18 (no tie correction). Null under 2 points or with every x equal. Over
 * THEIL_SEN_MAX_POINTS points, every k-th point is used (n is then the thinned count).
 */
export function theilSen(allXs: readonly number[], allYs: readonly number[]): RobustSlope | null {
  const [xs, ys] = thin(allXs, allYs, THEIL_SEN_MAX_POINTS);
  const n = xs.length;
  // every pair's slope in one typed array, sorted natively (numbers in order; the pair count is known)
  const all = new Float64Array((n * (n - 1)) / 2);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (xs[j] !== xs[i]) all[m++] = (ys[j] - ys[i]) / (xs[j] - xs[i]);
    }
  }
  if (m === 0) return null;
  const slopes = all.subarray(0, m).sort();
  const slope = m % 2 ? slopes[m >> 1] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
  if (n < 3) return { slope, lo95: null, hi95: null, n };
  const c = Z95 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  // 1-based ranks, clamped into the list
  const lower = Math.round((m - c) / 2);
  const upper = Math.round((m + c) / 2) + 1;
  const at = (rank: number) => slopes[Math.min(m, Math.max(1, rank)) - 1];
  return { slope, lo95: at(lower), hi95: at(upper), n };
}

export interface BoxStats {
  n: number;
  min: number;
  /** Lowest value within 1.5 IQR of Q1 (Tukey's whisker). */
  whiskerLo: number;
  q1: number;
  median: number;
  q3: number;
  whiskerHi: number;
  max: number;
  mean: number;
  /** Values outside the whiskers. */
  outliers: number[];
}

/** Tukey box: quartiles by linear interpolation (numpy's default), whiskers at the last value within 1.5 IQR. */
export function boxStats(values: readonly number[]): BoxStats | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const q1 = quantile(s, 0.25)!;
  const median = quantile(s, 0.5)!;
  const q3 = quantile(s, 0.75)!;
  const iqr = q3 - q1;
  const loFence = q1 - 1.5 * iqr;
  const hiFence = q3 + 1.5 * iqr;
  const inside = s.filter((v) => v >= loFence && v <= hiFence);
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n: s.length,
    min: s[0],
    whiskerLo: inside[0],
    q1,
    median,
    q3,
    whiskerHi: inside[inside.length - 1],
    max: s[s.length - 1],
    mean: sum / s.length,
    outliers: s.filter((v) => v < loFence || v > hiFence),
  };
}

export interface HistogramBin {
  fromS: number;
  toS: number;
  count: number;
}

/**
 * Histogram with Freedman–Diaconis bins: width 2·IQR·n^(−1/3). With no spread between the quartiles it
 * falls back to Sturges (⌈log2 n⌉ + 1 bins over the range); one bin when every value is equal.
 */
export function freedmanDiaconisBins(values: readonly number[]): HistogramBin[] {
  if (values.length === 0) return [];
  const s = [...values].sort((a, b) => a - b);
  const lo = s[0];
  const hi = s[s.length - 1];
  if (hi === lo) return [{ fromS: lo, toS: hi, count: s.length }];
  const width = freedmanDiaconisWidth(s)!;
  const count = Math.max(1, Math.ceil((hi - lo) / width));
  const bins: HistogramBin[] = Array.from({ length: count }, (_, i) => ({ fromS: lo + i * width, toS: lo + (i + 1) * width, count: 0 }));
  for (const v of s) bins[Math.min(count - 1, Math.floor((v - lo) / width))].count++;
  return bins;
}

/**
 * The Freedman–Diaconis bin width 2·IQR·n^(−1/3) of `values`; Sturges' width (range / (⌈log2 n⌉ + 1)) when
 * the quartiles are equal; null when every value is equal or there is none.
 */
export function freedmanDiaconisWidth(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const range = s[s.length - 1] - s[0];
  if (!(range > 0)) return null;
  const width = (2 * (quantile(s, 0.75)! - quantile(s, 0.25)!)) / Math.cbrt(s.length);
  return width > 0 ? width : range / (Math.ceil(Math.log2(s.length)) + 1);
}
