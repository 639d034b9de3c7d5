// Model inputs and targets: the one feature-building function that training (train/) and inference
// (src/model, the worker, the CLI) share. Pure: no tfjs, so the worker and CLI can call it without the
// model code. See docs/models.md "Inputs".
//
// Why these inputs and not the seed's 15 per-driver means: every classic DNA measure is made of the
// spread of a driver's per-track figures across tracks (std0 of avg lap times, std0 of avg speeds, mean of
// 1/σ, per-track-type means). A mean over tracks throws that spread away, so no network could recover
// performance_variance or track_adaptability from it. The inputs here are per-driver summary statistics
// across the driver's tracks (mean, population std, min, max of each per-track figure), the track-type
// coverage and the pace on each track type relative to the driver's own mean. Positive scale quantities
// enter as logarithms: the seed's measures are ratios and reciprocals, which become sums in log space.
//
// Relative inputs are summaries across the driver's tracks of the relative core's per-track figures (each
// already relative to its race's field): mean, population SD, min and max of pace gap, lap-to-lap
// variation, CV, potential and sector strengths, with track-type coverage and pace by type.
import { carNumberId, classicDna, classicFilter, compareCarNumbers, driverTrackFeatures, groupByDriver, type ClassicDnaRow, type DriverTrackFeatures } from './classic-dna';
import { maxOf, npMean, npStd0 } from './numeric';
import { trackType } from './tracks';
import type { RelativeRace } from './relative/race-metrics';
import type { RelativeReference } from './relative/reference';
import { trackFigures, type RelativeDna, type RelativeTrackFigure } from './relative/relative-dna';
import type { Definition, LapRow, TrackType } from './types';

/** How each target enters the model: log(y + offset) or as is (signed quantities). */
export interface TargetSpec {
  names: readonly string[];
  transforms: readonly ('log' | 'asinh' | 'identity')[];
  offsets: readonly number[];
}

/** One driver's model input vector, values in the order of the definition's feature names. */
export interface ModelInputRow {
  /** Integer car number (training groups real drivers by it). */
  driver_id: number;
  /** The car number as written: predictions join the envelope's cars by it. */
  car_number: string;
  values: number[];
}

const TRACK_TYPES: readonly TrackType[] = ['technical', 'high_speed', 'mixed'];

/**
 * Summary statistics across tracks of one per-track figure: mean and population SD. (Min and max were
 * tried too: they are redundant with these and made the regression less precise on held-out drivers.)
 */
const STATS = ['mean', 'sd'] as const;

/** Per-track figures summarised across a driver's tracks (each gives `<name>_<stat>`). */
const PER_TRACK = ['log_avg_lap', 'log_lap_sd', 'log_best_lap', 'log_avg_speed', 'log_top_speed', 'log_lap_count', 'log_sector_imbalance'] as const;

export const CLASSIC_FEATURE_NAMES: readonly string[] = [
  'track_count',
  ...TRACK_TYPES.map((t) => `share_${t}`),
  ...TRACK_TYPES.map((t) => `log_pace_ratio_${t}`),
  // The cross-track aggregates the seed's formulas are built from (natural scale, then log): with them
  // every classic measure is a deterministic function of the inputs, so the model's error is its own.
  'log_mean_avg_lap',
  'log_sd0_avg_lap',
  'log_mean_avg_speed',
  'log_sd0_avg_speed',
  'log_mean_inverse_lap_sd',
  'log_mean_sector_imbalance',
  ...PER_TRACK.flatMap((f) => STATS.map((s) => `${f}_${s}`)),
  'sector_coverage',
];

/**
 * Classic DNA targets the regression predicts: the seed's five, the three track-type performances and
 * the sector balance score (everything the archetype rules and the profile need).
 */
export const CLASSIC_TARGET_NAMES: readonly string[] = [
  'speed_vs_consistency_ratio',
  'track_adaptability',
  'consistency_index',
  'performance_variance',
  'speed_consistency',
  'technical_track_performance',
  'high_speed_track_performance',
  'mixed_track_performance',
  'sector_balance_score',
];

/**
 * Extra classifier inputs read off a (predicted) classic DNA vector: the spread (population SD) and the
 * maximum of the three track-type performances, the two quantities the Track Specialist rule reads. The
 * rule's spread is not a single DNA value, and a small network approximates std0 of three of its inputs
 * poorly; with it the rule's boundary lies along one input. Thresholds are not given: the network learns them.
 */
export const CLASSIC_CLASSIFIER_EXTRA_NAMES: readonly string[] = ['log_track_type_spread', 'log_track_type_max'];

export function classicClassifierExtras(dnaNatural: readonly number[]): number[] {
  const i = CLASSIC_TARGET_NAMES.indexOf('technical_track_performance');
  const perf = [dnaNatural[i], dnaNatural[i + 1], dnaNatural[i + 2]];
  return [Math.log(npStd0(perf) + 1e-4), Math.log(maxOf(perf))];
}

/** Imbalance of one row's sector split: std0 of (s1, s2, s3)/Σs, as in the seed's sector balance; null without sectors. */
function sectorImbalance(r: DriverTrackFeatures): number | null {
  const s = [r.avg_s1, r.avg_s2, r.avg_s3];
  if (!s.every((x) => x !== null && x > 0)) return null;
  const total = s[0]! + s[1]! + s[2]!;
  return npStd0(s.map((x) => x! / total));
}

function stats(values: readonly number[]): number[] {
  return [npMean(values), npStd0(values)];
}

/** The classic input vector of one driver from their driver-track rows (≥ 2 rows, as classic DNA needs). */
export function classicInputVector(rows: readonly DriverTrackFeatures[], trackTypes: Record<string, TrackType> = {}): number[] {
  const L = rows.map((r) => r.avg_lap_time);
  const V = rows.map((r) => r.avg_speed);
  const meanL = npMean(L);
  const types = rows.map((r) => trackType(r.track, trackTypes));
  const shares = TRACK_TYPES.map((t) => types.filter((x) => x === t).length / rows.length);
  // Pace on a type relative to the driver's mean; 0 (the driver's own mean) where the type is missing.
  const paceRatios = TRACK_TYPES.map((t) => {
    const onType = L.filter((_, i) => types[i] === t);
    return onType.length ? Math.log(npMean(onType) / meanL) : 0;
  });
  const imbalance = rows.map(sectorImbalance);
  const withSectors = imbalance.filter((b): b is number => b !== null);
  // No row with sectors: the seed's score is 1.0, i.e. a mean imbalance of 0.999.
  const logImbalance = withSectors.length ? withSectors.map((b) => Math.log(b + 0.001)) : [0];
  const perTrack: Record<(typeof PER_TRACK)[number], number[]> = {
    log_avg_lap: L.map(Math.log),
    log_lap_sd: rows.map((r) => Math.log(r.std_lap_time + 0.001)),
    log_best_lap: rows.map((r) => Math.log(r.min_lap_time)),
    log_avg_speed: V.map(Math.log),
    log_top_speed: rows.map((r) => Math.log(r.max_speed)),
    log_lap_count: rows.map((r) => Math.log(r.lap_count)),
    log_sector_imbalance: logImbalance,
  };
  return [
    rows.length,
    ...shares,
    ...paceRatios,
    Math.log(meanL),
    Math.log(npStd0(L) + 0.001),
    Math.log(npMean(V)),
    Math.log(npStd0(V) + 0.001),
    Math.log(npMean(rows.map((r) => 1 / (r.std_lap_time + 0.001)))),
    Math.log((withSectors.length ? npMean(withSectors) : 0.999) + 0.001),
    ...PER_TRACK.flatMap((f) => stats(perTrack[f])),
    withSectors.length / rows.length,
  ];
}

/** Classic inputs for every driver with ≥ 2 driver-track rows (the drivers classic DNA covers), by driver id. */
export function classicModelInputs(rows: readonly DriverTrackFeatures[], trackTypes: Record<string, TrackType> = {}): ModelInputRow[] {
  return [...groupByDriver(rows).values()]
    .filter((g) => g.length >= 2)
    .map((g) => ({ driver_id: g[0].driver_id, car_number: g[0].car_number, values: classicInputVector(g, trackTypes) }));
}

/** The classic target vector of one exact DNA row, in CLASSIC_TARGET_NAMES order. */
export function classicTargetVector(dna: ClassicDnaRow): number[] {
  return CLASSIC_TARGET_NAMES.map((k) => dna[k as keyof ClassicDnaRow] as number);
}

/** Every classic target is positive: log(y + 1e-4). */
export const CLASSIC_TARGETS: TargetSpec = {
  names: CLASSIC_TARGET_NAMES,
  transforms: CLASSIC_TARGET_NAMES.map(() => 'log'),
  offsets: CLASSIC_TARGET_NAMES.map(() => 1e-4),
};

export interface ClassicDataset {
  inputs: ModelInputRow[];
  /** Exact DNA rows of the same drivers, in the same order (the labels). */
  dna: ClassicDnaRow[];
}

/** Inputs and exact labels from laps, through the same core functions the app uses. */
export function classicDataset(laps: readonly LapRow[], trackTypes: Record<string, TrackType> = {}): ClassicDataset {
  const rows = driverTrackFeatures(classicFilter(laps).kept);
  const inputs = classicModelInputs(rows, trackTypes);
  const dna = classicDna(rows, trackTypes);
  return { inputs, dna };
}

/**
 * Classic model inputs of a set of laps: what the worker and the CLI pass to the classic bundle's
 * `predict` (relative: `relativeModelInputs` on the relative profiles).
 */
export function buildModelInputs(laps: readonly LapRow[], opts: { trackTypes?: Record<string, TrackType> } = {}): ModelInputRow[] {
  return classicModelInputs(driverTrackFeatures(classicFilter(laps).kept), opts.trackTypes);
}

// ── relative ─────────────────────────────────────────────────────────────────────────────────────

type TrackFigure = 'pace_gap_pct' | 'variation_pct' | 'consistency_cv_pct' | 'potential_gap_pct' | 'sector_strength_s1' | 'sector_strength_s2' | 'sector_strength_s3';
const TRACK_FIGURES: readonly TrackFigure[] = ['pace_gap_pct', 'variation_pct', 'consistency_cv_pct', 'potential_gap_pct', 'sector_strength_s1', 'sector_strength_s2', 'sector_strength_s3'];

const POSITIVE_TRACK_FIGURES: readonly TrackFigure[] = ['variation_pct', 'consistency_cv_pct', 'potential_gap_pct'];

/** Scale of the asinh transform of relative pace gaps, in percent (see RELATIVE_TARGETS). */
const RELATIVE_PACE_SCALE_PCT = 0.5;

/** One per-track figure; a sector strength is the sector gap less the lap pace gap, as the relative DNA has it. */
function trackFigure(t: RelativeTrackFigure, f: TrackFigure): number | null {
  if (f.startsWith('sector_strength_')) {
    const sector = t.sector_gap_pct[f.slice(-2) as 's1' | 's2' | 's3'];
    return sector === null || t.pace_gap_pct === null ? null : sector - t.pace_gap_pct;
  }
  return t[f as Exclude<TrackFigure, `sector_strength_${string}`>];
}

export const RELATIVE_FEATURE_NAMES: readonly string[] = [
  'race_count',
  'track_count',
  'share_low_confidence_tracks',
  'mean_log_clean_laps',
  ...TRACK_TYPES.map((t) => `share_${t}`),
  ...TRACK_TYPES.map((t) => `pace_by_type_${t}`),
  ...TRACK_FIGURES.flatMap((f) => STATS.map((s) => `track_${f}_${s}`)),
];

export const RELATIVE_TARGET_NAMES: readonly string[] = [
  'pace_gap_pct',
  'variation_pct',
  'consistency_cv_pct',
  'potential_gap_pct',
  'adaptability_pp',
  'sector_strength_s1',
  'sector_strength_s2',
  'sector_strength_s3',
];

/**
 * Variation, CV, potential and adaptability are positive percentages: log(y + 0.01). The pace gap is signed
 * and right-skewed (−0.8 % to 5 %, the Speed Demon threshold near 0.3 %): asinh(y / 0.5) keeps resolution
 * where the threshold is. Sector strengths are small and signed: as they are.
 */
export const RELATIVE_TARGETS: TargetSpec = {
  names: RELATIVE_TARGET_NAMES,
  transforms: ['asinh', 'log', 'log', 'log', 'log', 'identity', 'identity', 'identity'],
  offsets: [RELATIVE_PACE_SCALE_PCT, 0.01, 0.01, 0.01, 0.01, 0, 0, 0],
};

/** Per-track figures of the relative core (races averaged per track), tracks with a relative pace only. */
function pacedTracks(races: readonly RelativeRace[]): RelativeTrackFigure[] {
  return trackFigures(races).filter((t) => t.pace_gap_pct !== null);
}

/** Number of tracks with a relative pace: the relative model covers drivers with two or more (adaptability needs them). */
export function relativePacedTracks(races: readonly RelativeRace[]): number {
  return pacedTracks(races).length;
}

/**
 * The relative input vector of one driver: summaries across tracks of the relative core's own per-track
 * figures (trackFigures), plus coverage. The relative DNA measures are themselves means and spreads of
 * these figures, so the regression is close to the identity; what the networks learn is the archetype
 * boundary against the reference population.
 */
export function relativeInputVector(races: readonly RelativeRace[]): number[] {
  const tracks = pacedTracks(races);
  const paces = tracks.map((t) => t.pace_gap_pct!);
  const meanPace = npMean(paces);
  const shares = TRACK_TYPES.map((type) => tracks.filter((t) => t.track_type === type).length / tracks.length);
  const byType = TRACK_TYPES.map((type) => {
    const on = tracks.filter((t) => t.track_type === type).map((t) => t.pace_gap_pct!);
    return on.length ? npMean(on) - meanPace : 0;
  });
  const counted = races.filter((r) => r.clean_laps > 0);
  // As the targets: positive figures and every spread enter as log(x + 0.01), the pace gap as asinh(x / 0.5),
  // sector strengths as they are.
  const lg = (x: number) => Math.log(x + 0.01);
  const figures = TRACK_FIGURES.flatMap((f) => {
    const v = tracks.map((t) => trackFigure(t, f)).filter((x): x is number => x !== null);
    if (!v.length) return [0, 0];
    const [m, sd] = stats(v);
    const centre = POSITIVE_TRACK_FIGURES.includes(f) ? lg(m) : f === 'pace_gap_pct' ? Math.asinh(m / RELATIVE_PACE_SCALE_PCT) : m;
    return [centre, lg(sd)];
  });
  return [
    tracks.reduce((s, t) => s + t.races, 0),
    tracks.length,
    tracks.filter((t) => t.low_confidence).length / tracks.length,
    npMean(counted.map((r) => Math.log(r.clean_laps))),
    ...shares,
    ...byType,
    ...figures,
  ];
}

/** Relative inputs of every driver with relative pace on ≥ 2 tracks (e.g. `envelope.drivers[i].relative`). */
export function relativeModelInputs(profiles: readonly { car_number: string; races: readonly RelativeRace[] }[]): ModelInputRow[] {
  return profiles
    .filter((p) => relativePacedTracks(p.races) >= 2)
    .map((p) => ({ driver_id: carNumberId(p.car_number), car_number: p.car_number, values: relativeInputVector(p.races) }))
    .sort((a, b) => compareCarNumbers(a.car_number, b.car_number));
}

/**
 * Model inputs of people (envelope `people`), as for cars: those with relative pace on two tracks or more.
 * A row's `car_number` carries the person's `driver_key`, the key their predictions join by
 * (attachPersonPredictions); `driver_id` is the person's position in the list.
 */
export function personModelInputs(people: readonly { driver_key: string; relative: { races: readonly RelativeRace[] } }[]): ModelInputRow[] {
  return people.flatMap((p, i) =>
    relativePacedTracks(p.relative.races) >= 2 ? [{ driver_id: i, car_number: p.driver_key, values: relativeInputVector(p.relative.races) }] : [],
  );
}

/** The relative target vector of an exact DNA, or null when a target is missing (one track, no sectors). */
export function relativeTargetVector(dna: RelativeDna): number[] | null {
  const v = [
    dna.pace_gap_pct,
    dna.variation_pct,
    dna.consistency_cv_pct,
    dna.potential_gap_pct,
    dna.adaptability_pp,
    dna.sector_strength_pct.s1,
    dna.sector_strength_pct.s2,
    dna.sector_strength_pct.s3,
  ];
  return v.every((x): x is number => x !== null) ? v : null;
}

/**
 * Extra classifier input read off a (predicted) relative DNA: what the pace fit of the reference leaves of
 * adaptability (the quantity the Track Specialist trait reads, before its scale and threshold).
 */
export const RELATIVE_CLASSIFIER_EXTRA_NAMES: readonly string[] = ['specialisation_residual_pp'];

export function relativeClassifierExtras(dnaNatural: readonly number[], reference: RelativeReference | null): number[] {
  const fit = reference?.fits.adaptability_vs_pace;
  const pace = dnaNatural[RELATIVE_TARGET_NAMES.indexOf('pace_gap_pct')];
  const adapt = dnaNatural[RELATIVE_TARGET_NAMES.indexOf('adaptability_pp')];
  return [fit ? adapt - fit.intercept - fit.slope * pace : adapt];
}

// ── both definitions ─────────────────────────────────────────────────────────────────────────────

export function featureNames(definition: Definition): readonly string[] {
  return definition === 'classic' ? CLASSIC_FEATURE_NAMES : RELATIVE_FEATURE_NAMES;
}

export function targetSpec(definition: Definition): TargetSpec {
  return definition === 'classic' ? CLASSIC_TARGETS : RELATIVE_TARGETS;
}

/** Extra classifier inputs of a definition, shared by trainer and bundle. */
export function classifierExtraNames(definition: Definition): readonly string[] {
  return definition === 'classic' ? CLASSIC_CLASSIFIER_EXTRA_NAMES : RELATIVE_CLASSIFIER_EXTRA_NAMES;
}

export function classifierExtras(definition: Definition, dnaNatural: readonly number[], reference: RelativeReference | null = null): number[] {
  return definition === 'classic' ? classicClassifierExtras(dnaNatural) : relativeClassifierExtras(dnaNatural, reference);
}
