// npm run models -- list | compare A B | promote V | rollback [classic|relative] | verify V   [--models DIR]
// Reads and changes models/registry.json. Metrics are compared in the right direction (lower MAE is
// better, everything else higher); a failed candidate can never be promoted (E066).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { coded, DnaError, formatCoded } from '../src/core/errors';
import { sha256Hex } from '../src/core/sha256';
import type { Definition } from '../src/core/types';
import { loadModelBundle } from '../src/model/bundle';
import type { ModelMetadata } from '../src/model/metadata';
import { fileSource, useNodeBackend } from '../src/model/node';
import { compareMetrics, findVersion, promote, rollback, type Registry } from '../src/model/registry';
import { readRegistryFile, writeRegistryFile } from './registry-file';

const USAGE = 'npm run models -- list | compare A B | promote V | rollback [classic|relative] | verify V   [--models DIR]';
const f4 = (x: number) => x.toFixed(4);

export function listLines(reg: Registry): string[] {
  const lines = [
    `${'version'.padEnd(14)} ${'definition'.padEnd(10)} ${'status'.padEnd(7)} ${'created'.padEnd(20)} reliability  R²      accuracy  real: reliability  R²      accuracy`,
  ];
  for (const v of reg.versions) {
    const star = reg.latest[v.definition] === v.version ? '*' : ' ';
    const m = v.metrics;
    const r = v.metrics_real;
    lines.push(
      `${star}${v.version.padEnd(13)} ${v.definition.padEnd(10)} ${v.status.padEnd(7)} ${v.created.slice(0, 19).padEnd(20)} ${f4(m.overall_reliability)}       ${f4(m.dna_r2)}  ${f4(m.archetype_accuracy)}          ${f4(r.overall_reliability)}  ${f4(r.dna_r2)}  ${f4(r.archetype_accuracy)}`,
    );
  }
  lines.push(`latest: classic ${reg.latest.classic ?? '-'}, relative ${reg.latest.relative ?? '-'}   (* = latest)`);
  return lines;
}

export function compareLines(reg: Registry, a: string, b: string): string[] {
  const A = findVersion(reg, a);
  const B = findVersion(reg, b);
  const lines = [`${'metric (held-out, all)'.padEnd(28)} ${a.padStart(12)} ${b.padStart(12)}  better`];
  for (const c of compareMetrics(A.metrics, B.metrics)) {
    lines.push(`${c.metric.padEnd(28)} ${f4(c.a).padStart(12)} ${f4(c.b).padStart(12)}  ${c.better === 'equal' ? '=' : c.better === 'a' ? a : b}`);
  }
  lines.push(`${'metric (held-out real)'.padEnd(28)}`);
  for (const c of compareMetrics(A.metrics_real, B.metrics_real)) {
    lines.push(`${c.metric.padEnd(28)} ${f4(c.a).padStart(12)} ${f4(c.b).padStart(12)}  ${c.better === 'equal' ? '=' : c.better === 'a' ? a : b}`);
  }
  if (A.definition !== B.definition) lines.push(`note: ${a} is ${A.definition}, ${b} is ${B.definition}; their targets differ`);
  return lines;
}

/** Every file of a version against metadata.json (the report included), then a verified load. */
export async function verifyVersion(modelsDir: string, reg: Registry, version: string): Promise<string[]> {
  const entry = findVersion(reg, version);
  const dir = join(modelsDir, entry.path);
  const metaBytes = await readFile(join(dir, 'metadata.json')).catch(() => {
    throw new DnaError('E001', join(dir, 'metadata.json'));
  });
  if ((await sha256Hex(metaBytes)) !== entry.metadata_sha256) throw new DnaError('E061', join(dir, 'metadata.json'));
  let meta: ModelMetadata;
  try {
    meta = JSON.parse(metaBytes.toString('utf8')) as ModelMetadata;
  } catch {
    throw new DnaError('E063', `${join(dir, 'metadata.json')}: not valid JSON`);
  }
  if (typeof meta?.files !== 'object' || meta.files === null) throw new DnaError('E063', `${join(dir, 'metadata.json')}: no files`);
  for (const [path, sum] of Object.entries(meta.files)) {
    const bytes = await readFile(join(dir, ...path.split('/'))).catch(() => {
      throw new DnaError('E001', join(dir, path));
    });
    if ((await sha256Hex(bytes)) !== sum) throw new DnaError('E061', join(dir, path));
  }
  await useNodeBackend();
  const bundle = await loadModelBundle(fileSource(dir), { definition: entry.definition, metadataSha256: entry.metadata_sha256 });
  bundle.dispose();
  return [`${version}: ${Object.keys(meta.files).length + 1} files match their sha256; loads and passes the self-test`];
}

export async function modelsCommand(argv: string[], modelsDir: string): Promise<string[]> {
  const [cmd, ...rest] = argv;
  const reg = await readRegistryFile(modelsDir);
  switch (cmd) {
    case 'list':
      return listLines(reg);
    case 'compare':
      if (rest.length !== 2) throw new DnaError('E091', 'compare needs two versions');
      return compareLines(reg, rest[0], rest[1]);
    case 'promote': {
      if (rest.length !== 1) throw new DnaError('E091', 'promote needs one version');
      const next = promote(reg, rest[0]);
      await writeRegistryFile(modelsDir, next);
      const e = findVersion(next, rest[0]);
      return [`${e.definition}: latest is now ${rest[0]} (was ${reg.latest[e.definition] ?? 'none'})`];
    }
    case 'rollback': {
      const def = rest[0] as Definition | undefined;
      if (def !== undefined && def !== 'classic' && def !== 'relative') throw new DnaError('E091', 'rollback [classic|relative]');
      const next = rollback(reg, def);
      await writeRegistryFile(modelsDir, next);
      const ev = next.history[next.history.length - 1];
      return [`${ev.definition}: latest is now ${ev.to} (was ${ev.from})`];
    }
    case 'verify':
      if (rest.length !== 1) throw new DnaError('E091', 'verify needs one version');
      return verifyVersion(modelsDir, reg, rest[0]);
    default:
      throw new DnaError('E091', USAGE);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let modelsDir = resolve(import.meta.dirname, '../models');
  const i = argv.indexOf('--models');
  if (i >= 0) {
    modelsDir = resolve(argv[i + 1] ?? '');
    argv.splice(i, 2);
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv.length === 0) {
    console.log(USAGE);
    return;
  }
  for (const line of await modelsCommand(argv, modelsDir)) console.log(line);
}

/** Every failure as one coded line, never a stack: a missing file is E001, anything else about the models E063. */
export function codedFailure(e: unknown): string {
  if (e instanceof DnaError) return formatCoded(e.coded);
  const code = (e as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'E001' : 'E063';
  return formatCoded(coded(code, e instanceof Error ? e.message.slice(0, 300) : String(e)));
}

if (process.argv[1]?.endsWith('train/models-cli.ts')) {
  main().catch((e) => {
    console.error(`error ${codedFailure(e)}`);
    process.exit(2);
  });
}
