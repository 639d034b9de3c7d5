// Numerics that reproduce the original pandas/numpy pipeline bit for bit where it matters.

/** numpy's round(x, 3): rint(x × 1000) / 1000, ties to even on the scaled double. */
export function round3(x: number): number {
  const y = x * 1000;
  let r = Math.round(y);
  if (Math.abs(y % 1) === 0.5) r = 2 * Math.round(y / 2);
  return r / 1000;
}

/** pandas groupby mean: Kahan-compensated sum over the group, divided by the count. */
export function kahanMean(values: readonly number[]): number {
  let sum = 0;
  let comp = 0;
  for (const v of values) {
    const y = v - comp;
    const t = sum + y;
    comp = t - sum - y;
    sum = t;
  }
  return sum / values.length;
}

/** pandas groupby std (ddof = 1) with Welford's update; NaN for fewer than 2 values. */
export function welfordSampleStd(values: readonly number[]): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    n++;
    const old = mean;
    mean += (v - old) / n;
    m2 += (v - mean) * (v - old);
  }
  return n < 2 ? NaN : Math.sqrt(m2 / (n - 1));
}

/** numpy mean of a short array (plain left-to-right sum for n < 8, as numpy's pairwise sum does). */
export function npMean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** numpy std with ddof = 0 (population): sqrt(mean(|x − mean(x)|²)). */
export function npStd0(values: readonly number[]): number {
  const m = npMean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / values.length);
}

/** Math.min(...values) without spreading: any length (a spread of ~120,000 values overflows the stack). */
export function minOf(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) m = Math.min(m, values[i]);
  return m;
}

/** Math.max(...values) without spreading: any length. */
export function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) m = Math.max(m, values[i]);
  return m;
}

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
