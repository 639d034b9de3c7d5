// Reads laps as libraries stored them before the lap table (the "packed laps" layout, IndexedDB payloads
// written up to and including issue 10's first step). Read-only: nothing writes this layout any more; a
// stored analysis in it opens as a LapTable, and the record itself is left as it is (a re-analysis
// replaces it with the new layout in one transaction).
//
// The old layout, per stored analysis:
//   laps:       { files: LegacyFileLaps[], order: Uint32Array }
//               one entry per input file (its laps in their original order); `order[k]` is the position
//               of the k-th lap (files one after another) in the analysis's lap list
//   excludedBy: { values: (string | null)[], codes: Uint16Array } | null, one code per lap in that list
// Numbers are Float64Array with NaN for null; strings are `{ values, codes }` (code → values[code]).
// Libraries stored before car numbers became strings hold a Float64Array car number; before classes and
// drivers were read, `class`, `driverNumber`, `driverName` and `elapsedS` are absent.
import { LapTableBuilder, type LapTable } from '../../core/lap-table';
import type { LapRow } from '../../core/types';

export interface LegacyStringColumn {
  values: (string | null)[];
  codes: Uint16Array;
}

export interface LegacyFileLaps {
  fileIndex: number;
  count: number;
  carNumber: LegacyStringColumn | Float64Array;
  class?: LegacyStringColumn;
  driverNumber?: LegacyStringColumn;
  driverName?: LegacyStringColumn;
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
  flag: LegacyStringColumn;
  track: LegacyStringColumn;
  race: LegacyStringColumn;
  /** `present[r]` 1 where lap r had this split (its value may still be NaN = null). */
  intermediates: { name: string; present: Uint8Array; valuesS: Float64Array }[];
}

export interface LegacyPackedLaps {
  files: LegacyFileLaps[];
  order: Uint32Array;
}

/** True for the old layout (a `files` list and an `order`), as opposed to LapTableData. */
export function isLegacyPackedLaps(value: unknown): value is LegacyPackedLaps {
  const v = value as Partial<LegacyPackedLaps> | null;
  return !!v && Array.isArray(v.files) && v.order instanceof Uint32Array;
}

const num = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);
const str = (c: LegacyStringColumn | undefined, r: number): string | null => (c ? (c.values[c.codes[r]] ?? null) : null);

/**
 * The stored laps as one LapTable, in the analysis's original lap order. Intermediates: the old layout
 * said per lap which splits it had; the table says it per file (all laps of a file share their header),
 * so a file's names are those any of its laps had.
 */
export function legacyLapTable(packed: LegacyPackedLaps): LapTable {
  const total = packed.order.length;
  // where each lap of the original list lives: file and row
  const fileOf = new Int32Array(total).fill(-1);
  const rowOf = new Uint32Array(total);
  let at = 0;
  packed.files.forEach((f, fi) => {
    for (let r = 0; r < f.count; r++, at++) {
      const pos = packed.order[at];
      if (pos >= total || fileOf[pos] !== -1) throw new RangeError(`stored laps: lap position ${pos} out of range or repeated`);
      fileOf[pos] = fi;
      rowOf[pos] = r;
    }
  });
  if (at !== total) throw new RangeError(`stored laps: ${at} laps in the files, ${total} in the order`);

  const b = new LapTableBuilder(total);
  for (const f of packed.files) {
    const names = f.intermediates.filter((im) => im.present.some((p) => p === 1)).map((im) => im.name);
    b.setIntermediates(f.fileIndex, names);
  }
  for (let pos = 0; pos < total; pos++) {
    const f = packed.files[fileOf[pos]];
    const r = rowOf[pos];
    const lap: Omit<LapRow, 'intermediatesS'> = {
      carNumber: f.carNumber instanceof Float64Array ? String(f.carNumber[r]) : (str(f.carNumber, r) ?? ''),
      class: str(f.class, r),
      driverNumber: str(f.driverNumber, r),
      driverName: str(f.driverName, r),
      lapNumber: num(f.lapNumber[r]),
      lapTimeS: num(f.lapTimeS[r]),
      s1S: num(f.s1S[r]),
      s2S: num(f.s2S[r]),
      s3S: num(f.s3S[r]),
      speedKph: num(f.speedKph[r]),
      topSpeedKph: num(f.topSpeedKph[r]),
      flag: str(f.flag, r),
      pitIn: f.pitIn[r] === 1,
      pitTimeS: num(f.pitTimeS[r]),
      elapsedS: f.elapsedS ? num(f.elapsedS[r]) : null,
      track: str(f.track, r) ?? '',
      race: str(f.race, r) ?? '',
      fileIndex: f.fileIndex,
    };
    const inter: Record<string, number | null> = {};
    for (const im of f.intermediates) if (im.present[r]) inter[im.name] = num(im.valuesS[r]);
    b.append(lap, inter);
  }
  return b.finish();
}

/** The old per-lap verdict codes as a list aligned with the laps. */
export function legacyVerdicts(column: LegacyStringColumn): (string | null)[] {
  return Array.from(column.codes, (c) => column.values[c] ?? null);
}
