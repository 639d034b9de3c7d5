// src/model: the tfjs side of Performance DNA. Imported by the worker and by train/, never by the UI.
//
// ── Inference API (worker and CLI) ────────────────────────────────────────────────────────────────
//
//   Model inputs are built by the pure core, without tfjs, by the same function training used:
//     buildModelInputs(laps: readonly LapRow[], opts?: { trackTypes?: Record<string, TrackType> }): ModelInputRow[]
//       (src/core/model-features.ts; classic definition; one row per driver with ≥ 2 tracks)
//
//   Worker (browser): artifacts are fetched from the static models/ folder; give an absolute base URL.
//     const root = urlSource(new URL('/models/', self.location.origin));
//     const bundle = await loadLatestBundle(root, 'classic');        // reads registry.json → latest version
//       or loadModelBundle(subSource(root, 'classic-v1'), { definition: 'classic' })
//     const predictions = await bundle.predict(buildModelInputs(laps, { trackTypes }));
//       → DriverPrediction[]: { driver_id, model_version, archetype, probabilities, dna_signature, out_of_distribution }
//     await bundle.predictBatch(raw: Float64Array, rows)              // rows × features in, typed arrays out (BatchOutput):
//       both networks once over every row (batchSize = rows); predict() builds its objects from it
//     attachPredictions(envelope, 'classic', predictions)            // → W065 CodedMessage[]; sets drivers[i].predicted.classic
//     bundle.info()                                                  // → ModelInfo: version, definition, training_date, status, metrics, held_out_real/virtual
//     bundle.dispose()
//   The backend is the caller's choice (src/model/backend.ts in the worker); loading and predicting work on any backend.
//
//   CLI (Node): src/model/node.ts (imports node:fs; never import it from the worker)
//     await predictForEnvelope(result.envelope, result.laps, { definition?, modelsDir?, trackTypes? }) → CodedMessage[]
//     loadLatestFromDisk(definition, modelsDir?) → ModelBundle;  fileSource(dir) → ArtifactSource;  useNodeBackend()
//
// ── Errors (src/core/errors.ts), thrown as DnaError by the loaders ─────────────────────────────────
//   E001 a file is missing · E061 a file does not match its sha256 in metadata.json (or metadata.json does
//   not match the registry) · E062 the synthetic test inference differs from the trainer's · E063 metadata,
//   scaler or labels invalid, or a model of the wrong definition · E064 no latest version for the definition
//   W065 (a message, not an error): inputs outside the training ranges; the prediction is an extrapolation.
//
// ── Files of a version (models/<definition>-v<N>/) ─────────────────────────────────────────────────
//   dna_regression/{model.json,weights.bin} · archetype_classifier/{model.json,weights.bin} · scaler.json ·
//   labels.json · metadata.json (sha256 of every other file) · validation_report.html; models/registry.json
//   lists every version and the latest per definition. Training: train/ and docs/models.md.

export { urlSource, subSource, memorySource, ArtifactMissingError, type ArtifactSource } from './artifacts';
export { loadModelBundle, loadLatestBundle, readRegistry, type ModelBundle, type ModelInfo, type DriverPrediction, type LoadOptions, type BatchOutput, type LoadTimings } from './bundle';
export { attachPredictions } from './envelope-predictions';
export type { ModelMetadata, SeedMetrics, EvaluationBlock } from './metadata';
export type { Registry, RegistryEntry } from './registry';
export { buildModelInputs, type ModelInputRow } from '../core/model-features';
