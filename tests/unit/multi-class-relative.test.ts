// The field of a race is each class (dna-spec §3.1): references per class, a file without CLASS one field.
import { describe, expect, it } from 'vitest';
import { cleanLaps } from '../../src/core/relative/clean-laps';
import { raceMetrics } from '../../src/core/relative/race-metrics';
import type { LapRow } from '../../src/core/types';
import { analyzeInputs } from '../../src/core/analysis';
import { peopleProfiles, personKeyOf } from '../../src/core/relative/people';
import { ALL_COLUMNS, lap, stint } from '../helpers/relative-laps';

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

describe('people: drivers within a car', () => {
  // car 21 (GTD): Ann drives laps 1–6, then Bob (a name written in other case and spacing) laps 7–12 after a
  // pit stop; car 57 (GTD) is driven by Ann in the second race of the file set. Ann laps 100 s, Bob 101 s.
  const ann = (n: number, t: number, extra: Partial<LapRow> = {}) =>
    lap({ carNumber: '21', lapNumber: n, lapTimeS: t, class: 'GTD', driverName: 'Ann Driver', driverNumber: '1', ...extra });
  const bob = (n: number, t: number, extra: Partial<LapRow> = {}) =>
    lap({ carNumber: '21', lapNumber: n, lapTimeS: t, class: 'GTD', driverName: 'BOB  racer', driverNumber: '2', ...extra });
  const laps: LapRow[] = [
    ann(1, 105), ann(2, 100), ann(3, 100.2), ann(4, 100.4), ann(5, 100.6), ann(6, 100.8, { pitIn: true }),
    bob(7, 110, { pitTimeS: 30 }), bob(8, 101), bob(9, 101.2), bob(10, 101.4), bob(11, 101.6), bob(12, 101.8),
    ...stint('57', [106, 100.5, 100.7, 100.9, 101.1, 101.3], { class: 'GTD', driverName: 'Bob Racer', driverNumber: '1' }),
  ];

  it('keys people by name, case- and space-insensitively, with their cars and classes', () => {
    expect(personKeyOf(laps[0])).toBe('name:ann driver');
    expect(personKeyOf(laps[7])).toBe('name:bob racer');
    expect(personKeyOf({ carNumber: '8', driverName: null, driverNumber: '3' })).toBe('car:8/3');
    const people = peopleProfiles(laps, [ALL_COLUMNS], null);
    expect(people.map((p) => [p.driver_key, p.name, p.cars, p.classes, p.laps])).toEqual([
      ['name:ann driver', 'Ann Driver', ['21'], ['GTD'], 6],
      ['name:bob racer', 'BOB  racer', ['21', '57'], ['GTD'], 12],
    ]);
  });

  it("gives each person the pace of their own clean laps against the car's class field", () => {
    const people = peopleProfiles(laps, [ALL_COLUMNS], null);
    const a = people[0].relative.races[0];
    // Ann's clean laps 2–5 (lap 1 first-lap, lap 6 pit-in): pace = mean of the faster half 100, 100.2 = 100.1
    expect(a.clean_laps).toBe(4);
    expect(a.pace_lap_s).toBeCloseTo(100.1, 9);
    // the field: cars 21 and 57 of GTD. Car 21's clean laps 2–5 and 8–12 (7 is an out-lap): faster half
    // (5 of 9) 100, 100.2, 100.4, 100.6, 101 → 100.44; car 57: 100.5, 100.7, 100.9 → 100.7; reference = median
    expect(a.class).toBe('GTD');
    expect(a.field_reference_s).toBeCloseTo((100.44 + 100.7) / 2, 9);
    const b = people[1].relative.races[0];
    expect(b.clean_laps).toBe(5);
    expect(b.pace_lap_s).toBeCloseTo((101 + 101.2 + 101.4) / 3, 9);
    expect(b.pace_gap_pct!).toBeGreaterThan(a.pace_gap_pct!);
    // Bob raced car 57 too: two race entries, one per car
    expect(people[1].relative.races).toHaveLength(2);
  });

  it('hands each person their stints from the car stints', async () => {
    const text = [
      'NUMBER,DRIVER_NUMBER,LAP_NUMBER,LAP_TIME,CROSSING_FINISH_LINE_IN_PIT,S1,S2,S3,KPH,DRIVER_NAME,PIT_TIME,CLASS,FLAG_AT_FL',
      ...laps.slice(0, 12).map((l) => [l.carNumber, l.driverNumber, l.lapNumber, l.lapTimeS, l.pitIn ? 'B' : '', 30, 40, l.lapTimeS! - 70, 150, l.driverName, l.pitTimeS ?? '', l.class, 'GF'].join(',')),
    ].join('\n');
    const r = await analyzeInputs([{ name: 'x.csv', path: 'Sebring/x.csv', bytes: new TextEncoder().encode(text) }]);
    const people = r.envelope.people!;
    expect(people.map((p) => p.stints!.map((s) => [s.first_lap, s.last_lap]))).toEqual([[[1, 6]], [[7, 12]]]);
  });

  it('gives no people when every car has one driver number and no name (the GR Cup)', () => {
    const gr = [...stint('7', [100, 100, 100], { driverNumber: '1' }), ...stint('8', [101, 101, 101], { driverNumber: '1' })];
    expect(peopleProfiles(gr, [ALL_COLUMNS], null)).toEqual([]);
    const shared = [...stint('7', [100, 100, 100], { driverNumber: '1' }), ...stint('7', [101, 101], { driverNumber: '2' }).map((l, i) => ({ ...l, lapNumber: 4 + i }))];
    expect(peopleProfiles(shared, [ALL_COLUMNS], null).map((p) => p.driver_key)).toEqual(['car:7/1', 'car:7/2']);
  });
});
