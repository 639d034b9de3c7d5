// "How is this calculated": one line per figure, the formula and its source. Classic lines follow
// dna-spec §1 (the seed's rules, reproduced exactly); relative lines are the relative core's own texts
// (core/relative/formulas.ts), so the page and the code cannot drift apart.
import { RELATIVE_FORMULAS } from '../../core/relative/formulas';
export interface Explanation {
  label: string;
  formula: string;
  /** One plain sentence of what the figure means for driving (seconds where it can), said before the formula. */
  meaning?: string;
  /** Unit of the number as shown. */
  unit?: string;
}

export const CLASSIC_EXPLAIN: Record<string, Explanation> = {
  speed_vs_consistency_ratio: { label: 'Speed vs consistency ratio', formula: 'mean(avg speed per track) / (population sd of avg lap time per track + 0.001). Seed formula; laps 30–300 s and 50–400 km/h only.' },
  track_adaptability: { label: 'Track adaptability', formula: '1 / (performance variance + 0.001).' },
  consistency_index: { label: 'Consistency index', formula: 'mean over tracks of 1 / (sample sd of lap time at the track + 0.001). Caution and pit laps are included (seed).' },
  performance_variance: { label: 'Performance variance', formula: 'population sd of avg lap time per track / (mean of them + 0.001): compares raw lap times across tracks of different length.' },
  speed_consistency: { label: 'Speed consistency', formula: 'population sd of avg speed per track / (mean avg speed + 0.001).' },
  sector_balance_score: { label: 'Sector balance score', formula: '1 / (mean over tracks of sd(S1, S2, S3 as shares of their sum) + 0.001); describes the layout more than the driver.' },
  track_specialization: { label: 'Track-type performance', formula: 'overall mean lap time / (mean lap time on tracks of the type + 0.001); 1.0 when no track of the type.' },
  technical_track_performance: { label: 'Technical-track performance', formula: 'overall mean lap time / (mean lap time on technical tracks: barber, Sebring, Sonoma + 0.001); 1.0 when none.' },
  high_speed_track_performance: { label: 'High-speed-track performance', formula: 'overall mean lap time / (mean lap time on high-speed tracks: Road America + 0.001); 1.0 when none.' },
  mixed_track_performance: { label: 'Mixed-track performance', formula: 'overall mean lap time / (mean lap time on mixed tracks: COTA, VIR and unknown tracks + 0.001); 1.0 when none.' },
  archetype: {
    label: 'Archetype (classic)',
    formula: 'First rule that matches: sd(tech, high, mixed) > 0.08 and max > 1.05 → Track Specialist; ratio > 10 and speed consistency > 0.05 → Speed Demon; consistency index > 0.08 and variance < 0.015, or variance < 0.01 → Consistency Master; else Balanced Racer. Needs 2 tracks.',
  },
  avg_lap_time: { label: 'Average lap time', formula: 'mean of the kept laps at the track, rounded to 3 decimals.' },
  consistency: { label: 'Consistency (per track)', formula: 'sample sd of lap time at the track (lower is steadier).' },
};

const CLASSIC_MEANING: Record<string, { meaning: string; unit: string }> = {
  speed_vs_consistency_ratio: { meaning: "The seed's mix of speed and steadiness: high when the average speed is high and the average lap time barely changes from track to track (it compares tracks of different length, so it says more about the calendar than the driving).", unit: 'km/h per s' },
  track_adaptability: { meaning: 'High when the average lap time changes little, relative to its size, from track to track.', unit: 'index' },
  consistency_index: { meaning: 'High when lap times at each track scatter little (caution and pit laps included, as the seed did).', unit: '1/s' },
  performance_variance: { meaning: 'How much the average lap time differs between tracks, as a share of the mean (mostly the track lengths).', unit: 'ratio' },
  speed_consistency: { meaning: 'How much the average speed differs between tracks, as a share of the mean.', unit: 'ratio' },
  sector_balance_score: { meaning: 'High when the three sectors take similar shares of the lap; it describes the track layout more than the driver.', unit: 'index' },
  track_specialization: { meaning: 'Above 1 when the driver laps faster than the own average on tracks of this type.', unit: 'ratio' },
  technical_track_performance: { meaning: 'Above 1 when the driver is faster than the own average on technical tracks.', unit: 'ratio' },
  high_speed_track_performance: { meaning: 'Above 1 when the driver is faster than the own average on high-speed tracks.', unit: 'ratio' },
  mixed_track_performance: { meaning: 'Above 1 when the driver is faster than the own average on mixed tracks.', unit: 'ratio' },
  archetype: { meaning: "The seed's one-word summary, decided by fixed thresholds in a fixed order.", unit: '' },
  avg_lap_time: { meaning: 'The average lap at the track, every kept lap counted.', unit: 'm:ss.mmm' },
  consistency: { meaning: 'How much lap times scatter at the track: 1.5 means laps typically land within about ±1.5 s.', unit: 's' },
};
for (const [k, m] of Object.entries(CLASSIC_MEANING)) Object.assign(CLASSIC_EXPLAIN[k], m);

/** Labels of the relative figures; the formula texts come from the relative core (RELATIVE_FORMULAS). */
const RELATIVE_LABELS: Record<string, string> = {
  pace_gap_pct: 'Pace gap to the field',
  dna_pace_gap_pct: 'Pace gap to the field',
  consistency_cv_pct: 'Lap-time spread (CV)',
  dna_consistency_cv_pct: 'Lap-time spread (CV)',
  variation_pct: 'Lap-to-lap variation',
  dna_variation_pct: 'Lap-to-lap variation',
  potential_gap_pct: 'Untapped potential',
  dna_potential_gap_pct: 'Untapped potential',
  top_speed_gap_pct: 'Top speed vs field',
  dna_top_speed_gap_pct: 'Top speed vs field',
  sector_gap_pct: 'Sector gap',
  sector_strength_pct: 'Sector strength',
  dna_sector_strength_pct: 'Sector strength',
  specialisation_pp_technical: 'Technical tracks vs own mean',
  sector_complete_laps: 'Laps with every sector',
  provisional: 'Provisional',
  adaptability_pp: 'Adaptability (spread of track pace)',
  dna_adaptability_pp: 'Adaptability (spread of track pace)',
  specialisation_pp: 'Track-type specialisation',
  specialisation_advantage_pp: 'Best track type advantage',
  dna_specialisation_advantage_pp: 'Best track type advantage',
  clean_laps: 'Clean laps',
  archetype: 'Archetype (relative)',
  archetype_scores: 'Archetype scores',
  speed_z: 'Speed trait',
  consistency_z: 'Lap-to-lap consistency trait',
  specialisation_z: 'Track specialisation trait',
  best_lap_s: 'Best clean lap',
  theoretical_best_s: 'Theoretical best',
};

/**
 * What each figure means for driving, in one plain sentence (seconds where it can), and its unit. The
 * formula follows it in "How is this calculated?".
 */
const MEANING: Record<string, { meaning: string; unit: string }> = {
  pace_gap_pct: { meaning: 'How much slower than the front of the field the car laps: +1 % is about 1.3 s a lap on a 2:10 lap; negative is faster than the front.', unit: '% of a lap' },
  consistency_cv_pct: { meaning: 'How much whole clean laps scatter around their average: 0.5 % on a 2:10 lap means laps typically land within about ±0.65 s.', unit: '% of a lap' },
  variation_pct: { meaning: 'How much the sector times change from one clean lap to the next: 0.5 % on a 2:10 lap is about 0.65 s of change per lap, summed over the three sectors.', unit: '% of a lap' },
  potential_gap_pct: { meaning: 'How far a typical clean lap is from the car\'s own best sectors put together: 1 % on a 2:10 lap is about 1.3 s a lap left on the table.', unit: '% of a lap' },
  top_speed_gap_pct: { meaning: 'How much faster (positive) or slower the car is at the speed trap than the field\'s median.', unit: '% of top speed' },
  sector_gap_pct: { meaning: 'How much slower than the front of the field the car is in each sector (the median of the 5 fastest, not the single best).', unit: '% of the sector' },
  sector_strength_pct: { meaning: 'Where on the lap the driver gains or loses compared with the own pace: −0.3 points in S2 means S2 is 0.3 % better than the rest of the lap.', unit: 'percentage points' },
  adaptability_pp: { meaning: 'How much the pace gap changes from one track to another: 0.2 points means the driver is about as far from the front everywhere.', unit: 'percentage points' },
  specialisation_pp: { meaning: 'How much better (negative) or worse the driver is on each kind of track than on average.', unit: 'percentage points' },
  specialisation_advantage_pp: { meaning: 'How much better the driver is on the best kind of track than on average.', unit: 'percentage points' },
  speed_z: { meaning: 'How fast the driver is compared with the real 2025 season: 0 = the typical driver, +1 = clearly quicker; 0.67 or more makes a Speed Demon.', unit: 'z (spreads of the season)' },
  consistency_z: { meaning: 'How steady the driver is from one lap to the next compared with the real 2025 season: 0.67 or more makes a Consistency Master.', unit: 'z (spreads of the season)' },
  specialisation_z: { meaning: 'How much more the pace depends on the track than for drivers of the same pace: 0.67 or more makes a Track Specialist.', unit: 'z (spreads of the season)' },
  archetype: { meaning: 'A one-word summary of the driver\'s strongest trait against the real 2025 season.', unit: '' },
  archetype_scores: { meaning: 'How close each trait is to making its archetype: 0.50 is exactly on the line.', unit: '0–1' },
  clean_laps: { meaning: 'The laps that show the driver\'s own pace: no caution, no pit stop, no first lap, nothing much slower than the own best.', unit: 'laps' },
  theoretical_best_s: { meaning: 'The lap the driver could do by joining up the own best sectors; never slower than the best lap really driven.', unit: 'm:ss.mmm' },
  best_lap_s: { meaning: 'The fastest clean lap.', unit: 'm:ss.mmm' },
  provisional: { meaning: 'The figures rest on little data (one race or few clean laps): the archetype may change with the next race.', unit: '' },
};

/** App-level figures that are not in the core's table. */
const APP_EXPLAIN: Record<string, Explanation> = {
  radar: {
    label: 'DNA radar',
    meaning: 'Where the driver ranks in this analysis on each figure: the outer ring is the best of the field, the centre the worst.',
    formula: "each axis is the driver's percentile (0–100) among the drivers of this analysis, turned so that outward is better (faster, steadier, more adaptable). Lap-to-lap steadiness reads the lap-to-lap variation, not the lap-time spread (CV).",
  },
  agreement: {
    label: 'Model',
    meaning: 'A second opinion: a small network trained to reproduce the rules says whether it reads the figures the same way.',
    formula: "the model's archetype (TensorFlow.js, on this device) against the archetype of the exact rules. The exact rules decide; the Model page shows both side by side with the model's figures.",
  },
};

export const RELATIVE_EXPLAIN: Record<string, Explanation> = {
  ...Object.fromEntries(
    Object.entries(RELATIVE_FORMULAS as Record<string, string>).map(([k, formula]) => {
      const bare = k.replace(/^dna_/, '');
      const m = MEANING[k] ?? MEANING[bare];
      return [k, { label: RELATIVE_LABELS[k] ?? RELATIVE_LABELS[bare] ?? bare.replace(/_/g, ' '), formula, meaning: m?.meaning, unit: m?.unit }];
    }),
  ),
  ...APP_EXPLAIN,
};

export function explain(def: 'relative' | 'classic', key: string): Explanation | undefined {
  if (def === 'relative') return RELATIVE_EXPLAIN[key] ?? RELATIVE_EXPLAIN[`dna_${key}`] ?? CLASSIC_EXPLAIN[key];
  return CLASSIC_EXPLAIN[key] ?? APP_EXPLAIN[key];
}
