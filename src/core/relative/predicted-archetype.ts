// The model's archetype against the exact archetype's yardstick (docs/models.md, "The relative model's
// archetype"). The exact archetype of a car is judged against its class (class-reference.ts: the class's own
// population, a shipped class season, or the GR Cup season); the classifier head was trained on labels
// against the GR Cup season alone, so on a multi-class series it answered another question. The model's
// archetype is therefore the exact rule (archetypes.ts) on the model's predicted DNA, against the same
// reference and with the same trait scale as the exact profile; the classifier head's class stays beside it.
import type { Archetype } from '../types';
import { classifyArchetype, type TraitScale } from './archetypes';
import type { RelativeReference } from './reference';
import type { RelativeDna } from './relative-dna';

/** The predicted figures the archetype rule reads (the relative model's targets of the same name). */
export const PREDICTED_TRAIT_FIGURES = ['pace_gap_pct', 'variation_pct', 'adaptability_pp'] as const;

/**
 * The archetype of a predicted DNA: the exact DNA with the figures the rule reads replaced by the model's.
 * Adaptability is read only where the exact DNA has one (two tracks raced): a one-track driver cannot be a
 * Track Specialist in the exact rule, so the model's guess at it is not read either. Null without a
 * reference or a predicted pace.
 */
export function predictedArchetype(
  predicted: Readonly<Record<string, number>>,
  exact: RelativeDna,
  reference: RelativeReference | null,
  scale: TraitScale = 'robust',
): Archetype | null {
  const figure = (name: (typeof PREDICTED_TRAIT_FIGURES)[number]): number | null =>
    Number.isFinite(predicted[name]) ? predicted[name] : null;
  const dna: RelativeDna = {
    ...exact,
    pace_gap_pct: figure('pace_gap_pct'),
    variation_pct: figure('variation_pct') ?? exact.variation_pct,
    adaptability_pp: exact.adaptability_pp === null ? null : figure('adaptability_pp') ?? exact.adaptability_pp,
  };
  return classifyArchetype(dna, reference, scale).archetype;
}
