import { plainLaps } from '../../src/core/lap-table';
// A short training run on a seeded synthetic season: artifacts that load, a registry that points at
// them, the CLI's prediction call, the gate, and a corrupted shard refused.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeInputs, ingestAll } from '../../src/core/analysis';
import { DnaError } from '../../src/core/errors';
import { classicDataset, relativePacedTracks } from '../../src/core/model-features';
import { generateSeason } from '../../src/core/sample-generator';
import { referenceFromLaps, type RelativeReference } from '../../src/core/relative';
import type { Definition, InputFile } from '../../src/core/types';
import { loadLatestFromDisk, predictForEnvelope, useNodeBackend } from '../../src/model/node';
import { modelsCommand } from '../../train/models-cli';
import { relativeGroups, type TrainingData } from '../../train/pipelines';
import { readRegistryFile } from '../../train/registry-file';
import { trainDefinitions, type TrainOptions } from '../../train/train';
import { DEFAULT_TRAIN_CONFIG, inProcessExecutor } from '../../train/trainer';

let dir = '';
let files: InputFile[] = [];
let data: TrainingData = { laps: [], columns: [] };
let reference: RelativeReference;

const options = (gate: number, definitions: Definition[] = ['classic']): TrainOptions => ({
  definitions,
  pipelineOptions: { reference },
  cfg: { ...DEFAULT_TRAIN_CONFIG, epochs: 3, gate },
  virtualPerDriver: { classic: 3, relative: 3 },
  wholeShare: 0.3,
  modelsDir: dir,
  promote: true,
  executor: inProcessExecutor,
  source: 'synthetic season (sample-generator, seed 11)',
});

beforeAll(async () => {
  await useNodeBackend();
  dir = await mkdtemp(join(tmpdir(), 'dna-train-'));
  const enc = new TextEncoder();
  files = generateSeason({ seed: 11, drivers: 12, tracks: ['barber', 'COTA', 'Road America'], lapsPerRace: 8 }).map((f) => ({
    name: f.path.split('/').pop()!,
    path: f.path,
    bytes: enc.encode(f.text),
  }));
  const set = await ingestAll(files);
  data = { laps: set.laps, columns: set.columns };
  reference = referenceFromLaps(set.laps, set.columns, 'synthetic season');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('training on a synthetic season', () => {
  it('writes a version that loads, verifies and becomes latest', async () => {
    const [v, r] = await trainDefinitions(data, options(0, ['classic', 'relative']));
    expect(v).toMatchObject({ definition: 'classic', version: 'classic-v1', status: 'passed', promoted: true });
    expect(r).toMatchObject({ definition: 'relative', version: 'relative-v1', status: 'passed', promoted: true });
    const reg = await readRegistryFile(dir);
    expect(reg.latest).toEqual({ classic: 'classic-v1', relative: 'relative-v1' });
    expect(await modelsCommand(['verify', 'relative-v1'], dir)).toEqual([expect.stringContaining('match their sha256')]);
    expect(reg.versions[0].path).toBe('classic-v1');
    expect(await modelsCommand(['verify', 'classic-v1'], dir)).toEqual([expect.stringContaining('match their sha256')]);

    const meta = JSON.parse(await readFile(join(dir, 'classic-v1', 'metadata.json'), 'utf8'));
    expect(Object.keys(meta.files).sort()).toEqual([
      'archetype_classifier/model.json', 'archetype_classifier/weights.bin', 'dna_regression/model.json', 'dna_regression/weights.bin',
      'labels.json', 'scaler.json', 'validation_report.html',
    ]);
    expect(meta.evaluation.folds).toHaveLength(5);
    expect(meta.data_statistics.real_drivers).toBe(classicDataset(data.laps).inputs.length);
    expect(meta.data_statistics.real_drivers).toBeGreaterThanOrEqual(10);
    // no real driver is both held out and in a CV test fold
    const cvDrivers = meta.evaluation.folds.flatMap((f: { test_real_drivers: number[] }) => f.test_real_drivers);
    expect(cvDrivers.filter((d: number) => meta.data_statistics.held_out_real_drivers.includes(d))).toEqual([]);
  });

  it('writes a self-contained offline report', async () => {
    const html = await readFile(join(dir, 'classic-v1', 'validation_report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Model card');
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
  });

  it('puts a predicted object beside each exact archetype through the CLI call', async () => {
    const result = await analyzeInputs(files, { definition: 'both', relativeReference: reference });
    const messages = await predictForEnvelope(result.envelope, result.laps, { modelsDir: dir });
    expect(messages.every((m) => m.code === 'W065')).toBe(true);
    const withDna = result.envelope.drivers.filter((d) => d.archetype);
    expect(withDna.length).toBeGreaterThan(0);
    for (const d of withDna) {
      expect(d.predicted?.classic).toMatchObject({ model_version: 'classic-v1' });
      expect(Object.keys(d.predicted!.classic!.probabilities)).toHaveLength(4);
    }
    const relative = result.envelope.drivers.filter((d) => d.relative && relativePacedTracks(d.relative.races) >= 2);
    expect(relative.length).toBeGreaterThan(0);
    for (const d of relative) expect(d.predicted?.relative).toMatchObject({ model_version: 'relative-v1' });
    expect(result.envelope.model_version).toBe('classic-v1+relative-v1');
  });

  it('keeps a version below the gate as a failed candidate that never becomes latest', async () => {
    const [v] = await trainDefinitions(data, options(1.01));
    expect(v).toMatchObject({ version: 'classic-v2', status: 'failed', promoted: false });
    const reg = await readRegistryFile(dir);
    expect(reg.latest.classic).toBe('classic-v1');
    await expect(modelsCommand(['promote', 'classic-v2'], dir)).rejects.toThrow(/E066/);
    expect((await readFile(join(dir, 'classic-v2', 'validation_report.html'), 'utf8')).length).toBeGreaterThan(1000);
  });

  it('refuses a corrupted weight shard on disk with E061', async () => {
    const shard = join(dir, 'classic-v1', 'archetype_classifier', 'weights.bin');
    const bytes = await readFile(shard);
    bytes[0] ^= 0x01;
    await writeFile(shard, bytes);
    const err = await loadLatestFromDisk('classic', dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnaError);
    expect((err as DnaError).code).toBe('E061');
    expect((err as DnaError).message).toContain('weights.bin');
  });
});

describe('relative training on two series whose car numbers overlap', () => {
  let multiDir = '';
  let multi: TrainingData;
  afterAll(async () => {
    if (multiDir) await rm(multiDir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    multiDir = await mkdtemp(join(tmpdir(), 'dna-train-series-'));
    const enc = new TextEncoder();
    const season = (seed: number) =>
      generateSeason({ seed, drivers: 12, tracks: ['barber', 'COTA', 'Road America'], lapsPerRace: 14 }).map((f) => ({
        name: f.path.split('/').pop()!,
        path: f.path,
        bytes: enc.encode(f.text),
      }));
    const alpha = await ingestAll(season(11));
    const betaSet = await ingestAll(season(12));
    // beta's cars race under alpha's car numbers (the k-th car of one is the k-th of the other), each with
    // two named drivers (first and second half of every race)
    const numbers = (laps: readonly { carNumber: string }[]) => [...new Set(laps.map((l) => l.carNumber))].sort((a, b) => Number(a) - Number(b));
    const alphaNumbers = numbers(alpha.laps);
    const renumber = new Map(numbers(betaSet.laps).map((c, k) => [c, alphaNumbers[k % alphaNumbers.length]]));
    const beta = betaSet.laps.map((l) => {
      const carNumber = renumber.get(l.carNumber)!;
      const first = (l.lapNumber ?? 0) <= 7;
      return { ...plainLaps([l])[0], carNumber, driverName: `Beta ${carNumber} ${first ? 'A' : 'B'}`, driverNumber: first ? '1' : '2' };
    });
    multi = {
      laps: alpha.laps,
      columns: alpha.columns,
      series: [
        { name: 'alpha', laps: alpha.laps, columns: alpha.columns },
        { name: 'beta', laps: beta, columns: betaSet.columns.map((c) => (c ? { ...c, driver: true } : c)) },
      ],
    };
  });

  it('keeps the series apart, holds out whole groups of each and reports each series', async () => {
    const alphaCars = new Set(multi.series![0].laps.map((l) => l.carNumber));
    const betaCars = new Set(multi.series![1].laps.map((l) => l.carNumber));
    expect([...alphaCars].filter((c) => betaCars.has(c)).length).toBeGreaterThanOrEqual(10);
    const [r] = await trainDefinitions(multi, { ...options(0, ['relative']), modelsDir: multiDir });
    expect(r).toMatchObject({ definition: 'relative', version: 'relative-v1', status: 'passed' });
    const meta = JSON.parse(await readFile(join(multiDir, 'relative-v1', 'metadata.json'), 'utf8'));
    const stats = meta.data_statistics;
    // the same car number in two series is two cars
    expect(stats.series.alpha.real_cars + stats.series.beta.real_cars).toBe(stats.real_drivers - stats.series.beta.real_people);
    expect(stats.series.alpha.real_cars).toBeGreaterThanOrEqual(10);
    expect(stats.series.beta.real_cars).toBeGreaterThanOrEqual(10);
    expect(stats.series.alpha.real_people).toBe(0);
    expect(stats.series.beta.real_people).toBeGreaterThanOrEqual(2 * stats.series.beta.real_cars - 2);
    // held-out groups carry their series; none is a CV test group; each series has held-out figures
    const held: string[] = stats.held_out_real_drivers;
    expect(held.every((g) => /^(alpha|beta)\/(car|person)\//.test(g))).toBe(true);
    expect(held.some((g) => g.startsWith('alpha/')) && held.some((g) => g.startsWith('beta/'))).toBe(true);
    const cv = meta.evaluation.folds.flatMap((f: { test_real_drivers: string[] }) => f.test_real_drivers);
    expect(cv.filter((g: string) => held.includes(g))).toEqual([]);
    const groups = new Set(relativeGroups(multi.series!).values());
    expect(new Set([...cv, ...held]).size).toBeLessThanOrEqual(groups.size);
    const per = meta.evaluation.held_out_real_by_series;
    expect(Object.keys(per)).toEqual(['alpha', 'beta']);
    expect(per.alpha.drivers + per.beta.drivers).toBe(meta.evaluation.held_out_real.drivers);
    expect(per.alpha.people).toBe(0);
    expect(per.beta.cars + per.beta.people).toBe(per.beta.drivers);
    expect(per.beta.overall_reliability).toBeGreaterThan(0);
    expect(Object.keys(meta.evaluation.cross_validation_real_by_series)).toEqual(['alpha', 'beta']);
    const html = await readFile(join(multiDir, 'relative-v1', 'validation_report.html'), 'utf8');
    expect(html).toContain('<h2>Per series</h2>');
  });
});
