// npm run validity [-- DATA_DIR] [--json OUT]
// The five validity figures of dna-spec §3 on a real season (default ../shared/data/gr-cup), relative and
// classic side by side. Report figures, not test thresholds; the computations live in
// src/core/relative/validity.ts so the trainer writes the same numbers into model metadata.
import { trackLabel } from '../core/tracks';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { analyzeInputs, ingestAll, type IngestedSet } from '../core/analysis';
import { cleanLaps, inferLapColumns } from '../core/relative/clean-laps';
import { seriesValidity, type SeriesValidity } from '../core/relative/series-validity';
import type { LapColumns, LapRow } from '../core/types';
import { DnaError, formatCoded } from '../core/errors';
import {
  checkReference,
  classicValidity,
  referenceFromLaps,
  relativeRaces,
  relativeValidity,
  type RelativeReference,
  type ValidityFigures,
} from '../core/relative';
import { readInputs } from './fs-inputs';

const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '../../../shared/data/gr-cup');
const DEFAULT_REFERENCE_PATH = resolve(import.meta.dirname, '../../models/relative-reference.json');

export const TARGETS = {
  race_to_race_pace: '≥ 0.90',
  loto_rank: '≥ 0.90',
  consistency_reliability: '≥ 0.50',
  attendance_invariance: '≥ 85%',
  largest_archetype: '≤ 60%',
} as const;

/** The shipped reference, or one computed from the data when the file is missing or invalid. */
async function loadReference(set: IngestedSet): Promise<{ reference: RelativeReference; note: string }> {
  try {
    const parsed: unknown = JSON.parse(await readFile(DEFAULT_REFERENCE_PATH, 'utf8'));
    const problem = checkReference(parsed);
    if (problem === null) return { reference: parsed as RelativeReference, note: `reference: ${DEFAULT_REFERENCE_PATH}` };
  } catch {
    // fall through: compute it
  }
  return {
    reference: referenceFromLaps(set.laps, set.columns, 'the analysed data'),
    note: 'reference: computed from the data (models/relative-reference.json missing or invalid)',
  };
}

const num = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);

function cells(f: ValidityFigures): string[] {
  return [
    f.race_to_race_pace ? `${num(f.race_to_race_pace.r)} (n=${f.race_to_race_pace.n})` : 'n/a: races pooled',
    f.loto_rank ? `${num(f.loto_rank.rho)} (${f.loto_rank.byTrack.length} tracks)` : 'n/a',
    f.consistency_reliability ? `${num(f.consistency_reliability.r)} (n=${f.consistency_reliability.n})` : 'n/a',
    `${pct(f.attendance_invariance.share)} (${f.attendance_invariance.unchanged}/${f.attendance_invariance.cases})`,
    `${pct(f.largest_archetype.share)} ${f.largest_archetype.archetype ?? ''}`.trim(),
  ];
}

export function formatTable(relative: ValidityFigures, classic: ValidityFigures): string {
  const names = [
    'race-to-race pace r',
    'leave-one-track-out rank ρ',
    'consistency reliability r',
    'attendance invariance',
    'largest archetype share',
  ];
  const targets = Object.values(TARGETS);
  const rel = cells(relative);
  const cls = cells(classic);
  const w = [28, 8, 26, 26];
  const row = (c: string[]) => c.map((x, i) => x.padEnd(w[i] ?? 0)).join('  ').trimEnd();
  const lines = [row(['figure', 'target', 'relative', 'classic']), row(w.map((n) => '-'.repeat(n)))];
  names.forEach((n, i) => lines.push(row([n, targets[i], rel[i], cls[i]])));
  lines.push('');
  lines.push(`measures: relative pace = ${relative.race_to_race_pace?.measure}; consistency = ${relative.consistency_reliability?.measure}; classic rank = ${classic.loto_rank?.measure}; classic consistency = ${classic.consistency_reliability?.measure}`);
  if (relative.consistency_cv_reliability) {
    lines.push(`relative consistency_cv_pct (plain CV of clean laps) reliability r = ${num(relative.consistency_cv_reliability.r)} (n=${relative.consistency_cv_reliability.n})`);
  }
  const perTrack = (f: ValidityFigures) => f.loto_rank?.byTrack.map((t) => `${trackLabel(t.track)} ${num(t.rho, 2)}`).join(', ') ?? 'n/a';
  lines.push(`rank ρ by held-out track: relative ${perTrack(relative)}`);
  lines.push(`                          classic  ${perTrack(classic)}`);
  const counts = (f: ValidityFigures) => Object.entries(f.largest_archetype.counts).sort((a, b) => b[1] - a[1]).map(([a, c]) => `${a} ${c}`).join(', ');
  lines.push(`archetypes: relative ${counts(relative)} (${relative.largest_archetype.drivers} drivers)`);
  lines.push(`            classic  ${counts(classic)} (${classic.largest_archetype.drivers} drivers)`);
  lines.push(`attendance invariance over ${relative.attendance_invariance.drivers} relative / ${classic.attendance_invariance.drivers} classic drivers with ≥ 4 tracks`);
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  let dataDir = DEFAULT_DATA_DIR;
  let jsonOut: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') {
      jsonOut = argv[++i] ?? null;
      if (jsonOut === null) throw new DnaError('E091', '--json needs a value');
    } else if (argv[i].startsWith('--')) throw new DnaError('E091', `unknown option ${argv[i]}`);
    else dataDir = resolve(argv[i]);
  }
  const set = await ingestAll(await readInputs([dataDir]));
  const { reference, note } = await loadReference(set);
  const relative = relativeValidity(relativeRaces(set.laps, set.columns), reference);
  const classic = classicValidity(set.laps);
  console.log(`validity on ${dataDir}: ${set.reports.filter((r) => r.used).length} lap files, ${set.laps.length} laps; ${note}\n`);
  console.log(formatTable(relative, classic));
  // The shared multi-class seasons beside the GR Cup (dna-spec §3.1), each where its folder exists.
  const series: Record<string, SeriesValidity> = {};
  for (const name of SERIES_FOLDERS) {
    const dir = resolve(dirname(dataDir), name);
    if (!existsSync(dir)) continue;
    const r = await analyzeInputs(await readInputs([dir]), { relativeReference: reference });
    const verdicts = cleanLaps(r.laps, ingestColumns(r)).laps.map((v) => v.excludedBy);
    series[name] = seriesValidity(r.envelope, r.laps, verdicts);
  }
  if (Object.keys(series).length) console.log(`\n${formatSeries(series)}`);
  if (jsonOut) await writeFile(jsonOut, `${JSON.stringify({ relative, classic, series }, null, 2)}\n`);
}

const SERIES_FOLDERS = ['imsa-2025', 'wec-2025'] as const;

/** Columns per file of an analysis (the laps' own, as the relative rules read them). */
function ingestColumns(r: { laps: readonly LapRow[] }): LapColumns[] {
  const byFile = new Map<number, LapRow[]>();
  for (const l of r.laps) {
    let list = byFile.get(l.fileIndex);
    if (!list) byFile.set(l.fileIndex, (list = []));
    list.push(l);
  }
  const out: LapColumns[] = [];
  for (const [i, laps] of byFile) out[i] = inferLapColumns(laps);
  return out;
}

export function formatSeries(series: Record<string, SeriesValidity>): string {
  const names = Object.keys(series);
  const w = [44, 10, ...names.map(() => 26)];
  const row = (c: string[]) => c.map((x, i) => x.padEnd(w[i] ?? 0)).join('  ').trimEnd();
  const f = (pick: (s: SeriesValidity) => string) => names.map((n) => pick(series[n]));
  const lines = [
    'multi-class seasons (dna-spec §3.1)',
    row(['figure', 'goal', ...names]),
    row(w.map((n) => '-'.repeat(n))),
    row(['races, cars, people', '', ...f((s) => `${s.races}, ${s.cars}, ${s.people}`)]),
    row(["Cramér's V class × relative archetype, cars", '≤ 0.25', ...f((s) => `${num(s.class_archetype_v)} (${s.classes.length} classes)`)]),
    row(["Cramér's V, people", '≤ 0.25', ...f((s) => num(s.class_archetype_v_people))]),
    row(['car profiles / distinct raw car numbers', 'no merge', ...f((s) => `${s.car_profiles} / ${s.raw_car_numbers} (${s.integer_collisions} int. pairs apart)`)]),
    row(['clean laps whose flag is not green', '0', ...f((s) => String(s.clean_non_green_laps))]),
    row(['person pace split-half r (odd vs even)', '≥ 0.80', ...f((s) => `${num(s.person_pace_split_half.r)} (n=${s.person_pace_split_half.n})`)]),
    row(['  Spearman–Brown 2r/(1+r) (whole season)', '', ...f((s) => num(s.person_pace_split_half.spearman_brown))]),
    row(['  rank ρ of the same halves', '', ...f((s) => num(s.person_pace_split_half.rho))]),
  ];
  for (const n of names) {
    const s = series[n];
    lines.push(`${n} archetypes by class: ${Object.entries(s.archetypes_by_class).map(([c, a]) => `${c} {${Object.entries(a).map(([k, v]) => `${k} ${v}`).join(', ')}}`).join('; ')}`);
    lines.push(`${n} references: ${Object.entries(s.references).map(([k, v]) => `${k}: ${v} cars`).join('; ')}`);
    lines.push(`${n} people archetypes by class: ${Object.entries(s.person_archetypes_by_class).map(([c, a]) => `${c} {${Object.entries(a).map(([k, v]) => `${k} ${v}`).join(', ')}}`).join('; ')}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof DnaError ? formatCoded(e.coded) : e instanceof Error ? e.message : e);
    process.exit(2);
  });
}
