// The seed's four archetype names, redefined on the relative DNA against a reference population
// (docs/relative-dna.md). Three traits, each a robust z against the reference season:
//   speed           = how far ahead of the reference median the driver's pace gap is
//   consistency     = how much less the laps vary lap to lap than the reference median
//   specialisation  = how much more the pace varies across tracks than for drivers of the same pace
// Speed and consistency compare the driver with the season as it is; specialisation first removes what pace
// explains (see reference.ts). Rules, first match wins (the seed's rule style): Speed Demon, Consistency Master, Track Specialist, else
// Balanced Racer. A trait "matches" when its z reaches ARCHETYPE_Z_THRESHOLD.
import type { Archetype } from '../types';
import { percentileOf, robustZ, type MeasureStats, type PaceFit, type RelativeReference } from './reference';
import type { RelativeDna } from './relative-dna';
import { normalQuantile, roundOrNull } from './statistics';

/** 0.674 = the upper quartile of a normal distribution: a trait must sit in the reference's top quarter. */
export const ARCHETYPE_Z_THRESHOLD = 0.674;
/** Width of the logistic that turns a margin (z − threshold) into a 0–1 closeness score. */
export const ARCHETYPE_SCORE_WIDTH_Z = 0.5;

// A type alias (not an interface) so the UI can read it as a Record<string, number | null>.
export type ArchetypeTraits = {
  /** −robust z of pace_gap_pct: higher = faster than the reference season. */
  speed_z: number | null;
  /** −robust z of variation_pct: higher = steadier from lap to lap than the reference season. */
  consistency_z: number | null;
  /** robust z of adaptability_pp after the pace fit: higher = pace depends more on the track. Needs 2 tracks. */
  specialisation_z: number | null;
};

export interface ArchetypeResult {
  archetype: Archetype | null;
  /** Closeness to each archetype, 0–1; 0.5 = exactly at the threshold. */
  archetype_scores: Record<Archetype, number> | null;
  traits: ArchetypeTraits;
  explanation: string;
}

/** Rule order, each with the trait it reads. */
export const ARCHETYPE_RULES: readonly { archetype: Archetype; trait: keyof ArchetypeTraits }[] = [
  { archetype: 'Speed Demon', trait: 'speed_z' },
  { archetype: 'Consistency Master', trait: 'consistency_z' },
  { archetype: 'Track Specialist', trait: 'specialisation_z' },
];

/**
 * How a trait becomes a z against the reference. `robust`: (x − median) / (IQR / 1.349), which reads "the top
 * quarter" only where the population is roughly normal; cars use it (the GR Cup figures rest on it).
 * `rank`: the normal quantile of the share of the reference below x (a rank-based inverse normal z), so
 * z ≥ 0.674 is the reference's top quarter whatever its shape; people use it, because a class's drivers
 * are a mixture of professionals and amateurs (two humps a second apart in Pro-Am classes) whose IQR spans
 * the gap between the humps (docs/relative-dna.md, "People's archetypes").
 */
export type TraitScale = 'robust' | 'rank';

const round3 = (x: number | null): number | null => roundOrNull(x, 3);
const fmt = (x: number, digits = 2): string => x.toFixed(digits);

/**
 * Rank-based z of x: Φ⁻¹ of its share in the reference (percentileOf), the share kept within
 * [1 / 2n, 1 − 1 / 2n] (the plotting position of the reference's extremes) so the z stays finite.
 */
export function rankZ(x: number, s: MeasureStats): number {
  const edge = 1 / (2 * Math.max(1, s.n));
  return normalQuantile(Math.min(1 - edge, Math.max(edge, percentileOf(x, s))));
}

const zOf = (x: number, s: MeasureStats, scale: TraitScale): number | null => (scale === 'rank' ? rankZ(x, s) : robustZ(x, s));

function residualZ(y: number | null, pace: number | null, fit: PaceFit | null, scale: TraitScale): number | null {
  if (y === null || pace === null || fit === null) return null;
  return zOf(y - fit.intercept - fit.slope * pace, fit.residual, scale);
}

export function archetypeTraits(dna: RelativeDna, ref: RelativeReference, scale: TraitScale = 'robust'): ArchetypeTraits {
  const paceStats = ref.measures.pace_gap_pct;
  const speed = dna.pace_gap_pct !== null && paceStats ? zOf(dna.pace_gap_pct, paceStats, scale) : null;
  const variationStats = ref.measures.variation_pct;
  const consistency = dna.variation_pct !== null && variationStats ? zOf(dna.variation_pct, variationStats, scale) : null;
  return {
    speed_z: round3(speed === null ? null : -speed),
    consistency_z: round3(consistency === null ? null : -consistency),
    specialisation_z: round3(residualZ(dna.adaptability_pp, dna.pace_gap_pct, ref.fits.adaptability_vs_pace, scale)),
  };
}

const logistic = (margin: number): number => 1 / (1 + Math.exp(-margin / ARCHETYPE_SCORE_WIDTH_Z));

/** Archetype, closeness scores and the sentence of why, for one driver's DNA. */
export function classifyArchetype(dna: RelativeDna, ref: RelativeReference | null, scale: TraitScale = 'robust'): ArchetypeResult {
  const none: ArchetypeTraits = { speed_z: null, consistency_z: null, specialisation_z: null };
  if (ref === null) {
    return { archetype: null, archetype_scores: null, traits: none, explanation: 'No archetype: the reference population (models/relative-reference.json) is not loaded.' };
  }
  if (dna.pace_gap_pct === null) {
    return { archetype: null, archetype_scores: null, traits: none, explanation: 'No archetype: the driver has no clean lap.' };
  }
  const traits = archetypeTraits(dna, ref, scale);
  const scores = {} as Record<Archetype, number>;
  let maxTrait = 0;
  for (const rule of ARCHETYPE_RULES) {
    const z = traits[rule.trait];
    scores[rule.archetype] = z === null ? 0 : round3(logistic(z - ARCHETYPE_Z_THRESHOLD))!;
    maxTrait = Math.max(maxTrait, scores[rule.archetype]);
  }
  scores['Balanced Racer'] = round3(1 - maxTrait)!;
  const matched = ARCHETYPE_RULES.find((r) => traits[r.trait] !== null && traits[r.trait]! >= ARCHETYPE_Z_THRESHOLD);
  const archetype: Archetype = matched?.archetype ?? 'Balanced Racer';
  return { archetype, archetype_scores: scores, traits, explanation: explain(archetype, dna, traits, ref) };
}

function explain(archetype: Archetype, dna: RelativeDna, t: ArchetypeTraits, ref: RelativeReference): string {
  const th = fmt(ARCHETYPE_Z_THRESHOLD);
  const pace = dna.pace_gap_pct!;
  const paceText = `${fmt(Math.abs(pace))}% ${pace <= 0 ? 'faster' : 'slower'} than the top-5 reference of its races`;
  const quicker = ref.measures.pace_gap_pct ? Math.round(100 * (1 - percentileOf(pace, ref.measures.pace_gap_pct))) : null;
  const caveats: string[] = [];
  if (dna.low_confidence) caveats.push('few clean laps, so treat it as indicative');
  if (t.specialisation_z === null) caveats.push(`track specialisation ${dna.missing.adaptability_pp ?? 'is not available'}`);
  const tail = caveats.length ? ` (${caveats.join('; ')})` : '';
  let text: string;
  switch (archetype) {
    case 'Speed Demon':
      text = `Speed Demon: pace on average ${paceText}${quicker !== null ? `, quicker than ${quicker}% of the reference season` : ''} (speed z ${fmt(t.speed_z!)} ≥ ${th}).`;
      break;
    case 'Consistency Master': {
      const steadier = ref.measures.variation_pct ? Math.round(100 * (1 - percentileOf(dna.variation_pct!, ref.measures.variation_pct))) : '?';
      text = `Consistency Master: sector times change by ${fmt(dna.variation_pct!)}% of a lap from one clean lap to the next, steadier than ${steadier}% of the reference season (consistency z ${fmt(t.consistency_z!)} ≥ ${th}); pace ${paceText}.`;
      break;
    }
    case 'Track Specialist': {
      const best = dna.best_track_type;
      const bestText = best && dna.specialisation_pp ? `; best on ${best.replace('_', '-')} tracks (${fmt(-dna.specialisation_pp[best]!)} points better than the own mean)` : '';
      text = `Track Specialist: relative pace varies by ${fmt(dna.adaptability_pp!)} points (sd) from track to track, more than for drivers of the same pace (specialisation z ${fmt(t.specialisation_z!)} ≥ ${th})${bestText}.`;
      break;
    }
    default: {
      const parts = [`speed z ${fmt(t.speed_z!)}`];
      if (t.consistency_z !== null) parts.push(`consistency z ${fmt(t.consistency_z)}`);
      if (t.specialisation_z !== null) parts.push(`specialisation z ${fmt(t.specialisation_z)}`);
      text = `Balanced Racer: no trait reaches the top quarter of the reference season (${parts.join(', ')}; threshold ${th}); pace ${paceText}.`;
    }
  }
  return text.replace(/\.$/, `${tail}.`);
}
