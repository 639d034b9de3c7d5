// Every coded message the app, the worker and the CLI log or show comes from the one table
// (src/core/errors.ts): a code used in their source but missing there would print with no level, message
// or hint. The codes are read from the source text itself, as a reviewer would grep for them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, logLine } from '../../src/core/errors';

const ROOT = join(import.meta.dirname, '../..');
const CODE = /\b[EWI]\d{3}\b/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|svelte)$/.test(name)) out.push(p);
  }
  return out;
}

/** code → the files that use it. */
function codesUsedIn(...dirs: string[]): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of dirs.flatMap((d) => sourceFiles(join(ROOT, d)))) {
    for (const code of new Set(readFileSync(file, 'utf8').match(CODE) ?? [])) {
      used.set(code, [...(used.get(code) ?? []), relative(ROOT, file)]);
    }
  }
  return used;
}

describe('error codes', () => {
  it('has every code that src/app, src/worker and src/cli use in the table', () => {
    const used = codesUsedIn('src/app', 'src/worker', 'src/cli');
    // the scan sees the codes the app is known to log (sanity check of the scan itself)
    for (const code of ['I000', 'I001', 'E056', 'E057', 'E081', 'W065']) expect(used.has(code), code).toBe(true);
    const missing = [...used].filter(([code]) => !(code in ERROR_CODES)).map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('logs the app\'s info lines as I000 at level INFO', () => {
    const line = logLine('App', { code: 'I000', message: '3 file(s) added' }, new Date('2025-05-01T12:00:00Z'));
    expect(line).toBe('[2025-05-01 12:00:00] [INFO] [App] [I000] 3 file(s) added');
  });

  it('gives each code a level that matches its letter, a message and a hint', () => {
    const level = { E: 'ERROR', W: 'WARN', I: 'INFO' } as const;
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(entry.level, code).toBe(level[code[0] as keyof typeof level]);
      expect(entry.message.length, code).toBeGreaterThan(0);
      expect(entry.hint.length, code).toBeGreaterThan(0);
    }
  });
});
