import { describe, expect, it } from 'vitest';
import { classifyArchetype, type RelativeDna, type RelativeReference } from '../../src/core/relative';
import { buildReference, percentileOf, robustZ, theilSen, type MeasureStats } from '../../src/core/relative/reference';

/** Stats with median m and IQR 1.349, so the robust sd is exactly 1 and z = x − m. */
const unit = (median: number): MeasureStats => ({
  n: 21,
  mean: median,
  sd: 1,
  median,
  iqr: 1.349,
  quantiles: Array.from({ length: 21 }, (_, i) => median - 2 + i * 0.2),
});

// Reference: pace median 1.0; variation median 1.0; adaptability expected 0.3 at any pace. Robust sd 1 each.
const REF: RelativeReference = {
  schema: 'performance-dna/relative-reference/1',
  source: 'hand-built',
  drivers: 21,
  settings: { slow_factor: 1.07, min_clean_laps: 5, pace_fraction: 0.5, field_top_k: 5 },
  measures: {
    pace_gap_pct: unit(1),
    variation_pct: unit(1),
    consistency_cv_pct: null,
    potential_gap_pct: null,
    top_speed_gap_pct: null,
    adaptability_pp: null,
    specialisation_advantage_pp: null,
  },
  fits: {
    adaptability_vs_pace: { slope: 0, intercept: 0.3, residual: unit(0) },
  },
};

function dna(pace: number | null, variation: number | null, adaptability: number | null): RelativeDna {
  return {
    races: 2,
    tracks: adaptability === null ? 1 : 2,
    track_figures: [],
    low_confidence: false,
    pace_gap_pct: pace,
    variation_pct: variation,
    consistency_cv_pct: null,
    potential_gap_pct: null,
    top_speed_gap_pct: null,
    sector_strength_pct: { s1: null, s2: null, s3: null },
    strongest_sector: null,
    weakest_sector: null,
    adaptability_pp: adaptability,
    specialisation_pp: adaptability === null ? null : { technical: 0.3, high_speed: -0.3, mixed: null },
    specialisation_advantage_pp: adaptability === null ? null : 0.3,
    best_track_type: adaptability === null ? null : 'high_speed',
    missing: adaptability === null ? { adaptability_pp: 'needs relative pace on two tracks or more (has 1)' } : {},
  };
}

describe('archetype rules (first match, threshold z ≥ 0.674)', () => {
  it('Speed Demon: pace well ahead of the reference median, even when also consistent', () => {
    // speed z = −(0 − 1) / 1 = 1.0; consistency z = −(0.2 − 1) = 0.8 also passes, but speed comes first
    const r = classifyArchetype(dna(0, 0.2, 0.3), REF);
    expect(r.traits).toEqual({ speed_z: 1, consistency_z: 0.8, specialisation_z: 0 });
    expect(r.archetype).toBe('Speed Demon');
  });

  it('Consistency Master: steadier lap to lap than the reference median', () => {
    // speed z 0; consistency z = −(0.2 − 1.0) = 0.8 ≥ 0.674
    expect(classifyArchetype(dna(1, 0.2, 0.3), REF).archetype).toBe('Consistency Master');
  });

  it('Track Specialist: pace varies across tracks more than the fit for the same pace', () => {
    // specialisation z = 1.3 − 0.3 = 1.0
    const r = classifyArchetype(dna(1, 1, 1.3), REF);
    expect(r.archetype).toBe('Track Specialist');
    expect(r.explanation).toContain('best on high-speed tracks');
  });

  it('Balanced Racer: no trait in the top quarter', () => {
    const r = classifyArchetype(dna(1, 1, 0.3), REF);
    expect(r.archetype).toBe('Balanced Racer');
    expect(r.explanation).toMatch(/^Balanced Racer: no trait reaches the top quarter/);
  });

  it('a one-track driver cannot be a Track Specialist and the sentence says why', () => {
    const r = classifyArchetype(dna(1, 1, null), REF);
    expect(r.traits.specialisation_z).toBeNull();
    expect(r.archetype_scores!['Track Specialist']).toBe(0);
    expect(r.archetype).toBe('Balanced Racer');
    expect(r.explanation).toContain('track specialisation needs relative pace on two tracks or more (has 1)');
  });

  it('scores: logistic of (z − 0.674) / 0.5 per trait, Balanced = 1 − the highest', () => {
    const s = classifyArchetype(dna(0, 1, 0.3), REF).archetype_scores!;
    // speed: 1 / (1 + e^−(1 − 0.674)/0.5) = 1 / (1 + e^−0.652) = 1 / 1.52099 = 0.65747
    expect(s['Speed Demon']).toBe(0.657);
    // consistency z 0 and specialisation z 0: 1 / (1 + e^1.348) = 1 / 4.84976 = 0.20620
    expect(s['Consistency Master']).toBe(0.206);
    expect(s['Track Specialist']).toBe(0.206);
    expect(s['Balanced Racer']).toBe(0.343); // 1 − 0.657
  });

  it('no archetype without a reference or without a clean lap', () => {
    expect(classifyArchetype(dna(1, 1, 0.3), null)).toMatchObject({ archetype: null, archetype_scores: null });
    expect(classifyArchetype(dna(null, null, null), REF).explanation).toBe('No archetype: the driver has no clean lap.');
  });
});

describe('reference population', () => {
  it('robust z = (x − median) / (IQR / 1.349)', () => {
    expect(robustZ(3, { ...unit(1), iqr: 2.698 })).toBe(1); // (3 − 1) / 2
  });

  it('percentile interpolates between the stored 5% quantiles', () => {
    const s = unit(1); // quantiles −1.0, −0.8, …, 3.0
    expect(percentileOf(1, s)).toBeCloseTo(0.5, 10);
    expect(percentileOf(1.1, s)).toBeCloseTo(0.525, 10);
    expect(percentileOf(-5, s)).toBe(0);
    expect(percentileOf(5, s)).toBe(1);
  });

  it('Theil–Sen line ignores one wild point', () => {
    // y = 2x + 1 on four points, one outlier at x = 4
    expect(theilSen([0, 1, 2, 3, 4], [1, 3, 5, 7, 100])).toEqual({ slope: 2, intercept: 1 });
  });

  it('buildReference keeps 21 quantiles and the settings', () => {
    const dnas = [0, 1, 2, 3, 4].map((p) => dna(p, 0.5 + 0.1 * p, 0.2 + 0.05 * p));
    const ref = buildReference(dnas, 'five drivers', { slowFactor: 1.07 });
    expect(ref.drivers).toBe(5);
    expect(ref.measures.pace_gap_pct).toMatchObject({ n: 5, median: 2, iqr: 2, mean: 2 });
    expect(ref.measures.pace_gap_pct!.quantiles).toHaveLength(21);
    expect(ref.fits.adaptability_vs_pace).toMatchObject({ slope: 0.05, intercept: 0.2 }); // adaptability = 0.2 + 0.05 × pace
    expect(ref.settings).toEqual({ slow_factor: 1.07, min_clean_laps: 5, pace_fraction: 0.5, field_top_k: 5 });
  });
});
