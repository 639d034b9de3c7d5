// npm run analyze -- <files or folders…> (or, for scripts, node dist/cli/analyze.mjs …) [--definition classic|relative|both] [--json OUT] [--track [PATH=]NAME] [--track-type NAME=TYPE] [--timings]
// Prints a short summary and writes the performance-dna/1 envelope. Partial results: every usable file is
// analysed and every unusable one listed with its code. Exit codes (EXIT below): 0 every file used or
// recognised, 1 some files left out (the envelope is still written), 2 nothing usable or a usage error.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { analyzeIngested, ingestAll } from '../core/analysis';
import { coded, DnaError, escapeControl, formatCoded } from '../core/errors';
import { MAX_PROFILE_BYTES } from '../core/profile-schema';
import { checkReference, type RelativeReference } from '../core/relative';
import { normaliseTrack, trackLabel } from '../core/tracks';
import type { AnalysisResult, CodedMessage, DefinitionChoice, TrackType } from '../core/types';
import { LAP_FILE_KINDS } from '../core/types';
import { listInputPaths, readInputsPartial } from './fs-inputs';
import { CliLog } from './log';

const USAGE = `usage: npm run analyze -- <files or folders…> [options]

  --definition classic|relative|both   which DNA to compute (default: both)
  --json OUT                           write the performance-dna/1 envelope to OUT
  --track PATH=NAME                    track of the files at or under PATH (repeatable)
  --track NAME                         track of the one race given (an error with several lap files)
  --track-type NAME=TYPE               type of a track the app does not know: technical, high_speed or mixed (repeatable)
  --predict                            add the model's prediction beside each exact archetype (loads tfjs)
  --quiet                              print errors only
  --timings                            print where the time went (start-up, read, ingest, analyse, output) on stderr
  --help                               this text`;

export interface CliArgs {
  paths: string[];
  definition: DefinitionChoice;
  json: string | null;
  /** Bare `--track NAME`: allowed when one race is given. */
  track: string | null;
  /** `--track PATH=NAME`, in the order given (a later one wins for a file both match). */
  trackAt: { path: string; name: string }[];
  trackTypes: Record<string, TrackType>;
  predict: boolean;
  quiet: boolean;
  timings: boolean;
  help: boolean;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const a: CliArgs = { paths: [], definition: 'both', json: null, track: null, trackAt: [], trackTypes: {}, predict: false, quiet: false, timings: false, help: false };
  const types: [string, TrackType][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new DnaError('E091', `${arg} needs a value`);
      return v;
    };
    if (arg === '--definition') {
      const v = value();
      if (v !== 'classic' && v !== 'relative' && v !== 'both') throw new DnaError('E091', `--definition must be classic, relative or both, not "${v}"`);
      a.definition = v;
    } else if (arg === '--json') a.json = value();
    else if (arg === '--track') {
      const v = value();
      const eq = v.indexOf('=');
      if (eq > 0) a.trackAt.push({ path: v.slice(0, eq), name: v.slice(eq + 1).trim() });
      else if (a.track !== null) throw new DnaError('E091', 'a bare --track NAME is given once; use --track PATH=NAME per file or folder');
      else a.track = v;
    } else if (arg === '--track-type') {
      const v = value();
      const eq = v.lastIndexOf('=');
      const type = v.slice(eq + 1).trim();
      if (eq <= 0 || !TRACK_TYPE_NAMES.includes(type as TrackType)) throw new DnaError('E058', `--track-type ${v}: use NAME=technical|high_speed|mixed`);
      types.push([normaliseTrack(v.slice(0, eq)), type as TrackType]);
    }
    else if (arg === '--predict') a.predict = true;
    else if (arg === '--quiet') a.quiet = true;
    else if (arg === '--timings') a.timings = true;
    else if (arg === '--help' || arg === '-h') a.help = true;
    else if (arg.startsWith('--')) throw new DnaError('E091', `unknown option ${arg}`);
    else a.paths.push(arg);
  }
  if (!a.help && a.paths.length === 0) throw new DnaError('E091', 'give at least one file or folder');
  if (a.trackAt.some((t) => t.name === '')) throw new DnaError('E091', '--track PATH=NAME needs a name');
  // fromEntries defines own keys: a track called "__proto__" or "toString" is a name like any other
  a.trackTypes = Object.fromEntries(types);
  return a;
}

const TRACK_TYPE_NAMES: readonly TrackType[] = ['technical', 'high_speed', 'mixed'];

/**
 * The track of each input file from `--track PATH=NAME` (PATH a file or a folder above it, as given or
 * absolute) and the bare `--track NAME`; a PATH that matches no input is a usage error.
 */
export function tracksByPath(args: CliArgs, inputs: readonly { abs: string; rel: string }[]): Record<string, string> {
  const out = new Map<string, string>();
  for (const t of args.trackAt) {
    const at = resolve(t.path);
    const hits = inputs.filter((f) => f.abs === at || f.abs.startsWith(at + sep));
    if (hits.length === 0) throw new DnaError('E091', `--track ${t.path}=${t.name}: no input file at or under ${t.path}`);
    for (const f of hits) out.set(f.rel, t.name);
  }
  return Object.fromEntries(out);
}

function count<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) out[key(it)] = (out[key(it)] ?? 0) + 1;
  return out;
}

const fmt = (rec: Record<string, number>) =>
  Object.entries(rec)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

/** Warnings about what the figures mean (shared car numbers, unknown flags), printed in the summary; the rest go to the log. */
const PRINTED_WARNINGS = new Set(['W027', 'W028', 'W029']);

/** Drivers (people) where the files say who drove each lap: how many, their relative archetypes, how many provisional. */
function peopleLine(people: NonNullable<AnalysisResult['envelope']['people']>): string {
  const named = people.filter((p) => p.name !== null).length;
  const provisional = people.filter((p) => p.relative.provisional).length;
  const archetypes = fmt(count(people, (p) => p.relative.archetype ?? 'no archetype'));
  return `people    ${people.length} drivers (${named} named in the files): ${archetypes}; ${provisional} provisional`;
}

export function summarise(r: AnalysisResult): string {
  const used = r.reports.filter((x) => x.used);
  const skipped = r.reports.filter((x) => !x.used && x.errors.length === 0);
  const refused = r.reports.filter((x) => !x.used && x.errors.length > 0).length;
  const drivers = r.envelope.drivers;
  const tracks = new Set(r.laps.map((l) => trackLabel(l.track))); // as a reader writes them: "Barber", not the key "barber"
  const lines = [
    `files     ${r.reports.length} read, ${used.length} lap files used, ${skipped.length} recognised and skipped (${fmt(count(skipped, (x) => x.kind ?? '?'))})${refused ? `, ${refused} left out` : ''}`,
    `laps      ${used.reduce((s, x) => s + x.rowsAccepted, 0)} read; classic filter dropped ${fmt(r.classicRejected)}`,
    `tracks    ${tracks.size}: ${[...tracks].sort((a, b) => a.localeCompare(b, 'en')).join(', ')}`,
    `drivers   ${drivers.length} car numbers, ${drivers.filter((d) => d.dna_signature).length} with classic DNA`,
  ];
  if (r.envelope.definition !== 'relative') lines.push(`classic   ${fmt(count(drivers, (d) => d.archetype ?? 'no DNA (1 track)'))}`);
  const rel = drivers.map((d) => d.relative?.archetype).filter(Boolean) as string[];
  if (rel.length) lines.push(`relative  ${fmt(count(rel, (x) => x))}`);
  const people = r.envelope.people ?? [];
  if (people.length) lines.push(peopleLine(people));
  for (const def of ['classic', 'relative'] as const) {
    const exact = (d: (typeof drivers)[number]) => (def === 'classic' ? d.archetype : d.relative?.archetype);
    const withModel = drivers.filter((d) => d.predicted?.[def]);
    if (!withModel.length) continue;
    const agree = withModel.filter((d) => d.predicted![def]!.archetype === exact(d)).length;
    const version = withModel[0].predicted![def]!.model_version;
    lines.push(`model     ${def} ${version}: ${withModel.length} drivers predicted, ${agree} agree with the exact archetype`);
  }
  const peopleWithModel = people.filter((p) => p.predicted?.relative);
  if (peopleWithModel.length) {
    const agree = peopleWithModel.filter((p) => p.predicted!.relative!.archetype === p.relative.archetype).length;
    lines.push(`model     relative ${peopleWithModel[0].predicted!.relative!.model_version}: ${peopleWithModel.length} people predicted, ${agree} agree with the exact archetype`);
  }
  const rejectedRows = r.reports.flatMap((x) => Object.entries(x.rowsRejected));
  if (rejectedRows.length) lines.push(`rejected  ${rejectedRows.map(([k, v]) => `${k} ${v}`).join(', ')} (rows not read)`);
  // A file name can repeat across tracks (every GR Cup round has a "Race 1"): the track says which one.
  for (const x of r.reports) {
    for (const w of x.warnings) if (PRINTED_WARNINGS.has(w.code)) lines.push(`warning   ${formatCoded(w)}${w.code === 'W029' || !x.track ? '' : ` at ${trackLabel(x.track)}`}`);
  }
  // Track names and file names come from the data: no control character reaches the terminal.
  return lines.map(escapeControl).join('\n');
}

/** The reference population of the relative archetypes, shipped in models/ (src/cli and dist/cli are both two levels down). */
export async function loadRelativeReference(
  path = fileURLToPath(new URL('../../models/relative-reference.json', import.meta.url)),
): Promise<{ ref: RelativeReference | null; notice: CodedMessage | null }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // As the app says it (E001): without the reference population relative archetypes stay empty.
    return { ref: null, notice: coded('E001', 'models/relative-reference.json: relative archetypes are left empty') };
  }
  let ref: unknown;
  try {
    ref = JSON.parse(text);
  } catch {
    return { ref: null, notice: coded('E063', 'models/relative-reference.json: not valid JSON; relative archetypes are left empty') };
  }
  const problem = checkReference(ref);
  if (problem) return { ref: null, notice: coded('E063', `models/relative-reference.json: ${problem}; relative archetypes are left empty`) };
  return { ref: ref as RelativeReference, notice: null };
}

export const EXIT = { allUsed: 0, someLeftOut: 1, nothingUsable: 2 } as const;

/** Files that could not feed the analysis, each with its first error: unreadable paths and refused files. */
export function leftOutFiles(r: AnalysisResult, unreadable: readonly { path: string; error: CodedMessage }[] = []): { path: string; error: CodedMessage }[] {
  const refused = r.reports.filter((x) => !x.used && x.errors.length > 0).map((x) => ({ path: x.path || x.file, error: x.errors[0] }));
  return [...unreadable, ...refused];
}

/** The envelope as written: indented when it fits the app's import limit, else compact; over it, a warning. */
export function envelopeText(envelope: AnalysisResult['envelope']): { text: string; warning: CodedMessage | null } {
  const pretty = JSON.stringify(envelope, null, 2);
  if (pretty.length <= MAX_PROFILE_BYTES && Buffer.byteLength(pretty) <= MAX_PROFILE_BYTES) return { text: pretty, warning: null };
  const compact = JSON.stringify(envelope);
  const bytes = Buffer.byteLength(compact);
  return { text: compact, warning: bytes > MAX_PROFILE_BYTES ? coded('W094', `${bytes} bytes, limit ${MAX_PROFILE_BYTES}`) : null };
}

/**
 * Where a run's time went, in ms: `node` (Node's own bootstrap), `modules` (loading and evaluating this
 * bundle, until main runs), then each phase of main. Clock: performance.now(), 0 at process start.
 */
export class PhaseTimer {
  readonly phases: [string, number][] = [];
  private last = performance.now();
  constructor() {
    const boot = performance.nodeTiming.bootstrapComplete;
    if (boot !== undefined && boot > 0 && boot <= this.last) this.phases.push(['node', boot], ['modules', this.last - boot]);
    else this.phases.push(['start', this.last]);
  }
  mark(phase: string): void {
    const now = performance.now();
    this.phases.push([phase, now - this.last]);
    this.last = now;
  }
  line(): string {
    return `timings   ${this.phases.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}; total ${performance.now().toFixed(0)} ms`;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const timer = new PhaseTimer();
  const log = new CliLog('analyze');
  const fail = (m: CodedMessage) => {
    console.error(`error ${formatCoded(m)}\n  ${m.hint ?? ''}`);
    log.write('analyze', m);
    return 2;
  };
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof DnaError) {
      console.error(USAGE);
      return fail(e.coded);
    }
    throw e;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const warn = (m: CodedMessage) => {
    console.error(`warning ${formatCoded(m)}`);
    log.write('analyze', m);
  };
  try {
    const { files, unreadable } = await readInputsPartial(args.paths);
    timer.mark('read');
    const reference = args.definition === 'classic' ? { ref: null, notice: null } : await loadRelativeReference();
    if (reference.notice) warn(reference.notice);
    const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const listed = args.trackAt.length ? (await Promise.all(args.paths.map((p) => listInputPaths([p]).catch(() => [])))).flat() : [];
    const trackByPath = args.trackAt.length ? tracksByPath(args, listed) : undefined;
    const opts = { definition: args.definition, track: args.track ?? undefined, trackByPath, trackTypes: args.trackTypes, relativeReference: reference.ref, sha256 };
    const ingested = await ingestAll(files, opts);
    timer.mark('ingest');
    const result = analyzeIngested(ingested, opts);
    timer.mark('analyse');
    const lapFiles = result.reports.filter((r) => r.kind !== null && LAP_FILE_KINDS.includes(r.kind)).length;
    if (args.track !== null && lapFiles > 1) {
      return fail(coded('E095', `--track ${args.track} with ${lapFiles} lap files; give --track PATH=NAME per file or folder`));
    }
    const leftOut = leftOutFiles(result, unreadable);
    const usable = result.reports.some((r) => r.used);
    let notices: string[] = [];
    if (args.predict && usable) {
      const { addPredictions } = await import('./predict');
      notices = await addPredictions(result, args.definition, log);
      timer.mark('predict');
    }
    if (!args.quiet && usable) console.log(summarise(result));
    for (const n of notices) console.error(escapeControl(n));
    for (const w of result.reports.flatMap((r) => r.warnings)) if (w.code !== 'W020') log.write('analyze', w);
    if (!usable) {
      for (const f of leftOut) fail(f.error);
      return fail(result.errors[0] ?? coded('E055', `${files.length} file(s) read`));
    }
    if (leftOut.length) {
      // Partial result: the list says which files were left out and why; the envelope is still written.
      const used = result.reports.filter((r) => r.used).length;
      console.error(`left out  ${leftOut.length} file${leftOut.length > 1 ? 's' : ''} (the analysis used the other ${used} lap file${used > 1 ? 's' : ''}):`);
      for (const f of leftOut) {
        console.error(`  ${escapeControl(f.path)}: ${formatCoded({ ...f.error, detail: undefined })}`);
        log.write('analyze', f.error);
      }
    }
    if (args.json) {
      const { text, warning } = envelopeText(result.envelope);
      if (warning) warn(warning);
      writeFileSync(args.json, text); // (one write: fs/promises would open, write and close through the thread pool)
      if (!args.quiet) console.log(`wrote     ${escapeControl(args.json)}`);
    }
    timer.mark('output');
    if (args.timings) console.error(timer.line());
    return leftOut.length ? EXIT.someLeftOut : EXIT.allUsed;
  } catch (e) {
    if (e instanceof DnaError) return fail(e.coded);
    return fail(coded('E057', (e as Error).message));
  } finally {
    await log.flush();
  }
}

/**
 * Ends the process with `code` once stdout and stderr have taken all that was written to them (a write to a
 * pipe can still be queued): everything the run writes is written by then, and a natural exit would only
 * tear down the heap and the loader first (~20-30 ms on a season). Call it when nothing else is pending.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let waiting = 2;
  const flushed = () => {
    if (--waiting === 0) process.exit(code);
  };
  // a write's callback runs once every earlier write of that stream is done (also when the stream failed)
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

const invokedDirectly = process.argv[1] && /analyze\.(ts|mjs|js)$/.test(process.argv[1]);
if (invokedDirectly) main(process.argv.slice(2)).then(exitWhenFlushed);
