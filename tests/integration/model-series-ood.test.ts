import { plainLaps } from '../../src/core/lap-table';
// The shipped relative model (models/registry.json latest) was trained on the GR Cup, IMSA 2025 and WEC 2025
// seasons: on their real folders, analysed as the CLI analyses them (`analyze DIR --predict`), every car
// the model covers gets a prediction and no input lies outside the training ranges (no W065). A field the
// model never saw (cars of very different pace in one race without a CLASS column) is flagged with W065.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/cli/fs-inputs';
import { analyzeInputs, ingestAll } from '../../src/core/analysis';
import { relativePacedTracks } from '../../src/core/model-features';
import { generateSeason } from '../../src/core/sample-generator';
import type { RelativeReference } from '../../src/core/relative';
import { analyzeIngested } from '../../src/core/analysis';
import { predictForEnvelope, useNodeBackend } from '../../src/model/node';

const MODELS_DIR = resolve(import.meta.dirname, '../../models');
const DATA_DIR = resolve(import.meta.dirname, '../../../shared/data');
const registry = JSON.parse(readFileSync(join(MODELS_DIR, 'registry.json'), 'utf8'));
const reference = JSON.parse(readFileSync(join(MODELS_DIR, 'relative-reference.json'), 'utf8')) as RelativeReference;
const latest: string = registry.latest.relative;
const trainedOn: Record<string, unknown> =
  JSON.parse(readFileSync(join(MODELS_DIR, latest, 'metadata.json'), 'utf8')).data_statistics.series ?? {};

beforeAll(async () => {
  await useNodeBackend();
});

describe('the shipped relative model on the series it was trained on', () => {
  it('was trained on the GR Cup, IMSA 2025 and WEC 2025 seasons', () => {
    expect(Object.keys(trainedOn)).toEqual(['gr-cup', 'imsa-2025', 'wec-2025']);
  });

  for (const [series, cars] of [['gr-cup', 34], ['imsa-2025', 54], ['wec-2025', 36]] as const) {
    const dir = join(DATA_DIR, series);
    it.skipIf(!existsSync(dir))(`${series}: a prediction for each of its ${cars} cars with two tracks, and no W065`, async () => {
      const result = await analyzeInputs(await readInputs([dir]), { definition: 'relative', relativeReference: reference });
      const messages = await predictForEnvelope(result.envelope, result.laps, { definition: 'relative', modelsDir: MODELS_DIR, references: result.references });
      const covered = result.envelope.drivers.filter((d) => d.relative && relativePacedTracks(d.relative.races) >= 2);
      expect(covered).toHaveLength(cars);
      for (const d of covered) expect(d.predicted?.relative?.model_version).toBe(latest);
      // the model's archetype is judged against the reference the exact archetype used (its class's, on IMSA and WEC)
      for (const d of covered) expect(d.predicted?.relative?.archetype_reference, d.car_number).toBe(d.relative!.reference);
      expect(messages.filter((m) => m.code === 'W065')).toEqual([]);
      expect(messages).toEqual([]);
    });
  }
});

describe('the shipped relative model on a field it was not trained on', () => {
  it('says W065 for a car whose inputs lie outside the training ranges', async () => {
    const enc = new TextEncoder();
    const files = generateSeason({ seed: 3, drivers: 10, tracks: ['barber', 'COTA', 'Road America'], racesPerTrack: 1, lapsPerRace: 15 }).map((f) => ({
      name: f.path.split('/').pop()!,
      path: f.path,
      bytes: enc.encode(f.text),
    }));
    const set = await ingestAll(files);
    // One car of another class in the same race, with no CLASS column to say so: 40 % slower than the field.
    const slow = set.laps[0].carNumber;
    const laps = set.laps.map((l) =>
      l.carNumber !== slow
        ? l
        : {
            ...plainLaps([l])[0],
            lapTimeS: l.lapTimeS === null ? null : l.lapTimeS * 1.4,
            s1S: l.s1S === null ? null : l.s1S * 1.4,
            s2S: l.s2S === null ? null : l.s2S * 1.4,
            s3S: l.s3S === null ? null : l.s3S * 1.4,
          },
    );
    const result = analyzeIngested({ ...set, laps }, { definition: 'relative', relativeReference: reference });
    const messages = await predictForEnvelope(result.envelope, result.laps, { definition: 'relative', modelsDir: MODELS_DIR });
    const w065 = messages.filter((m) => m.code === 'W065');
    expect(w065).toHaveLength(1);
    expect(w065[0].detail ?? w065[0].message).toContain(`car ${slow}, relative:`);
    expect(w065[0].detail ?? w065[0].message).toContain('track_pace_gap_pct_mean');
    // every other car of that synthetic season lies inside the ranges
    const others = result.envelope.drivers.filter((d) => d.car_number !== slow && d.predicted?.relative);
    expect(others.length).toBeGreaterThanOrEqual(8);
    for (const d of others) expect(d.predicted!.relative!.out_of_distribution).toEqual([]);
  });
});
