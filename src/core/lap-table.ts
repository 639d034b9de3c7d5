// The lap table: every lap of an analysis in typed columns, written once by the parser (ingest.ts) and read
// by the DNA, the race views and the library. A lap is an index into the columns; `rows()` gives LapRow
// views (20-odd bytes each: the table and an index, fields read through getters) for code that reads laps
// one by one, so no lap is ever copied into an object of its own.
//
// Numbers are Float64Array with NaN for null (LapRow never holds NaN, so reading back is exact); strings
// (car number, class, drivers, flag, track, race) are codes into one string list per table, code 0 = null.
// Intermediate splits are columns too; which of them a lap has is a property of its file (a header either
// has an IM1 column or not), kept per file index.
//
// `data` is the plain form (typed arrays and string lists only): it crosses the worker boundary as
// transferred buffers, and `LapTable.from(data)` on the other side reads it without a copy.
import type { LapRow } from './types';

export const NUMBER_COLUMNS = ['lapNumber', 'lapTimeS', 's1S', 's2S', 's3S', 'speedKph', 'topSpeedKph', 'pitTimeS', 'elapsedS'] as const;
export type NumberColumn = (typeof NUMBER_COLUMNS)[number];
export const STRING_COLUMNS = ['carNumber', 'class', 'driverNumber', 'driverName', 'flag', 'track', 'race'] as const;
export type StringColumnName = (typeof STRING_COLUMNS)[number];

export interface LapTableData {
  length: number;
  /** Code → string; code 0 is null. */
  strings: (string | null)[];
  numbers: Record<NumberColumn, Float64Array>;
  codes: Record<StringColumnName, Uint32Array>;
  pitIn: Uint8Array;
  fileIndex: Uint32Array;
  /** Intermediate split columns by canonical name (IM1a, IM1, …); NaN where a lap has no value. */
  intermediates: Record<string, Float64Array>;
  /** Per file index: the intermediate names its header has (the keys of its laps' `intermediatesS`). */
  intermediatesByFile: Record<number, string[]>;
}

/** What a parser appends per lap: numbers (null allowed), strings, the pit flag. */
export type LapValues = Omit<LapRow, 'intermediatesS'>;

const nullable = (v: number): number | null => (v !== v ? null : v);

export class LapTable {
  private views: LapRow[] | null = null;
  private readonly reindexed = new Map<number, LapTable>();
  /** The table this one is a re-indexed copy of (withFileIndex), else itself. */
  private root: LapTable = this;

  private constructor(readonly data: LapTableData) {}

  static from(data: LapTableData): LapTable {
    return new LapTable(data);
  }

  /** No laps: zero-length columns, none of them allocated (a season has a hundred files that are not lap files). */
  static empty(): LapTable {
    return LapTable.from({
      length: 0,
      strings: [null],
      numbers: Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, new Float64Array(0)])) as Record<NumberColumn, Float64Array>,
      codes: Object.fromEntries(STRING_COLUMNS.map((c) => [c, new Uint32Array(0)])) as Record<StringColumnName, Uint32Array>,
      pitIn: new Uint8Array(0),
      fileIndex: new Uint32Array(0),
      intermediates: {},
      intermediatesByFile: {},
    });
  }

  /** One table from plain lap objects (tests, stored libraries, hand-made laps). */
  static fromRows(rows: readonly LapRow[]): LapTable {
    const b = new LapTableBuilder(rows.length);
    // a file's intermediate names: every name any of its laps carries (hand-made laps may differ lap to lap)
    const names = new Map<number, Set<string>>();
    for (const r of rows) {
      let set = names.get(r.fileIndex);
      if (!set) names.set(r.fileIndex, (set = new Set()));
      for (const k in r.intermediatesS) set.add(k);
    }
    for (const [f, set] of names) b.setIntermediates(f, [...set]);
    for (const r of rows) b.append(r, r.intermediatesS);
    return b.finish();
  }

  /** The tables one after another (files of a season read one by one); string codes are remapped. */
  static concat(tables: readonly LapTable[]): LapTable {
    if (tables.length === 1) return tables[0];
    // the same tables as an earlier call (a folder dropped again, read from the cache): the same table, so
    // that what was computed on it can be known as computed (tables are never changed once made)
    const earlier = CONCATS.get(tables[0]) ?? [];
    const same = earlier.find((c) => c.parts.length === tables.length && c.parts.every((t, i) => t === tables[i]));
    if (same) return same.table;
    const total = tables.reduce((s, t) => s + t.length, 0);
    const b = new LapTableBuilder(total);
    for (const t of tables) b.appendTable(t);
    const table = b.finish();
    // two per first table: a validation's places and an analysis's (files left out) differ
    CONCATS.set(tables[0], [{ parts: [...tables], table }, ...earlier].slice(0, 2));
    return table;
  }

  get length(): number {
    return this.data.length;
  }

  /** The laps of one file's table as the file at index `fileIndex` (a file read again at another place in a call). */
  withFileIndex(fileIndex: number): LapTable {
    const d = this.data;
    if (d.length === 0 || d.fileIndex.every((f) => f === fileIndex)) return this;
    // made once per index from the table first read: the same file at the same place in a later call gives
    // the same table, whatever places it had in between
    const root = this.root;
    if (root !== this) return root.withFileIndex(fileIndex);
    let t = this.reindexed.get(fileIndex);
    if (!t) {
      const names = [...new Set(Object.values(d.intermediatesByFile).flat())];
      t = LapTable.from({ ...d, fileIndex: new Uint32Array(d.length).fill(fileIndex), intermediatesByFile: { [fileIndex]: names } });
      t.root = this;
      this.reindexed.set(fileIndex, t);
    }
    return t;
  }

  number(column: NumberColumn, i: number): number | null {
    return nullable(this.data.numbers[column][i]);
  }

  string(column: StringColumnName, i: number): string | null {
    return this.data.strings[this.data.codes[column][i]];
  }

  intermediatesOf(i: number): Record<string, number | null> {
    const names = this.data.intermediatesByFile[this.data.fileIndex[i]] ?? [];
    const out: Record<string, number | null> = {};
    for (const n of names) out[n] = nullable(this.data.intermediates[n][i]);
    return out;
  }

  /** Lap `i` as a plain object (what a page showing one car's laps, or an export, needs). */
  plain(i: number): LapRow {
    const d = this.data;
    const s = d.strings;
    const n = d.numbers;
    return {
      carNumber: s[d.codes.carNumber[i]] ?? '',
      class: s[d.codes.class[i]],
      driverNumber: s[d.codes.driverNumber[i]],
      driverName: s[d.codes.driverName[i]],
      lapNumber: nullable(n.lapNumber[i]),
      lapTimeS: nullable(n.lapTimeS[i]),
      s1S: nullable(n.s1S[i]),
      s2S: nullable(n.s2S[i]),
      s3S: nullable(n.s3S[i]),
      speedKph: nullable(n.speedKph[i]),
      topSpeedKph: nullable(n.topSpeedKph[i]),
      flag: s[d.codes.flag[i]],
      pitIn: d.pitIn[i] === 1,
      pitTimeS: nullable(n.pitTimeS[i]),
      elapsedS: nullable(n.elapsedS[i]),
      intermediatesS: this.intermediatesOf(i),
      track: s[d.codes.track[i]] ?? '',
      race: s[d.codes.race[i]] ?? '',
      fileIndex: d.fileIndex[i],
    };
  }

  /** Lap `i` as a LapRow view (the one rows() made, when it has made them). */
  row(i: number): LapRow {
    return this.views?.[i] ?? new LapView(this, i);
  }

  /** The laps whose string column `column` reads `value`, by index (a scan of one code column). */
  indexesWhere(column: StringColumnName, value: string): number[] {
    const s = this.data.strings;
    const want = new Uint8Array(s.length);
    for (let c = 1; c < s.length; c++) if (s[c] === value) want[c] = 1;
    const codes = this.data.codes[column];
    const out: number[] = [];
    for (let i = 0; i < codes.length; i++) if (want[codes[i]]) out.push(i);
    return out;
  }

  /** Every lap as a LapRow view over the columns (made once; the views hold no values of their own). */
  rows(): LapRow[] {
    if (this.views) return this.views;
    const out = new Array<LapRow>(this.length);
    for (let i = 0; i < out.length; i++) out[i] = new LapView(this, i);
    TABLE_OF_ROWS.set(out, this);
    return (this.views = out);
  }

  /** Per string code: whether the flag it names is caution (flags.ts), so a rule reads a byte per lap. */
  cautionByCode(isCaution: (flag: string | null) => boolean): Uint8Array {
    const s = this.data.strings;
    const out = new Uint8Array(s.length);
    for (let c = 1; c < s.length; c++) out[c] = isCaution(s[c]!.toUpperCase()) ? 1 : 0;
    return out;
  }

  /**
   * Rows of each race (file, track, race label: clean-laps raceKey), in order of first appearance; the
   * laps of a file come together, so the key string is made once per run of laps, not per lap.
   */
  raceRows(): Map<string, number[]> {
    const d = this.data;
    const out = new Map<string, number[]>();
    let pf = -1, pt = -1, pr = -1;
    let rows: number[] = [];
    for (let i = 0; i < d.length; i++) {
      const f = d.fileIndex[i], t = d.codes.track[i], r = d.codes.race[i];
      if (f !== pf || t !== pt || r !== pr) {
        const key = `${f}\u0000${d.strings[t] ?? ''}\u0000${d.strings[r] ?? ''}`;
        let found = out.get(key);
        if (!found) out.set(key, (found = []));
        rows = found;
        pf = f, pt = t, pr = r;
      }
      rows.push(i);
    }
    return out;
  }

  /** `rows` by car number (as the file writes it), cars in order of first appearance. */
  carRows(rows: readonly number[]): Map<string, number[]> {
    const codes = this.data.codes.carNumber;
    const byCode = new Map<number, number[]>();
    for (const i of rows) {
      const c = codes[i];
      let list = byCode.get(c);
      if (!list) byCode.set(c, (list = []));
      list.push(i);
    }
    const out = new Map<string, number[]>();
    for (const [c, list] of byCode) out.set(this.data.strings[c] ?? '', list);
    return out;
  }

  /** The same laps in columns of their own (a copy to transfer while this table stays usable). */
  copy(): LapTable {
    const d = this.data;
    const map = <T extends Float64Array | Uint32Array | Uint8Array>(r: Record<string, T>): Record<string, T> =>
      Object.fromEntries(Object.entries(r).map(([k, c]) => [k, c.slice() as T]));
    return LapTable.from({
      length: d.length,
      strings: [...d.strings],
      numbers: map(d.numbers) as LapTableData['numbers'],
      codes: map(d.codes) as LapTableData['codes'],
      pitIn: d.pitIn.slice(),
      fileIndex: d.fileIndex.slice(),
      intermediates: map(d.intermediates),
      intermediatesByFile: structuredClone(d.intermediatesByFile),
    });
  }

  /** The typed arrays to transfer when `data` is posted (the table is unusable here afterwards). */
  transferables(): ArrayBuffer[] {
    const d = this.data;
    const all: ArrayBufferView[] = [...Object.values(d.numbers), ...Object.values(d.codes), d.pitIn, d.fileIndex, ...Object.values(d.intermediates)];
    return [...new Set(all.map((a) => a.buffer as ArrayBuffer))];
  }
}

/** concat's results by their first table (held only while that table lives). */
const CONCATS = new WeakMap<LapTable, { parts: LapTable[]; table: LapTable }[]>();

const TABLE_OF_ROWS = new WeakMap<readonly LapRow[], LapTable>();

/** The table laps are views of (`table.rows()`), else a table made from them (hand-made laps in tests). */
export function tableOf(laps: LapTable | readonly LapRow[]): LapTable {
  if (laps instanceof LapTable) return laps;
  return TABLE_OF_ROWS.get(laps) ?? LapTable.fromRows(laps);
}

/** Lap numbers that do not go up start a new run (clean-laps carRuns, on the lap-number column). */
export function runsOf(rows: readonly number[], lapNumber: Float64Array): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  let last = NaN;
  for (const i of rows) {
    const n = lapNumber[i];
    if (current.length > 0 && n === n && last === last && n <= last) {
      runs.push(current);
      current = [];
    }
    current.push(i);
    if (n === n) last = n;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * A lap read through the table. Its fields are getters on the prototype: spread, JSON and structured clone
 * see none of them, so a view never leaves its thread (post `table.data`; `toJSON` gives the plain lap).
 */
class LapView implements LapRow {
  readonly #t: LapTableData;
  readonly #i: number;
  readonly #table: LapTable;
  constructor(table: LapTable, i: number) {
    this.#table = table;
    this.#t = table.data;
    this.#i = i;
  }
  get carNumber(): string { return this.#t.strings[this.#t.codes.carNumber[this.#i]] ?? ''; }
  get class(): string | null { return this.#t.strings[this.#t.codes.class[this.#i]]; }
  get driverNumber(): string | null { return this.#t.strings[this.#t.codes.driverNumber[this.#i]]; }
  get driverName(): string | null { return this.#t.strings[this.#t.codes.driverName[this.#i]]; }
  get lapNumber(): number | null { return nullable(this.#t.numbers.lapNumber[this.#i]); }
  get lapTimeS(): number | null { return nullable(this.#t.numbers.lapTimeS[this.#i]); }
  get s1S(): number | null { return nullable(this.#t.numbers.s1S[this.#i]); }
  get s2S(): number | null { return nullable(this.#t.numbers.s2S[this.#i]); }
  get s3S(): number | null { return nullable(this.#t.numbers.s3S[this.#i]); }
  get speedKph(): number | null { return nullable(this.#t.numbers.speedKph[this.#i]); }
  get topSpeedKph(): number | null { return nullable(this.#t.numbers.topSpeedKph[this.#i]); }
  get flag(): string | null { return this.#t.strings[this.#t.codes.flag[this.#i]]; }
  get pitIn(): boolean { return this.#t.pitIn[this.#i] === 1; }
  get pitTimeS(): number | null { return nullable(this.#t.numbers.pitTimeS[this.#i]); }
  get elapsedS(): number | null { return nullable(this.#t.numbers.elapsedS[this.#i]); }
  get intermediatesS(): Record<string, number | null> { return this.#table.intermediatesOf(this.#i); }
  get track(): string { return this.#t.strings[this.#t.codes.track[this.#i]] ?? ''; }
  get race(): string { return this.#t.strings[this.#t.codes.race[this.#i]] ?? ''; }
  get fileIndex(): number { return this.#t.fileIndex[this.#i]; }
  toJSON(): LapRow {
    return this.#table.plain(this.#i);
  }
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a.subarray(0, Math.min(a.length, size)) as never);
  return next;
}

type LiveColumns = {
  numbers: Record<NumberColumn, Float64Array>;
  codes: Record<StringColumnName, Uint32Array>;
  pitIn: Uint8Array;
  fileIndex: Uint32Array;
  intermediates: Record<string, Float64Array>;
};

/** Appends laps column by column; `finish()` trims the columns to the laps written. */
export class LapTableBuilder {
  private n = 0;
  private cap: number;
  private readonly strings: (string | null)[] = [null];
  private readonly codeOf = new Map<string, number>();
  private numbers: Record<NumberColumn, Float64Array>;
  private codes: Record<StringColumnName, Uint32Array>;
  private pitIn: Uint8Array;
  private fileIndex: Uint32Array;
  private intermediates: Record<string, Float64Array> = {};
  private live: LiveColumns | null = null;
  private readonly intermediatesByFile: Record<number, string[]> = {};

  constructor(capacity = 1024) {
    this.cap = Math.max(16, capacity);
    this.numbers = Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, new Float64Array(this.cap)])) as Record<NumberColumn, Float64Array>;
    this.codes = Object.fromEntries(STRING_COLUMNS.map((c) => [c, new Uint32Array(this.cap)])) as Record<StringColumnName, Uint32Array>;
    this.pitIn = new Uint8Array(this.cap);
    this.fileIndex = new Uint32Array(this.cap);
  }

  get length(): number {
    return this.n;
  }

  /** The code of `s` in this table's string list (0 for null). */
  code(s: string | null): number {
    if (s === null) return 0;
    let c = this.codeOf.get(s);
    if (c === undefined) {
      c = this.strings.length;
      this.strings.push(s);
      this.codeOf.set(s, c);
    }
    return c;
  }

  /** The intermediate names a file's laps carry (once per file, before its laps). */
  setIntermediates(fileIndex: number, names: readonly string[]): void {
    this.intermediatesByFile[fileIndex] ??= [...names];
    for (const n of names) this.intermediates[n] ??= new Float64Array(this.cap).fill(NaN);
    this.live = null;
  }

  /** Room for `laps` laps in all (a parser that can estimate its file's rows grows the columns once). */
  reserve(laps: number): void {
    if (laps > this.cap) this.resize(Math.ceil(laps));
  }

  private ensure(extra: number): void {
    if (this.n + extra <= this.cap) return;
    let cap = this.cap;
    while (cap < this.n + extra) cap = cap < 1 << 20 ? cap * 2 : cap + (cap >> 1);
    this.resize(cap);
  }

  private resize(cap: number): void {
    for (const c of NUMBER_COLUMNS) this.numbers[c] = grow(this.numbers[c], cap);
    for (const c of STRING_COLUMNS) this.codes[c] = grow(this.codes[c], cap);
    this.pitIn = grow(this.pitIn, cap);
    this.fileIndex = grow(this.fileIndex, cap);
    for (const k of Object.keys(this.intermediates)) {
      const next = new Float64Array(cap).fill(NaN);
      next.set(this.intermediates[k].subarray(0, this.n));
      this.intermediates[k] = next;
    }
    this.cap = cap;
    this.live = null;
  }

  /** One lap; `inter` holds its intermediate splits by name (names set with setIntermediates). */
  append(lap: LapValues, inter?: Readonly<Record<string, number | null>>): void {
    this.ensure(1);
    const i = this.n++;
    const num = this.numbers;
    for (const c of NUMBER_COLUMNS) num[c][i] = lap[c] ?? NaN;
    const codes = this.codes;
    codes.carNumber[i] = this.code(lap.carNumber);
    codes.class[i] = this.code(lap.class);
    codes.driverNumber[i] = this.code(lap.driverNumber);
    codes.driverName[i] = this.code(lap.driverName);
    codes.flag[i] = this.code(lap.flag);
    codes.track[i] = this.code(lap.track);
    codes.race[i] = this.code(lap.race);
    this.pitIn[i] = lap.pitIn ? 1 : 0;
    this.fileIndex[i] = lap.fileIndex;
    if (inter) for (const k in inter) if (this.intermediates[k]) this.intermediates[k][i] = inter[k] ?? NaN;
  }

  /**
   * The fast path of the parser: the next lap's index, with every column of it still to be written by
   * the caller through `columns()` (numbers default to NaN, codes to 0 = null).
   */
  next(): number {
    this.ensure(1);
    const i = this.n++;
    for (const c of NUMBER_COLUMNS) this.numbers[c][i] = NaN;
    for (const c of STRING_COLUMNS) this.codes[c][i] = 0;
    this.pitIn[i] = 0;
    for (const k in this.intermediates) this.intermediates[k][i] = NaN;
    return i;
  }

  /**
   * The parser's fastest path: the next lap's index with nothing written; the caller writes every number,
   * code, pit flag, file index and every intermediate column this builder has.
   */
  claim(): number {
    this.ensure(1);
    return this.n++;
  }

  /** The live columns (valid until the next append: a growth replaces them; the same object until then). */
  columns(): LiveColumns {
    return (this.live ??= { numbers: this.numbers, codes: this.codes, pitIn: this.pitIn, fileIndex: this.fileIndex, intermediates: this.intermediates });
  }

  /** Drops laps from `length` on (a file that turned out unusable). */
  truncate(length: number): void {
    this.n = Math.min(this.n, Math.max(0, length));
  }

  appendTable(t: LapTable): void {
    const d = t.data;
    this.ensure(d.length);
    for (const [f, names] of Object.entries(d.intermediatesByFile)) this.setIntermediates(Number(f), names);
    const remap = new Uint32Array(d.strings.length);
    for (let k = 0; k < d.strings.length; k++) remap[k] = this.code(d.strings[k]);
    const at = this.n;
    for (const c of NUMBER_COLUMNS) this.numbers[c].set(d.numbers[c].subarray(0, d.length), at);
    for (const c of STRING_COLUMNS) {
      const src = d.codes[c];
      const dst = this.codes[c];
      for (let i = 0; i < d.length; i++) dst[at + i] = remap[src[i]];
    }
    this.pitIn.set(d.pitIn.subarray(0, d.length), at);
    this.fileIndex.set(d.fileIndex.subarray(0, d.length), at);
    for (const k of Object.keys(this.intermediates)) {
      const src = d.intermediates[k];
      if (src) this.intermediates[k].set(src.subarray(0, d.length), at);
      else this.intermediates[k].fill(NaN, at, at + d.length);
    }
    this.n += d.length;
  }

  finish(): LapTable {
    const n = this.n;
    // Each column in a buffer of its own size: a view over a grown buffer would post (structured clone copies
    // the whole buffer) and store the room it never used; trimmed once here, in the worker.
    const cut = <T extends Float64Array | Uint32Array | Uint8Array>(a: T): T => (a.length === n && a.byteOffset === 0 ? a : (a.slice(0, n) as T));
    return LapTable.from({
      length: n,
      strings: this.strings,
      numbers: Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, cut(this.numbers[c])])) as Record<NumberColumn, Float64Array>,
      codes: Object.fromEntries(STRING_COLUMNS.map((c) => [c, cut(this.codes[c])])) as Record<StringColumnName, Uint32Array>,
      pitIn: cut(this.pitIn),
      fileIndex: cut(this.fileIndex),
      intermediates: Object.fromEntries(Object.entries(this.intermediates).map(([k, v]) => [k, cut(v)])),
      intermediatesByFile: this.intermediatesByFile,
    });
  }
}

/** Laps as plain objects (views become their values): for comparisons, spreads and JSON of a few laps. */
export function plainLaps(laps: readonly LapRow[]): LapRow[] {
  return laps.map((l) => (l instanceof LapView ? l.toJSON() : l));
}
