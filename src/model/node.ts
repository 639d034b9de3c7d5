// Node side of the model code (CLI, trainer, tests): the wasm backend, artifacts read from disk, and the
// one call the CLI makes to add predictions to an envelope. The worker never imports this file.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { DnaError } from '../core/errors';
import { buildModelInputs, personModelInputs, relativeModelInputs } from '../core/model-features';
import type { AnalysisResult, CodedMessage, Definition, DefinitionChoice, Envelope, LapRow, TrackType } from '../core/types';
import { ArtifactMissingError, type ArtifactSource } from './artifacts';
import { loadLatestBundle, type ModelBundle } from './bundle';
import { attachPersonPredictions, attachPredictions } from './envelope-predictions';

/** models/ of this checkout. */
export const DEFAULT_MODELS_DIR = resolve(import.meta.dirname, '../../models');

/** tfjs on the wasm backend (≈ 3.6× the pure-JS cpu backend in Node; docs/stack.md). */
export async function useNodeBackend(): Promise<void> {
  if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
  await tf.ready();
}

/** Artifacts under a folder on disk. */
export function fileSource(dir: string): ArtifactSource {
  const locate = (path: string) => join(dir, ...path.split('/'));
  return {
    locate,
    async read(path) {
      try {
        const buf = await readFile(locate(path));
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtifactMissingError(locate(path));
        throw e;
      }
    },
  };
}

/** The latest verified bundle of a definition from a models folder (E001, E061-E064 as DnaError). */
export async function loadLatestFromDisk(definition: Definition, modelsDir: string = DEFAULT_MODELS_DIR): Promise<ModelBundle> {
  await useNodeBackend();
  return loadLatestBundle(fileSource(modelsDir), definition);
}

export interface PredictForEnvelopeOptions {
  /** Which definitions to predict (default: the envelope's own). */
  definition?: DefinitionChoice;
  modelsDir?: string;
  trackTypes?: Record<string, TrackType>;
  /** The references the exact archetypes were judged against (AnalysisResult.references): the relative model's archetype uses the same. */
  references?: AnalysisResult['references'];
}

/**
 * The CLI's `--predict`: loads the latest model of each definition, predicts every driver the model
 * covers (classic: from the same laps the envelope was built from; relative: from the relative profiles
 * in the envelope, drivers with relative pace on ≥ 2 tracks) and puts `predicted.<definition>` beside each
 * exact archetype. A definition without a usable model is skipped with its coded message (E001, E061-E064);
 * drivers outside the training ranges get W065. Mutates `envelope`.
 */
export async function predictForEnvelope(envelope: Envelope, laps: readonly LapRow[], opts: PredictForEnvelopeOptions = {}): Promise<CodedMessage[]> {
  const choice = opts.definition ?? envelope.definition;
  const definitions: Definition[] = choice === 'both' ? ['classic', 'relative'] : [choice];
  const messages: CodedMessage[] = [];
  for (const definition of definitions) {
    let bundle: ModelBundle;
    try {
      bundle = await loadLatestFromDisk(definition, opts.modelsDir);
    } catch (e) {
      if (e instanceof DnaError) {
        messages.push(e.coded);
        continue;
      }
      throw e;
    }
    try {
      const rows =
        definition === 'classic'
          ? buildModelInputs(laps, { trackTypes: opts.trackTypes })
          : relativeModelInputs(envelope.drivers.flatMap((d) => (d.relative ? [d.relative] : [])));
      messages.push(...attachPredictions(envelope, definition, await bundle.predict(rows), opts.references));
      if (definition === 'relative' && envelope.people?.length) {
        attachPersonPredictions(envelope, await bundle.predict(personModelInputs(envelope.people)), opts.references);
      }
    } finally {
      bundle.dispose();
    }
  }
  return messages;
}
