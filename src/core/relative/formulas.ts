// One line per figure for the UI's "how is this calculated". Keys: a RelativeRace or RelativeProfile field
// by its name (`pace_gap_pct`, `archetype`, `speed_z`); a RelativeDna field as `dna_<name>`
// (`dna_pace_gap_pct`, `dna_adaptability_pp`), also for its nested values (`dna_sector_strength_pct`).
import { ARCHETYPE_SCORE_WIDTH_Z, ARCHETYPE_Z_THRESHOLD } from './archetypes';
import { CAUTION_RULE_TEXT, DEFAULT_SLOW_FACTOR } from './clean-laps';
import { MIN_PERSON_CLEAN_LAPS } from './people';
import { FIELD_TOP_K, MIN_CLEAN_LAPS, PACE_FRACTION } from './race-metrics';

const half = PACE_FRACTION === 0.5 ? 'faster half' : `fastest ${Math.round(PACE_FRACTION * 100)}%`;

/** The formula texts for a given slow factor (the one setting a caller may change). */
export function relativeFormulas(slowFactor = DEFAULT_SLOW_FACTOR) {
  const slowPct = Math.round(slowFactor * 1000) / 10;
  return {
    // clean laps
    clean_laps: `laps left after dropping no-time, lap 1, caution (${CAUTION_RULE_TEXT} at the line), pit-in, pit-out, restart (first green lap after a caution) and slow (> ${slowPct}% of the car's best clean lap of the race) laps`,
    excluded: 'count of dropped laps per reason; a lap carries the first rule that drops it, in the order listed under clean_laps',
    low_confidence: `fewer than ${MIN_CLEAN_LAPS} clean laps in the race; such a race does not set the field reference and counts for a track only when no other race there has enough; for a person (a driver within a car): fewer than ${MIN_PERSON_CLEAN_LAPS} clean laps of their own, and such a race counts only when the person has no race with enough`,
    shared_car_number: 'the file lists more than one car under this number (lap numbers restart); their laps are pooled under the number',
    rules_applied: 'clean-lap rules whose columns the file has; a rule needing a missing column is skipped',
    // per race
    class: "the car's class in the race (CLASS, the value most of its laps carry): its field; none when the file has no class and the whole race is the field",
    field_cars: 'cars in the field: the cars of this class in the race (or of the whole race without classes)',
    median_lap_s: 'median of the clean lap times',
    best_lap_s: 'fastest clean lap',
    pace_lap_s: `pace = mean of the ${half} of the clean lap times (rounded up: 7 laps → 4)`,
    field_reference_s: `field reference = the median pace of the ${FIELD_TOP_K} fastest cars of the field (the car's class in the race) with at least ${MIN_CLEAN_LAPS} clean laps (pace = mean of the ${half} of a driver's clean laps)`,
    pace_gap_pct: `100 × (pace − field reference) / field reference, where pace = mean of the ${half} of the driver's clean laps and field reference = the median pace of the ${FIELD_TOP_K} fastest cars of its field (its class in the race); 0 = the front of the field, lower is faster`,
    pace_gap_s: 'pace − field reference, in seconds (pace and field reference as in the pace gap)',
    consistency_cv_pct: 'lap-time spread (CV) = 100 × standard deviation / mean of the clean lap times (population sd): how far whole laps scatter around their mean',
    variation_pct: 'lap-to-lap variation = 100 × (sum over S1, S2, S3 of the mean change of the sector time from one clean lap to the next, ignoring its sign) / the median clean lap time',
    sector_complete_laps: 'clean laps with all three sector times: the laps the theoretical best reads (fewer than the clean laps = sectors missing in the file)',
    theoretical_best_s: "best S1 + best S2 + best S3 over the clean laps that have all three sector times, capped at the best clean lap (never slower than a lap really driven); none when no clean lap has every sector",
    potential_gap_pct: 'untapped potential = 100 × (median clean lap − theoretical best) / theoretical best, where theoretical best = best S1 + best S2 + best S3 over the clean laps with all three sectors, capped at the best clean lap',
    sector_gap_pct: `per sector, 100 × (sector pace − sector reference) / sector reference, where sector pace = mean of the ${half} of the driver's clean sector times and sector reference = the median sector pace of the race's ${FIELD_TOP_K} fastest drivers (not the single best)`,
    sector_gap_s: `per sector, the sector pace (mean of the ${half} of the clean sector times) minus the sector reference (median sector pace of the ${FIELD_TOP_K} fastest), in seconds`,
    top_speed_kph: 'median TOP_SPEED over the clean laps',
    top_speed_gap_pct: '100 × (driver\'s median top speed over clean laps − the median of the field\'s top speeds) / that median; higher is faster on the straight',
    // across races
    dna_races: 'races with at least one clean lap',
    dna_tracks: 'tracks with at least one clean lap',
    dna_low_confidence: `every track figure rests on races with fewer than ${MIN_CLEAN_LAPS} clean laps`,
    dna_track_figures: 'per track, the mean of its races (confident races; low-confidence races only where no other race exists)',
    dna_pace_gap_pct: 'mean over tracks of the track pace gap (a track\'s figure is the mean of its races; each track weighs the same, however many races it had)',
    dna_variation_pct: 'mean over tracks of the track lap-to-lap variation (sector-time change between successive clean laps, % of the median lap)',
    dna_consistency_cv_pct: 'mean over tracks of the track lap-time spread (CV: 100 × sd / mean of the clean laps)',
    dna_potential_gap_pct: 'mean over tracks of the track untapped potential (median clean lap vs the theoretical best, %)',
    dna_top_speed_gap_pct: 'mean over tracks of the track top-speed gap to the field median, where the file has top speeds',
    dna_sector_strength_pct: 'per sector, mean over tracks of (sector gap − pace gap), both in % of the field reference; negative = the driver gains time in that sector compared with the rest of the lap',
    dna_strongest_sector: 'the sector with the lowest sector strength (most time gained)',
    dna_weakest_sector: 'the sector with the highest sector strength (most time lost)',
    dna_adaptability_pp: 'population standard deviation of the driver\'s pace gap (%) over tracks, in percentage points (needs 2 tracks or more); lower = more adaptable',
    dna_specialisation_pp: 'per track type (technical, high-speed, mixed), the mean pace gap on tracks of that type minus the driver\'s overall pace gap, in percentage points (needs 2 tracks); negative = better there',
    dna_specialisation_advantage_pp: 'minus the lowest track-type figure over the types raced (needs tracks of 2 types): how many points better the best type is than the driver\'s mean',
    dna_best_track_type: 'the track type where the driver is best compared with the own mean',
    provisional: 'thin data: fewer than two races with a clean lap, fewer than 20 clean laps in all, or only races under the clean-lap threshold; the archetype and figures may move with more races',
    // archetypes
    speed_z: 'speed z = −(pace gap − reference median) / reference spread, where the reference is the real 2025 GR Cup season (or the class of the car, when it has 15 cars or more) and spread = interquartile range / 1.349 (the standard deviation a normal distribution with that range would have); +1 = one spread faster than the typical driver. For a person: z = the normal quantile of the share of the reference that is slower (rank-based), because a class\'s drivers are professionals and amateurs in two groups',
    consistency_z: 'consistency z = −(lap-to-lap variation − reference median) / reference spread (spread = interquartile range / 1.349 over the reference: the real 2025 season, or the class of the car when it has 15+ cars); +1 = one spread steadier than the typical driver. For a person: rank-based, as for speed z',
    specialisation_z: 'specialisation z = how much more the pace varies from track to track than for drivers of the same pace: (adaptability − the adaptability expected at this pace gap − the reference median of that difference) / its spread; the expected adaptability is a straight line through the reference season fitted by medians of slopes (Theil–Sen), spread = interquartile range / 1.349',
    archetype: `rules checked in this order, the first that matches wins: Speed Demon if speed z ≥ ${ARCHETYPE_Z_THRESHOLD}; Consistency Master if consistency z ≥ ${ARCHETYPE_Z_THRESHOLD}; Track Specialist if specialisation z ≥ ${ARCHETYPE_Z_THRESHOLD}; else Balanced Racer (${ARCHETYPE_Z_THRESHOLD} = the top quarter of the reference population)`,
    archetype_scores: `per trait archetype, score = 1 / (1 + exp(−(z − ${ARCHETYPE_Z_THRESHOLD}) / ${ARCHETYPE_SCORE_WIDTH_Z})), z being the trait's z (0.5 = exactly at the threshold; 0 when the trait is missing); Balanced Racer = 1 − the highest of the three`,
  } as const;
}

/** The formula texts at the default settings. */
export const RELATIVE_FORMULAS = relativeFormulas();

export type RelativeFormulaKey = keyof typeof RELATIVE_FORMULAS;
