// Puts model predictions beside the exact profiles of an envelope: `drivers[i].predicted.<definition>`,
// the same object the CLI export and the worker show (PredictedProfile in core/types.ts).
import { coded } from '../core/errors';
import { PERSON_JUDGING } from '../core/relative/people';
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

/**
 * The relative model's predictions for people (`people[i].predicted.relative`, as a car's
 * `drivers[i].predicted.relative`), joined by driver_key (personModelInputs). The archetype is the exact rule
 * on the model's DNA against the person's reference with the person's trait scale (people.ts
 * PERSON_JUDGING), as the person's exact archetype is judged. Extrapolation stays in each prediction's
 * `out_of_distribution`; no W065 line per person (the cars' lines say it for the analysis).
 */
export function attachPersonPredictions(envelope: Envelope, predictions: readonly DriverPrediction[], references?: ReadonlyMap<string, RelativeReference>): void {
  const byKey = new Map(predictions.map((p) => [p.car_number, p]));
  for (const person of envelope.people ?? []) {
    const p = byKey.get(person.driver_key);
    if (!p) continue;
    const { driver_id: _id, car_number: _key, ...predicted } = p;
    const name = person.relative.reference ?? null;
    const reference = name !== null ? references?.get(name) : undefined;
    person.predicted = { relative: reference ? judgedAgainst(predicted, person.relative.dna, name!, reference, PERSON_JUDGING.scale) : predicted };
  }
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
