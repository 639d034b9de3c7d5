// Validation metrics (seed: DNAModelTrainer.validate_models). Plain arrays in, numbers out; no tfjs.
//
// overall_reliability = 0.4·archetype_accuracy + 0.3·dna_r2 + 0.2·archetype_f1 + 0.1·(1 − dna_mae),
// with dna_r2 clipped to [0, 1] and dna_mae to [0, 1]. The seed names the weights 0.4/0.3/0.2/0.1 but not
// their metrics; this assignment reproduces its example (0.973, 0.967, 0.969, mae 0.023 → 0.971).

export interface RegressionMetrics {
  /** Mean over targets of the MAE in standardised model units (training SD of each transformed target). */
  dna_mae: number;
  /** Mean over targets of R² in model units (log-transformed targets). */
  dna_r2: number;
  /** Mean over targets of R² on the natural scale (what a user reads). */
  dna_r2_natural: number;
  per_target_r2: Record<string, number>;
  per_target_r2_natural: Record<string, number>;
  per_target_mae_natural: Record<string, number>;
}

export interface ClassificationMetrics {
  archetype_accuracy: number;
  archetype_precision: number;
  archetype_recall: number;
  archetype_f1: number;
  /** rows: exact class, columns: predicted class, in `classes` order. */
  confusion_matrix: number[][];
  classes: string[];
  support: number;
}

export const RELIABILITY_WEIGHTS = { archetype_accuracy: 0.4, dna_r2: 0.3, archetype_f1: 0.2, one_minus_dna_mae: 0.1 } as const;

const clip01 = (x: number) => Math.min(1, Math.max(0, x));

export function overallReliability(m: { archetype_accuracy: number; dna_r2: number; archetype_f1: number; dna_mae: number }): number {
  const w = RELIABILITY_WEIGHTS;
  return (
    w.archetype_accuracy * m.archetype_accuracy +
    w.dna_r2 * clip01(m.dna_r2) +
    w.archetype_f1 * m.archetype_f1 +
    w.one_minus_dna_mae * (1 - clip01(m.dna_mae))
  );
}

export function meanAbsoluteError(yTrue: readonly number[], yPred: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / yTrue.length;
}

/** Coefficient of determination, sklearn's r2_score for one column: 1 − SS_res/SS_tot; a constant truth gives 1 if predicted exactly, else 0. */
export function r2Score(yTrue: readonly number[], yPred: readonly number[]): number {
  const n = yTrue.length;
  let mean = 0;
  for (const y of yTrue) mean += y;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i] - yPred[i]) ** 2;
    ssTot += (yTrue[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

const column = (rows: readonly (readonly number[])[], j: number) => rows.map((r) => r[j]);

/**
 * DNA regression metrics. `trueModel`/`predModel` are in model units (transformed and standardised),
 * `trueNatural`/`predNatural` on the natural scale; rows are drivers, columns the targets in `names` order.
 */
export function regressionMetrics(
  names: readonly string[],
  trueModel: readonly (readonly number[])[],
  predModel: readonly (readonly number[])[],
  trueNatural: readonly (readonly number[])[],
  predNatural: readonly (readonly number[])[],
): RegressionMetrics {
  const per_target_r2: Record<string, number> = {};
  const per_target_r2_natural: Record<string, number> = {};
  const per_target_mae_natural: Record<string, number> = {};
  let mae = 0;
  names.forEach((name, j) => {
    per_target_r2[name] = r2Score(column(trueModel, j), column(predModel, j));
    per_target_r2_natural[name] = r2Score(column(trueNatural, j), column(predNatural, j));
    per_target_mae_natural[name] = meanAbsoluteError(column(trueNatural, j), column(predNatural, j));
    mae += meanAbsoluteError(column(trueModel, j), column(predModel, j));
  });
  const avg = (o: Record<string, number>) => Object.values(o).reduce((s, x) => s + x, 0) / names.length;
  return {
    dna_mae: mae / names.length,
    dna_r2: avg(per_target_r2),
    dna_r2_natural: avg(per_target_r2_natural),
    per_target_r2,
    per_target_r2_natural,
    per_target_mae_natural,
  };
}

export function confusionMatrix(classes: readonly string[], yTrue: readonly string[], yPred: readonly string[]): number[][] {
  const m = classes.map(() => classes.map(() => 0));
  for (let i = 0; i < yTrue.length; i++) {
    const a = classes.indexOf(yTrue[i]);
    const b = classes.indexOf(yPred[i]);
    if (a >= 0 && b >= 0) m[a][b]++;
  }
  return m;
}

/**
 * Accuracy and support-weighted precision, recall and F1 (sklearn `average='weighted'`, zero_division=0):
 * a class absent from the truth has weight 0; a class never predicted has precision 0.
 */
export function classificationMetrics(classes: readonly string[], yTrue: readonly string[], yPred: readonly string[]): ClassificationMetrics {
  const cm = confusionMatrix(classes, yTrue, yPred);
  const n = yTrue.length;
  let correct = 0;
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  classes.forEach((_, k) => {
    const tp = cm[k][k];
    correct += tp;
    const support = cm[k].reduce((s, x) => s + x, 0);
    const predicted = cm.reduce((s, row) => s + row[k], 0);
    const p = predicted ? tp / predicted : 0;
    const r = support ? tp / support : 0;
    const f = p + r ? (2 * p * r) / (p + r) : 0;
    precision += (support / n) * p;
    recall += (support / n) * r;
    f1 += (support / n) * f;
  });
  return {
    archetype_accuracy: n ? correct / n : 0,
    archetype_precision: precision,
    archetype_recall: recall,
    archetype_f1: f1,
    confusion_matrix: cm,
    classes: [...classes],
    support: n,
  };
}

/** Share of drivers where two label lists agree (model vs rules). */
export function agreement(a: readonly string[], b: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 0;
}
