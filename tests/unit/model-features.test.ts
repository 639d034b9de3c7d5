import { describe, expect, it } from 'vitest';
import { classicDna, type DriverTrackFeatures } from '../../src/core/classic-dna';
import {
  CLASSIC_FEATURE_NAMES,
  CLASSIC_TARGET_NAMES,
  classicClassifierExtras,
  classicInputVector,
  classicModelInputs,
  classicTargetVector,
} from '../../src/core/model-features';

function row(driver_id: number, track: string, avg_lap_time: number, std_lap_time: number, avg_speed: number, sectors: [number, number, number] | null): DriverTrackFeatures {
  const [a, b, c] = sectors ?? [null, null, null];
  return {
    driver_id, car_number: String(driver_id), track, avg_lap_time, std_lap_time, min_lap_time: avg_lap_time - 1, lap_count: 10,
    avg_s1: a, std_s1: null, min_s1: null, avg_s2: b, std_s2: null, min_s2: null, avg_s3: c, std_s3: null, min_s3: null,
    avg_speed, max_speed: avg_speed + 20,
  };
}

// barber (technical) 100 s, Road America (high_speed) 180 s
const rows = [row(7, 'barber', 100, 1, 150, [30, 40, 30]), row(7, 'Road America', 180, 3, 170, [60, 60, 60])];
const x = classicInputVector(rows);
const at = (name: string) => x[CLASSIC_FEATURE_NAMES.indexOf(name)];

describe('classic model inputs', () => {
  it('has one value per feature name', () => {
    expect(x).toHaveLength(CLASSIC_FEATURE_NAMES.length);
    expect(x.every(Number.isFinite)).toBe(true);
  });

  it('carries the cross-track spread the seed formulas use (worked by hand)', () => {
    expect(at('track_count')).toBe(2);
    expect(at('log_mean_avg_lap')).toBeCloseTo(Math.log(140), 12);
    expect(at('log_sd0_avg_lap')).toBeCloseTo(Math.log(40 + 0.001), 12); // std0(100, 180) = 40
    expect(at('log_mean_avg_speed')).toBeCloseTo(Math.log(160), 12);
    expect(at('log_sd0_avg_speed')).toBeCloseTo(Math.log(10 + 0.001), 12);
    expect(at('log_mean_inverse_lap_sd')).toBeCloseTo(Math.log((1 / 1.001 + 1 / 3.001) / 2), 12);
  });

  it('gives the track-type coverage and the pace per type relative to the driver mean, 0 for a missing type', () => {
    expect([at('share_technical'), at('share_high_speed'), at('share_mixed')]).toEqual([0.5, 0.5, 0]);
    expect(at('log_pace_ratio_technical')).toBeCloseTo(Math.log(100 / 140), 12);
    expect(at('log_pace_ratio_high_speed')).toBeCloseTo(Math.log(180 / 140), 12);
    expect(at('log_pace_ratio_mixed')).toBe(0);
  });

  it('summarises the sector imbalance; a row without sectors is left out of it', () => {
    // barber shares (0.3, 0.4, 0.3) → std0 b1; Road America equal thirds → 0
    const b1 = Math.sqrt(((0.3 - 1 / 3) ** 2 * 2 + (0.4 - 1 / 3) ** 2) / 3);
    expect(at('log_mean_sector_imbalance')).toBeCloseTo(Math.log((b1 + 0) / 2 + 0.001), 9);
    expect(at('sector_coverage')).toBe(1);
    const partial = classicInputVector([rows[0], row(7, 'COTA', 160, 2, 160, null)]);
    expect(partial[CLASSIC_FEATURE_NAMES.indexOf('sector_coverage')]).toBe(0.5);
    expect(partial[CLASSIC_FEATURE_NAMES.indexOf('log_mean_sector_imbalance')]).toBeCloseTo(Math.log(b1 + 0.001), 9);
  });

  it('covers exactly the drivers classic DNA covers (≥ 2 tracks)', () => {
    const all = [...rows, row(9, 'barber', 101, 1, 150, null)];
    expect(classicModelInputs(all).map((r) => r.driver_id)).toEqual(classicDna(all).map((d) => d.driver_id));
  });

  it('orders targets as CLASSIC_TARGET_NAMES and reads the track-type spread for the classifier', () => {
    const dna = classicDna(rows)[0];
    const t = classicTargetVector(dna);
    expect(t[CLASSIC_TARGET_NAMES.indexOf('performance_variance')]).toBe(dna.performance_variance);
    const perf = [dna.technical_track_performance, dna.high_speed_track_performance, dna.mixed_track_performance];
    const mean = perf.reduce((s, v) => s + v) / 3;
    const sd = Math.sqrt(perf.reduce((s, v) => s + (v - mean) ** 2, 0) / 3);
    expect(classicClassifierExtras(t)).toEqual([Math.log(sd + 1e-4), Math.log(Math.max(...perf))]);
  });
});
