// `npm run models -- verify` on a broken registry: one coded line, never a stack (issue 13).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DnaError } from '../../src/core/errors';
import { codedFailure, modelsCommand } from '../../train/models-cli';

async function failure(registry: string | null, files: Record<string, string> = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'perfdna-models-'));
  if (registry !== null) writeFileSync(join(dir, 'registry.json'), registry);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  try {
    await modelsCommand(['verify', 'classic-v1'], dir);
  } catch (e) {
    expect(e).toBeInstanceOf(DnaError);
    return codedFailure(e);
  }
  throw new Error('verify passed');
}

const REGISTRY = JSON.stringify({
  schema: 'performance-dna-registry/1',
  latest: { classic: 'classic-v1', relative: null },
  versions: [{ version: 'classic-v1', definition: 'classic', path: 'classic-v1', status: 'ready', created: '2025-01-01T00:00:00Z', metadata_sha256: '0'.repeat(64),
    metrics: { overall_reliability: 1, dna_r2: 1, archetype_accuracy: 1 }, metrics_real: { overall_reliability: 1, dna_r2: 1, archetype_accuracy: 1 } }],
  history: [],
});

describe('models CLI on broken registries', () => {
  it('E063 for a registry that is not JSON or not a registry', async () => {
    expect(await failure('{bad')).toMatch(/^E063 .*not valid JSON/);
    expect(await failure('{"versions": 3}')).toMatch(/^E063 /);
  });
  it('E068 for a version not in an empty registry', async () => {
    expect(await failure(null)).toMatch(/^E068 /);
  });
  it('codedFailure turns any error into one coded line', () => {
    expect(codedFailure(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }))).toMatch(/^E001 /);
    expect(codedFailure(new SyntaxError('Unexpected token'))).toBe('E063 Model metadata is missing or invalid (Unexpected token)');
  });
  it('E001 when the version folder has no metadata, if the registry parses', async () => {
    const msg = await failure(REGISTRY).catch((e) => String(e));
    expect(msg).toMatch(/^E0(01|63) /);
  });
});
