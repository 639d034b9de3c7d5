// The fault corpus of issue 13 as property-based tests (fast-check): seeded lap files from the sample
// generator, rewritten the ways spreadsheets write them (metamorphic: same laps) and damaged the ways files
// break (truncation, stray quotes, garbage lines, impossible cells). Every case is run through the core and
// counted: a crash (a throw, or an error without a code from the table), a silent loss (rows read ≠ rows
// used + rows reported, or a dropped row without a line), silently wrong (laps that change with the way
// the file is written, or an envelope our own importer refuses). `npm run fuzz` prints the counts.
import fc from 'fast-check';
import { analyzeInputs } from '../../src/core/analysis';
import { ERROR_CODES } from '../../src/core/errors';
import { ingestFile } from '../../src/core/ingest';
import { readProfileJson } from '../../src/core/profile-schema';
import { generateSeason } from '../../src/core/sample-generator';
import type { FileReport, InputFile, LapRow } from '../../src/core/types';

export interface FuzzCounts {
  cases: number;
  crashes: number;
  silentLosses: number;
  silentlyWrong: number;
  /** The first few failures, for the message. */
  examples: string[];
}

interface Base {
  path: string;
  header: string[];
  rows: string[][];
}

const baseArb: fc.Arbitrary<Base> = fc
  .record({ seed: fc.integer({ min: 1, max: 1_000_000 }), drivers: fc.integer({ min: 2, max: 5 }), laps: fc.integer({ min: 3, max: 8 }), track: fc.constantFrom('barber', 'COTA', 'Sonoma') })
  .map(({ seed, drivers, laps, track }) => {
    const f = generateSeason({ seed, drivers, tracks: [track], racesPerTrack: 1, lapsPerRace: laps })[0];
    const [h, ...rest] = f.text.split('\n').filter((l) => l !== '');
    return { path: f.path, header: h.split(';'), rows: rest.map((l) => l.split(';')) };
  });

/** Ways of writing the same table: line ends, delimiter, quoting, column order, encoding. */
interface Style {
  eol: '\n' | '\r\n' | '\r';
  delimiter: ';' | ',' | '\t';
  quoteAll: boolean;
  order: number[] | null;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
  finalEol: boolean;
}

const styleArb = (width: number): fc.Arbitrary<Style> =>
  fc.record({
    eol: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
    delimiter: fc.constantFrom(';' as const, ',' as const, '\t' as const),
    quoteAll: fc.boolean(),
    order: fc.option(fc.shuffledSubarray([...Array(width).keys()], { minLength: width, maxLength: width }), { nil: null }),
    encoding: fc.constantFrom('utf-8' as const, 'utf-8-bom' as const, 'utf-16le' as const, 'utf-16be' as const),
    finalEol: fc.boolean(),
  });

function encode(text: string, encoding: Style['encoding']): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  if (encoding === 'utf-8-bom') return new TextEncoder().encode('\uFEFF' + text);
  const out = new Uint8Array(2 + text.length * 2);
  const le = encoding === 'utf-16le';
  out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
  }
  return out;
}

function write(b: Base, s: Style): string {
  const order = s.order ?? b.header.map((_, i) => i);
  const cell = (c: string) => (s.quoteAll ? `"${c.trim()}"` : c.trim());
  const lines = [b.header, ...b.rows].map((r) => order.map((i) => cell(r[i] ?? '')).join(s.delimiter));
  return lines.join(s.eol) + (s.finalEol ? s.eol : '');
}

const file = (path: string, bytes: Uint8Array): InputFile => ({ name: path.split('/').pop()!, path, bytes });

/** Laps as comparable values (intermediates and file index aside, they do not depend on the layout). */
const lapKey = (l: LapRow) => JSON.stringify([l.carNumber, l.lapNumber, l.lapTimeS, l.s1S, l.s2S, l.s3S, l.speedKph, l.topSpeedKph, l.flag, l.pitIn, l.pitTimeS, l.track]);

/** Damage done to a written file. */
type Damage =
  | { kind: 'truncate'; at: number }
  | { kind: 'stray-quote'; row: number; col: number }
  | { kind: 'garbage-line'; row: number; text: string }
  | { kind: 'cell'; row: number; col: number; value: string };

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('stray-quote' as const), row: fc.nat(), col: fc.nat() }),
  fc.record({ kind: fc.constant('garbage-line' as const), row: fc.nat(), text: fc.string({ maxLength: 40 }) }),
  fc.record({
    kind: fc.constant('cell' as const), row: fc.nat(), col: fc.nat(),
    value: fc.constantFrom('Infinity', '-inf', '1e308', 'NaN', '-5', '0', '5000', '99:99.999', '1:4', '0:45.300', '', '"', '__proto__', 'toString', '\u0000', '1e-300'),
  }),
);

function damage(b: Base, d: Damage): string {
  const rows = b.rows.map((r) => [...r]);
  const pick = (n: number, len: number) => (len ? n % len : 0);
  if (d.kind === 'stray-quote' && rows.length) {
    const r = rows[pick(d.row, rows.length)];
    const c = pick(d.col, r.length);
    r[c] = '"' + r[c];
  } else if (d.kind === 'cell' && rows.length) {
    const r = rows[pick(d.row, rows.length)];
    r[pick(d.col, r.length)] = d.value;
  }
  const lines = [b.header.join(';'), ...rows.map((r) => r.join(';'))];
  if (d.kind === 'garbage-line') lines.splice(1 + pick(d.row, rows.length + 1), 0, d.text);
  const text = lines.join('\n') + '\n';
  return d.kind === 'truncate' ? text.slice(0, Math.floor(d.at * text.length)) : text;
}

const isCoded = (code: string) => Object.hasOwn(ERROR_CODES, code);

/** Problems with one report: missing codes (crash) or rows that vanished (silent loss). */
function reportProblems(r: FileReport): { crash: string | null; loss: string | null } {
  const uncoded = [...r.errors, ...r.warnings].find((m) => !isCoded(m.code));
  const dropped = Object.values(r.rowsRejected).reduce((s, n) => s + n, 0);
  const listed = r.rowProblems.filter((p) => p.action === 'dropped').reduce((s, p) => s + p.lines.length, 0);
  const lossy = r.rowsRead !== r.rowsAccepted + dropped || listed !== dropped;
  return {
    crash: uncoded ? `uncoded ${uncoded.code}` : null,
    loss: lossy ? `rows read ${r.rowsRead} ≠ used ${r.rowsAccepted} + dropped ${dropped} (listed ${listed})` : null,
  };
}

/** Runs `runs` metamorphic cases and `runs` damage cases from `seed`; counts, never throws. */
export async function runFuzz(runs: number, seed: number): Promise<FuzzCounts> {
  const counts: FuzzCounts = { cases: 0, crashes: 0, silentLosses: 0, silentlyWrong: 0, examples: [] };
  const note = (what: keyof Omit<FuzzCounts, 'cases' | 'examples'>, text: string) => {
    counts[what]++;
    if (counts.examples.length < 5) counts.examples.push(`${what}: ${text}`);
  };

  const metamorphic = fc.sample(baseArb.chain((b) => styleArb(b.header.length).map((s) => ({ b, s }))), { numRuns: runs, seed });
  for (const { b, s } of metamorphic) {
    counts.cases++;
    try {
      const plain = await ingestFile(file(b.path, encode(write(b, { eol: '\n', delimiter: ';', quoteAll: false, order: null, encoding: 'utf-8', finalEol: true }), 'utf-8')));
      const styled = await ingestFile(file(b.path, encode(write(b, s), s.encoding)));
      for (const r of [plain.report, styled.report]) {
        const p = reportProblems(r);
        if (p.crash) note('crashes', p.crash);
        if (p.loss) note('silentLosses', p.loss);
      }
      const a = plain.laps.map(lapKey).join('\n');
      const c = styled.laps.map(lapKey).join('\n');
      if (a !== c || styled.laps.length !== b.rows.length) note('silentlyWrong', `${JSON.stringify({ ...s, order: s.order ? 'shuffled' : null })}: ${styled.laps.length} of ${b.rows.length} laps, equal ${a === c}`);
    } catch (e) {
      note('crashes', `metamorphic: ${(e as Error).message}`);
    }
  }

  const damaged = fc.sample(fc.tuple(baseArb, fc.array(damageArb, { minLength: 1, maxLength: 3 })), { numRuns: runs, seed: seed + 1 });
  for (const [b, ds] of damaged) {
    counts.cases++;
    try {
      let cur = b;
      let text = '';
      for (const d of ds) {
        text = damage(cur, d);
        const [h, ...rest] = text.split('\n').filter((l) => l !== '');
        cur = { path: b.path, header: (h ?? '').split(';'), rows: rest.map((l) => l.split(';')) };
      }
      const second = generateSeason({ seed: 5, drivers: 3, tracks: ['VIR'], racesPerTrack: 1, lapsPerRace: 5 })[0];
      const inputs = [file(b.path, new TextEncoder().encode(text)), file(second.path, new TextEncoder().encode(second.text))];
      const result = await analyzeInputs(inputs);
      for (const r of result.reports) {
        const p = reportProblems(r);
        if (p.crash) note('crashes', p.crash);
        if (p.loss) note('silentLosses', `${JSON.stringify(ds).slice(0, 120)}: ${p.loss}`);
      }
      if (!result.reports[1].used) note('silentLosses', `the good file was lost next to ${JSON.stringify(ds).slice(0, 120)}`);
      const uncoded = result.errors.find((m) => !isCoded(m.code));
      if (uncoded) note('crashes', `uncoded ${uncoded.code}`);
      const back = readProfileJson(JSON.stringify(result.envelope));
      if (!back.ok) note('silentlyWrong', `importer refused our envelope (${JSON.stringify(ds).slice(0, 120)}): ${back.error.code} ${back.error.detail}`);
    } catch (e) {
      note('crashes', `damage ${JSON.stringify(ds).slice(0, 120)}: ${(e as Error).message}`);
    }
  }
  return counts;
}
