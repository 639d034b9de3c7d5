// What an analysis looks like on the wire between the worker and the page: the lap table as typed columns
// (lap-table.ts) and the clean-lap verdicts as one code per lap, never one object per lap. Structured clone
// copies typed arrays as blocks of bytes, so a season (or a million laps) arrives in one cheap message;
// `fromWire` gives the page LapRow views over those columns without copying them again.
import { LapTable, type LapTableData } from '../core/lap-table';
import type { IngestedSet } from '../core/analysis';
import type { ExclusionReason } from '../core/relative/clean-laps';
import type { Envelope, LapRow } from '../core/types';
import type { AnalysisView } from './api';

export interface WireVerdicts {
  /** Code → reason; code 0 is a clean lap (null). */
  names: (ExclusionReason | null)[];
  codes: Uint8Array;
}

export type AnalysisWire = Omit<AnalysisView, 'laps' | 'table' | 'excludedBy' | 'cleaned'> & {
  lapTable: LapTableData;
  verdicts: WireVerdicts;
  /**
   * The cars' stints as columns (`envelope.drivers[i].stints` is null on the wire where a car has them):
   * a million laps are ~65,000 stints, 21 MB of small objects that the page's thread would rebuild in one
   * task on arrival; the page makes a car's stints when something reads them (fromWire).
   */
  stints?: WireRecords;
};

/** Lists of flat records of one shape (numbers, strings, nulls) as columns, the lists one after another. */
export interface WireRecords {
  keys: string[];
  /** Per list: where its records start (lists + 1 entries). */
  starts: Uint32Array;
  /** Per key: its values where the key holds numbers (NaN for null), else null. */
  numbers: (Float64Array | null)[];
  /** Per key: codes into `strings` (0 is null) where the key holds strings, else null. */
  codes: (Uint32Array | null)[];
  strings: (string | null)[];
}

/**
 * The lists as columns, or null when they are not all flat records of one shape (the keys of the first,
 * in its order; each key numbers or strings, null allowed): such lists go as they are.
 */
export function packRecords(lists: readonly (readonly object[])[]): WireRecords | null {
  const first = lists.find((l) => l.length > 0)?.[0];
  if (!first) return null;
  const keys = Object.keys(first);
  const total = lists.reduce((s, l) => s + l.length, 0);
  const starts = new Uint32Array(lists.length + 1);
  const kinds = keys.map(() => '');
  const numbers: (Float64Array | null)[] = keys.map(() => new Float64Array(total));
  const codes: (Uint32Array | null)[] = keys.map(() => new Uint32Array(total));
  const strings: (string | null)[] = [null];
  const codeOf = new Map<string, number>();
  let at = 0;
  for (let li = 0; li < lists.length; li++) {
    starts[li] = at;
    for (const rec of lists[li] as readonly Record<string, unknown>[]) {
      let own = 0;
      for (const _ in rec) own++;
      if (own !== keys.length) return null;
      for (let k = 0; k < keys.length; k++) {
        const v = rec[keys[k]];
        if (v === null) {
          numbers[k]![at] = NaN;
          continue; // code 0
        }
        const kind = typeof v;
        if ((kind !== 'number' && kind !== 'string') || (kinds[k] !== '' && kinds[k] !== kind) || v !== v) return null;
        kinds[k] = kind;
        if (kind === 'number') numbers[k]![at] = v as number;
        else {
          let c = codeOf.get(v as string);
          if (c === undefined) codeOf.set(v as string, (c = strings.push(v as string) - 1));
          codes[k]![at] = c;
        }
      }
      at++;
    }
  }
  starts[lists.length] = at;
  return {
    keys,
    starts,
    numbers: numbers.map((c, k) => (kinds[k] === 'number' ? c : null)),
    codes: codes.map((c, k) => (kinds[k] === 'string' ? c : null)),
    strings,
  };
}

/** List `i` of packed records, as the objects it was made from. */
export function unpackRecords<T extends object>(w: WireRecords, i: number): T[] {
  const out: T[] = [];
  const { keys, numbers, codes, strings } = w;
  for (let r = w.starts[i]; r < w.starts[i + 1]; r++) {
    const rec: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const n = numbers[k];
      if (n) rec[keys[k]] = n[r] !== n[r] ? null : n[r];
      else rec[keys[k]] = codes[k] ? strings[codes[k]![r]] : null;
    }
    out.push(rec as T);
  }
  return out;
}

/** The buffers of packed records, to transfer. */
export function recordBuffers(w: WireRecords): ArrayBuffer[] {
  return [w.starts, ...w.numbers, ...w.codes].filter((c): c is Float64Array | Uint32Array => c !== null).map((c) => c.buffer as ArrayBuffer);
}

/**
 * The envelope as it goes to the page: each car's stints out of its profile into columns (the key stays,
 * null, so that it keeps its place among the profile's keys). The envelope itself is not changed.
 */
export function stintsOffEnvelope(envelope: Envelope): { envelope: Envelope; stints?: WireRecords } {
  const lists = envelope.drivers.map((d) => d.stints ?? []);
  const stints = packRecords(lists);
  if (!stints) return { envelope };
  const drivers = envelope.drivers.map((d) => (d.stints ? ({ ...d, stints: null } as unknown as typeof d) : d));
  return { envelope: { ...envelope, drivers }, stints };
}

/**
 * The page's envelope from the wire: a car's `stints` are made from the columns the first time they are
 * read (the car sheet, an export), once; the key is where it was, enumerable, so a spread or JSON has it.
 */
export function stintsOnEnvelope(envelope: Envelope, stints: WireRecords | undefined): Envelope {
  if (!stints) return envelope;
  envelope.drivers.forEach((d, i) => {
    if ((d as { stints?: unknown }).stints !== null) return;
    let made: Envelope['drivers'][number]['stints'];
    Object.defineProperty(d, 'stints', {
      enumerable: true,
      configurable: true,
      get: () => (made ??= unpackRecords(stints, i)),
      set: (v: typeof made) => void (made = v),
    });
  });
  return envelope;
}

/** Laps already read, as they go to the worker for a re-analysis without the files (createDriverProfiles). */
export type IngestedWire = Omit<IngestedSet, 'laps' | 'table'> & { lapTable: LapTableData };

/** A lap table and its verdicts, as the page hands them to a worker for the race views (holdLaps). */
export interface HeldLapsWire {
  lapTable: LapTableData;
  verdicts: WireVerdicts;
}

/**
 * The lap table of a view's laps: the one they are views over when it has them (what the worker posted,
 * what the library stored), else one made from the laps (a view built by hand, from plain laps).
 */
export function tableOfView(view: Pick<AnalysisView, 'laps' | 'table'>): LapTable {
  if (view.table && lazyLaps(view)) return view.table;
  return view.table && view.table.length === view.laps.length ? view.table : LapTable.fromRows(view.laps);
}

/** The getters withLazyLaps defines: a view whose `laps` is one of them has its table's rows as laps. */
const LAZY_LAPS = new WeakSet<object>();

function lazyLaps(view: object): boolean {
  const get = Object.getOwnPropertyDescriptor(view, 'laps')?.get;
  return get !== undefined && LAZY_LAPS.has(get);
}

/**
 * `view` with `laps` read from `table` when first asked for: a million LapRow views are ~100 ms of the
 * page's thread and of its garbage collector, and the pages read a car's or a track's laps by index
 * (lapsOfView) or the count (lapCount) instead. The key is enumerable: a spread or a clone has the laps.
 */
export function withLazyLaps<T extends object>(view: T, table: LapTable): T & { laps: LapRow[] } {
  let laps: LapRow[] | undefined;
  const get = () => (laps ??= table.rows());
  LAZY_LAPS.add(get);
  return Object.defineProperty(view, 'laps', { enumerable: true, configurable: true, get, set: (v: LapRow[]) => void (laps = v) }) as T & { laps: LapRow[] };
}

/** How many laps a view has, without making its laps. */
export function lapCount(view: Pick<AnalysisView, 'laps' | 'table'>): number {
  return view.table && lazyLaps(view) ? view.table.length : view.laps.length;
}

/** The view's laps whose string column `column` is `value` (a car, a track), by index when it has a table. */
export function lapsOfView(view: Pick<AnalysisView, 'laps' | 'table'>, column: 'carNumber' | 'track', value: string): { laps: LapRow[]; indexes: number[] } {
  if (view.table && lazyLaps(view)) {
    const indexes = view.table.indexesWhere(column, value);
    return { laps: indexes.map((i) => view.table!.row(i)), indexes };
  }
  const laps: LapRow[] = [];
  const indexes: number[] = [];
  view.laps.forEach((l, i) => {
    if (l[column] === value) {
      laps.push(l);
      indexes.push(i);
    }
  });
  return { laps, indexes };
}

/**
 * `o` with `patch` on top in a new object: its own properties copied as they are (getters stay getters:
 * a view's laps and a car's stints are still made only when read), as a spread would place the keys.
 */
export function withProps<T extends object>(o: T, patch: Partial<T>): T {
  const props = Object.getOwnPropertyDescriptors(o) as PropertyDescriptorMap;
  for (const [k, value] of Object.entries(patch)) props[k] = { value, writable: true, enumerable: true, configurable: true };
  return Object.defineProperties({}, props) as T;
}

/** A set's laps in columns, for the wire. */
export function ingestedWire(set: IngestedSet): IngestedWire {
  const { laps, table, ...rest } = set;
  return { ...rest, lapTable: (table && table.length === laps.length ? table : LapTable.fromRows(laps)).data };
}

export function packVerdicts(excludedBy: readonly (ExclusionReason | null)[]): WireVerdicts {
  const names: (ExclusionReason | null)[] = [null];
  const codes = new Uint8Array(excludedBy.length);
  for (let i = 0; i < excludedBy.length; i++) {
    const v = excludedBy[i];
    if (v === null) continue;
    let c = names.indexOf(v);
    if (c < 0) c = names.push(v) - 1;
    codes[i] = c;
  }
  return { names, codes };
}

export function unpackVerdicts(v: WireVerdicts): (ExclusionReason | null)[] {
  const out = new Array<ExclusionReason | null>(v.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = v.names[v.codes[i]];
  return out;
}

/** The page's AnalysisView from what the worker posted: laps are views over the posted columns. */
export function fromWire(w: AnalysisWire): AnalysisView {
  const { lapTable, verdicts, stints, ...rest } = w;
  const table = LapTable.from(lapTable);
  const view = withLazyLaps({ ...rest, envelope: stintsOnEnvelope(rest.envelope, stints), table }, table);
  // a verdict per lap (a million-entry array at a million laps) is made when a page reads one
  let excludedBy: (ExclusionReason | null)[] | undefined;
  return Object.defineProperty(view, 'excludedBy', {
    enumerable: true,
    configurable: true,
    get: () => (excludedBy ??= unpackVerdicts(verdicts)),
    set: (v: (ExclusionReason | null)[]) => void (excludedBy = v),
  }) as AnalysisView;
}

export interface EnvelopePredictions {
  modelVersion: string | null;
  /** Per envelope.drivers index; null where the model gave none. */
  drivers: (Envelope['drivers'][number]['predicted'] | null)[];
  /** Per envelope.people index. */
  people: (NonNullable<Envelope['people']>[number]['predicted'] | null)[];
}

export function predictedPatch(envelope: Envelope): EnvelopePredictions {
  return {
    modelVersion: envelope.model_version ?? null,
    drivers: envelope.drivers.map((d) => d.predicted ?? null),
    people: (envelope.people ?? []).map((p) => p.predicted ?? null),
  };
}

/**
 * `o` with `key` set to `value` in a new object: its other properties as they are (a car's stints still
 * made when first read, stintsOnEnvelope), the key in its place, or last when it is new, as a spread does.
 */
function withProperty<T extends object, K extends keyof T>(o: T, key: K, value: T[K]): T {
  return withProps(o, { [key]: value } as unknown as Partial<T>);
}

/** `envelope` with a predictions answer put in: new car and person objects where a prediction came. */
export function withPredicted(envelope: Envelope, p: EnvelopePredictions): Envelope {
  const out: Envelope = {
    ...envelope,
    model_version: p.modelVersion,
    drivers: envelope.drivers.map((d, i) => (p.drivers[i] ? withProperty(d, 'predicted', p.drivers[i]!) : d)),
  };
  if (envelope.people) out.people = envelope.people.map((q, i) => (p.people[i] ? { ...q, predicted: p.people[i]! } : q));
  return out;
}
