// "How is this calculated": one line per figure, the formula and its source. Classic lines follow
// dna-spec §1 (the seed's rules, reproduced exactly); relative lines are the relative core's own texts
// (core/relative/formulas.ts), so the page and the code cannot drift apart.
import { RELATIVE_FORMULAS } from '../../core/relative/formulas';
export interface Explanation {
  label: string;
  formula: string;
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

/** Labels of the relative figures; the formula texts come from the relative core (RELATIVE_FORMULAS). */
const RELATIVE_LABELS: Record<string, string> = {
  pace_gap_pct: 'Pace gap to the field',
  dna_pace_gap_pct: 'Pace gap to the field',
  consistency_cv_pct: 'Consistency (CV of clean laps)',
  dna_consistency_cv_pct: 'Consistency (CV of clean laps)',
  variation_pct: 'Lap-to-lap variation',
  dna_variation_pct: 'Lap-to-lap variation',
  potential_gap_pct: 'Untapped potential',
  dna_potential_gap_pct: 'Untapped potential',
  top_speed_gap_pct: 'Top speed vs field',
  dna_top_speed_gap_pct: 'Top speed vs field',
  sector_gap_pct: 'Sector gap',
  sector_strength_pct: 'Sector strength',
  adaptability_pp: 'Adaptability (spread of track pace)',
  dna_adaptability_pp: 'Adaptability (spread of track pace)',
  specialisation_pp: 'Track-type specialisation',
  specialisation_advantage_pp: 'Best track type advantage',
  dna_specialisation_advantage_pp: 'Best track type advantage',
  clean_laps: 'Clean laps',
  archetype: 'Archetype (relative)',
  archetype_scores: 'Archetype scores',
  speed_z: 'Speed trait (z)',
  consistency_z: 'Consistency trait (z)',
  specialisation_z: 'Specialisation trait (z)',
  best_lap_s: 'Best clean lap',
  theoretical_best_s: 'Theoretical best',
};

/** App-level figures that are not in the core's table. */
const APP_EXPLAIN: Record<string, Explanation> = {
  radar: { label: 'DNA radar', formula: "Each axis is the driver's percentile among the drivers of this analysis, turned so that outward is better (faster, steadier, more adaptable)." },
  agreement: { label: 'Model vs exact', formula: "The model's archetype (tfjs, in the worker) against the archetype of the exact rules. Exact values always win; the model is shown beside them." },
};

export const RELATIVE_EXPLAIN: Record<string, Explanation> = {
  ...Object.fromEntries(
    Object.entries(RELATIVE_FORMULAS as Record<string, string>).map(([k, formula]) => [k, { label: RELATIVE_LABELS[k] ?? RELATIVE_LABELS[k.replace(/^dna_/, '')] ?? k.replace(/^dna_/, '').replace(/_/g, ' '), formula }]),
  ),
  ...APP_EXPLAIN,
};

export function explain(def: 'relative' | 'classic', key: string): Explanation | undefined {
  if (def === 'relative') return RELATIVE_EXPLAIN[key] ?? RELATIVE_EXPLAIN[`dna_${key}`] ?? CLASSIC_EXPLAIN[key];
  return CLASSIC_EXPLAIN[key] ?? APP_EXPLAIN[key];
}
