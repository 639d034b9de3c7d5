// Multi-class validity figures and the per-class reference population, on hand-made inputs.
import { describe, expect, it } from 'vitest';
import { classReferences, MIN_CLASS_POPULATION, SHIPPED_REFERENCE_NAME } from '../../src/core/relative/class-reference';
import { buildReference } from '../../src/core/relative/reference';
import { relativeDna } from '../../src/core/relative/relative-dna';
import type { RelativeRace } from '../../src/core/relative/race-metrics';
import { cramersV } from '../../src/core/relative/series-validity';

describe("Cramér's V", () => {
  it('is 1 when the archetype names the class and 0 when it says nothing of it', () => {
    expect(cramersV([['GTP', 'Speed Demon'], ['GTP', 'Speed Demon'], ['GTD', 'Balanced Racer'], ['GTD', 'Balanced Racer']])).toBeCloseTo(1, 12);
    expect(cramersV([['GTP', 'Speed Demon'], ['GTP', 'Balanced Racer'], ['GTD', 'Speed Demon'], ['GTD', 'Balanced Racer']])).toBe(0);
  });
  it('matches a 2 × 2 table worked by hand', () => {
    // a = 3, b = 1, c = 1, d = 3: χ² = 8 × (9 − 1)² / (4 × 4 × 4 × 4) = 2, V = √(2 / 8) = 0.5
    const pairs: [string, string][] = [
      ...Array.from({ length: 3 }, () => ['A', 'x'] as [string, string]),
      ['A', 'y'],
      ['B', 'x'],
      ...Array.from({ length: 3 }, () => ['B', 'y'] as [string, string]),
    ];
    expect(cramersV(pairs)).toBeCloseTo(0.5, 12);
  });
  it('is null with one class', () => expect(cramersV([['GTD', 'Speed Demon'], ['GTD', 'Balanced Racer']])).toBeNull());
});

describe('reference population per class', () => {
  const race = (pace: number, variation: number): RelativeRace =>
    ({ track: 'Spa', race: 'R', track_type: 'high_speed', file_index: 0, laps: 10, clean_laps: 10, excluded: {}, low_confidence: false,
      shared_car_number: false, rules_applied: [], rules_skipped: [], median_lap_s: 100, best_lap_s: 99, pace_lap_s: 100,
      field_reference_s: 100, pace_gap_pct: pace, consistency_cv_pct: 1, variation_pct: variation, theoretical_best_s: 98,
      potential_gap_pct: 1, sector_gap_pct: { s1: pace, s2: pace, s3: pace }, top_speed_kph: null, top_speed_gap_pct: null }) as RelativeRace;
  const dnas = (n: number) => Array.from({ length: n }, (_, i) => relativeDna([race(i * 0.2, 1 + (i % 5) * 0.1)]));
  const shipped = buildReference(dnas(30), 'shipped', { slowFactor: 1.07 });

  it(`uses a class's own population from ${MIN_CLASS_POPULATION} cars, else the shipped reference; never for files without classes`, () => {
    const refs = classReferences(
      new Map<string | null, ReturnType<typeof dnas>>([['GTD', dnas(MIN_CLASS_POPULATION)], ['Pro-Am', dnas(MIN_CLASS_POPULATION - 1)], [null, dnas(40)]]),
      shipped,
      'cars',
    );
    expect(refs.get('GTD')!.name).toBe(`${MIN_CLASS_POPULATION} cars of class GTD`);
    expect(refs.get('GTD')!.reference!.drivers).toBe(MIN_CLASS_POPULATION);
    // a small class no shipped class reference covers (tests/unit/series-references.test.ts: those that are)
    expect(refs.get('Pro-Am')).toEqual({ reference: shipped, name: SHIPPED_REFERENCE_NAME, own: false });
    expect(refs.get(null)).toEqual({ reference: shipped, name: SHIPPED_REFERENCE_NAME, own: false });
  });
});
