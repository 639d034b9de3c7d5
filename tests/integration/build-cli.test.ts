// scripts/build-cli.mjs rebuilds the CLI bundle only when a source it bundles is newer than the bundle.
// The bundle goes to a temporary folder (PERFDNA_CLI_OUTDIR) so dist/cli, which other tests run, is untouched.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
let outdir: string;
const build = () => execFileSync('node', ['scripts/build-cli.mjs'], { cwd: root, env: { ...process.env, PERFDNA_CLI_OUTDIR: outdir } });
const bundleMtime = () => statSync(join(outdir, 'analyze.mjs')).mtimeMs;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'perfdna-build-cli-'));
  build();
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('build-cli', () => {
  it('records the sources it bundled in the metafile', () => {
    const meta = JSON.parse(readFileSync(join(outdir, 'meta.json'), 'utf8'));
    expect(Object.keys(meta.inputs)).toEqual(expect.arrayContaining(['src/cli/analyze.ts', 'src/core/own.ts']));
  });

  it('does not rewrite a current bundle', () => {
    const before = bundleMtime();
    build();
    expect(bundleMtime()).toBe(before);
  });

  it('rebuilds when a bundled source is newer than the bundle', () => {
    const source = join(root, 'src/core/own.ts');
    const { atime, mtime } = statSync(source);
    const before = bundleMtime();
    try {
      const later = new Date(before + 5000);
      utimesSync(source, later, later);
      build();
    } finally {
      utimesSync(source, atime, mtime); // the source's content never changed; its time goes back
    }
    expect(bundleMtime()).toBeGreaterThan(before);
  });

  it('rebuilds when an output file is missing', () => {
    rmSync(join(outdir, 'analyze.mjs'));
    build();
    expect(statSync(join(outdir, 'analyze.mjs')).size).toBeGreaterThan(0);
  });
});
