import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DnaError } from '../../src/core/errors';
import type { SeedMetrics } from '../../src/model/metadata';
import { addVersion, compareMetrics, emptyRegistry, nextVersion, promote, rollback, type Registry, type RegistryEntry } from '../../src/model/registry';
import { modelsCommand } from '../../train/models-cli';
import { writeRegistryFile } from '../../train/registry-file';

const metrics = (overall: number, mae: number): SeedMetrics => ({
  dna_mae: mae, dna_r2: 0.99, dna_r2_natural: 0.98, archetype_accuracy: 0.97, archetype_precision: 0.97,
  archetype_recall: 0.97, archetype_f1: 0.97, overall_reliability: overall,
});

function entry(version: string, status: 'passed' | 'failed' = 'passed', overall = 0.97, mae = 0.05): RegistryEntry {
  const definition = version.startsWith('relative') ? 'relative' : 'classic';
  return { version, definition, path: version, created: '2025-01-01T00:00:00.000Z', status, metrics: metrics(overall, mae), metrics_real: metrics(overall, mae), metadata_sha256: 'x' };
}

function registryOf(...entries: RegistryEntry[]): Registry {
  return entries.reduce(addVersion, emptyRegistry());
}

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DnaError).code;
  }
  return null;
};

describe('registry operations', () => {
  it('numbers versions per definition, never reusing a failed number', () => {
    const reg = registryOf(entry('classic-v1'), entry('classic-v2', 'failed'), entry('relative-v1'));
    expect(nextVersion(reg, 'classic')).toBe('classic-v3');
    expect(nextVersion(reg, 'relative')).toBe('relative-v2');
    expect(nextVersion(emptyRegistry(), 'classic')).toBe('classic-v1');
  });

  it('promotes a passed version to latest of its definition only', () => {
    const reg = promote(registryOf(entry('classic-v1'), entry('relative-v1')), 'classic-v1');
    expect(reg.latest).toEqual({ classic: 'classic-v1', relative: null });
  });

  it('refuses to promote a failed candidate with E066 and an unknown version with E068', () => {
    const reg = registryOf(entry('classic-v1', 'failed'));
    expect(codeOf(() => promote(reg, 'classic-v1'))).toBe('E066');
    expect(codeOf(() => promote(reg, 'classic-v9'))).toBe('E068');
  });

  it('rolls back step by step to the versions latest replaced', () => {
    let reg = registryOf(entry('classic-v1'), entry('classic-v2'), entry('classic-v3'), entry('relative-v1'));
    for (const v of ['classic-v1', 'classic-v2', 'classic-v3', 'relative-v1']) reg = promote(reg, v);
    reg = rollback(reg, 'classic');
    expect(reg.latest.classic).toBe('classic-v2');
    reg = rollback(reg, 'classic');
    expect(reg.latest.classic).toBe('classic-v1');
    expect(codeOf(() => rollback(reg, 'classic'))).toBe('E069');
    expect(reg.latest.relative).toBe('relative-v1');
  });

  it('rolls back the definition of the last promotion when none is named', () => {
    let reg = registryOf(entry('classic-v1'), entry('classic-v2'));
    reg = promote(promote(reg, 'classic-v1'), 'classic-v2');
    expect(rollback(reg).latest.classic).toBe('classic-v1');
  });

  it('compares metrics with lower MAE better and higher everything else better', () => {
    const cmp = compareMetrics(metrics(0.96, 0.02), metrics(0.98, 0.05));
    expect(cmp.find((c) => c.metric === 'dna_mae')!.better).toBe('a');
    expect(cmp.find((c) => c.metric === 'overall_reliability')!.better).toBe('b');
    expect(cmp.find((c) => c.metric === 'dna_r2')!.better).toBe('equal');
  });
});

describe('npm run models', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists, compares, promotes and rolls back through models/registry.json', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dna-registry-'));
    await writeRegistryFile(dir, promote(registryOf(entry('classic-v1', 'passed', 0.96, 0.06), entry('classic-v2', 'passed', 0.98, 0.04)), 'classic-v1'));
    const list = await modelsCommand(['list'], dir);
    expect(list.some((l) => l.startsWith('*classic-v1'))).toBe(true);
    const cmp = await modelsCommand(['compare', 'classic-v1', 'classic-v2'], dir);
    expect(cmp.find((l) => l.startsWith('dna_mae'))).toMatch(/classic-v2$/);
    await modelsCommand(['promote', 'classic-v2'], dir);
    expect(JSON.parse(await readFile(join(dir, 'registry.json'), 'utf8')).latest.classic).toBe('classic-v2');
    await modelsCommand(['rollback', 'classic'], dir);
    expect(JSON.parse(await readFile(join(dir, 'registry.json'), 'utf8')).latest.classic).toBe('classic-v1');
    await expect(modelsCommand(['promote', 'classic-v7'], dir)).rejects.toThrow(/E068/);
    await expect(modelsCommand(['frobnicate'], dir)).rejects.toThrow(/E091/);
  });
});
