// npm run sample -- --drivers N --out DIR [--seed S] [--tracks a,b] [--races-per-track K] [--laps L]
// Writes a seeded sample season of lap files under DIR in the real folder layout, plus DIR/index.json
// listing them (the app's "Try sample data" fetches index.json, then the files). Bad arguments: the coded
// message and exit 2.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DnaError, formatCoded } from '../core/errors';
import { generateSeasonFiles, type SeasonOptions } from '../core/sample-generator';

const USAGE = `usage: npm run sample -- --drivers N --out DIR [options]

  --drivers N            drivers in the season (car numbers 2-99 up to 98 drivers)
  --out DIR              folder to write Track/Race N/Synthetic_Laps_Race N.CSV into
  --seed S               random seed (default 1); the same seed writes the same bytes
  --tracks a,b           known tracks to race (default: barber, COTA, Road America, Sebring, Sonoma, VIR)
  --races-per-track K    races at each track (default 2)
  --laps L               laps of the winner (default: about 45 minutes at the track)
  --help                 this text`;

/** How many file names to print before summing up the rest (a 100× season writes over a thousand). */
const LISTED_FILES = 20;

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export interface SampleArgs {
  options: SeasonOptions;
  out: string;
  help: boolean;
}

function wholeNumber(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw new DnaError('E091', `${flag} must be a whole number ≥ ${min}, not "${text}"`);
  return Number(text);
}

export function parseArgs(argv: readonly string[]): SampleArgs {
  const options: SeasonOptions = { seed: 1, drivers: 0 };
  let out: string | null = null;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new DnaError('E091', `${arg} needs a value`);
      return v;
    };
    if (arg === '--drivers') options.drivers = wholeNumber(arg, value(), 1);
    else if (arg === '--out') out = value();
    else if (arg === '--seed') options.seed = wholeNumber(arg, value(), 0);
    else if (arg === '--tracks') options.tracks = value().split(',').map((t) => t.trim()).filter((t) => t !== '');
    else if (arg === '--races-per-track') options.racesPerTrack = wholeNumber(arg, value(), 1);
    else if (arg === '--laps') options.lapsPerRace = wholeNumber(arg, value(), 2);
    else if (arg === '--help' || arg === '-h') help = true;
    else throw new DnaError('E091', `unknown argument ${arg}`);
  }
  if (!help && options.drivers === 0) throw new DnaError('E091', '--drivers N is required');
  if (!help && out === null) throw new DnaError('E091', '--out DIR is required');
  return { options, out: out ?? '', help };
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const started = performance.now();
    const paths: string[] = [];
    let rows = 0;
    let bytes = 0;
    // Files are written as they are generated: a 100× season is never held in memory whole.
    for (const file of generateSeasonFiles(args.options)) {
      const target = join(args.out, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.text);
      const fileRows = countLines(file.text) - 1; // less the header
      rows += fileRows;
      bytes += file.text.length; // ASCII: one byte per character
      if (paths.length < LISTED_FILES) console.log(`wrote  ${target}  (${fileRows} laps)`);
      paths.push(file.path);
    }
    if (paths.length > LISTED_FILES) console.log(`wrote  ${paths.length - LISTED_FILES} more files`);
    const index = { seed: args.options.seed, drivers: args.options.drivers, files: paths };
    await writeFile(join(args.out, 'index.json'), JSON.stringify(index, null, 2) + '\n');
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(
      `wrote  ${join(args.out, 'index.json')}\n` +
        `total  ${paths.length} lap files, ${rows} laps, ${(bytes / 1e6).toFixed(1)} MB in ${seconds} s (seed ${args.options.seed})`,
    );
    return 0;
  } catch (e) {
    if (e instanceof DnaError) {
      console.error(`error ${formatCoded(e.coded)}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] && /sample\.(ts|mjs|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
