import { plainLaps } from '../../src/core/lap-table';
import { fromWire } from '../../src/worker/analysis-wire';
// The IndexedDB library on fake-indexeddb: save/list/get/rename/delete, the v1 → v2 migration, and
// writes that fail mid-transaction (quota, abort) leaving the library exactly as it was (E081).
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DnaError } from '../../src/core/errors';
import { exportEnvelope } from '../../src/app/library/envelope-export';
import { DB_VERSION, openLibraryDb, type AnalysisPayload, type AnalysisSummary } from '../../src/app/library/library-db';
import { Library, reanalyse } from '../../src/app/library/library';
import { packLaps, packViewLaps } from '../../src/core/packed-laps';
import { createWorkerApi, type AnalysisView } from '../../src/worker/api';
import { sampleAnalysis } from './library-fixture';

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
    expect(stored.laps).toEqual(plainLaps(view.laps));
    expect({ ...stored.view, laps: plainLaps(stored.view!.laps) }).toEqual({ ...view, laps: plainLaps(view.laps) });
  });

  it('stores laps the worker already packed as they are, and reads the same view back', async () => {
    const lib = newLibrary();
    const { id } = await lib.save(view, 'packed by the worker', packViewLaps(view.laps, view.excludedBy));
    const stored = await lib.get(id);
    expect(stored.laps).toEqual(plainLaps(view.laps));
    expect({ ...stored.view, laps: plainLaps(stored.view!.laps) }).toEqual({ ...view, laps: plainLaps(view.laps) });
    // the given packing is what is stored (not one made again here): a packing of ten laps gives ten laps
    const ten = await lib.save(view, 'ten', packViewLaps(view.laps.slice(0, 10), view.excludedBy.slice(0, 10)));
    expect((await lib.get(ten.id)).laps).toEqual(plainLaps(view.laps.slice(0, 10)));
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
    expect(stored.laps).toEqual(plainLaps(view.laps));

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
  it('is at version 2', () => {
    expect(DB_VERSION).toBe(2);
  });

  it('upgrades a version 1 database without losing its analyses, and lists them through the new index', async () => {
    const name = freshName();
    // A database as version 1 of the app left it: the two stores, no index.
    const v1 = await openLibraryDb(name, 1);
    expect(v1.version).toBe(1);
    expect([...v1.transaction('analyses').store.indexNames]).toEqual([]);
    const records: [AnalysisSummary, AnalysisPayload][] = [1, 2].map((n) => {
      const id = `v1-${n}`;
      const payload: AnalysisPayload = {
        id,
        envelope: view.envelope,
        reports: view.reports,
        columns: view.columns,
        laps: packLaps(view.laps),
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
    expect(stored.laps).toEqual(plainLaps(view.laps));
    expect(stored.envelope).toEqual(view.envelope);

    const v2 = await openLibraryDb(name);
    expect(v2.version).toBe(2);
    expect([...v2.transaction('analyses').store.indexNames]).toEqual(['by-created']);
    v2.close();
  });
});
