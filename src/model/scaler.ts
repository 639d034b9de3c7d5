// Standardisation of inputs and targets (seed: StandardScaler), stored as scaler.json.
// Positive targets are log-transformed before standardising: classic speed_vs_consistency_ratio,
// track_adaptability and sector_balance_score are reciprocals of small spreads and heavy-tailed (3 to 30 on
// the real season, 1,000 on two tracks of equal lap time); in log space they are near-normal and the seed's
// ratios become sums. Signed targets (relative pace gaps, sector strengths) stay on their scale.

export interface ColumnScaler {
  names: string[];
  mean: number[];
  std: number[];
}

/** log(y + offset) for positive targets; asinh(y / offset) for signed, right-skewed ones; or as is. */
export type TargetTransform = 'log' | 'asinh' | 'identity';

export interface TargetScaler extends ColumnScaler {
  /** Per target: y_model = (f(y) − mean) / std with f = log(y + offset), asinh(y / offset) or identity. */
  transforms: TargetTransform[];
  offsets: number[];
}

export interface ScalerJson {
  schema: 'performance-dna-scaler/1';
  inputs: ColumnScaler;
  targets: TargetScaler;
  /** Extra classifier inputs derived from the DNA (model-features.ts classifierExtras); may be empty. */
  classifier_extra: ColumnScaler;
}


/** Column means and population SDs; an SD of 0 (a constant column) becomes 1 so it scales to 0. */
export function fitColumns(names: readonly string[], rows: readonly (readonly number[])[]): ColumnScaler {
  const d = names.length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j];
  for (let j = 0; j < d; j++) mean[j] /= rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) std[j] += (r[j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(std[j] / rows.length);
    std[j] = s > 1e-12 ? s : 1;
  }
  return { names: [...names], mean, std };
}

export function standardise(s: ColumnScaler, rows: readonly (readonly number[])[]): number[][] {
  return rows.map((r) => r.map((x, j) => (x - s.mean[j]) / s.std[j]));
}

export interface TargetSpec {
  names: readonly string[];
  transforms: readonly TargetTransform[];
  offsets: readonly number[];
}

const forward = (t: TargetTransform, offset: number, y: number) => (t === 'log' ? Math.log(y + offset) : t === 'asinh' ? Math.asinh(y / offset) : y);
const backward = (t: TargetTransform, offset: number, v: number) => (t === 'log' ? Math.exp(v) - offset : t === 'asinh' ? Math.sinh(v) * offset : v);

export function fitScaler(
  inputNames: readonly string[],
  inputs: readonly (readonly number[])[],
  targets: TargetSpec,
  targetRows: readonly (readonly number[])[],
  extraNames: readonly string[] = [],
  extras: readonly (readonly number[])[] = [],
): ScalerJson {
  const transformed = targetRows.map((r) => r.map((y, j) => forward(targets.transforms[j], targets.offsets[j], y)));
  return {
    schema: 'performance-dna-scaler/1',
    inputs: fitColumns(inputNames, inputs),
    targets: { ...fitColumns(targets.names, transformed), transforms: [...targets.transforms], offsets: [...targets.offsets] },
    classifier_extra: extraNames.length ? fitColumns(extraNames, extras) : { names: [], mean: [], std: [] },
  };
}

/** Natural-scale targets → model units. */
export function targetsToModel(s: TargetScaler, rows: readonly (readonly number[])[]): number[][] {
  return rows.map((r) => r.map((y, j) => (forward(s.transforms[j], s.offsets[j], y) - s.mean[j]) / s.std[j]));
}

/** Model units → natural scale, one value of target j. */
export function targetFromModel(s: TargetScaler, j: number, z: number): number {
  return backward(s.transforms[j], s.offsets[j], z * s.std[j] + s.mean[j]);
}

/** Model units → natural-scale targets. */
export function targetsFromModel(s: TargetScaler, rows: readonly (readonly number[])[]): number[][] {
  return rows.map((r) => r.map((z, j) => targetFromModel(s, j, z)));
}

export function parseScaler(json: unknown): ScalerJson {
  const s = json as ScalerJson;
  const ok = (c: ColumnScaler | undefined) =>
    !!c && Array.isArray(c.names) && Array.isArray(c.mean) && Array.isArray(c.std) && c.mean.length === c.names.length && c.std.length === c.names.length;
  const t = s?.targets;
  const perTarget = !!t && Array.isArray(t.transforms) && Array.isArray(t.offsets) && t.transforms.length === t.names.length && t.offsets.length === t.names.length;
  if (!s || s.schema !== 'performance-dna-scaler/1' || !ok(s.inputs) || !ok(s.targets) || !ok(s.classifier_extra) || !perTarget) {
    throw new Error('scaler.json is not a performance-dna-scaler/1 file');
  }
  return s;
}
