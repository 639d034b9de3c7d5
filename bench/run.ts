// npm run bench: prints figures; nothing here passes or fails on time.
//  1. the analyze CLI as a whole process on the real season (target < 400 ms; the pandas original ≈ 1.2 s)
//  2. core throughput on synthetic seasons at 10× and 100× the real one, and one large single file
//  3. browser figures (model load, inference per backend, drop-to-dashboard) when Chromium is present
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeInputs } from '../src/core/analysis';
import { ingestFile } from '../src/core/ingest';
import { generateSeason } from '../src/core/sample-generator';
import type { InputFile } from '../src/core/types';

const root = join(import.meta.dirname, '..');
const realDir = join(root, '../shared/data/gr-cup');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n: number) => (n / 1e6).toFixed(1);
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

function benchCli(): void {
  execFileSync('node', ['scripts/build-cli.mjs'], { cwd: root });
  if (!existsSync(realDir)) {
    console.log('cli        skipped: ../shared/data/gr-cup not found');
    return;
  }
  const runs: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    const r = spawnSync('node', ['dist/cli/analyze.mjs', realDir, '--quiet'], { cwd: root });
    runs.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(r.stderr.toString());
  }
  const node = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync('node', ['-e', '0']);
    node.push(performance.now() - t0);
  }
  console.log(`cli        whole process, real season (103 files, 12 lap files): median ${median(runs).toFixed(0)} ms of 9 runs` +
    ` (min ${Math.min(...runs).toFixed(0)}, max ${Math.max(...runs).toFixed(0)}); bare node start ${median(node).toFixed(0)} ms; target < 400 ms, pandas original ≈ 1200 ms`);
}

const enc = new TextEncoder();
const toInputs = (files: { path: string; text: string }[]): InputFile[] =>
  files.map((f) => ({ name: f.path.split('/').pop()!, path: f.path, bytes: enc.encode(f.text) }));

async function benchScale(label: string, racesPerTrack: number): Promise<void> {
  const files = toInputs(generateSeason({ seed: 7, drivers: 38, racesPerTrack }));
  const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
  const t0 = performance.now();
  const r = await analyzeInputs(files, { definition: 'both' });
  const ms = performance.now() - t0;
  console.log(`core ${label.padEnd(5)} ${files.length} files, ${mb(bytes)} MB, ${r.laps.length} laps: analyse (parse + classic + relative) ${ms.toFixed(0)} ms, ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`);
}

async function benchLargeFile(): Promise<void> {
  // One ~200 MB lap file: the season's races joined under one header (what a timing system's full export looks like).
  const races = generateSeason({ seed: 11, drivers: 38, racesPerTrack: 90, tracks: ['COTA'] });
  const [header] = races[0].text.split('\n', 1);
  const body = races.map((f) => f.text.slice(f.text.indexOf('\n') + 1)).join('');
  const bytes = enc.encode(header + '\n' + body);
  races.length = 0;
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const t0 = performance.now();
  const { laps } = await ingestFile({ name: 'big.CSV', path: 'COTA/big.CSV', bytes }, {
    onProgress: () => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    },
  });
  const ms = performance.now() - t0;
  console.log(`core big   one file of ${mb(bytes.length)} MB, ${laps.length} laps: ingest ${ms.toFixed(0)} ms (${(bytes.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s);` +
    ` peak RSS above the file bytes: ${mb(peakRss - before.rss)} MB (the decoded text of the whole file would be ${mb(bytes.length * 2)} MB as UTF-16)`);
}

if (want('cli')) benchCli();
if (want('scale')) {
  await benchScale('1×', 2);
  await benchScale('10×', 20);
  await benchScale('100×', 200);
}
if (want('big')) await benchLargeFile();
if (want('browser')) {
  const browserBench = join(root, 'bench/browser.ts');
  if (!existsSync('/usr/bin/chromium')) console.log('browser    skipped: /usr/bin/chromium not found (apt-get install chromium)');
  else if (existsSync(browserBench)) await (await import('./browser')).runBrowserBench?.();
}
