// npm run reference [-- DATA_DIR [OUT] [--class NAME]]
// Computes the reference population of the relative archetypes from a real season and writes it to
// models/relative-reference.json. Default data: ../shared/data/gr-cup (development machines and CI only).
// With --class, the population is the cars of that class only (the shipped IMSA and WEC class references,
// src/core/relative/series-references.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ingestAll } from '../src/core/analysis';
import { buildReference, DEFAULT_SLOW_FACTOR, referenceFromLaps, relativeRaces, type RelativeReference } from '../src/core/relative';
import { relativeDna } from '../src/core/relative/relative-dna';
import { readInputs } from '../src/cli/fs-inputs';

export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '../../shared/data/gr-cup');
export const DEFAULT_REFERENCE_PATH = resolve(import.meta.dirname, '../models/relative-reference.json');

/** The reference population of a folder of timing exports; with `cls`, of the cars of that class only. */
export async function computeReference(dataDir: string, cls?: string): Promise<RelativeReference> {
  const set = await ingestAll(await readInputs([dataDir]));
  const files = set.reports.filter((r) => r.used).length;
  const tracks = new Set(set.laps.map((l) => l.track)).size;
  const folder = dataDir.split(/[\\/]/).pop();
  if (cls === undefined) {
    const cars = new Set(set.laps.map((l) => l.carNumber)).size;
    return referenceFromLaps(set.laps, set.columns, `${files} races on ${tracks} tracks, ${cars} car numbers (${folder})`);
  }
  // a car belongs to the class its races carry most (each race is measured against its class field)
  const dnas = [...relativeRaces(set.laps, set.columns).values()].filter((races) => majorityClass(races) === cls).map((races) => relativeDna(races));
  if (dnas.length === 0) throw new Error(`no car of class ${cls} in ${dataDir}`);
  return buildReference(dnas, `${dnas.length} cars of class ${cls}, ${files} races on ${tracks} tracks (${folder})`, { slowFactor: DEFAULT_SLOW_FACTOR });
}

function majorityClass(races: readonly { class?: string | null }[]): string | null {
  const n = new Map<string | null, number>();
  for (const r of races) n.set(r.class ?? null, (n.get(r.class ?? null) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Pretty JSON with each quantile list on one line, so a diff of the file reads by measure. */
export function referenceJson(ref: RelativeReference): string {
  const text = JSON.stringify(ref, null, 2).replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, list: string) =>
    `[${list.split(/,\s*/).join(', ')}]`,
  );
  return `${text}\n`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--class');
  const cls = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !cls) throw new Error('--class needs a class name');
  if (at >= 0) args.splice(at, 2);
  const [dataDir = DEFAULT_DATA_DIR, out = DEFAULT_REFERENCE_PATH] = args;
  const ref = await computeReference(dataDir, cls);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, referenceJson(ref));
  const p = ref.measures.pace_gap_pct;
  console.log(`reference: ${ref.drivers} drivers from ${ref.source}`);
  if (p) console.log(`pace_gap_pct median ${p.median}, IQR ${p.iqr}; written to ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
