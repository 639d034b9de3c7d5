// The classic definition: the original Multi-Track Performance DNA Analyzer reproduced exactly
// (dna-spec §1), quirks included, for backward compatibility.
import { kahanMean, maxOf, minOf, npMean, npStd0, round3, welfordSampleStd } from './numeric';
import { trackType } from './tracks';
import type { Archetype, ClassicProfile, LapRow, TrackType } from './types';

export interface DriverTrackFeatures {
  /** Integer value of the car number (the seed's driver id). */
  driver_id: number;
  /** The car number as written: the group key (`04` and `4` are two cars). */
  car_number: string;
  track: string;
  avg_lap_time: number;
  std_lap_time: number;
  min_lap_time: number;
  lap_count: number;
  avg_s1: number | null;
  std_s1: number | null;
  min_s1: number | null;
  avg_s2: number | null;
  std_s2: number | null;
  min_s2: number | null;
  avg_s3: number | null;
  std_s3: number | null;
  min_s3: number | null;
  avg_speed: number;
  max_speed: number;
}

export const DRIVER_TRACK_FEATURE_NAMES = [
  'avg_lap_time', 'std_lap_time', 'min_lap_time', 'lap_count', 'avg_s1', 'std_s1', 'min_s1', 'avg_s2', 'std_s2',
  'min_s2', 'avg_s3', 'std_s3', 'min_s3', 'avg_speed', 'max_speed',
] as const;

export interface ClassicDnaRow {
  driver_id: number;
  car_number: string;
  speed_vs_consistency_ratio: number;
  track_adaptability: number;
  consistency_index: number;
  performance_variance: number;
  speed_consistency: number;
  technical_track_performance: number;
  high_speed_track_performance: number;
  mixed_track_performance: number;
  sector_balance_score: number;
  archetype: Archetype;
}

export const CLASSIC_DNA_TARGETS = [
  'speed_vs_consistency_ratio', 'track_adaptability', 'consistency_index', 'performance_variance', 'speed_consistency',
] as const;

export type ClassicRejectReason = 'missing-lap-time' | 'lap-time-out-of-range' | 'missing-kph' | 'kph-out-of-range';

/** Why the classic filter drops a lap, or null to keep it: 30 ≤ LAP_TIME ≤ 300 and 50 ≤ KPH ≤ 400. */
export function classicRejectReason(lap: LapRow): ClassicRejectReason | null {
  if (lap.lapTimeS === null) return 'missing-lap-time';
  if (!(lap.lapTimeS >= 30 && lap.lapTimeS <= 300)) return 'lap-time-out-of-range';
  if (lap.speedKph === null) return 'missing-kph';
  if (!(lap.speedKph >= 50 && lap.speedKph <= 400)) return 'kph-out-of-range';
  return null;
}

export function classicFilter(laps: readonly LapRow[]): { kept: LapRow[]; rejected: Record<string, number> } {
  const kept: LapRow[] = [];
  const rejected: Record<string, number> = {};
  for (const lap of laps) {
    const why = classicRejectReason(lap);
    if (why) rejected[why] = (rejected[why] ?? 0) + 1;
    else kept.push(lap);
  }
  return { kept, rejected };
}

/** Sector aggregates skip missing values, as pandas does; all missing → null. */
function sectorStats(values: (number | null)[]): [number | null, number | null, number | null] {
  const v = values.filter((x): x is number => x !== null && !Number.isNaN(x));
  if (!v.length) return [null, null, null];
  const sd = welfordSampleStd(v);
  return [round3(kahanMean(v)), Number.isNaN(sd) ? 0 : round3(sd), round3(minOf(v))];
}

/**
 * The 15 per driver-track features over laps that passed the classic filter, both races of a track
 * pooled, each rounded to 3 decimals (dna-spec §1). Rows are ordered by track, then driver.
 */
export function driverTrackFeatures(kept: readonly LapRow[]): DriverTrackFeatures[] {
  const groups = new Map<string, LapRow[]>();
  for (const lap of kept) {
    const key = `${lap.track}\u0000${lap.carNumber}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(lap);
  }
  const rows: DriverTrackFeatures[] = [];
  for (const g of groups.values()) {
    const lapTimes = g.map((l) => l.lapTimeS!);
    const speeds = g.map((l) => l.speedKph!);
    const sd = welfordSampleStd(lapTimes);
    const [avg_s1, std_s1, min_s1] = sectorStats(g.map((l) => l.s1S));
    const [avg_s2, std_s2, min_s2] = sectorStats(g.map((l) => l.s2S));
    const [avg_s3, std_s3, min_s3] = sectorStats(g.map((l) => l.s3S));
    rows.push({
      driver_id: carNumberId(g[0].carNumber),
      car_number: g[0].carNumber,
      track: g[0].track,
      avg_lap_time: round3(kahanMean(lapTimes)),
      std_lap_time: Number.isNaN(sd) ? 0 : round3(sd),
      min_lap_time: round3(minOf(lapTimes)),
      lap_count: g.length,
      avg_s1, std_s1, min_s1, avg_s2, std_s2, min_s2, avg_s3, std_s3, min_s3,
      avg_speed: round3(kahanMean(speeds)),
      max_speed: round3(maxOf(speeds)),
    });
  }
  return rows.sort((a, b) => (a.track < b.track ? -1 : a.track > b.track ? 1 : compareCarNumbers(a.car_number, b.car_number)));
}

/** The seed's driver id: the car number as an integer (`04` → 4). Ingestion only admits integer car numbers. */
export function carNumberId(carNumber: string): number {
  return Number(carNumber);
}

/** Car numbers in ascending integer order; numbers equal as integers (`4`, `04`) by their text. */
export function compareCarNumbers(a: string, b: string): number {
  return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export interface ClassicThresholds {
  specialistSpread: number;
  specialistMax: number;
  speedRatio: number;
  speedConsistency: number;
  consistencyIndex: number;
  consistencyVariance: number;
  lowVariance: number;
}

/** The original's archetype thresholds (dna-spec §1, rules 1-4). */
export const CLASSIC_THRESHOLDS: ClassicThresholds = {
  specialistSpread: 0.08,
  specialistMax: 1.05,
  speedRatio: 10,
  speedConsistency: 0.05,
  consistencyIndex: 0.08,
  consistencyVariance: 0.015,
  lowVariance: 0.01,
};

/** The first rule that matches (dna-spec §1). */
export function classicArchetype(d: Omit<ClassicDnaRow, 'archetype' | 'driver_id' | 'car_number' | 'sector_balance_score'>): Archetype {
  const t = CLASSIC_THRESHOLDS;
  const perf = [d.technical_track_performance, d.high_speed_track_performance, d.mixed_track_performance];
  if (npStd0(perf) > t.specialistSpread && maxOf(perf) > t.specialistMax) return 'Track Specialist';
  if (d.speed_vs_consistency_ratio > t.speedRatio && d.speed_consistency > t.speedConsistency) return 'Speed Demon';
  if (d.consistency_index > t.consistencyIndex && d.performance_variance < t.consistencyVariance) return 'Consistency Master';
  if (d.performance_variance < t.lowVariance) return 'Consistency Master';
  return 'Balanced Racer';
}

/** sector_balance_score = 1 / (mean over rows with s1,s2,s3 > 0 of std0(s/Σs) + 0.001), else 1.0. */
export function sectorBalanceScore(rows: readonly DriverTrackFeatures[]): number {
  const b: number[] = [];
  for (const r of rows) {
    const s = [r.avg_s1, r.avg_s2, r.avg_s3];
    if (s.every((x) => x !== null && x > 0)) {
      const total = s[0]! + s[1]! + s[2]!;
      b.push(npStd0(s.map((x) => x! / total)));
    }
  }
  return b.length ? 1 / (npMean(b) + 0.001) : 1.0;
}

/** DNA of one driver from their driver-track rows (≥ 2 rows; the caller checks). */
export function classicDnaOf(rows: readonly DriverTrackFeatures[], trackTypes: Record<string, TrackType> = {}): ClassicDnaRow {
  const L = rows.map((r) => r.avg_lap_time);
  const sigma = rows.map((r) => r.std_lap_time);
  const V = rows.map((r) => r.avg_speed);
  // seed formulas, population std (dna-spec §1)
  const speed_vs_consistency_ratio = npMean(V) / (npStd0(L) + 0.001);
  const performance_variance = npStd0(L) / (npMean(L) + 0.001);
  const track_adaptability = 1 / (performance_variance + 0.001);
  const consistency_index = npMean(sigma.map((s) => 1 / (s + 0.001)));
  const speed_consistency = npStd0(V) / (npMean(V) + 0.001);
  const positive = L.filter((x) => x > 0);
  const overall = npMean(positive);
  const perfOf = (type: TrackType) => {
    const onType = rows.filter((r) => trackType(r.track, trackTypes) === type).map((r) => r.avg_lap_time);
    return onType.length ? overall / (npMean(onType) + 0.001) : 1.0;
  };
  const dna = {
    speed_vs_consistency_ratio, track_adaptability, consistency_index, performance_variance, speed_consistency,
    technical_track_performance: perfOf('technical'),
    high_speed_track_performance: perfOf('high_speed'),
    mixed_track_performance: perfOf('mixed'),
  };
  return { driver_id: rows[0].driver_id, car_number: rows[0].car_number, ...dna, sector_balance_score: sectorBalanceScore(rows), archetype: classicArchetype(dna) };
}

/** Driver-track rows grouped by car number, in ascending car number. */
export function groupByDriver(rows: readonly DriverTrackFeatures[]): Map<string, DriverTrackFeatures[]> {
  const m = new Map<string, DriverTrackFeatures[]>();
  for (const r of rows) {
    let g = m.get(r.car_number);
    if (!g) m.set(r.car_number, (g = []));
    g.push(r);
  }
  return new Map([...m.entries()].sort((a, b) => compareCarNumbers(a[0], b[0])));
}

/** DNA rows for every driver with at least 2 driver-track rows, by driver id. */
export function classicDna(rows: readonly DriverTrackFeatures[], trackTypes: Record<string, TrackType> = {}): ClassicDnaRow[] {
  return [...groupByDriver(rows).values()].filter((g) => g.length >= 2).map((g) => classicDnaOf(g, trackTypes));
}

export const ONE_TRACK_REASON = 'classic DNA needs at least 2 tracks; this driver has laps at 1 track';

/** The class of each car: the one its laps carry most often (a car keeps its class through a season). */
export function carClasses(laps: readonly LapRow[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const lap of laps) {
    if (lap.class === null) continue;
    let c = counts.get(lap.carNumber);
    if (!c) counts.set(lap.carNumber, (c = new Map()));
    c.set(lap.class, (c.get(lap.class) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const [car, c] of counts) out.set(car, [...c].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]);
  return out;
}

/** Seed Output Data Schema profiles for every driver, with DNA where it exists. */
export function classicProfiles(laps: readonly LapRow[], trackTypes: Record<string, TrackType> = {}): {
  profiles: ClassicProfile[];
  features: DriverTrackFeatures[];
  rejected: Record<string, number>;
} {
  const { kept, rejected } = classicFilter(laps);
  const features = driverTrackFeatures(kept);
  const profiles: ClassicProfile[] = [];
  const classOf = carClasses(kept);
  for (const [car, rows] of groupByDriver(features)) {
    // Keyed by track name, which is data: fromEntries defines own properties, so "__proto__" or
    // "constructor" is a track like any other (an assignment would set the prototype instead).
    const performance_metrics: ClassicProfile['performance_metrics'] = Object.fromEntries(
      rows.map((r) => [
        r.track,
        {
          avg_lap_time: r.avg_lap_time,
          consistency: r.std_lap_time,
          best_lap: r.min_lap_time,
          sector_balance: { S1_avg: r.avg_s1, S2_avg: r.avg_s2, S3_avg: r.avg_s3 },
          speed_profile: { avg_speed: r.avg_speed, top_speed: r.max_speed },
        },
      ]),
    );
    const base = { driver_id: rows[0].driver_id, car_number: car, class: classOf.get(car) ?? null, tracks_raced: rows.map((r) => r.track), total_races: rows.length, performance_metrics };
    if (rows.length >= 2) {
      const d = classicDnaOf(rows, trackTypes);
      profiles.push({
        ...base,
        dna_signature: {
          speed_vs_consistency_ratio: d.speed_vs_consistency_ratio,
          track_adaptability: d.track_adaptability,
          consistency_index: d.consistency_index,
          performance_variance: d.performance_variance,
          speed_consistency: d.speed_consistency,
          track_specialization: {
            technical: d.technical_track_performance,
            high_speed: d.high_speed_track_performance,
            mixed: d.mixed_track_performance,
          },
        },
        sector_balance_score: d.sector_balance_score,
        archetype: d.archetype,
      });
    } else {
      profiles.push({ ...base, dna_signature: null, dna_signature_reason: ONE_TRACK_REASON, sector_balance_score: null, archetype: null });
    }
  }
  return { profiles, features, rejected };
}
