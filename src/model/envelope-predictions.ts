// Puts model predictions beside the exact profiles of an envelope: `drivers[i].predicted.<definition>`,
// the same object the CLI export and the worker show (PredictedProfile in core/types.ts).
import { coded } from '../core/errors';
import type { CodedMessage, Definition, Envelope } from '../core/types';
import type { DriverPrediction } from './bundle';

/**
 * Attaches predictions of one definition to the matching drivers (by car number) and records the model
 * version; returns one W065 per driver whose inputs lie outside the training ranges.
 */
export function attachPredictions(envelope: Envelope, definition: Definition, predictions: readonly DriverPrediction[]): CodedMessage[] {
  const byId = new Map(predictions.map((p) => [p.car_number, p]));
  const messages: CodedMessage[] = [];
  for (const d of envelope.drivers) {
    const p = byId.get(d.car_number);
    if (!p) continue;
    const { driver_id: _id, car_number: _car, ...predicted } = p;
    d.predicted = { ...d.predicted, [definition]: predicted };
    if (p.out_of_distribution.length) {
      messages.push(coded('W065', `car ${d.car_number}, ${definition}: ${p.out_of_distribution.join(', ')}`));
    }
  }
  const versions = new Set((envelope.model_version ?? '').split('+').filter(Boolean));
  if (predictions.length) versions.add(predictions[0].model_version);
  envelope.model_version = versions.size ? [...versions].sort().join('+') : null;
  return messages;
}
