import { LapTable, plainLaps } from '../../src/core/lap-table';
import { fromWire, packVerdicts, tableOfView } from '../../src/worker/analysis-wire';
// The IndexedDB library on fake-indexeddb: save/list/get/rename/delete, the v1 → v2 migration, and
// writes that fail mid-transaction (quota, abort) leaving the library exactly as it was (E081).
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DnaError } from '../../src/core/errors';
import { exportEnvelope } from '../../src/app/library/envelope-export';
import { columnsOf, DB_VERSION, openLibraryDb, type AnalysisPayload, type AnalysisSummary, type LegacyPayload, type StoredLapTable } from '../../src/app/library/library-db';
import { Library, reanalyse } from '../../src/app/library/library';
import type { LegacyPackedLaps, LegacyStringColumn } from '../../src/app/library/legacy-packed-laps';
import type { LapRow } from '../../src/core/types';
import { createWorkerApi, type AnalysisView } from '../../src/worker/api';
import { sampleAnalysis, handLap } from './library-fixture';

let dbCount = 0;
const freshName = () => `library-test-${++dbCount}`;
const opened: Library[] = [];
function newLibrary(name = freshName()): Library {
  const lib = new Library(name);
  opened.push(lib);
  return lib;
}

let view: AnalysisView;
beforeAll(async () => {
  view = await sampleAnalysis();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((l) => l.close()));
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DnaError) return e.code;
    throw e;
  }
  throw new Error('expected a DnaError, got success');
}

describe('library store', () => {
  it('saves an analysis and gives back the same profiles, reports, laps and dashboard view', async () => {
    const lib = newLibrary();
    const summary = await lib.save(view);
    expect(summary).toMatchObject({
      source: 'analysis',
      name: 'barber, COTA · 2 files',
      drivers: 6,
      files: 2,
      laps: 132,
      tracks: ['COTA', 'barber'],
      definition: 'both',
      modelVersion: null,
      generatedAt: '2025-05-01T12:00:00.000Z',
    });
    expect(summary.sizeBytes).toBeGreaterThan(5000);

    const stored = await lib.get(summary.id);
    expect(stored.envelope).toEqual(view.envelope);
    expect(stored.reports).toEqual(view.reports);
    expect(plainLaps(stored.laps!)).toEqual(plainLaps(view.laps));
    expect(comparable(stored.view!)).toEqual(comparable(view));
    expect(stored.view!.excludedBy.filter((v) => v !== null).length).toBeGreaterThan(0); // the verdicts came back too
  });

  it('stores the lap table the worker posted as columns (no lap objects), each column in a buffer of its own size', async () => {
    const name = freshName();
    const lib = newLibrary(name);
    // columns as the parser leaves a one-file table: views over buffers grown past the laps read
    const grown = <T extends Float64Array | Uint32Array | Uint8Array>(c: T): T => {
      const big = new (c.constructor as new (n: number) => T)(c.length * 4);
      big.set(c as never);
      return big.subarray(0, c.length) as T;
    };
    const d = view.table!.data;
    const each = <T extends Float64Array | Uint32Array | Uint8Array>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).map(([k, c]) => [k, grown(c)]));
    const table = LapTable.from({ ...d, numbers: each(d.numbers) as typeof d.numbers, codes: each(d.codes) as typeof d.codes, pitIn: grown(d.pitIn), fileIndex: grown(d.fileIndex), intermediates: each(d.intermediates) });
    expect(table.data.numbers.lapTimeS.buffer.byteLength).toBe(4 * 132 * 8);
    const { id } = await lib.save({ ...view, table, laps: table.rows() });
    const db = await openLibraryDb(name);
    const raw = (await db.get('payloads', id)) as AnalysisPayload;
    const keys = await db.getAllKeys('columns', columnsOf(id));
    const records = new Map((await db.getAll('columns', columnsOf(id))).map((c, i) => [keys[i][1], c]));
    db.close();
    expect(raw).not.toHaveProperty('laps');
    const t = raw.lapTable as StoredLapTable;
    expect(t.length).toBe(132);
    // the payload names the columns; each is a record of its own, keyed [id, name]
    const expected = [
      ...Object.keys(d.numbers).map((k) => `numbers.${k}`),
      ...Object.keys(d.codes).map((k) => `codes.${k}`),
      'pitIn',
      'fileIndex',
      ...Object.keys(d.intermediates).map((k) => `intermediates.${k}`),
    ];
    expect(t.columns).toEqual(expected);
    expect([...records.keys()].sort()).toEqual([...expected, 'verdicts'].sort());
    expect(records.get('numbers.lapTimeS')).toBeInstanceOf(Float64Array);
    expect(records.get('codes.carNumber')).toBeInstanceOf(Uint32Array);
    expect(records.get('numbers.lapTimeS')).toEqual(d.numbers.lapTimeS);
    // stored trimmed to the 132 laps (IndexedDB would keep a view's whole buffer)
    for (const c of records.values()) {
      expect(c.buffer.byteLength).toBe(c.byteLength);
      expect(c.length).toBe(132);
    }
    expect(raw.verdicts).toEqual({ names: expect.any(Array), column: 'verdicts' });
    expect(records.get('verdicts')).toBeInstanceOf(Uint8Array);
    // deleting the analysis deletes its columns
    await lib.remove(id);
    const after = await openLibraryDb(name);
    expect(await after.count('columns', columnsOf(id))).toBe(0);
    after.close();
  });

  it('round-trips nulls, flags, pit marks, splits and interleaved files of a view made from plain laps', async () => {
    const laps = [
      handLap({ fileIndex: 1, lapNumber: 1, intermediatesS: { IM1: 12.5, IM2: null } }),
      handLap({ fileIndex: 0, lapNumber: null, lapTimeS: null, s1S: null, speedKph: null, flag: null, pitIn: true, pitTimeS: 31.5 }),
      handLap({ fileIndex: 1, lapNumber: 3, intermediatesS: { IM1: null, IM2: 40.25 }, flag: 'FCY', carNumber: '113', class: 'GTD', driverNumber: '2', driverName: 'A. Driver', elapsedS: 4908.622 }),
    ];
    const lib = newLibrary();
    const handView: AnalysisView = { ...view, laps, table: undefined, excludedBy: [null, 'pit-in', 'caution'] };
    const stored = await lib.get((await lib.save(handView)).id);
    expect(plainLaps(stored.laps!)).toEqual(laps);
    expect(stored.view!.excludedBy).toEqual([null, 'pit-in', 'caution']);
  });

  it('lists newest first with name, date, drivers, files and size', async () => {
    const lib = newLibrary();
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(1_000);
    const first = await lib.save(view, 'first');
    now.mockReturnValue(3_000);
    const third = await lib.save(view, 'third');
    now.mockReturnValue(2_000);
    const second = await lib.save(view, 'second');
    const list = await lib.list();
    expect(list.map((s) => s.name)).toEqual(['third', 'second', 'first']);
    expect(list.map((s) => s.id)).toEqual([third.id, second.id, first.id]);
    expect(list[0]).toMatchObject({ createdAt: 3_000, drivers: 6, files: 2 });
  });

  it('renames, and the new name is what a fresh connection reads', async () => {
    const name = freshName();
    const lib = newLibrary(name);
    const { id } = await lib.save(view, 'old name');
    const renamed = await lib.rename(id, '  Season   opener ');
    expect(renamed.name).toBe('Season opener');
    await lib.close();
    expect((await newLibrary(name).list()).map((s) => s.name)).toEqual(['Season opener']);
  });

  it('keeps the old name when the new one is blank', async () => {
    const lib = newLibrary();
    const { id } = await lib.save(view, 'kept');
    expect((await lib.rename(id, '   ')).name).toBe('kept');
  });

  it('deletes an analysis with its laps; getting it afterwards is E083', async () => {
    const lib = newLibrary();
    const a = await lib.save(view, 'a');
    const b = await lib.save(view, 'b');
    await lib.remove(a.id);
    expect((await lib.list()).map((s) => s.id)).toEqual([b.id]);
    expect(await codeOf(lib.get(a.id))).toBe('E083');
    expect(await codeOf(lib.rename(a.id, 'x'))).toBe('E083');
    await lib.remove(a.id); // already gone: not an error
  });

  it('saves a validated import, with its laps when it carries them', async () => {
    const lib = newLibrary();
    const shared = exportEnvelope({ envelope: view.envelope, reports: view.reports, laps: view.laps }, { includeLaps: true });
    const summary = await lib.saveImport(shared);
    expect(summary).toMatchObject({ source: 'import', drivers: 6, files: 2, laps: 132 });
    expect(summary.name).toMatch(/^Imported · /);
    const stored = await lib.get(summary.id);
    expect(stored.envelope.drivers).toEqual(view.envelope.drivers);
    expect(stored.view).toBeNull();
    // the laps come back with fileIndex = the input they belong to (here the same as the file index)
    expect(plainLaps(stored.laps!)).toEqual(plainLaps(view.laps));

    const withoutLaps = await lib.saveImport(exportEnvelope({ envelope: view.envelope, reports: view.reports, laps: view.laps }, { driverId: '14' }));
    const one = await lib.get(withoutLaps.id);
    expect(one.laps).toBeNull();
    expect(one.envelope.drivers.map((d) => d.driver_id)).toEqual([14]);
  });

  it('re-analyses a stored analysis from its laps, without the files, keeping name and date', async () => {
    const lib = newLibrary();
    const saved = await lib.save(view, 'to redo');
    const api = createWorkerApi({ loadModels: null });
    const { summary, view: redone } = await reanalyse(lib, saved.id, (set) =>
      api.createDriverProfiles(set, { definition: 'both', now: '2025-06-01T00:00:00.000Z' }).then(fromWire),
    );
    expect(summary).toMatchObject({ id: saved.id, name: 'to redo', createdAt: saved.createdAt, generatedAt: '2025-06-01T00:00:00.000Z' });
    // same laps in, same exact profiles out
    expect(redone.envelope.drivers).toEqual(view.envelope.drivers);
    expect(redone.envelope.inputs).toEqual(view.envelope.inputs);
    expect((await lib.get(saved.id)).envelope.generated_at).toBe('2025-06-01T00:00:00.000Z');
  });
});

/** A view with its laps as plain objects and without its table (what two equal views share). */
function comparable(v: AnalysisView): unknown {
  const { table: _table, laps, ...rest } = v;
  return { ...rest, laps: plainLaps(laps) };
}


/**
 * Laps in the layout libraries stored before the lap table (legacy-packed-laps.ts documents it), written
 * here from that description: per file its laps in order, numbers as Float64 with NaN for null, strings
 * as { values, codes }, splits with a per-lap `present` byte; `order` maps them back to the lap list.
 */
function oldLayout(laps: readonly LapRow[]): LegacyPackedLaps {
  const strings = (vs: (string | null)[]): LegacyStringColumn => {
    const values = [...new Set(vs)];
    return { values, codes: Uint16Array.from(vs, (v) => values.indexOf(v)) };
  };
  const f64 = (vs: (number | null)[]) => Float64Array.from(vs, (v) => v ?? NaN);
  const fileIndexes = [...new Set(laps.map((l) => l.fileIndex))];
  const order: number[] = [];
  const files = fileIndexes.map((fileIndex) => {
    const rows = laps.flatMap((l, i) => (l.fileIndex === fileIndex ? [[l, i] as const] : []));
    for (const [, i] of rows) order.push(i);
    const ls = rows.map(([l]) => l);
    const names = [...new Set(ls.flatMap((l) => Object.keys(l.intermediatesS)))];
    return {
      fileIndex,
      count: ls.length,
      carNumber: strings(ls.map((l) => l.carNumber)),
      class: strings(ls.map((l) => l.class)),
      driverNumber: strings(ls.map((l) => l.driverNumber)),
      driverName: strings(ls.map((l) => l.driverName)),
      elapsedS: f64(ls.map((l) => l.elapsedS)),
      lapNumber: f64(ls.map((l) => l.lapNumber)),
      lapTimeS: f64(ls.map((l) => l.lapTimeS)),
      s1S: f64(ls.map((l) => l.s1S)),
      s2S: f64(ls.map((l) => l.s2S)),
      s3S: f64(ls.map((l) => l.s3S)),
      speedKph: f64(ls.map((l) => l.speedKph)),
      topSpeedKph: f64(ls.map((l) => l.topSpeedKph)),
      pitTimeS: f64(ls.map((l) => l.pitTimeS)),
      pitIn: Uint8Array.from(ls, (l) => (l.pitIn ? 1 : 0)),
      flag: strings(ls.map((l) => l.flag)),
      track: strings(ls.map((l) => l.track)),
      race: strings(ls.map((l) => l.race)),
      intermediates: names.map((name) => ({
        name,
        present: Uint8Array.from(ls, (l) => (name in l.intermediatesS ? 1 : 0)),
        valuesS: f64(ls.map((l) => l.intermediatesS[name] ?? null)),
      })),
    };
  });
  return { files, order: Uint32Array.from(order) };
}

/** Writes one summary and payload straight into the database, as an older app version left them. */
async function putRaw(name: string, summary: AnalysisSummary, payload: AnalysisPayload | LegacyPayload): Promise<void> {
  const db = await openLibraryDb(name);
  const tx = db.transaction(['analyses', 'payloads'], 'readwrite');
  await tx.objectStore('analyses').put(summary);
  await tx.objectStore('payloads').put(payload);
  await tx.done;
  db.close();
}

function oldSummary(id: string, laps: number): AnalysisSummary {
  return {
    id,
    name: `old ${id}`,
    createdAt: 500,
    updatedAt: 500,
    source: 'analysis',
    definition: 'both',
    modelVersion: null,
    generatedAt: view.envelope.generated_at,
    drivers: view.envelope.drivers.length,
    files: 2,
    laps,
    tracks: ['COTA', 'barber'],
    sizeBytes: 1,
  };
}

describe('libraries stored in the old packed-laps layout', () => {
  it('opens a hand-made old record: interleaved files, numeric car numbers, no class or driver columns, splits, verdicts', async () => {
    const name = freshName();
    newLibrary(name); // (closed after the test)
    // Three laps: list position 0 and 2 in file 1, position 1 in file 0. Car numbers as numbers (before
    // they became strings), no class/driver/elapsed columns (before those were read).
    const str = (values: (string | null)[], codes: number[]): LegacyStringColumn => ({ values, codes: Uint16Array.from(codes) });
    const file1 = {
      fileIndex: 1,
      count: 2,
      carNumber: Float64Array.of(7, 113),
      lapNumber: Float64Array.of(1, 3),
      lapTimeS: Float64Array.of(100.5, 101.25),
      s1S: Float64Array.of(30, NaN),
      s2S: Float64Array.of(35, 35.5),
      s3S: Float64Array.of(35.5, 36),
      speedKph: Float64Array.of(140, 139),
      topSpeedKph: Float64Array.of(200, NaN),
      pitTimeS: Float64Array.of(NaN, NaN),
      pitIn: Uint8Array.of(0, 0),
      flag: str(['GF', 'FCY'], [0, 1]),
      track: str(['COTA'], [0, 0]),
      race: str(['Race 2'], [0, 0]),
      intermediates: [
        { name: 'IM1', present: Uint8Array.of(1, 1), valuesS: Float64Array.of(12.5, NaN) },
        { name: 'IM2', present: Uint8Array.of(1, 1), valuesS: Float64Array.of(NaN, 40.25) },
      ],
    };
    const file0 = {
      fileIndex: 0,
      count: 1,
      carNumber: Float64Array.of(7),
      lapNumber: Float64Array.of(NaN),
      lapTimeS: Float64Array.of(NaN),
      s1S: Float64Array.of(NaN),
      s2S: Float64Array.of(NaN),
      s3S: Float64Array.of(NaN),
      speedKph: Float64Array.of(NaN),
      topSpeedKph: Float64Array.of(NaN),
      pitTimeS: Float64Array.of(31.5),
      pitIn: Uint8Array.of(1),
      flag: str([null], [0]),
      track: str(['barber'], [0]),
      race: str(['Race 1'], [0]),
      intermediates: [],
    };
    const payload: LegacyPayload = {
      id: 'hand',
      envelope: view.envelope,
      reports: view.reports,
      columns: view.columns,
      laps: { files: [file1, file0], order: Uint32Array.of(0, 2, 1) },
      excludedBy: str([null, 'pit-in', 'caution'], [0, 1, 2]),
      view: comparable(view) as LegacyPayload['view'],
    };
    await putRaw(name, oldSummary('hand', 3), payload);

    const stored = await newLibrary(name).get('hand');
    const base = { class: null, driverNumber: null, driverName: null, elapsedS: null };
    expect(plainLaps(stored.laps!)).toEqual([
      { ...base, carNumber: '7', lapNumber: 1, lapTimeS: 100.5, s1S: 30, s2S: 35, s3S: 35.5, speedKph: 140, topSpeedKph: 200, flag: 'GF', pitIn: false, pitTimeS: null, intermediatesS: { IM1: 12.5, IM2: null }, track: 'COTA', race: 'Race 2', fileIndex: 1 },
      { ...base, carNumber: '7', lapNumber: null, lapTimeS: null, s1S: null, s2S: null, s3S: null, speedKph: null, topSpeedKph: null, flag: null, pitIn: true, pitTimeS: 31.5, intermediatesS: {}, track: 'barber', race: 'Race 1', fileIndex: 0 },
      { ...base, carNumber: '113', lapNumber: 3, lapTimeS: 101.25, s1S: null, s2S: 35.5, s3S: 36, speedKph: 139, topSpeedKph: null, flag: 'FCY', pitIn: false, pitTimeS: null, intermediatesS: { IM1: null, IM2: 40.25 }, track: 'COTA', race: 'Race 2', fileIndex: 1 },
    ]);
    expect(stored.view!.excludedBy).toEqual([null, 'pit-in', 'caution']);
    expect(stored.table!.length).toBe(3);
  });

  it('opens a season stored in the old layout with every lap and verdict, and re-analysing rewrites it in the new one', async () => {
    const name = freshName();
    const lib = newLibrary(name);
    const codes = [...new Set(view.excludedBy)];
    const payload: LegacyPayload = {
      id: 'season',
      envelope: view.envelope,
      reports: view.reports,
      columns: view.columns,
      laps: oldLayout(view.laps),
      excludedBy: { values: codes, codes: Uint16Array.from(view.excludedBy, (v) => codes.indexOf(v)) },
      view: comparable(view) as LegacyPayload['view'],
    };
    await putRaw(name, oldSummary('season', view.laps.length), payload);

    const stored = await lib.get('season');
    expect(plainLaps(stored.laps!)).toEqual(plainLaps(view.laps));
    expect(comparable(stored.view!)).toEqual(comparable(view));
    // reading changed nothing stored: the record is still in the old layout
    let db = await openLibraryDb(name);
    expect(Object.keys((await db.get('payloads', 'season'))!)).toContain('excludedBy');
    db.close();

    const api = createWorkerApi({ loadModels: null });
    const { view: redone } = await reanalyse(lib, 'season', (set) =>
      api.createDriverProfiles(set, { definition: 'both', now: '2025-06-01T00:00:00.000Z' }).then(fromWire),
    );
    expect(redone.envelope.drivers).toEqual(view.envelope.drivers);
    db = await openLibraryDb(name);
    const raw = (await db.get('payloads', 'season')) as AnalysisPayload;
    db.close();
    expect(raw).not.toHaveProperty('laps');
    expect(raw.lapTable!.length).toBe(view.laps.length);
    expect(plainLaps((await lib.get('season')).laps!)).toEqual(plainLaps(view.laps));
  });

  it('reads a record of the inline layout (columns inside the payload, as version 2 wrote them)', async () => {
    const name = freshName();
    const lib = newLibrary(name);
    const inline: AnalysisPayload = {
      id: 'inline',
      envelope: view.envelope,
      reports: view.reports,
      columns: view.columns,
      lapTable: tableOfView(view).data,
      verdicts: packVerdicts(view.excludedBy),
      view: comparable(view) as AnalysisPayload['view'],
    };
    await putRaw(name, oldSummary('inline', view.laps.length), inline);
    const stored = await lib.get('inline');
    expect(plainLaps(stored.laps!)).toEqual(plainLaps(view.laps));
    expect(stored.view!.excludedBy).toEqual(view.excludedBy);
  });

  it('a stored analysis with a column record gone is E083 for it alone', async () => {
    const name = freshName();
    const lib = newLibrary(name);
    const hurt = await lib.save(view, 'hurt');
    const fine = await lib.save(view, 'fine');
    const db = await openLibraryDb(name);
    await db.delete('columns', [hurt.id, 'numbers.lapTimeS']);
    db.close();
    expect(await codeOf(lib.get(hurt.id))).toBe('E083');
    expect(plainLaps((await lib.get(fine.id)).laps!)).toEqual(plainLaps(view.laps));
  });

  it('an old record whose lap order is broken is E083 for that analysis alone; the others still open', async () => {
    const name = freshName();
    const lib = newLibrary(name);
    const broken = oldLayout(view.laps);
    broken.order[1] = broken.order[0]; // a position twice: the laps cannot be put back in order
    await putRaw(name, oldSummary('broken', view.laps.length), { id: 'broken', envelope: view.envelope, reports: view.reports, columns: view.columns, laps: broken, excludedBy: null, view: null });
    const good = await lib.save(view, 'good');
    expect(await codeOf(lib.get('broken'))).toBe('E083');
    expect(plainLaps((await lib.get(good.id)).laps!)).toEqual(plainLaps(view.laps));
    expect((await lib.list()).map((s) => s.name).sort()).toEqual(['good', 'old broken']);
  });
});

describe('library writes that fail leave it unchanged (E081)', () => {
  async function snapshot(lib: Library): Promise<{ list: AnalysisSummary[]; payloadIds: string[] }> {
    const list = await lib.list();
    const payloadIds = await Promise.all(list.map(async (s) => (await lib.get(s.id)).summary.id));
    return { list, payloadIds };
  }

  async function payloadCount(name: string): Promise<number> {
    const db = await openLibraryDb(name);
    const n = await db.count('payloads');
    db.close();
    return n;
  }

  it('a QuotaExceededError thrown by the second put of the transaction stores nothing', async () => {
    const name = freshName();
    const lib = newLibrary(name);
    await lib.save(view, 'existing');
    const before = await snapshot(lib);

    const original = IDBObjectStore.prototype.add;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'payloads') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    });
    const err = await lib.save(view, 'too big').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnaError);
    expect((err as DnaError).code).toBe('E081');
    expect((err as DnaError).coded.detail).toContain('QuotaExceededError');
    vi.restoreAllMocks();

    // the summary written first in the same transaction was rolled back with it
    expect(await snapshot(lib)).toEqual(before);
    expect(await payloadCount(name)).toBe(1);
  });

  it('a transaction aborted by the browser mid-write (as on a full disk) stores nothing', async () => {
    const name = freshName();
    const lib = newLibrary(name);
    const kept = await lib.save(view, 'existing');
    const before = await snapshot(lib);

    const original = IDBObjectStore.prototype.add;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      const request = original.apply(this, args);
      if (this.name === 'payloads') this.transaction.abort();
      return request;
    });
    expect(await codeOf(lib.save(view, 'aborted'))).toBe('E081');
    vi.restoreAllMocks();

    expect(await snapshot(lib)).toEqual(before);
    expect(await payloadCount(name)).toBe(1);
    // and the library still works afterwards
    await lib.rename(kept.id, 'still here');
    expect((await lib.list()).map((s) => s.name)).toEqual(['still here']);
  });

  it('a rename that fails (quota) keeps the old name', async () => {
    const lib = newLibrary();
    const { id } = await lib.save(view, 'old');
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    expect(await codeOf(lib.rename(id, 'new'))).toBe('E081');
    vi.restoreAllMocks();
    expect((await lib.list())[0].name).toBe('old');
  });

  it('without IndexedDB (a locked-down private window) every call is E082', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error: simulating a browser without IndexedDB
    delete globalThis.indexedDB;
    try {
      const lib = newLibrary();
      expect(await codeOf(lib.list())).toBe('E082');
      expect(await codeOf(lib.save(view))).toBe('E082');
    } finally {
      globalThis.indexedDB = saved;
    }
  });
});

describe('library schema migration', () => {
  it('is at version 3', () => {
    expect(DB_VERSION).toBe(3);
  });

  it('upgrades a version 1 database without losing its analyses, and lists them through the new index', async () => {
    const name = freshName();
    // A database as version 1 of the app left it: the two stores, no index.
    const v1 = await openLibraryDb(name, 1);
    expect(v1.version).toBe(1);
    expect([...v1.transaction('analyses').store.indexNames]).toEqual([]);
    const records: [AnalysisSummary, LegacyPayload][] = [1, 2].map((n) => {
      const id = `v1-${n}`;
      const payload: LegacyPayload = {
        id,
        envelope: view.envelope,
        reports: view.reports,
        columns: view.columns,
        laps: oldLayout(view.laps),
        excludedBy: null,
        view: null,
      };
      const summary: AnalysisSummary = {
        id,
        name: `from v1 #${n}`,
        createdAt: n * 1000,
        updatedAt: n * 1000,
        source: 'analysis',
        definition: 'both',
        modelVersion: null,
        generatedAt: view.envelope.generated_at,
        drivers: 6,
        files: 2,
        laps: view.laps.length,
        tracks: ['COTA', 'barber'],
        sizeBytes: 1,
      };
      return [summary, payload];
    });
    const tx = v1.transaction(['analyses', 'payloads'], 'readwrite');
    for (const [s, p] of records) {
      await tx.objectStore('analyses').put(s);
      await tx.objectStore('payloads').put(p);
    }
    await tx.done;
    v1.close();

    const lib = newLibrary(name);
    const list = await lib.list();
    expect(list.map((s) => s.name)).toEqual(['from v1 #2', 'from v1 #1']);
    const stored = await lib.get('v1-1');
    expect(plainLaps(stored.laps!)).toEqual(plainLaps(view.laps));
    expect(stored.envelope).toEqual(view.envelope);

    const v3 = await openLibraryDb(name);
    expect(v3.version).toBe(3);
    expect([...v3.transaction('analyses').store.indexNames]).toEqual(['by-created']);
    expect([...v3.objectStoreNames].sort()).toEqual(['analyses', 'columns', 'payloads']);
    v3.close();
  });
});
