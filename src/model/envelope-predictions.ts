// Puts model predictions beside the exact profiles of an envelope: `drivers[i].predicted.<definition>`,
// the same object the CLI export and the worker show (PredictedProfile in core/types.ts).
import { coded } from '../core/errors';
import { predictedArchetype } from '../core/relative/predicted-archetype';
import type { RelativeReference } from '../core/relative/reference';
import type { CodedMessage, Definition, Envelope, PredictedProfile } from '../core/types';
import type { DriverPrediction } from './bundle';

/**
 * Attaches predictions of one definition to the matching drivers (by car number) and records the model
 * version; returns one W065 per driver whose inputs lie outside the training ranges.
 *
 * Relative, with `references` (AnalysisResult.references): the model's archetype is the exact rule on the
 * model's DNA against the reference the car's exact archetype used (predicted-archetype.ts), named in
 * `archetype_reference`; the classifier head's own class (trained against the GR Cup season) stays in
 * `classifier_archetype`, with its `probabilities`.
 */
export function attachPredictions(
  envelope: Envelope,
  definition: Definition,
  predictions: readonly DriverPrediction[],
  references?: ReadonlyMap<string, RelativeReference>,
): CodedMessage[] {
  const byId = new Map(predictions.map((p) => [p.car_number, p]));
  const messages: CodedMessage[] = [];
  for (const d of envelope.drivers) {
    const p = byId.get(d.car_number);
    if (!p) continue;
    const { driver_id: _id, car_number: _car, ...predicted } = p;
    const name = d.relative?.reference ?? null;
    const reference = definition === 'relative' && name !== null ? references?.get(name) : undefined;
    d.predicted = { ...d.predicted, [definition]: reference ? judgedAgainst(predicted, d.relative!.dna, name!, reference) : predicted };
    if (p.out_of_distribution.length) {
      messages.push(coded('W065', `car ${d.car_number}, ${definition}: ${p.out_of_distribution.join(', ')}`));
    }
  }
  const versions = new Set((envelope.model_version ?? '').split('+').filter(Boolean));
  if (predictions.length) versions.add(predictions[0].model_version);
  envelope.model_version = versions.size ? [...versions].sort().join('+') : null;
  return messages;
}

function judgedAgainst(
  predicted: PredictedProfile,
  exact: Parameters<typeof predictedArchetype>[1],
  name: string,
  reference: RelativeReference,
  scale?: Parameters<typeof predictedArchetype>[3],
): PredictedProfile {
  const archetype = predictedArchetype(predicted.dna_signature, exact, reference, scale) ?? predicted.archetype;
  return { ...predicted, archetype, archetype_reference: name, classifier_archetype: predicted.archetype };
}
