// npm run train -- [--data DIR] [--series DIR]… [--series-virtual N] [--definition classic|relative|both]
//                  [--epochs N] [--seed S] [--virtual N] [--workers N] [--models DIR] [--reference FILE] [--no-promote]
// Reads the real seasons with the app's own ingestion, builds real and virtual drivers labelled by the
// exact core, trains and validates both networks per definition, writes models/<definition>-v<N>/ and
// registers it; a version that passes the gate becomes latest unless --no-promote. Classic trains on
// --data (the GR Cup season); relative on --data and every --series (default: the shared IMSA 2025 and
// WEC 2025 seasons where they exist), each series read on its own, cars and people grouped per series.
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { readInputs } from '../src/cli/fs-inputs';
import { ingestAll } from '../src/core/analysis';
import { DnaError, formatCoded } from '../src/core/errors';
import { sha256Hex } from '../src/core/sha256';
import { checkReference, classicValidity, relativeRaces, relativeValidity, type RelativeReference, type ValidityFigures } from '../src/core/relative';
import type { Definition } from '../src/core/types';
import { memorySource } from '../src/model/artifacts';
import { loadModelBundle } from '../src/model/bundle';
import { useNodeBackend } from '../src/model/node';
import { mulberry32 } from '../src/model/random';
import { addVersion, nextVersion, promote } from '../src/model/registry';
import { pipelineFor, seriesOf, type PipelineOptions, type SeriesData, type TrainingData } from './pipelines';
import { readRegistryFile, writeRegistryFile, writeVersionFolder } from './registry-file';
import { DEFAULT_TRAIN_CONFIG, inProcessExecutor, runTraining, type JobExecutor, type TrainConfig } from './trainer';
import { seedMetrics, buildVersionFiles } from './version-files';
import type { Sample } from './virtual-drivers';
import { workerPoolExecutor } from './worker-pool';

export interface TrainOptions {
  definitions: Definition[];
  cfg: TrainConfig;
  virtualPerDriver: Record<Definition, number>;
  /** Share of virtual drivers that bootstrap a whole season (see virtual-drivers.ts). */
  wholeShare: number;
  modelsDir: string;
  promote: boolean;
  executor: JobExecutor;
  pipelineOptions?: PipelineOptions;
  /** Label of the data in metadata (a folder name). */
  source: string;
  log?: (line: string) => void;
  now?: () => Date;
}

/**
 * Virtual drivers per real driver. Relative variants are race subsets without lap resampling, so each
 * is less varied and more are needed: 40 → 80 raised its CV fold reliability from 0.91 to 0.96.
 */
export const DEFAULT_VIRTUAL_PER_DRIVER: Record<Definition, number> = { classic: 40, relative: 80 };
export const DEFAULT_WHOLE_SHARE = 0.3;
/**
 * Virtual variants per real car or person of a multi-class series (IMSA, WEC): 54 + 36 cars and 244
 * people already give ten times the GR Cup's real drivers, and training time grows with the samples.
 */
export const DEFAULT_SERIES_VIRTUAL = 10;
/** The shared multi-class seasons the relative definition trains on besides --data, where present. */
export const DEFAULT_SERIES_DIRS = ['imsa-2025', 'wec-2025'].map((d) => resolve(import.meta.dirname, '../../shared/data', d));

export interface TrainedVersion {
  definition: Definition;
  version: string;
  status: 'passed' | 'failed';
  promoted: boolean;
  seconds: number;
}

/** Validity figures of dna-spec §3 for a definition (relative: with the reference population). */
function validityOf(definition: Definition, data: TrainingData, opts: PipelineOptions): ValidityFigures {
  if (definition === 'classic') return classicValidity(data.laps, opts.trackTypes);
  return relativeValidity(relativeRaces(data.laps, data.columns, { trackTypes: opts.trackTypes }), opts.reference ?? null);
}

/** Trains each definition on these laps and writes its version; the library face of `npm run train`. */
export async function trainDefinitions(data: TrainingData, opts: TrainOptions): Promise<TrainedVersion[]> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  const out: TrainedVersion[] = [];
  const pipelineOptions = opts.pipelineOptions ?? {};
  for (const definition of opts.definitions) {
    const t0 = performance.now();
    const pipeline = pipelineFor(definition, pipelineOptions);
    const virtual = { virtualPerDriver: opts.virtualPerDriver[definition], wholeShare: opts.wholeShare, seed: opts.cfg.seed + 7 };
    const run = await runTraining(pipeline, pipelineOptions, data, virtual, opts.cfg, opts.executor, (line) => log(line));
    const real = run.allSamples.filter((s) => s.kind === 'real');
    log(`${definition}: ${real.length} real drivers, ${run.allSamples.length - real.length} virtual drivers`);
    let registry = await readRegistryFile(opts.modelsDir);
    const version = nextVersion(registry, definition);
    const count = (list: readonly Sample[]) => {
      const c: Record<string, number> = {};
      for (const s of list) c[s.archetype] = (c[s.archetype] ?? 0) + 1;
      return c;
    };
    const seriesStatistics =
      definition === 'relative'
        ? Object.fromEntries(
            seriesOf(data).map((sd) => {
              const mine = run.allSamples.filter((x) => x.series === sd.name);
              const realOf = (kind: string) => new Set(mine.filter((x) => x.kind === 'real' && x.unit?.includes(`/${kind}/`)).map((x) => x.unit)).size;
              return [
                sd.name,
                {
                  laps: sd.laps.length,
                  tracks: [...new Set(sd.laps.map((l) => l.track))].sort(),
                  real_cars: realOf('car'),
                  real_people: realOf('person'),
                  virtual_drivers: mine.filter((x) => x.kind === 'virtual').length,
                  virtual_per_driver: sd.virtualPerDriver ?? opts.virtualPerDriver[definition],
                  held_out_groups: run.heldOutDrivers.filter((g) => String(g).startsWith(`${sd.name}/`)).length,
                  held_out_real: run.heldOut.real.filter((p) => p.sample.series === sd.name).length,
                },
              ];
            }),
          )
        : undefined;
    const { files, metadata } = await buildVersionFiles({
      version,
      pipeline,
      cfg: opts.cfg,
      run,
      trainingDate: now(),
      dataStatistics: {
        source: opts.source,
        laps: definition === 'relative' ? seriesOf(data).reduce((n, x) => n + x.laps.length, 0) : data.laps.length,
        tracks: [...new Set((definition === 'relative' ? seriesOf(data) : [data]).flatMap((x) => x.laps.map((l) => l.track)))].sort(),
        real_drivers: real.length,
        virtual_drivers: run.allSamples.length - real.length,
        virtual_per_driver: opts.virtualPerDriver[definition],
        virtual_whole_season_share: opts.wholeShare,
        total_samples: run.allSamples.length,
        archetype_counts: count(run.allSamples),
        real_archetype_counts: count(real),
        ...(seriesStatistics ? { series: seriesStatistics } : {}),
      },
      timingsS: run.timingsS,
      referencePopulation: definition === 'relative' ? pipelineOptions.reference : null,
      validity: validityOf(definition, data, pipelineOptions),
    });
    // Load it back through the app's loader (checksums, self-test) before it reaches the disk.
    (await loadModelBundle(memorySource(files), { definition })).dispose();
    await writeVersionFolder(opts.modelsDir, version, files);
    registry = addVersion(registry, {
      version,
      definition,
      path: version,
      created: metadata.training_date,
      status: metadata.status,
      metrics: metadata.validation_metrics,
      metrics_real: seedMetrics(metadata.evaluation.held_out_real),
      metadata_sha256: await sha256Hex(files.get('metadata.json')!),
    });
    const promoted = metadata.status === 'passed' && opts.promote;
    if (promoted) registry = promote(registry, version, now());
    await writeRegistryFile(opts.modelsDir, registry);
    const seconds = (performance.now() - t0) / 1000;
    const e = metadata.evaluation;
    const line = (name: string, b: typeof e.held_out_real) =>
      `  ${name.padEnd(17)} ${String(b.drivers).padStart(4)} drivers  reliability ${b.overall_reliability.toFixed(4)}  R² ${b.dna_r2.toFixed(4)} (natural ${b.dna_r2_natural.toFixed(4)})  MAE ${b.dna_mae.toFixed(4)}  accuracy ${b.archetype_accuracy.toFixed(4)}  F1 ${b.archetype_f1.toFixed(4)}  rules-on-predicted ${b.rules_on_predicted_dna_agreement.toFixed(4)}`;
    log(line('held-out all', e.held_out_all));
    log(line('held-out real', e.held_out_real));
    log(line('held-out virtual', e.held_out_virtual));
    log(line('CV real (OOF)', e.cross_validation_real));
    for (const [name, b] of Object.entries(e.held_out_real_by_series ?? {})) log(`${line(`held-out ${name}`, b)}  (${b.cars} cars, ${b.people} people)`);
    for (const [name, b] of Object.entries(e.cross_validation_real_by_series ?? {})) log(`${line(`CV ${name}`, b)}  (${b.cars} cars, ${b.people} people)`);
    const rel = e.fold_spread.overall_reliability;
    log(`  fold reliability ${rel.mean.toFixed(4)} ± ${rel.std.toFixed(4)} (min ${rel.min.toFixed(4)}, max ${rel.max.toFixed(4)})`);
    if (metadata.status === 'failed') log(`  ${formatCoded(new DnaError('E066', `${version}: ${metadata.gate.value.toFixed(4)} < ${metadata.gate.threshold}`).coded)}`);
    log(`${definition}: wrote models/${version} (${metadata.status}${promoted ? ', promoted to latest' : ''}) in ${seconds.toFixed(1)} s`);
    out.push({ definition, version, status: metadata.status, promoted, seconds });
  }
  return out;
}

/** The relative archetypes' reference population, written by `npm run reference` (train/reference.ts). */
async function readReference(path: string): Promise<RelativeReference | null> {
  try {
    const ref = JSON.parse(await readFile(path, 'utf8')) as RelativeReference;
    const problem = checkReference(ref);
    if (problem) throw new DnaError('E063', `${path}: ${problem}`);
    return ref;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** A series' name: its folder's name (`gr-cup`, `imsa-2025`), the first part of every group key. */
const seriesName = (dir: string): string => basename(dir).replace(/[/\\]/g, '') || 'season';

function parseArgs(argv: string[]) {
  const args = {
    data: resolve(import.meta.dirname, '../../shared/data/gr-cup'),
    definition: 'both' as Definition | 'both',
    epochs: DEFAULT_TRAIN_CONFIG.epochs,
    seed: DEFAULT_TRAIN_CONFIG.seed,
    virtual: null as number | null,
    workers: Math.min(2, availableParallelism()),
    models: resolve(import.meta.dirname, '../models'),
    reference: resolve(import.meta.dirname, '../models/relative-reference.json'),
    promote: true,
    series: null as string[] | null,
    seriesVirtual: DEFAULT_SERIES_VIRTUAL,
  };
  const num = (i: number) => {
    const v = Number(argv[i]);
    if (!Number.isInteger(v) || v < 0) throw new DnaError('E091', `${argv[i - 1]} needs a whole number`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data') args.data = resolve(argv[++i] ?? '');
    else if (a === '--definition') {
      const d = argv[++i];
      if (d !== 'classic' && d !== 'relative' && d !== 'both') throw new DnaError('E091', '--definition classic|relative|both');
      args.definition = d;
    } else if (a === '--epochs') args.epochs = num(++i);
    else if (a === '--seed') args.seed = num(++i);
    else if (a === '--virtual') args.virtual = num(++i);
    else if (a === '--workers') args.workers = num(++i);
    else if (a === '--models') args.models = resolve(argv[++i] ?? '');
    else if (a === '--reference') args.reference = resolve(argv[++i] ?? '');
    else if (a === '--no-promote') args.promote = false;
    else if (a === '--series') (args.series ??= []).push(resolve(argv[++i] ?? ''));
    else if (a === '--no-series') args.series = [];
    else if (a === '--series-virtual') args.seriesVirtual = num(++i);
    else if (a === '--help' || a === '-h') {
      console.log(
        'npm run train -- [--data DIR] [--series DIR]… [--no-series] [--series-virtual N] [--definition classic|relative|both] [--epochs N] [--seed S] [--virtual N] [--workers N] [--models DIR] [--reference FILE] [--no-promote]',
      );
      process.exit(0);
    } else throw new DnaError('E091', `unknown argument ${a}`);
  }
  return args;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const args = parseArgs(process.argv.slice(2));
  await useNodeBackend();
  const files = await readInputs([args.data]);
  const set = await ingestAll(files);
  if (set.errors.length) throw new DnaError('E067', set.errors.map(formatCoded).join('; '));
  const definitions: Definition[] = args.definition === 'both' ? ['classic', 'relative'] : [args.definition];
  // The relative definition's further series, each read on its own (a car number belongs to its series).
  const series: SeriesData[] = [{ name: seriesName(args.data), laps: set.laps, columns: set.columns }];
  if (definitions.includes('relative')) {
    for (const dir of args.series ?? DEFAULT_SERIES_DIRS.filter((d) => existsSync(d))) {
      const more = await ingestAll(await readInputs([dir]));
      if (more.errors.length) throw new DnaError('E067', more.errors.map(formatCoded).join('; '));
      series.push({ name: seriesName(dir), laps: more.laps, columns: more.columns, virtualPerDriver: args.seriesVirtual });
    }
  }
  if (new Set(series.map((x) => x.name)).size < series.length) throw new DnaError('E091', `two series with one folder name: ${series.map((x) => x.name).join(', ')}`);
  const tRead = (performance.now() - t0) / 1000;
  console.log(
    `read ${series.map((x) => `${x.name} ${x.laps.length} laps`).join(', ')} (${files.length} files from ${args.data}; ${tRead.toFixed(1)} s); ${args.workers} worker thread(s)`,
  );
  const reference = await readReference(args.reference);
  const trained: TrainedVersion[] = [];
  for (const d of definitions) {
    try {
      pipelineFor(d, { reference });
    } catch (e) {
      console.log(`${d}: skipped (${(e as Error).message})`);
      continue;
    }
    trained.push(
      ...(await trainDefinitions({ laps: set.laps, columns: set.columns, series: d === 'relative' ? series : undefined }, {
        pipelineOptions: { reference },
        definitions: [d],
        cfg: { ...DEFAULT_TRAIN_CONFIG, epochs: args.epochs, seed: args.seed },
        virtualPerDriver: args.virtual === null ? DEFAULT_VIRTUAL_PER_DRIVER : { classic: args.virtual, relative: args.virtual },
        wholeShare: DEFAULT_WHOLE_SHARE,
        modelsDir: args.models,
        promote: args.promote,
        executor: args.workers > 1 ? workerPoolExecutor(args.workers) : inProcessExecutor,
        source:
          d === 'relative' && series.length > 1
            ? `${series.map((x) => x.name).join(', ')} (Toyota GR Cup North America 2025, anonymized; IMSA WeatherTech 2025 and FIA WEC 2025, multi-class; lap files)`
            : 'gr-cup (Toyota GR Cup North America 2025, anonymized; lap files)',
        log: console.log,
      })),
    );
  }
  const total = (performance.now() - t0) / 1000;
  console.log(`total ${total.toFixed(1)} s (${trained.map((t) => `${t.version} ${t.seconds.toFixed(1)} s`).join(', ')})`);
  if (trained.some((t) => t.status === 'failed')) process.exitCode = 3;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('train/train.ts')) {
  main().catch((e) => {
    console.error(e instanceof DnaError ? formatCoded(e.coded) : e);
    process.exit(e instanceof DnaError ? 2 : 1);
  });
}
