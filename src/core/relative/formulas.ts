// One line per figure for the UI's "how is this calculated". Keys: a RelativeRace or RelativeProfile field
// by its name (`pace_gap_pct`, `archetype`, `speed_z`); a RelativeDna field as `dna_<name>`
// (`dna_pace_gap_pct`, `dna_adaptability_pp`), also for its nested values (`dna_sector_strength_pct`).
import { ARCHETYPE_SCORE_WIDTH_Z, ARCHETYPE_Z_THRESHOLD } from './archetypes';
import { CAUTION_RULE_TEXT, DEFAULT_SLOW_FACTOR } from './clean-laps';
import { FIELD_TOP_K, MIN_CLEAN_LAPS, PACE_FRACTION } from './race-metrics';

const half = PACE_FRACTION === 0.5 ? 'faster half' : `fastest ${Math.round(PACE_FRACTION * 100)}%`;

/** The formula texts for a given slow factor (the one setting a caller may change). */
export function relativeFormulas(slowFactor = DEFAULT_SLOW_FACTOR) {
  const slowPct = Math.round(slowFactor * 1000) / 10;
  return {
    // clean laps
    clean_laps: `laps left after dropping no-time, lap 1, caution (${CAUTION_RULE_TEXT} at the line), pit-in, pit-out, restart (first green lap after a caution) and slow (> ${slowPct}% of the car's best clean lap of the race) laps`,
    excluded: 'count of dropped laps per reason; a lap carries the first rule that drops it, in the order listed under clean_laps',
    low_confidence: `fewer than ${MIN_CLEAN_LAPS} clean laps in the race; such a race does not set the field reference and counts for a track only when no other race there has enough`,
    shared_car_number: 'the file lists more than one car under this number (lap numbers restart); their laps are pooled under the number',
    rules_applied: 'clean-lap rules whose columns the file has; a rule needing a missing column is skipped',
    // per race
    class: "the car's class in the race (CLASS, the value most of its laps carry): its field; none when the file has no class and the whole race is the field",
    field_cars: 'cars in the field: the cars of this class in the race (or of the whole race without classes)',
    median_lap_s: 'median of the clean lap times',
    best_lap_s: 'fastest clean lap',
    pace_lap_s: `mean of the ${half} of the clean lap times (rounded up: 7 laps → 4)`,
    field_reference_s: `median pace_lap_s of the ${FIELD_TOP_K} fastest cars of the field (the car's class in the race) with at least ${MIN_CLEAN_LAPS} clean laps`,
    pace_gap_pct: '100 × (pace_lap_s − field_reference_s) / field_reference_s; 0 = the front of the field, lower is faster',
    pace_gap_s: 'pace_lap_s − field_reference_s: the pace gap in seconds',
    consistency_cv_pct: '100 × standard deviation / mean of the clean lap times (population sd)',
    variation_pct: '100 × Σ over S1, S2, S3 of the mean |change of the sector time between successive clean laps| / median_lap_s',
    sector_complete_laps: 'clean laps with all three sector times: the laps the theoretical best reads (fewer than the clean laps = sectors missing in the file)',
    theoretical_best_s: "best S1 + best S2 + best S3 over the clean laps that have all three sector times, capped at the best clean lap (never slower than a lap really driven); none when no clean lap has every sector",
    potential_gap_pct: '100 × (median_lap_s − theoretical_best_s) / theoretical_best_s ("untapped potential")',
    sector_gap_pct: `per sector, as pace_gap_pct on sector times: mean of the ${half} of the clean sector times against the median of the ${FIELD_TOP_K} fastest drivers`,
    sector_gap_s: 'per sector, the sector pace (mean of the faster half of the clean sector times) minus the field reference of that sector, seconds',
    top_speed_kph: 'median TOP_SPEED over the clean laps',
    top_speed_gap_pct: '100 × (top_speed_kph − median top_speed_kph of the field) / that median; higher is faster on the straight',
    // across races
    dna_races: 'races with at least one clean lap',
    dna_tracks: 'tracks with at least one clean lap',
    dna_low_confidence: `every track figure rests on races with fewer than ${MIN_CLEAN_LAPS} clean laps`,
    dna_track_figures: 'per track, the mean of its races (confident races; low-confidence races only where no other race exists)',
    dna_pace_gap_pct: 'mean over tracks of the track pace_gap_pct (each track weighs the same, however many races it had)',
    dna_variation_pct: 'mean over tracks of the track variation_pct',
    dna_consistency_cv_pct: 'mean over tracks of the track consistency_cv_pct',
    dna_potential_gap_pct: 'mean over tracks of the track potential_gap_pct',
    dna_top_speed_gap_pct: 'mean over tracks of the track top_speed_gap_pct, where TOP_SPEED exists',
    dna_sector_strength_pct: 'per sector, mean over tracks of (sector_gap_pct − pace_gap_pct); negative = the driver gains time there',
    dna_strongest_sector: 'the sector with the lowest sector_strength_pct',
    dna_weakest_sector: 'the sector with the highest sector_strength_pct',
    dna_adaptability_pp: 'population standard deviation of the track pace_gap_pct values (≥ 2 tracks); lower = more adaptable',
    dna_specialisation_pp: 'per track type, mean pace_gap_pct on tracks of that type − the driver\'s pace_gap_pct (≥ 2 tracks); negative = better there',
    dna_specialisation_advantage_pp: 'minus the lowest specialisation_pp over the types raced (tracks of ≥ 2 types): how much better the best type is',
    dna_best_track_type: 'the track type with the lowest specialisation_pp',
    provisional: 'thin data: fewer than two races with a clean lap, fewer than 20 clean laps in all, or only races under the clean-lap threshold; the archetype and figures may move with more races',
    // archetypes
    speed_z: '−(pace_gap_pct − reference median) / (reference IQR / 1.349)',
    consistency_z: '−(variation_pct − reference median) / (reference IQR / 1.349)',
    specialisation_z: '(adaptability_pp − (a + b × pace_gap_pct) − reference residual median) / (residual IQR / 1.349); a, b = Theil–Sen fit over the reference season',
    archetype: `first match: Speed Demon if speed_z ≥ ${ARCHETYPE_Z_THRESHOLD}; Consistency Master if consistency_z ≥ ${ARCHETYPE_Z_THRESHOLD}; Track Specialist if specialisation_z ≥ ${ARCHETYPE_Z_THRESHOLD}; else Balanced Racer`,
    archetype_scores: `per trait archetype 1 / (1 + exp(−(z − ${ARCHETYPE_Z_THRESHOLD}) / ${ARCHETYPE_SCORE_WIDTH_Z})) (0.5 = at the threshold; 0 when the trait is missing); Balanced Racer = 1 − the highest of the three`,
  } as const;
}

/** The formula texts at the default settings. */
export const RELATIVE_FORMULAS = relativeFormulas();

export type RelativeFormulaKey = keyof typeof RELATIVE_FORMULAS;
