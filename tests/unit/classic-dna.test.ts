import { describe, expect, it } from 'vitest';
import {
  classicArchetype,
  classicFilter,
  classicProfiles,
  driverTrackFeatures,
} from '../../src/core/classic-dna';
import type { LapRow } from '../../src/core/types';

const lap = (carNumber: number, track: string, lapTimeS: number | null, speedKph: number | null, s: [number, number, number] | null = null): LapRow => ({
  carNumber: String(carNumber), class: null, driverNumber: null, driverName: null, elapsedS: null, lapNumber: null, lapTimeS, s1S: s?.[0] ?? null, s2S: s?.[1] ?? null, s3S: s?.[2] ?? null, speedKph,
  topSpeedKph: null, flag: null, pitIn: false, pitTimeS: null, intermediatesS: {}, track, race: 'Race 1', fileIndex: 0,
});

// A small example worked by hand. Driver 7:
//   barber (technical): laps 100 and 102 s at 130 and 134 km/h, sectors (30,40,30) and (31,41,30)
//   Road America (high_speed): laps 170, 174, 172 s at 140, 136, 138 km/h, sectors (50,60,60) (52,61,61) (51,62,59)
// plus laps the filter drops: 29.9 s, 300.5 s, a missing time, 49 km/h, a missing speed.
const laps: LapRow[] = [
  lap(7, 'barber', 100, 130, [30, 40, 30]),
  lap(7, 'barber', 102, 134, [31, 41, 30]),
  lap(7, 'Road America', 170, 140, [50, 60, 60]),
  lap(7, 'Road America', 174, 136, [52, 61, 61]),
  lap(7, 'Road America', 172, 138, [51, 62, 59]),
  lap(7, 'barber', 29.9, 130),
  lap(7, 'barber', 300.5, 130),
  lap(7, 'barber', null, 130),
  lap(7, 'barber', 100, 49),
  lap(7, 'barber', 100, null),
  lap(9, 'barber', 101, 131, [30, 41, 30]),
];

const std0 = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
};

describe('classic lap filter', () => {
  it('keeps 30 ≤ LAP_TIME ≤ 300 and 50 ≤ KPH ≤ 400 and counts the rest by reason', () => {
    const { kept, rejected } = classicFilter(laps);
    expect(kept).toHaveLength(6);
    expect(rejected).toEqual({ 'lap-time-out-of-range': 2, 'missing-lap-time': 1, 'kph-out-of-range': 1, 'missing-kph': 1 });
    expect(classicFilter([lap(1, 'x', 30, 50), lap(1, 'x', 300, 400)]).kept).toHaveLength(2); // bounds inclusive
  });
});

describe('classic per driver-track features', () => {
  const rows = driverTrackFeatures(classicFilter(laps).kept);
  const barber = rows.find((r) => r.driver_id === 7 && r.track === 'barber')!;
  const ra = rows.find((r) => r.driver_id === 7 && r.track === 'Road America')!;

  it('computes mean, sample std (n−1), min, count, speeds, rounded to 3 decimals', () => {
    // barber: mean 101, std sqrt((1+1)/1) = 1.41421… → 1.414
    expect(barber).toMatchObject({ avg_lap_time: 101, std_lap_time: 1.414, min_lap_time: 100, lap_count: 2, avg_speed: 132, max_speed: 134 });
    expect(barber).toMatchObject({ avg_s1: 30.5, std_s1: 0.707, min_s1: 30, avg_s2: 40.5, avg_s3: 30, std_s3: 0 });
    // Road America: mean 172, std sqrt((4+4+0)/2) = 2
    expect(ra).toMatchObject({ avg_lap_time: 172, std_lap_time: 2, min_lap_time: 170, lap_count: 3, avg_speed: 138, max_speed: 140 });
    expect(ra).toMatchObject({ avg_s1: 51, avg_s2: 61, avg_s3: 60, std_s2: 1 });
  });

  it('gives a std of 0 for a one-lap group and null sectors when all are missing', () => {
    const d9 = rows.find((r) => r.driver_id === 9)!;
    expect(d9.std_lap_time).toBe(0);
    const [only] = driverTrackFeatures([lap(3, 'VIR', 130, 140)]);
    expect(only).toMatchObject({ std_lap_time: 0, avg_s1: null, std_s1: null, min_s1: null });
  });
});

describe('classic DNA formulas (dna-spec §1, worked by hand)', () => {
  const { profiles } = classicProfiles(laps);
  const p7 = profiles.find((p) => p.driver_id === 7)!;
  const dna = p7.dna_signature!;
  // L = [101, 172], σ = [1.414, 2], V = [132, 138]; mean L 136.5, std0 L 35.5; mean V 135, std0 V 3

  it('speed_vs_consistency_ratio = mean(V) / (std0(L) + 0.001)', () => expect(dna.speed_vs_consistency_ratio).toBeCloseTo(135 / 35.501, 12));
  it('performance_variance = std0(L) / (mean(L) + 0.001)', () => expect(dna.performance_variance).toBeCloseTo(35.5 / 136.501, 12));
  it('track_adaptability = 1 / (performance_variance + 0.001)', () => expect(dna.track_adaptability).toBeCloseTo(1 / (35.5 / 136.501 + 0.001), 10));
  it('consistency_index = mean(1 / (σ + 0.001))', () => expect(dna.consistency_index).toBeCloseTo((1 / 1.415 + 1 / 2.001) / 2, 12));
  it('speed_consistency = std0(V) / (mean(V) + 0.001)', () => expect(dna.speed_consistency).toBeCloseTo(3 / 135.001, 12));
  it('track-type performance = overall / (mean L of type + 0.001), 1.0 for a type not raced', () => {
    expect(dna.track_specialization.technical).toBeCloseTo(136.5 / 101.001, 12);
    expect(dna.track_specialization.high_speed).toBeCloseTo(136.5 / 172.001, 12);
    expect(dna.track_specialization.mixed).toBe(1);
  });
  it('sector_balance_score = 1 / (mean(std0(s / Σs)) + 0.001)', () => {
    const b1 = std0([30.5 / 101, 40.5 / 101, 30 / 101]);
    const b2 = std0([51 / 172, 61 / 172, 60 / 172]);
    expect(p7.sector_balance_score).toBeCloseTo(1 / ((b1 + b2) / 2 + 0.001), 10);
  });
  it('labels the example a Track Specialist (spread 0.199 > 0.08, max 1.351 > 1.05)', () => expect(p7.archetype).toBe('Track Specialist'));
  it('gives a one-track driver a profile with dna_signature null and a reason', () => {
    const p9 = profiles.find((p) => p.driver_id === 9)!;
    expect(p9.tracks_raced).toEqual(['barber']);
    expect(p9.dna_signature).toBeNull();
    expect(p9.dna_signature_reason).toMatch(/2 tracks/);
    expect(p9.performance_metrics.barber).toEqual({
      avg_lap_time: 101, consistency: 0, best_lap: 101,
      sector_balance: { S1_avg: 30, S2_avg: 41, S3_avg: 30 }, speed_profile: { avg_speed: 131, top_speed: 131 },
    });
  });
  it('uses the user-set type of an unknown track', () => {
    const l = [lap(4, 'Club Circuit', 90, 120), lap(4, 'barber', 100, 130)];
    const asMixed = classicProfiles(l).profiles[0].dna_signature!.track_specialization;
    const asTech = classicProfiles(l, { 'Club Circuit': 'technical' }).profiles[0].dna_signature!.track_specialization;
    expect(asMixed.mixed).toBeCloseTo(95 / 90.001, 12);
    expect(asTech.mixed).toBe(1);
    expect(asTech.technical).toBeCloseTo(95 / 95.001, 12);
  });
});

describe('classic archetype rules, in order', () => {
  const base = {
    speed_vs_consistency_ratio: 5, track_adaptability: 10, consistency_index: 0.05, performance_variance: 0.1, speed_consistency: 0.01,
    technical_track_performance: 1, high_speed_track_performance: 1, mixed_track_performance: 1,
  };
  it('1. spread > 0.08 and max > 1.05 → Track Specialist (before Speed Demon)', () => {
    expect(classicArchetype({ ...base, technical_track_performance: 1.3, high_speed_track_performance: 0.9, speed_vs_consistency_ratio: 20, speed_consistency: 0.1 })).toBe('Track Specialist');
  });
  it('spread > 0.08 but max ≤ 1.05 is not a Track Specialist', () => {
    expect(classicArchetype({ ...base, technical_track_performance: 1.05, high_speed_track_performance: 0.8 })).toBe('Balanced Racer');
  });
  it('2. ratio > 10 and speed_consistency > 0.05 → Speed Demon; exactly 10 is not', () => {
    expect(classicArchetype({ ...base, speed_vs_consistency_ratio: 10.01, speed_consistency: 0.06 })).toBe('Speed Demon');
    expect(classicArchetype({ ...base, speed_vs_consistency_ratio: 10, speed_consistency: 0.06 })).toBe('Balanced Racer');
  });
  it('3. consistency_index > 0.08 and variance < 0.015 → Consistency Master', () => {
    expect(classicArchetype({ ...base, consistency_index: 0.09, performance_variance: 0.014 })).toBe('Consistency Master');
  });
  it('4. variance < 0.01 alone → Consistency Master', () => {
    expect(classicArchetype({ ...base, consistency_index: 0.01, performance_variance: 0.009 })).toBe('Consistency Master');
  });
  it('5. otherwise → Balanced Racer', () => expect(classicArchetype(base)).toBe('Balanced Racer'));
});
