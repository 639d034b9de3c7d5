import { describe, expect, it } from 'vitest';
import {
  agreement,
  classificationMetrics,
  confusionMatrix,
  meanAbsoluteError,
  overallReliability,
  r2Score,
  regressionMetrics,
} from '../../src/model/metrics';

describe('regression metrics', () => {
  it('computes R² as 1 − SS_res/SS_tot (worked by hand)', () => {
    // mean 2.5, SS_tot = 2.25+0.25+0.25+2.25 = 5; residuals 0, 0.5, −0.5, 0 → SS_res = 0.5
    expect(r2Score([1, 2, 3, 4], [1, 1.5, 3.5, 4])).toBeCloseTo(1 - 0.5 / 5, 12);
  });

  it('gives R² 1 for a constant truth predicted exactly and 0 otherwise', () => {
    expect(r2Score([2, 2], [2, 2])).toBe(1);
    expect(r2Score([2, 2], [2, 3])).toBe(0);
  });

  it('computes the mean absolute error', () => {
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 1])).toBeCloseTo((1 + 0 + 2) / 3, 12);
  });

  it('averages per-target MAE and R² over targets', () => {
    const t = [[1, 10], [2, 20], [3, 30]];
    const p = [[1, 10], [2, 20], [4, 30]];
    const m = regressionMetrics(['a', 'b'], t, p, t, p);
    // a: SS_tot 2, SS_res 1 → 0.5; b exact → 1
    expect(m.per_target_r2).toEqual({ a: 0.5, b: 1 });
    expect(m.dna_r2).toBeCloseTo(0.75, 12);
    expect(m.dna_mae).toBeCloseTo((1 / 3 + 0) / 2, 12);
  });
});

describe('classification metrics', () => {
  const classes = ['A', 'B', 'C'];
  // truth: A A A B B C ; predicted: A A B B C C
  const truth = ['A', 'A', 'A', 'B', 'B', 'C'];
  const pred = ['A', 'A', 'B', 'B', 'C', 'C'];

  it('counts the confusion matrix with exact classes as rows', () => {
    expect(confusionMatrix(classes, truth, pred)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('computes accuracy and support-weighted precision, recall and F1 (hand-computed)', () => {
    const m = classificationMetrics(classes, truth, pred);
    // A: p = 2/2, r = 2/3, f = 0.8 ; B: p = 1/2, r = 1/2, f = 0.5 ; C: p = 1/2, r = 1, f = 2/3
    expect(m.archetype_accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.archetype_precision).toBeCloseTo((3 * 1 + 2 * 0.5 + 1 * 0.5) / 6, 12);
    expect(m.archetype_recall).toBeCloseTo((3 * (2 / 3) + 2 * 0.5 + 1 * 1) / 6, 12);
    expect(m.archetype_f1).toBeCloseTo((3 * 0.8 + 2 * 0.5 + 1 * (2 / 3)) / 6, 12);
  });

  it('gives a never-predicted class precision 0 and an absent class weight 0', () => {
    const m = classificationMetrics(['A', 'B', 'C'], ['A', 'B'], ['A', 'A']);
    // A: p = 1/2, r = 1 ; B: p = 0 (never predicted), r = 0 ; C absent
    expect(m.archetype_precision).toBeCloseTo(0.25, 12);
    expect(m.archetype_recall).toBeCloseTo(0.5, 12);
  });

  it('measures agreement between two label lists', () => {
    expect(agreement(['A', 'B', 'C', 'D'], ['A', 'B', 'X', 'D'])).toBe(0.75);
  });
});

describe('overall reliability', () => {
  it("reproduces the seed's example with 0.4·accuracy + 0.3·R² + 0.2·F1 + 0.1·(1 − MAE)", () => {
    const r = overallReliability({ archetype_accuracy: 0.973, dna_r2: 0.967, archetype_f1: 0.969, dna_mae: 0.023 });
    expect(r).toBeCloseTo(0.4 * 0.973 + 0.3 * 0.967 + 0.2 * 0.969 + 0.1 * 0.977, 12);
    expect(r.toFixed(3)).toBe('0.971');
  });

  it('clips a negative R² and an MAE above 1', () => {
    expect(overallReliability({ archetype_accuracy: 1, dna_r2: -3, archetype_f1: 1, dna_mae: 5 })).toBeCloseTo(0.6, 12);
  });
});
