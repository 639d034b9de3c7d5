// Lap rows as the library stores them: one column per field in a typed array, per input file, instead of
// one object per lap. The real season (5,928 laps) takes ~0.8 MB this way (~140 bytes a lap) against several MB of objects
// in IndexedDB, and a 100x season still fits. Null numbers are stored as NaN (LapRow never holds NaN, so
// the round trip is exact); strings (flag, track, race) go through a small table per file.
//
// The worker packs the laps of the analysis it just made (it holds them; the main thread would spend tens
// of milliseconds on a season), the library on the main thread stores and unpacks them.
import type { LapRow } from './types';

/** A column of strings as indexes into `values`. */
export interface StringColumn {
  values: (string | null)[];
  codes: Uint16Array;
}

export interface PackedIntermediate {
  name: string;
  /** 1 where the lap had this split (its value may still be null), 0 where the key was absent. */
  present: Uint8Array;
  /** NaN for null. */
  valuesS: Float64Array;
}

/** The laps of one input file, in their original order. */
export interface PackedFileLaps {
  fileIndex: number;
  count: number;
  /** Car numbers as written. Libraries stored before car numbers became strings hold a Float64Array here. */
  carNumber: StringColumn | Float64Array;
  /** Absent in libraries stored before classes and drivers were read. */
  class?: StringColumn;
  driverNumber?: StringColumn;
  driverName?: StringColumn;
  elapsedS?: Float64Array;
  lapNumber: Float64Array;
  lapTimeS: Float64Array;
  s1S: Float64Array;
  s2S: Float64Array;
  s3S: Float64Array;
  speedKph: Float64Array;
  topSpeedKph: Float64Array;
  pitTimeS: Float64Array;
  pitIn: Uint8Array;
  flag: StringColumn;
  track: StringColumn;
  race: StringColumn;
  intermediates: PackedIntermediate[];
}

export interface PackedLaps {
  files: PackedFileLaps[];
  /** Position of each lap in the original array, per file (laps of several files may interleave). */
  order: Uint32Array;
}

const NUMBER_FIELDS = ['lapNumber', 'lapTimeS', 's1S', 's2S', 's3S', 'speedKph', 'topSpeedKph', 'pitTimeS', 'elapsedS'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

function packStrings(values: readonly (string | null)[]): StringColumn {
  const table: (string | null)[] = [];
  const index = new Map<string | null, number>();
  const codes = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let code = index.get(v);
    if (code === undefined) {
      code = table.length;
      if (code > 0xffff) throw new RangeError('more than 65,536 distinct strings in one lap column');
      table.push(v);
      index.set(v, code);
    }
    codes[i] = code;
  }
  return { values: table, codes };
}

const toStored = (v: number | null): number => (v === null ? NaN : v);
const fromStored = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function packLaps(laps: readonly LapRow[]): PackedLaps {
  const byFile = new Map<number, number[]>();
  for (let i = 0; i < laps.length; i++) {
    const list = byFile.get(laps[i].fileIndex);
    if (list) list.push(i);
    else byFile.set(laps[i].fileIndex, [i]);
  }
  const order = new Uint32Array(laps.length);
  let at = 0;
  const files: PackedFileLaps[] = [];
  for (const [fileIndex, indexes] of byFile) {
    const rows = indexes.map((i) => laps[i]);
    for (const i of indexes) order[at++] = i;
    const numbers = {} as Record<NumberField, Float64Array>;
    for (const field of NUMBER_FIELDS) {
      const column = new Float64Array(rows.length);
      for (let r = 0; r < rows.length; r++) column[r] = toStored(rows[r][field]);
      numbers[field] = column;
    }
    const names = new Set<string>();
    for (const row of rows) for (const name of Object.keys(row.intermediatesS)) names.add(name);
    const intermediates = [...names].map((name) => {
      const present = new Uint8Array(rows.length);
      const valuesS = new Float64Array(rows.length).fill(NaN);
      for (let r = 0; r < rows.length; r++) {
        if (Object.hasOwn(rows[r].intermediatesS, name)) {
          present[r] = 1;
          valuesS[r] = toStored(rows[r].intermediatesS[name]);
        }
      }
      return { name, present, valuesS };
    });
    files.push({
      fileIndex,
      count: rows.length,
      ...numbers,
      carNumber: packStrings(rows.map((r) => r.carNumber)),
      class: packStrings(rows.map((r) => r.class)),
      driverNumber: packStrings(rows.map((r) => r.driverNumber)),
      driverName: packStrings(rows.map((r) => r.driverName)),
      pitIn: Uint8Array.from(rows, (r) => (r.pitIn ? 1 : 0)),
      flag: packStrings(rows.map((r) => r.flag)),
      track: packStrings(rows.map((r) => r.track)),
      race: packStrings(rows.map((r) => r.race)),
      intermediates,
    });
  }
  return { files, order };
}

const stringAt = (c: StringColumn | undefined, r: number): string | null => (c ? c.values[c.codes[r]] : null);

function carNumberAt(c: StringColumn | Float64Array, r: number): string {
  return c instanceof Float64Array ? String(c[r]) : (c.values[c.codes[r]] ?? '');
}

export function unpackLaps(packed: PackedLaps): LapRow[] {
  const laps = new Array<LapRow>(packed.order.length);
  let at = 0;
  for (const f of packed.files) {
    for (let r = 0; r < f.count; r++) {
      const intermediatesS: Record<string, number | null> = {};
      for (const im of f.intermediates) if (im.present[r]) intermediatesS[im.name] = fromStored(im.valuesS[r]);
      laps[packed.order[at++]] = {
        carNumber: carNumberAt(f.carNumber, r),
        class: stringAt(f.class, r),
        driverNumber: stringAt(f.driverNumber, r),
        driverName: stringAt(f.driverName, r),
        lapNumber: fromStored(f.lapNumber[r]),
        lapTimeS: fromStored(f.lapTimeS[r]),
        s1S: fromStored(f.s1S[r]),
        s2S: fromStored(f.s2S[r]),
        s3S: fromStored(f.s3S[r]),
        speedKph: fromStored(f.speedKph[r]),
        topSpeedKph: fromStored(f.topSpeedKph[r]),
        flag: f.flag.values[f.flag.codes[r]],
        pitIn: f.pitIn[r] === 1,
        pitTimeS: fromStored(f.pitTimeS[r]),
        elapsedS: f.elapsedS ? fromStored(f.elapsedS[r]) : null,
        intermediatesS,
        track: f.track.values[f.track.codes[r]] ?? '',
        race: f.race.values[f.race.codes[r]] ?? '',
        fileIndex: f.fileIndex,
      };
    }
  }
  return laps;
}

/** Bytes the typed arrays take (what the library shows as an analysis's size, with the JSON parts). */
export function packedBytes(packed: PackedLaps): number {
  let bytes = packed.order.byteLength;
  for (const f of packed.files) {
    for (const field of NUMBER_FIELDS) bytes += f[field]?.byteLength ?? 0;
    bytes += f.carNumber instanceof Float64Array ? f.carNumber.byteLength : f.carNumber.codes.byteLength;
    for (const c of [f.class, f.driverNumber, f.driverName]) bytes += c?.codes.byteLength ?? 0;
    bytes += f.pitIn.byteLength + f.flag.codes.byteLength + f.track.codes.byteLength + f.race.codes.byteLength;
    for (const im of f.intermediates) bytes += im.present.byteLength + im.valuesS.byteLength;
  }
  return bytes;
}

/** A list of short codes (the clean-lap verdict per lap) as small integer codes into a table. */
export function packCodes<T extends string>(values: readonly (T | null)[]): StringColumn {
  return packStrings(values);
}

export function unpackCodes<T extends string>(column: StringColumn): (T | null)[] {
  return Array.from(column.codes, (c) => column.values[c] as T | null);
}

/** An analysis's laps as the library stores them: the rows and each lap's clean-lap verdict. */
export interface PackedViewLaps {
  laps: PackedLaps;
  excludedBy: StringColumn;
}

export function packViewLaps(laps: readonly LapRow[], excludedBy: readonly (string | null)[]): PackedViewLaps {
  return { laps: packLaps(laps), excludedBy: packCodes(excludedBy) };
}
