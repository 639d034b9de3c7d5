// Where model files come from, and the tfjs model ⇄ bytes conversion. One code path for Node (files on
// disk, see node.ts) and the browser worker (fetch): both are an ArtifactSource, and tfjs never fetches
// anything itself, so every byte it sees has been checked against metadata.json first.
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, version_layers, type LayersModel } from '@tensorflow/tfjs-layers';

/** Reads one artifact by its path relative to a root ('classic-v1/metadata.json', 'registry.json'). */
export interface ArtifactSource {
  read(path: string): Promise<Uint8Array>;
  /** Where a path points, for messages (a file path or a URL). */
  locate(path: string): string;
}

/** Thrown by a source when an artifact does not exist (HTTP 404, ENOENT): the E001 case. */
export class ArtifactMissingError extends Error {
  constructor(readonly where: string) {
    super(`artifact not found: ${where}`);
    this.name = 'ArtifactMissingError';
  }
}

/**
 * Artifacts under a base URL (the worker: `new URL('/models/', self.location.origin)`). The base must be
 * absolute in a worker, where relative URLs resolve against the script's folder.
 */
export function urlSource(baseUrl: string | URL, fetchImpl: typeof fetch = (...a) => fetch(...a)): ArtifactSource {
  const base = new URL(String(baseUrl).endsWith('/') ? String(baseUrl) : `${String(baseUrl)}/`);
  const locate = (path: string) => new URL(path.split('/').map(encodeURIComponent).join('/'), base).href;
  return {
    locate,
    async read(path) {
      const res = await fetchImpl(locate(path));
      if (res.status === 404) throw new ArtifactMissingError(locate(path));
      if (!res.ok) throw new Error(`HTTP ${res.status} for ${locate(path)}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** The same source, one folder down (a version folder inside models/). */
export function subSource(source: ArtifactSource, folder: string): ArtifactSource {
  const prefix = folder.replace(/\/+$/, '');
  return {
    locate: (path) => source.locate(`${prefix}/${path}`),
    read: (path) => source.read(`${prefix}/${path}`),
  };
}

/** An in-memory source (tests, and the trainer's self-check before writing). */
export function memorySource(files: ReadonlyMap<string, Uint8Array>): ArtifactSource {
  return {
    locate: (path) => `memory:${path}`,
    async read(path) {
      const f = files.get(path);
      if (!f) throw new ArtifactMissingError(`memory:${path}`);
      return f;
    },
  };
}

export const WEIGHTS_FILE = 'weights.bin';

const enc = new TextEncoder();
const dec = new TextDecoder();

export function jsonBytes(value: unknown): Uint8Array {
  return enc.encode(`${JSON.stringify(value, null, 2)}\n`);
}

export function parseJsonBytes(bytes: Uint8Array): unknown {
  return JSON.parse(dec.decode(bytes));
}

/** A layers model as tfjs `model.json` plus one weight shard, the format tf.loadLayersModel reads. */
export async function serializeModel(model: LayersModel): Promise<{ modelJson: Uint8Array; weights: Uint8Array }> {
  let out: { modelJson: Uint8Array; weights: Uint8Array } | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const buffer = data === undefined ? new ArrayBuffer(0) : Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      out = { modelJson: jsonBytes(modelJson), weights: new Uint8Array(buffer) };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return out!;
}

/** The reverse of serializeModel, from bytes already read (and verified) by the caller. */
export async function deserializeModel(modelJsonBytes: Uint8Array, weights: Uint8Array): Promise<LayersModel> {
  const json = parseJsonBytes(modelJsonBytes) as tf.io.ModelJSON;
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((g) => g.weights), weightData]);
  return loadLayersModel({ load: async () => artifacts });
}
