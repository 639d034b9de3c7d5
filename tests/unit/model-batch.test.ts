// Batched inference (issue 10): one predict per network over every row, typed arrays in and out, gives
// the same outputs as the per-row path it replaced, which is still the trainer's (forwardRaw: number[][]
// rows, tfjs' default minibatches of 32). Checked on the shipped models of both definitions, on the
// wasm backend (the Node backend), for 100 rows (four of the old minibatches).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '../../src/core/types';
import { deserializeModel, parseJsonBytes, subSource } from '../../src/model/artifacts';
import { extrasOf, forwardRaw, loadLatestBundle, packInputs, type ModelBundle, type Networks } from '../../src/model/bundle';
import { DEFAULT_MODELS_DIR, fileSource, useNodeBackend } from '../../src/model/node';
import { mulberry32 } from '../../src/model/random';
import { parseScaler, targetsFromModel, type ScalerJson } from '../../src/model/scaler';

const hasModels = existsSync(join(DEFAULT_MODELS_DIR, 'registry.json'));
if (!hasModels) console.warn('skipping "batched inference": no models/registry.json');

/** The networks and scaler of the latest version, read straight from the files (not through the bundle). */
async function filesOf(definition: Definition): Promise<{ nets: Networks; scaler: ScalerJson }> {
  const root = fileSource(DEFAULT_MODELS_DIR);
  const registry = parseJsonBytes(await root.read('registry.json')) as { latest: Record<string, string>; versions: { version: string; path: string }[] };
  const dir = subSource(root, registry.versions.find((v) => v.version === registry.latest[definition])!.path);
  const net = async (name: string) => deserializeModel(await dir.read(`${name}/model.json`), await dir.read(`${name}/weights.bin`));
  return { nets: { regression: await net('dna_regression'), classifier: await net('archetype_classifier') }, scaler: parseScaler(parseJsonBytes(await dir.read('scaler.json'))) };
}

/** `n` rows spread over the training ranges (seeded), each a raw input vector. */
function rowsIn(bundle: ModelBundle, n: number, seed: number): number[][] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () =>
    bundle.metadata.feature_names.map((name) => {
      const [lo, hi] = bundle.metadata.feature_ranges[name];
      return lo + (hi - lo) * rand();
    }),
  );
}

const maxDiff = (got: ArrayLike<number>, want: number[][]) => {
  const flat = want.flat();
  expect(got.length).toBe(flat.length);
  let m = 0;
  for (let k = 0; k < flat.length; k++) m = Math.max(m, Math.abs(got[k] - flat[k]));
  return m;
};

beforeAll(async () => {
  await useNodeBackend();
});

describe.skipIf(!hasModels)('batched inference (needs models/registry.json)', () => {
  for (const definition of ['classic', 'relative'] as const) {
    it(`${definition}: one batch gives the per-row path's DNA and probabilities within 1e-6, and the same objects`, async () => {
      const bundle = await loadLatestBundle(fileSource(DEFAULT_MODELS_DIR), definition);
      const { nets, scaler } = await filesOf(definition);
      try {
        const raw = rowsIn(bundle, 100, definition === 'classic' ? 11 : 12);
        const old = forwardRaw(nets, scaler, extrasOf(bundle.metadata), raw);
        const batch = await bundle.predictBatch(packInputs(raw.map((values, i) => ({ driver_id: i, car_number: String(i), values })), raw[0].length), raw.length);
        expect(batch.rows).toBe(100);
        expect(maxDiff(batch.dnaModel, old.dna)).toBeLessThan(1e-6);
        expect(maxDiff(batch.probs, old.probs)).toBeLessThan(1e-6);
        expect(maxDiff(batch.dna, targetsFromModel(scaler.targets, old.dna))).toBeLessThan(1e-6);
        expect(batch.outOfRange.every((x) => x === 0)).toBe(true);

        // The objects an envelope gets: the old path's argmax, rounding and names.
        const preds = await bundle.predict(raw.map((values, i) => ({ driver_id: i, car_number: `#${i}`, values })));
        const natural = targetsFromModel(scaler.targets, old.dna);
        preds.forEach((p, i) => {
          const best = old.probs[i].indexOf(Math.max(...old.probs[i]));
          expect(p).toMatchObject({ driver_id: i, car_number: `#${i}`, model_version: bundle.version, archetype: bundle.classes[best], out_of_distribution: [] });
          expect(Object.keys(p.probabilities)).toEqual([...bundle.classes]);
          bundle.classes.forEach((c, k) => expect(Math.abs(p.probabilities[c] - old.probs[i][k])).toBeLessThanOrEqual(5e-5 + 1e-6));
          expect(Object.keys(p.dna_signature)).toEqual(bundle.metadata.target_names);
          bundle.metadata.target_names.forEach((t, j) => expect(Math.abs(p.dna_signature[t] - natural[i][j])).toBeLessThanOrEqual(5e-7 + 1e-6 * Math.abs(natural[i][j])));
        });
      } finally {
        bundle.dispose();
        nets.regression.dispose();
        nets.classifier.dispose();
      }
    });
  }

  it('flags an input outside its training range or not finite; a missing value predicts as the training mean', async () => {
    const bundle = await loadLatestBundle(fileSource(DEFAULT_MODELS_DIR), 'classic');
    const { scaler } = await filesOf('classic');
    try {
      const names = bundle.metadata.feature_names;
      const [base] = rowsIn(bundle, 1, 3);
      const [lo] = bundle.metadata.feature_ranges[names[1]];
      const wide = [...base];
      wide[1] = lo - 1;
      const missing = [...base];
      missing[2] = Number.NaN;
      const atMean = [...base];
      atMean[2] = scaler.inputs.mean[2];
      const preds = await bundle.predict([base, wide, missing, atMean].map((values, i) => ({ driver_id: i, car_number: String(i), values })));
      expect(preds.map((p) => p.out_of_distribution)).toEqual([[], [names[1]], [names[2]], []]);
      expect(preds[2].dna_signature).toEqual(preds[3].dna_signature);
      expect(preds[2].probabilities).toEqual(preds[3].probabilities);
    } finally {
      bundle.dispose();
    }
  });

  it('refuses rows of the wrong width with E063, and predicts nothing for no rows', async () => {
    const bundle = await loadLatestBundle(fileSource(DEFAULT_MODELS_DIR), 'classic');
    try {
      await expect(bundle.predict([{ driver_id: 0, car_number: '0', values: [1, 2] }])).rejects.toMatchObject({ code: 'E063' });
      await expect(bundle.predict([])).resolves.toEqual([]);
      await expect(bundle.predictBatch(new Float64Array(0), 0)).resolves.toMatchObject({ rows: 0 });
    } finally {
      bundle.dispose();
    }
  });
});
