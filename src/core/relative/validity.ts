// The five validity figures of dna-spec §3, as pure functions of per-driver values, so the validity report
// (src/cli/validity.ts) and the trainer (model metadata) compute them the same way. They are report
// figures, not test thresholds.
import { classicDnaOf, classicFilter, driverTrackFeatures, type DriverTrackFeatures } from '../classic-dna';
import type { LapRow, TrackType } from '../types';
import { relativeProfileOf } from './profile';
import type { RelativeRace } from './race-metrics';
import type { RelativeReference } from './reference';
import { mean, pearson, spearman } from './statistics';

/** One driver's value in one race (null = not measured there). */
export interface RaceValue {
  driver: string;
  track: string;
  race: string;
  value: number | null;
}

/** One driver's figure on one track (the mean of its races). */
export interface TrackValue {
  driver: string;
  track: string;
  value: number | null;
}

export interface Correlation {
  r: number | null;
  /** Pairs or drivers the figure rests on. */
  n: number;
}

/**
 * Race-to-race reliability: Pearson r between a driver's value in the first and the second race of the same
 * track (race labels in sort order, "Race 1" before "Race 2"), pooled over all tracks.
 */
export function raceToRaceR(values: readonly RaceValue[]): Correlation {
  const labelsByTrack = new Map<string, Set<string>>();
  const byKey = new Map<string, number>();
  for (const v of values) {
    if (v.value === null) continue;
    let labels = labelsByTrack.get(v.track);
    if (!labels) labelsByTrack.set(v.track, (labels = new Set()));
    labels.add(v.race);
    byKey.set(`${v.track}\u0000${v.race}\u0000${v.driver}`, v.value);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  const drivers = [...new Set(values.map((v) => v.driver))];
  for (const [track, labels] of labelsByTrack) {
    const [first, second] = [...labels].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (second === undefined) continue;
    for (const d of drivers) {
      const a = byKey.get(`${track}\u0000${first}\u0000${d}`);
      const b = byKey.get(`${track}\u0000${second}\u0000${d}`);
      if (a !== undefined && b !== undefined) {
        xs.push(a);
        ys.push(b);
      }
    }
  }
  return { r: pearson(xs, ys), n: xs.length };
}

export interface LeaveOneTrackOut {
  /** Mean Spearman ρ over the held-out tracks that have one. */
  rho: number | null;
  byTrack: { track: string; rho: number | null; drivers: number }[];
}

/**
 * Predictive validity: hold out one track at a time; predict each driver's figure there by the mean of the
 * driver's figures on the other tracks; Spearman ρ between prediction and actual over the drivers who
 * raced the held-out track and at least one other; the mean over tracks.
 */
export function leaveOneTrackOutRho(values: readonly TrackValue[]): LeaveOneTrackOut {
  const byDriver = new Map<string, Map<string, number>>();
  for (const v of values) {
    if (v.value === null) continue;
    let m = byDriver.get(v.driver);
    if (!m) byDriver.set(v.driver, (m = new Map()));
    m.set(v.track, v.value);
  }
  const tracks = [...new Set(values.filter((v) => v.value !== null).map((v) => v.track))].sort();
  const byTrack = tracks.map((track) => {
    const actual: number[] = [];
    const predicted: number[] = [];
    for (const m of byDriver.values()) {
      const held = m.get(track);
      const others = [...m].filter(([t]) => t !== track).map(([, x]) => x);
      if (held === undefined || others.length === 0) continue;
      actual.push(held);
      predicted.push(mean(others)!);
    }
    return { track, rho: spearman(actual, predicted), drivers: actual.length };
  });
  return { rho: mean(byTrack.map((t) => t.rho).filter((x): x is number => x !== null)), byTrack };
}

export interface AttendanceInvariance {
  /** Share of (driver, dropped track) cases whose archetype stays the same. */
  share: number | null;
  cases: number;
  unchanged: number;
  drivers: number;
}

/**
 * Attendance invariance: for each driver with at least `minTracks` tracks, drop each track in turn,
 * recompute the archetype from the rest and compare with the archetype from all tracks.
 */
export function attendanceInvariance<A>(
  tracksByDriver: ReadonlyMap<string, readonly string[]>,
  archetypeOf: (driver: string, droppedTrack: string | null) => A | null,
  minTracks = 4,
): AttendanceInvariance {
  let cases = 0;
  let unchanged = 0;
  let drivers = 0;
  for (const [driver, tracks] of tracksByDriver) {
    if (tracks.length < minTracks) continue;
    drivers++;
    const full = archetypeOf(driver, null);
    for (const t of tracks) {
      cases++;
      if (archetypeOf(driver, t) === full) unchanged++;
    }
  }
  return { share: cases ? unchanged / cases : null, cases, unchanged, drivers };
}

export interface ArchetypeShare {
  archetype: string | null;
  share: number | null;
  drivers: number;
  counts: Record<string, number>;
}

/** Balance: the share of the drivers (with an archetype) that the most common archetype holds. */
export function largestArchetypeShare(archetypes: readonly (string | null)[]): ArchetypeShare {
  const counts: Record<string, number> = {};
  let n = 0;
  for (const a of archetypes) {
    if (a === null) continue;
    counts[a] = (counts[a] ?? 0) + 1;
    n++;
  }
  let top: string | null = null;
  for (const [a, c] of Object.entries(counts)) if (top === null || c > counts[top]) top = a;
  return { archetype: top, share: top === null ? null : counts[top] / n, drivers: n, counts };
}

/** The five figures of dna-spec §3 for one definition; null where a figure does not apply to it. */
export interface ValidityFigures {
  definition: 'relative' | 'classic';
  /** Race 1 vs Race 2 of the same track, relative pace (relative: pace_gap_pct of confident races). */
  race_to_race_pace: (Correlation & { measure: string }) | null;
  /** Leave one track out, rank of the pace figure at the held-out track. */
  loto_rank: (LeaveOneTrackOut & { measure: string }) | null;
  /** Race 1 vs Race 2 of the same track, the consistency measure. */
  consistency_reliability: (Correlation & { measure: string }) | null;
  /** The plain coefficient of variation of clean laps, for comparison (relative only). */
  consistency_cv_reliability?: Correlation & { measure: string };
  attendance_invariance: AttendanceInvariance;
  largest_archetype: ArchetypeShare;
}

/** dna-spec §3 figures of the relative definition, from the race figures of every driver. */
export function relativeValidity(racesByDriver: ReadonlyMap<string, readonly RelativeRace[]>, reference: RelativeReference | null): ValidityFigures {
  const raceValues = (pick: (r: RelativeRace) => number | null): RaceValue[] =>
    [...racesByDriver].flatMap(([driver, races]) =>
      races.map((r) => ({ driver, track: r.track, race: r.race, value: r.low_confidence ? null : pick(r) })),
    );
  const profiles = new Map([...racesByDriver].map(([d, races]) => [d, relativeProfileOf(d, races, reference)]));
  const trackValues: TrackValue[] = [...profiles].flatMap(([driver, p]) =>
    p.dna.track_figures.map((t) => ({ driver, track: t.track, value: t.pace_gap_pct })),
  );
  const tracksByDriver = new Map([...profiles].map(([d, p]) => [d, p.dna.track_figures.map((t) => t.track)]));
  return {
    definition: 'relative',
    race_to_race_pace: { measure: 'pace_gap_pct', ...raceToRaceR(raceValues((r) => r.pace_gap_pct)) },
    loto_rank: { measure: 'track pace_gap_pct', ...leaveOneTrackOutRho(trackValues) },
    consistency_reliability: { measure: 'variation_pct', ...raceToRaceR(raceValues((r) => r.variation_pct)) },
    consistency_cv_reliability: { measure: 'consistency_cv_pct', ...raceToRaceR(raceValues((r) => r.consistency_cv_pct)) },
    attendance_invariance: attendanceInvariance(tracksByDriver, (d, dropped) =>
      dropped === null
        ? profiles.get(d)!.archetype
        : relativeProfileOf(d, racesByDriver.get(d)!.filter((r) => r.track !== dropped), reference).archetype,
    ),
    largest_archetype: largestArchetypeShare([...profiles.values()].map((p) => p.archetype)),
  };
}

/**
 * The same figures for the classic definition where they apply: classic pools the races of a track, so it
 * has no per-race pace; its consistency (std_lap_time) is computed per race for the comparison, and its
 * pace figure for the rank test is avg_lap_time (raw seconds, as classic compares them).
 */
export function classicValidity(laps: readonly LapRow[], trackTypes: Record<string, TrackType> = {}): ValidityFigures {
  const { kept } = classicFilter(laps);
  const features = driverTrackFeatures(kept);
  const byRace = new Map<string, LapRow[]>();
  for (const l of kept) {
    const k = `${l.track}\u0000${l.race}`;
    let g = byRace.get(k);
    if (!g) byRace.set(k, (g = []));
    g.push(l);
  }
  const stdValues: RaceValue[] = [...byRace.values()].flatMap((g) =>
    driverTrackFeatures(g).map((f) => ({ driver: f.car_number, track: f.track, race: g[0].race, value: f.std_lap_time })),
  );
  const rowsByDriver = new Map<string, DriverTrackFeatures[]>();
  for (const f of features) {
    let g = rowsByDriver.get(f.car_number);
    if (!g) rowsByDriver.set(f.car_number, (g = []));
    g.push(f);
  }
  const archetypeOf = (d: string, dropped: string | null): string | null => {
    const rows = rowsByDriver.get(d)!.filter((r) => r.track !== dropped);
    return rows.length >= 2 ? classicDnaOf(rows, trackTypes).archetype : null;
  };
  return {
    definition: 'classic',
    race_to_race_pace: null,
    loto_rank: { measure: 'avg_lap_time (s)', ...leaveOneTrackOutRho(features.map((f) => ({ driver: f.car_number, track: f.track, value: f.avg_lap_time }))) },
    consistency_reliability: { measure: 'std_lap_time per race', ...raceToRaceR(stdValues) },
    attendance_invariance: attendanceInvariance(
      new Map([...rowsByDriver].map(([d, rows]) => [d, rows.map((r) => r.track)])),
      archetypeOf,
    ),
    largest_archetype: largestArchetypeShare([...rowsByDriver.keys()].map((d) => archetypeOf(d, null))),
  };
}
