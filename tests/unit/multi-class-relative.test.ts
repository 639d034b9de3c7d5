// The field of a race is each class (dna-spec §3.1): references per class, a file without CLASS one field.
import { describe, expect, it } from 'vitest';
import { cleanLaps } from '../../src/core/relative/clean-laps';
import { raceMetrics } from '../../src/core/relative/race-metrics';
import type { LapRow } from '../../src/core/types';
import { ALL_COLUMNS, stint } from '../helpers/relative-laps';

// Lap 1 is dropped (first-lap); laps 2..6 are the clean laps. Pace = mean of the faster half (3 of 5).
const car = (n: string, cls: string | null, base: number): LapRow[] =>
  stint(n, [base + 5, base, base + 0.2, base + 0.4, base + 0.6, base + 0.8], { class: cls });

describe('class fields', () => {
  // GTP cars lap at ~100 s, GTD cars at ~110 s: ten percent apart
  const laps = [
    ...car('6', 'GTP', 100),
    ...car('7', 'GTP', 101),
    ...car('57', 'GTD', 110),
    ...car('120', 'GTD', 111),
  ];
  const race = raceMetrics(cleanLaps(laps, [ALL_COLUMNS]));

  it('measures each car against its own class, not the fastest class of the race', () => {
    // pace of car 6: (100 + 100.2 + 100.4) / 3 = 100.2; of car 7: 101.2; field reference of a class of
    // two = the median of both paces
    const gtp = race.get('6')![0];
    expect(gtp.class).toBe('GTP');
    expect(gtp.field_cars).toBe(2);
    expect(gtp.field_reference_s).toBeCloseTo((100.2 + 101.2) / 2, 9);
    const gtd = race.get('57')![0];
    expect(gtd.class).toBe('GTD');
    expect(gtd.field_reference_s).toBeCloseTo((110.2 + 111.2) / 2, 9);
    // both class leaders are the same distance ahead of their class: 100 × (100.2 − 100.7) / 100.7
    expect(gtp.pace_gap_pct).toBeCloseTo(round3((100 * (100.2 - 100.7)) / 100.7), 9);
    expect(gtd.pace_gap_pct).toBeCloseTo(round3((100 * (110.2 - 110.7)) / 110.7), 9);
    expect(race.get('120')![0].pace_gap_pct).toBeGreaterThan(0);
    expect(race.get('120')![0].pace_gap_pct).toBeLessThan(1); // not +10 % off a GTP reference
  });

  it('is one field, as before, when the file has no class', () => {
    const noClass = raceMetrics(cleanLaps(laps.map((l) => ({ ...l, class: null })), [ALL_COLUMNS]));
    const r = noClass.get('57')![0];
    expect(r.class).toBeNull();
    expect(r.field_cars).toBe(4);
    // reference = median of the 4 paces (fewer than FIELD_TOP_K): (101.2 + 110.2) / 2
    expect(r.field_reference_s).toBeCloseTo((101.2 + 110.2) / 2, 9);
  });

  it("takes a car's class from most of its laps", () => {
    const mixed = car('9', 'LMP2', 105).map((l, i) => (i === 0 ? { ...l, class: 'GTD' } : l));
    const r = raceMetrics(cleanLaps([...mixed, ...car('57', 'GTD', 110)], [ALL_COLUMNS])).get('9')![0];
    expect(r.class).toBe('LMP2');
    expect(r.field_cars).toBe(1);
  });
});

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
