// --predict: loads the latest models from models/ and adds the model's prediction to each driver.
import { DnaError } from '../core/errors';
import type { Envelope } from '../core/types';
import type { CliLog } from './log';

export async function addPredictions(_envelope: Envelope, _log: CliLog): Promise<void> {
  throw new DnaError('E064', 'models are not wired into the CLI yet');
}
