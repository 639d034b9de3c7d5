// E2E_OUT_DIR (tests/e2e/global-setup.ts): where the e2e run builds the app, so people running the browser
// tests in one checkout at once do not empty each other's build. The build empties the folder first, so
// a value that could point at anything else is refused.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../e2e/chromium';
import { e2eOutDir } from '../e2e/global-setup';

describe('E2E_OUT_DIR', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'dna-e2e-out-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('defaults to test-artifacts/e2e-dist', () => {
    expect(e2eOutDir(undefined)).toBe(join(PROJECT_ROOT, 'test-artifacts', 'e2e-dist'));
    expect(e2eOutDir('')).toBe(join(PROJECT_ROOT, 'test-artifacts', 'e2e-dist'));
  });

  it('takes a folder under test-artifacts/, relative to the project root', () => {
    expect(e2eOutDir('test-artifacts/e2e-dist-alice')).toBe(join(PROJECT_ROOT, 'test-artifacts', 'e2e-dist-alice'));
  });

  it('takes an empty or absent folder outside the project, or one holding a previous build', () => {
    expect(e2eOutDir(join(scratch, 'absent'))).toBe(join(scratch, 'absent'));
    const built = join(scratch, 'built');
    mkdirSync(built);
    writeFileSync(join(built, 'index.html'), '<!doctype html>');
    expect(e2eOutDir(built)).toBe(built);
  });

  it('refuses the project, a folder above it, one of its folders, test-artifacts itself and a non-empty folder', () => {
    const full = join(scratch, 'notes');
    mkdirSync(full);
    writeFileSync(join(full, 'todo.txt'), 'keep me');
    for (const value of ['.', '..', dirname(PROJECT_ROOT), 'src', 'dist', 'test-artifacts', full]) {
      expect(() => e2eOutDir(value), value).toThrow(/E2E_OUT_DIR/);
    }
  });
});
