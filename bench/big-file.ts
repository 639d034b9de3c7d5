// The "one big lap file" of `npm run bench`: 1,000,000 laps (~230 MB) in the 23_AnalysisEnduranceWithSections
// format, made by the seeded sample generator (src/core/sample-generator.ts) and streamed to disk race by race,
// never held as one string. The races of one long synthetic season at COTA follow each other under one header,
// as a timing system's full export would list them (car numbers repeat with lap numbers restarting: W027).
//
//   bigLapFileChunks(opts)        the file's text in pieces (pure; what a browser-side writer can consume)
//   writeBigLapFile(path, opts)   the file on disk, streamed with back-pressure (Node)
//   measureBigLapFile(path)       a fresh Node process reads, ingests and analyses it: times and peak RSS
//
// Standalone: node --import tsx bench/big-file.ts [--laps N] [--keep]   (writes under the OS temp folder)
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeIngested, ingestAll } from '../src/core/analysis';
import { generateSeasonFiles } from '../src/core/sample-generator';
import type { DefinitionChoice } from '../src/core/types';

export const BIG_FILE_LAPS = 1_000_000;
/** Where the file sits in the drop: a COTA folder, so its track comes from the path. */
export const BIG_FILE_PATH = 'COTA/Synthetic_Big_Laps.CSV';

export interface BigFileOptions {
  /** Lap rows in the file; default 1,000,000. */
  laps?: number;
  seed?: number;
}

/**
 * The big file's text: the header, then each generated race's lap lines, cut at a line end once `laps` rows
 * are written. Each piece is one race (~170 KB); the generator plans the races up front (small objects) and
 * generates each one only when it is asked for.
 */
export function* bigLapFileChunks(opts: BigFileOptions = {}): Generator<string> {
  const target = opts.laps ?? BIG_FILE_LAPS;
  // ~680 laps per COTA race of 38 cars: enough races planned for the target, with room to spare
  const races = generateSeasonFiles({ seed: opts.seed ?? 11, drivers: 38, tracks: ['COTA'], racesPerTrack: Math.ceil(target / 400) + 1 });
  let written = 0;
  let first = true;
  for (const race of races) {
    const bodyAt = race.text.indexOf('\n') + 1;
    if (first) {
      yield race.text.slice(0, bodyAt);
      first = false;
    }
    let end = bodyAt;
    while (written < target && end < race.text.length) {
      end = race.text.indexOf('\n', end) + 1;
      written++;
    }
    yield race.text.slice(bodyAt, end);
    if (written >= target) return;
  }
  throw new Error(`the planned season ran out at ${written} of ${target} laps`);
}

export interface WrittenBigFile {
  path: string;
  bytes: number;
  laps: number;
  writeMs: number;
}

/** Streams the big file to `path`, waiting for the disk when the stream's buffer is full. */
export async function writeBigLapFile(path: string, opts: BigFileOptions = {}): Promise<WrittenBigFile> {
  const t0 = performance.now();
  const out = createWriteStream(path);
  let bytes = 0;
  for (const chunk of bigLapFileChunks(opts)) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { path, bytes, laps: opts.laps ?? BIG_FILE_LAPS, writeMs: performance.now() - t0 };
}

export interface BigFileFigures {
  bytes: number;
  laps: number;
  readMs: number;
  ingestMs: number;
  analyseMs: number;
  /** Peak resident set of the measuring process (resourceUsage().maxRSS), file bytes included. */
  peakRssMb: number;
  /** The same process's resident set before it read the file (Node + tsx + the modules). */
  startRssMb: number;
  /** Heap in use right after the analysis. */
  heapUsedMb: number;
  drivers: number;
}

/** In this process: read the file, ingest it (parse + validate), analyse it. Run it in a fresh process. */
async function measureHere(path: string, definition: DefinitionChoice): Promise<BigFileFigures> {
  const startRssMb = process.memoryUsage.rss() / 1e6;
  let t0 = performance.now();
  // as the worker reads a dropped File: a Blob streamed in chunks, never the whole file in memory
  const blob = await openAsBlob(path);
  const readMs = performance.now() - t0;
  t0 = performance.now();
  const set = await ingestAll([{ name: BIG_FILE_PATH.split('/').pop()!, path: BIG_FILE_PATH, blob }], { definition });
  const ingestMs = performance.now() - t0;
  t0 = performance.now();
  const result = analyzeIngested(set, { definition });
  const analyseMs = performance.now() - t0;
  return {
    bytes: blob.size,
    laps: set.laps.length,
    readMs,
    ingestMs,
    analyseMs,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
    startRssMb,
    heapUsedMb: process.memoryUsage().heapUsed / 1e6,
    drivers: result.envelope.drivers.length,
  };
}

/** Reads, ingests and analyses `path` in a fresh Node process, so its peak RSS is the analysis's alone. */
export function measureBigLapFile(path: string, definition: DefinitionChoice = 'both'): BigFileFigures {
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--measure', path, definition], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`big-file measurement failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const mb = (n: number) => (n / 1e6).toFixed(0);
const s = (ms: number) => (ms / 1000).toFixed(1);

/** Generates the file under a temp folder, measures it, prints every figure beside its goal (issue 10), removes it. */
export async function benchBigFile(opts: BigFileOptions & { keep?: boolean; definition?: DefinitionChoice } = {}): Promise<BigFileFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'perfdna-big-'));
  try {
    const file = await writeBigLapFile(join(dir, 'Synthetic_Big_Laps.CSV'), opts);
    console.log(`big file   generated ${file.laps} laps, ${mb(file.bytes)} MB in ${s(file.writeMs)} s (streamed to ${opts.keep ? file.path : 'a temp folder'})`);
    const f = measureBigLapFile(file.path, opts.definition ?? 'both');
    const total = f.readMs + f.ingestMs + f.analyseMs;
    console.log(
      `core big   Node, one process, the file as a streamed Blob: open ${s(f.readMs)} s + ingest ${s(f.ingestMs)} s (${(f.bytes / 1e6 / (f.ingestMs / 1000)).toFixed(0)} MB/s)` +
        ` + analyse (${opts.definition ?? 'both'}) ${s(f.analyseMs)} s = ${s(total)} s; goal ≤ 10 s drop → dashboard`,
    );
    console.log(`core big   peak RSS ${f.peakRssMb.toFixed(0)} MB (${f.startRssMb.toFixed(0)} MB at start included; the ${mb(f.bytes)} MB file is never held whole), heap after ${f.heapUsedMb.toFixed(0)} MB; goal ≤ 400 MB; ${f.laps} laps used, ${f.drivers} cars`);
    return f;
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--measure') {
    const figures = await measureHere(argv[1], (argv[2] ?? 'both') as DefinitionChoice);
    console.log(JSON.stringify(figures));
  } else {
    const at = argv.indexOf('--laps');
    await benchBigFile({ laps: at >= 0 ? Number(argv[at + 1]) : undefined, keep: argv.includes('--keep') });
  }
}
