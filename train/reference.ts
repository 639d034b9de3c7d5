// npm run reference [-- DATA_DIR [OUT]]
// Computes the reference population of the relative archetypes from a real season and writes it to
// models/relative-reference.json. Default data: ../shared/data/gr-cup (development machines and CI only).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ingestAll } from '../src/core/analysis';
import { referenceFromLaps, type RelativeReference } from '../src/core/relative';
import { readInputs } from '../src/cli/fs-inputs';

export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '../../shared/data/gr-cup');
export const DEFAULT_REFERENCE_PATH = resolve(import.meta.dirname, '../models/relative-reference.json');

/** The reference population of a folder of timing exports. */
export async function computeReference(dataDir: string): Promise<RelativeReference> {
  const set = await ingestAll(await readInputs([dataDir]));
  const files = set.reports.filter((r) => r.used).length;
  const tracks = new Set(set.laps.map((l) => l.track)).size;
  const cars = new Set(set.laps.map((l) => l.carNumber)).size;
  return referenceFromLaps(set.laps, set.columns, `${files} races on ${tracks} tracks, ${cars} car numbers (${dataDir.split(/[\\/]/).pop()})`);
}

/** Pretty JSON with each quantile list on one line, so a diff of the file reads by measure. */
export function referenceJson(ref: RelativeReference): string {
  const text = JSON.stringify(ref, null, 2).replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, list: string) =>
    `[${list.split(/,\s*/).join(', ')}]`,
  );
  return `${text}\n`;
}

async function main(): Promise<void> {
  const [dataDir = DEFAULT_DATA_DIR, out = DEFAULT_REFERENCE_PATH] = process.argv.slice(2);
  const ref = await computeReference(dataDir);
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
