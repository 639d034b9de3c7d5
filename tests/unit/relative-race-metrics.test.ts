import { describe, expect, it } from 'vitest';
import { cleanLaps } from '../../src/core/relative';
import { fieldReferenceOf, paceOf, raceMetrics, variationPctOf } from '../../src/core/relative/race-metrics';
import type { LapRow } from '../../src/core/types';
import { ALL_COLUMNS, lap } from '../helpers/relative-laps';

/** Lap 1 (110 s, dropped as first-lap) then the given clean laps as [s1, s2, s3]; lap time = their sum. */
function car(carNumber: number, sectors: [number, number, number][], topSpeedKph: number | null = null, extra: Partial<LapRow> = {}): LapRow[] {
  const first = lap({ carNumber, lapNumber: 1, lapTimeS: 110, s1S: 35, s2S: 40, s3S: 35, topSpeedKph, ...extra });
  return [
    first,
    ...sectors.map(([s1, s2, s3], i) =>
      lap({ carNumber, lapNumber: i + 2, lapTimeS: s1 + s2 + s3, s1S: s1, s2S: s2, s3S: s3, topSpeedKph, ...extra }),
    ),
  ];
}

// The hand-built race. Clean laps (lap 1 dropped):
//   A: 100 101 102 103 104   sectors s1 30 30.5 30 31 31 | s2 40 40 41 41 42 | s3 30 30.5 31 31 31
//   B: 102 × 5               sectors 30.5 | 41 | 30.5
//   C: 104 105 106 107 108   sectors 31 | 42 | 31 32 33 34 35
//   D: 95 95 95 (3 clean laps: low-confidence)
const A = car(1, [[30, 40, 30], [30.5, 40, 30.5], [30, 41, 31], [31, 41, 31], [31, 42, 31]], 200);
const B = car(2, Array.from({ length: 5 }, () => [30.5, 41, 30.5] as [number, number, number]), 210);
const C = car(3, [31, 32, 33, 34, 35].map((s3) => [31, 42, s3] as [number, number, number]), 190);
const D = car(4, Array.from({ length: 3 }, () => [28, 39, 28] as [number, number, number]), null);
const race = raceMetrics(cleanLaps([...A, ...B, ...C, ...D], [ALL_COLUMNS]));
const a = race.get('1')![0];
const b = race.get('2')![0];
const c = race.get('3')![0];
const d = race.get('4')![0];

describe('pace and field reference', () => {
  it('pace = mean of the faster half of the clean laps, rounded up', () => {
    expect(paceOf([5, 1, 4, 2, 3])).toBe(2); // faster 3 of 5: (1 + 2 + 3) / 3
    expect(paceOf([1, 2, 3, 4])).toBe(1.5); // faster 2 of 4
    expect(paceOf([7])).toBe(7);
    expect(paceOf([])).toBeNull();
  });

  it('field reference = median pace of the 5 fastest', () => {
    expect(fieldReferenceOf([7, 1, 6, 2, 5, 3, 4])).toBe(3); // median of 1..5
    expect(fieldReferenceOf([101, 102, 105])).toBe(102);
  });

  it('reads median, best and pace of the clean laps', () => {
    expect(a.clean_laps).toBe(5);
    expect(a.excluded).toEqual({ 'first-lap': 1 });
    expect(a.median_lap_s).toBe(102);
    expect(a.best_lap_s).toBe(100);
    expect(a.pace_lap_s).toBe(101); // (100 + 101 + 102) / 3
  });

  it('pace gap % = 100 × (pace − field reference) / field reference', () => {
    // confident paces A 101, B 102, C 105 → reference median 102; D (low-confidence, 95) does not set it
    expect(a.field_reference_s).toBe(102);
    expect(a.pace_gap_pct).toBe(-0.98); // 100 × −1 / 102 = −0.98039
    expect(b.pace_gap_pct).toBe(0);
    expect(c.pace_gap_pct).toBe(2.941); // 100 × 3 / 102 = 2.94118
    expect(d.pace_gap_pct).toBe(-6.863); // 100 × −7 / 102 = −6.86275
  });

  it('marks a driver-race under 5 clean laps as low-confidence but keeps it', () => {
    expect(d.low_confidence).toBe(true);
    expect(d.clean_laps).toBe(3);
    expect(a.low_confidence).toBe(false);
  });
});

describe('consistency', () => {
  it('CV % = 100 × population sd / mean of the clean laps', () => {
    // sd of 100..104 = √((4 + 1 + 0 + 1 + 4) / 5) = √2 = 1.41421; / 102 = 1.38648 %
    expect(a.consistency_cv_pct).toBe(1.386);
    expect(b.consistency_cv_pct).toBe(0);
  });

  it('variation % = Σ sectors of mean |Δ sector| between successive clean laps / median lap', () => {
    // A: s1 |Δ| .5 .5 1 0 → .5; s2 0 1 0 1 → .5; s3 .5 .5 0 0 → .25; Σ 1.25 / 102 × 100 = 1.22549
    expect(a.variation_pct).toBe(1.225);
    expect(b.variation_pct).toBe(0);
    // C: only s3 moves, by 1 each lap: 1 / 106 × 100 = 0.94340
    expect(c.variation_pct).toBe(0.943);
  });

  it('variation needs two laps with all sectors', () => {
    expect(variationPctOf([[lap({ carNumber: 1, lapNumber: 2, lapTimeS: 100, s1S: 30, s2S: 40, s3S: 30 })]])).toBeNull();
  });
});

describe('sectors and potential', () => {
  it('theoretical best = sum of the best clean sectors; potential gap % from the median lap', () => {
    expect(a.theoretical_best_s).toBe(100); // 30 + 40 + 30
    expect(a.potential_gap_pct).toBe(2); // 100 × (102 − 100) / 100
    expect(c.theoretical_best_s).toBe(104); // 31 + 42 + 31
    expect(c.potential_gap_pct).toBe(1.923); // 100 × 2 / 104 = 1.92308
  });

  it('sector gap % compares the sector pace with the median sector pace of the 5 fastest', () => {
    // sector paces (faster 3 of 5): A 30.1667 / 40.3333 / 30.5, B 30.5 / 41 / 30.5, C 31 / 42 / 32
    // references: s1 median(30.1667, 30.5, 31) = 30.5; s2 median(40.333, 41, 42) = 41; s3 median(30.5, 30.5, 32) = 30.5
    expect(a.sector_gap_pct).toEqual({ s1: -1.093, s2: -1.626, s3: 0 }); // −0.3333/30.5, −0.6667/41
    expect(c.sector_gap_pct).toEqual({ s1: 1.639, s2: 2.439, s3: 4.918 }); // 0.5/30.5, 1/41, 1.5/30.5
  });

  it('top speed relative to the median of the field', () => {
    // medians A 200, B 210, C 190 → field 200; D has no TOP_SPEED
    expect(a.top_speed_gap_pct).toBe(0);
    expect(b.top_speed_gap_pct).toBe(5);
    expect(c.top_speed_gap_pct).toBe(-5);
    expect(d.top_speed_kph).toBeNull();
    expect(d.top_speed_gap_pct).toBeNull();
  });
});

describe('races', () => {
  it('keeps races apart by file, and names track, race and type', () => {
    const r1 = car(9, [[30, 40, 30], [30, 40, 30]], null, { fileIndex: 0, track: 'barber', race: 'Race 1' });
    const r2 = car(9, [[50, 60, 50], [50, 60, 50]], null, { fileIndex: 1, track: 'Road America', race: 'Race 1' });
    const out = raceMetrics(cleanLaps([...r1, ...r2], [ALL_COLUMNS, ALL_COLUMNS])).get('9')!;
    expect(out.map((r) => [r.track, r.race, r.track_type, r.file_index, r.median_lap_s])).toEqual([
      ['barber', 'Race 1', 'technical', 0, 100],
      ['Road America', 'Race 1', 'high_speed', 1, 160],
    ]);
    // alone in its race, the driver is the field reference
    expect(out[0].pace_gap_pct).toBe(0);
  });

  it('a driver with no clean lap gets nulls, not NaN', () => {
    const only = raceMetrics(cleanLaps([lap({ carNumber: 5, lapNumber: 1, lapTimeS: 100 })], [ALL_COLUMNS])).get('5')![0];
    expect(only.clean_laps).toBe(0);
    expect(only.pace_gap_pct).toBeNull();
    expect(only.median_lap_s).toBeNull();
    expect(only.consistency_cv_pct).toBeNull();
    expect(only.theoretical_best_s).toBeNull();
  });

  it('flags a car number shared by two cars', () => {
    const first = car(3, [[30, 40, 30]]);
    const second = car(3, [[31, 40, 30]]);
    expect(raceMetrics(cleanLaps([...first, ...second], [ALL_COLUMNS])).get('3')![0].shared_car_number).toBe(true);
    expect(a.shared_car_number).toBe(false);
  });
});

describe('theoretical best from complete laps only', () => {
  // Road America Race 1 in the real season: the best lap has no S1/S2 in the file; the best sectors of
  // slower complete laps must not make a "theoretical best" slower than the best lap.
  const withSectors = (n: number, t: number, s1: number | null, s2: number | null, s3: number | null) =>
    lap({ carNumber: 2, lapNumber: n, lapTimeS: t, s1S: s1, s2S: s2, s3S: s3 });

  it('never ends above the best clean lap when the best lap lacks sectors', () => {
    const laps = [
      withSectors(2, 101, 30.5, 40.2, 30.3), // sum 101
      withSectors(3, 100.4, 30.2, 40.1, 30.1), // sum 100.4
      withSectors(4, 99, null, null, 30.0), // best lap, sectors missing
      withSectors(5, 101.5, 30.6, 40.5, 30.4),
      withSectors(6, 102, 30.8, 40.6, 30.6),
    ];
    const r = raceMetrics(cleanLaps(laps, [ALL_COLUMNS])).get('2')![0];
    expect(r.best_lap_s).toBe(99);
    // complete laps give 30.2 + 40.1 + 30.1 = 100.4 > 99: capped at the best lap
    expect(r.theoretical_best_s).toBe(99);
    expect(r.sector_complete_laps).toBe(4);
    expect(r.clean_laps).toBe(5);
  });

  it('takes each sector only from laps with all three (a lone S3 of an incomplete lap is not used)', () => {
    const laps = [
      withSectors(2, 100, 30, 40, 30),
      withSectors(3, 100.5, 30.5, 39.5, 30.5),
      withSectors(4, 103, null, 42, 29), // S3 29 would be the best S3, but the lap has no S1
    ];
    const r = raceMetrics(cleanLaps(laps, [ALL_COLUMNS])).get('2')![0];
    expect(r.theoretical_best_s).toBe(99.5); // 30 + 39.5 + 30
    expect(r.sector_complete_laps).toBe(2);
  });

  it('is null when no clean lap has every sector', () => {
    const r = raceMetrics(cleanLaps([withSectors(2, 100, null, 40, 30), withSectors(3, 101, 30, null, 30)], [ALL_COLUMNS])).get('2')![0];
    expect(r.theoretical_best_s).toBeNull();
    expect(r.potential_gap_pct).toBeNull();
    expect(r.sector_complete_laps).toBe(0);
  });
});
