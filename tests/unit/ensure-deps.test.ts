// `npm test` / `npm start` install only when needed (scripts/ensure-deps.mjs): a fresh clone installs,
// an unchanged lock file does not, a changed lock file does.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installReason, writeStamp } from '../../scripts/ensure-deps.mjs';

const dirs: string[] = [];
function project(lock = '{"lockfileVersion":3}'): string {
  const root = mkdtempSync(join(tmpdir(), 'ensure-deps-'));
  dirs.push(root);
  writeFileSync(join(root, 'package-lock.json'), lock);
  return root;
}
function install(root: string): void {
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{}');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ensure-deps', () => {
  it('asks for an install on a fresh clone (no node_modules)', () => {
    expect(installReason(project())).toBe('node_modules is missing');
  });

  it('asks for an install when the lock file is newer than the install and there is no stamp', () => {
    const root = project();
    install(root);
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'node_modules', '.package-lock.json'), past, past);
    expect(installReason(root)).toBe('package-lock.json is newer than node_modules');
  });

  it('needs nothing after an install, even when a checkout touches the unchanged lock file', () => {
    const root = project();
    install(root);
    writeStamp(root);
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'package-lock.json'), future, future);
    expect(installReason(root)).toBeNull();
  });

  it('asks again once the lock file content changes', () => {
    const root = project();
    install(root);
    writeStamp(root);
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    expect(installReason(root)).toBe('package-lock.json changed');
  });
});
