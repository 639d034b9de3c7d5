// npm run bench: prints figures beside the goals of issue 10; nothing here passes or fails on time.
//  1. cli: the analyze CLI against the pandas original (../shared/bench/pandas_original.py), whole processes,
//     alternating, on the real season: medians and the ratio (goal ≥ 5×)
//  2. scale: core throughput on synthetic seasons at 1×, 10× and 100× the real one
//  3. big: one generated lap file of 1,000,000 laps (~250 MB, bench/big-file.ts): time and peak RSS in Node
//  4. browser: model load, inference per backend, drop-to-dashboard (bench/browser.ts) when Chromium is present
// One part: npm run bench -- cli   (or scale, big, browser; several may be given)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeInputs } from '../src/core/analysis';
import { generateSeason } from '../src/core/sample-generator';
import type { InputFile } from '../src/core/types';
import { benchBigFile } from './big-file';

const root = join(import.meta.dirname, '..');
const realDir = join(root, '../shared/data/gr-cup');
const pandasScript = join(root, '../shared/bench/pandas_original.py');
const PYTHON = '/usr/bin/python3';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n: number) => (n / 1e6).toFixed(1);
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

/** Runs of each contender, interleaved (cli, pandas, cli, pandas …) so machine load falls on both alike. */
const CLI_RUNS = 7;

/** Whole-process wall time of one run; `phases` from the CLI's own `--timings` line when it prints one. */
function timed(cmd: string, args: string[], phases?: Map<string, number[]>): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const line = /^timings +(.*); total/m.exec(r.stderr)?.[1];
  if (phases && line) {
    for (const part of line.split(', ')) {
      const [name, value] = part.split(' ');
      phases.set(name, [...(phases.get(name) ?? []), Number(value)]);
    }
  }
  return ms;
}

/** Car number → archetype, from the CLI's envelope and from the pandas original's reference_dna.csv. */
function cliArchetypes(envelopePath: string): Map<string, string> {
  const env = JSON.parse(readFileSync(envelopePath, 'utf8')) as { drivers: { driver_id: number; archetype: string | null }[] };
  return new Map(env.drivers.filter((d) => d.archetype).map((d) => [String(d.driver_id), d.archetype!]));
}
function pandasArchetypes(csvPath: string): Map<string, string> {
  const [header, ...rows] = readFileSync(csvPath, 'utf8').trim().split('\n');
  const cols = header.split(',');
  const id = cols.indexOf('driver_id'), arch = cols.indexOf('archetype');
  return new Map(rows.map((r) => r.split(',')).map((c) => [String(Number(c[id])), c[arch]]));
}

function benchCli(): void {
  execFileSync('node', ['scripts/build-cli.mjs'], { cwd: root }); // a no-op when the bundle is current
  if (!existsSync(realDir)) return console.log('cli        skipped: ../shared/data/gr-cup not found');
  if (!existsSync(pandasScript)) return console.log('cli        skipped: ../shared/bench/pandas_original.py not found');
  if (spawnSync(PYTHON, ['-c', 'import pandas']).status !== 0) return console.log(`cli        skipped: ${PYTHON} has no pandas (apt-get install python3-pandas)`);
  const out = mkdtempSync(join(tmpdir(), 'perfdna-bench-cli-'));
  try {
    // The same input folder; the CLI computes what pandas_original.py computes (the classic definition) and
    // writes its result file, as pandas writes its CSVs.
    const envelope = join(out, 'season.json');
    const cliArgs = ['dist/cli/analyze.mjs', realDir, '--definition', 'classic', '--quiet', '--json', envelope, '--timings'];
    const pandasArgs = [pandasScript, '--data', realDir, '--out', out];
    const cli: number[] = [], pandas: number[] = [], npmRun: number[] = [];
    const phases = new Map<string, number[]>();
    timed('node', cliArgs); // one warm-up each: the file cache is the same for both
    timed(PYTHON, pandasArgs);
    for (let i = 0; i < CLI_RUNS; i++) {
      cli.push(timed('node', cliArgs, phases));
      pandas.push(timed(PYTHON, pandasArgs));
    }
    // `npm run analyze` as the README documents it for people (npm's own start-up included), a few runs
    for (let i = 0; i < 3; i++) npmRun.push(timed('npm', ['run', '--silent', 'analyze', '--', ...cliArgs.slice(1)]));
    const node: number[] = [];
    for (let i = 0; i < 5; i++) node.push(timed('node', ['-e', '0']));
    const ours = cliArchetypes(envelope), theirs = pandasArchetypes(join(out, 'reference_dna.csv'));
    const same = [...theirs].filter(([id, a]) => ours.get(id) === a).length;
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
    console.log(`cli        real season, classic, whole process, ${CLI_RUNS} runs each alternating (range in brackets):`);
    console.log(`cli          node dist/cli/analyze.mjs  median ${median(cli).toFixed(0)} ms (${range(cli)})`);
    console.log(`cli          pandas original            median ${median(pandas).toFixed(0)} ms (${range(pandas)})`);
    console.log(`cli          ratio ${(median(pandas) / median(cli)).toFixed(2)}×; goal ≥ 5×`);
    const breakdown = [...phases].map(([name, ms]) => `${name} ${median(ms).toFixed(0)}`).join(', ');
    console.log(`cli          where the CLI's time goes (medians, ms, --timings): ${breakdown}; the rest is process exit`);
    console.log(`cli          npm run analyze            median ${median(npmRun).toFixed(0)} ms of 3 (${(median(pandas) / median(npmRun)).toFixed(2)}× pandas; npm's start-up included)`);
    console.log(`cli          bare node start            median ${median(node).toFixed(0)} ms`);
    console.log(`cli          same archetype as pandas for ${same} of ${theirs.size} drivers with DNA (CLI: ${ours.size})`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const enc = new TextEncoder();
const toInputs = (files: { path: string; text: string }[]): InputFile[] =>
  files.map((f) => ({ name: f.path.split('/').pop()!, path: f.path, bytes: enc.encode(f.text) }));

async function benchScale(label: string, racesPerTrack: number): Promise<void> {
  const files = toInputs(generateSeason({ seed: 7, drivers: 38, racesPerTrack }));
  const bytes = files.reduce((s, f) => s + f.bytes!.length, 0);
  const t0 = performance.now();
  const r = await analyzeInputs(files, { definition: 'both' });
  const ms = performance.now() - t0;
  console.log(`core ${label.padEnd(5)} ${files.length} files, ${mb(bytes)} MB, ${r.laps.length} laps: analyse (parse + classic + relative) ${ms.toFixed(0)} ms, ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`);
}

if (want('cli')) benchCli();
if (want('scale')) {
  await benchScale('1×', 2);
  await benchScale('10×', 20);
  await benchScale('100×', 200);
}
if (want('big')) await benchBigFile();
if (want('browser')) {
  const browserBench = join(root, 'bench/browser.ts');
  if (!existsSync('/usr/bin/chromium')) console.log('browser    skipped: /usr/bin/chromium not found (apt-get install chromium)');
  else if (existsSync(browserBench)) await (await import('./browser')).runBrowserBench?.();
}
