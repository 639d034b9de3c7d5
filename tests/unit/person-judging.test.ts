// How people are judged (docs/relative-dna.md, "People"): traits as rank-based z against the class's
// drivers (a pro/am mixture), and a person's race needs MIN_PERSON_CLEAN_LAPS clean laps to count beside
// their full races. Cars keep the robust z and the per-track fallback (the GR Cup figures rest on them).
import { describe, expect, it } from 'vitest';
import { classifyArchetype, type RelativeDna, type RelativeReference } from '../../src/core/relative';
import { rankZ } from '../../src/core/relative/archetypes';
import { MIN_PERSON_CLEAN_LAPS, peopleProfiles } from '../../src/core/relative/people';
import type { RelativeRace } from '../../src/core/relative/race-metrics';
import { measureStats } from '../../src/core/relative/reference';
import { relativeDna } from '../../src/core/relative/relative-dna';
import { spearmanBrown } from '../../src/core/relative/series-validity';
import { normalQuantile } from '../../src/core/relative/statistics';
import { ALL_COLUMNS, stint } from '../helpers/relative-laps';

describe('normal quantile (probit)', () => {
  it('matches the standard normal table', () => {
    // Φ⁻¹ values from any normal table (Python statistics.NormalDist().inv_cdf gives the same)
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.75)).toBeCloseTo(0.6744898, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599640, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('rank-based traits for a two-humped class (pros and amateurs)', () => {
  // 14 pros at 0.00, 0.05, …, 0.65 % off the class front and 7 amateurs at 2.0, 2.1, …, 2.6 %. 21 values, so
  // the stored 5 % quantiles are the sorted values themselves. Median 0.5, Q1 0.25, Q3 2.1: the IQR (1.85)
  // spans the gap between the humps, so the robust sd is 1.85 / 1.349 = 1.371.
  const paces = [...Array.from({ length: 14 }, (_, i) => i * 0.05), ...Array.from({ length: 7 }, (_, i) => 2 + i * 0.1)];
  const steady = { n: 21, mean: 1, sd: 1, median: 1, iqr: 1.349, quantiles: Array.from({ length: 21 }, (_, i) => -1 + i * 0.2) };
  const ref: RelativeReference = {
    schema: 'performance-dna/relative-reference/1',
    source: 'hand-built class of drivers',
    drivers: 21,
    settings: { slow_factor: 1.07, min_clean_laps: 5, pace_fraction: 0.5, field_top_k: 5 },
    measures: {
      pace_gap_pct: measureStats(paces),
      variation_pct: steady,
      consistency_cv_pct: null,
      potential_gap_pct: null,
      top_speed_gap_pct: null,
      adaptability_pp: null,
      specialisation_advantage_pp: null,
    },
    fits: { adaptability_vs_pace: null },
  };
  // the fifth-fastest pro: 4 of 20 steps below, so 20 % of the class is at or below 0.2
  const dna = { pace_gap_pct: 0.2, variation_pct: 1, adaptability_pp: null, low_confidence: false, missing: {} } as unknown as RelativeDna;

  it('robust z leaves a top-quarter pro Balanced: the amateurs inflate the IQR', () => {
    const r = classifyArchetype(dna, ref, 'robust');
    expect(r.traits.speed_z).toBeCloseTo((0.5 - 0.2) / (1.85 / 1.349), 3); // 0.219
    expect(r.archetype).toBe('Balanced Racer');
  });

  it('rank z puts the same pro in the top quarter: Φ⁻¹(1 − 0.20) = 0.842 ≥ 0.674', () => {
    const r = classifyArchetype(dna, ref, 'rank');
    expect(r.traits.speed_z).toBeCloseTo(0.842, 3);
    expect(r.traits.consistency_z).toBeCloseTo(0, 9); // variation at the median: share 0.5
    expect(r.archetype).toBe('Speed Demon');
  });

  it('rank z stays finite beyond the reference: the share is kept within 1 / 2n of 0 and 1', () => {
    // faster than every driver of the 21: share 1 / 42, z = Φ⁻¹(1 − 1/42) = 1.981
    expect(-rankZ(-5, ref.measures.pace_gap_pct!)).toBeCloseTo(1.9808, 4);
    expect(rankZ(50, ref.measures.pace_gap_pct!)).toBeCloseTo(1.9808, 4);
  });
});

describe("a person's pace rests on their full races", () => {
  const race = (track: string, pace: number, clean: number, minClean: number): RelativeRace =>
    ({ track, race: 'R', track_type: 'mixed', file_index: 0, laps: clean, clean_laps: clean, excluded: {}, low_confidence: clean < minClean,
      shared_car_number: false, rules_applied: [], rules_skipped: [], median_lap_s: 100, best_lap_s: 99, pace_lap_s: 100,
      field_reference_s: 100, pace_gap_pct: pace, consistency_cv_pct: 1, variation_pct: 1, theoretical_best_s: 98,
      potential_gap_pct: 1, sector_gap_pct: { s1: null, s2: null, s3: null }, top_speed_kph: null, top_speed_gap_pct: null }) as RelativeRace;

  it('a short stint at another track counts per track for cars, not beside a full race for people', () => {
    const races = [race('Spa', 0.5, 30, 10), race('Fuji', 3, 4, 10)];
    // cars: every track keeps a figure (Fuji's only race is low-confidence): mean of 0.5 and 3
    expect(relativeDna(races, 'track').pace_gap_pct).toBe(1.75);
    expect(relativeDna(races, 'track').tracks).toBe(2);
    // people: the 4-lap stint does not count while a confident race exists
    expect(relativeDna(races, 'profile').pace_gap_pct).toBe(0.5);
    expect(relativeDna(races, 'profile').tracks).toBe(1);
    // with no confident race at all, the low-confidence ones still give a figure
    expect(relativeDna([race('Spa', 0.5, 4, 10), race('Fuji', 3, 4, 10)], 'profile').pace_gap_pct).toBe(1.75);
  });

  it(`marks a person's race low-confidence under ${MIN_PERSON_CLEAN_LAPS} clean laps (a car's under 5)`, () => {
    // one car, one driver with 9 clean laps (lap 1 is the first lap) and a second driver named on no lap
    const laps = stint('7', [105, ...Array.from({ length: 9 }, (_, i) => 100 + i * 0.1)], { driverName: 'Ann Driver', driverNumber: '1' });
    const [ann] = peopleProfiles(laps, [ALL_COLUMNS], null);
    expect(ann.relative.races[0].clean_laps).toBe(9);
    expect(ann.relative.races[0].low_confidence).toBe(true);
    const more = stint('7', [105, ...Array.from({ length: MIN_PERSON_CLEAN_LAPS }, (_, i) => 100 + i * 0.1)], { driverName: 'Ann Driver', driverNumber: '1' });
    expect(peopleProfiles(more, [ALL_COLUMNS], null)[0].relative.races[0].low_confidence).toBe(false);
  });
});

describe('split-half reliability', () => {
  it('Spearman–Brown: 2r / (1 + r)', () => {
    expect(spearmanBrown(0.6)).toBeCloseTo(0.75, 9); // 1.2 / 1.6
    expect(spearmanBrown(null)).toBeNull();
  });
});
