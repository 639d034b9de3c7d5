// --predict: loads the latest verified models from models/ and places each model's prediction beside the
// exact profile (driver.predicted.classic / .relative). A missing or refused model never fails the run:
// its coded message (E001, E061–E064) is printed and logged, and the exact profiles stand alone.
import { fileURLToPath } from 'node:url';
import { formatCoded } from '../core/errors';
import type { AnalysisResult, DefinitionChoice } from '../core/types';
import type { CliLog } from './log';

export async function addPredictions(result: AnalysisResult, definition: DefinitionChoice, log: CliLog): Promise<string[]> {
  const { predictForEnvelope } = await import('../model/node');
  const modelsDir = fileURLToPath(new URL('../../models', import.meta.url));
  const messages = await predictForEnvelope(result.envelope, result.laps, { definition, modelsDir, references: result.references });
  for (const m of messages) log.write('predict', m);
  return messages.map((m) => `${m.code.startsWith('W') ? 'warning' : 'notice'} ${formatCoded(m)}`);
}
