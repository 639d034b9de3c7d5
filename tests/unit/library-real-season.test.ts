import { plainLaps } from '../../src/core/lap-table';
import { fromWire } from '../../src/worker/analysis-wire';
// The real season (../shared/data/gr-cup) through the library and the shared-file format: every figure
// the app computes survives export → strict import and save → load unchanged.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { envelopeJson, exportEnvelope } from '../../src/app/library/envelope-export';
import { Library, tableBytes, viewExtras } from '../../src/app/library/library';
import { NOT_HELD } from '../../src/worker/race-protocol';
import { tableOfView } from '../../src/worker/analysis-wire';
import { readProfileJson } from '../../src/core/profile-schema';
import { createWorkerApi, type AnalysisView } from '../../src/worker/api';
import { describeReal, REAL_DATA_DIR } from '../helpers/real-data';

describeReal('library and profile files on the real season', () => {
  let view: AnalysisView;
  let api: ReturnType<typeof createWorkerApi>;
  const library = new Library('library-real-season');

  beforeAll(async () => {
    // every file of the folder, as a user drops it (the non-lap exports are recognised and skipped)
    const paths = (readdirSync(REAL_DATA_DIR, { recursive: true }) as string[]).filter((p) => statSync(join(REAL_DATA_DIR, p)).isFile()).sort();
    const files = paths.map((path) => ({ name: path.split('/').pop()!, path, bytes: new Uint8Array(readFileSync(join(REAL_DATA_DIR, path))) }));
    // the worker keeps what it computed in the library itself (entry.ts passes saveParts), as in the app
    api = createWorkerApi({ loadModels: null, keep: (parts, name) => library.saveParts(parts, name) });
    view = fromWire(await api.analyze(files, { definition: 'both' }));
  });
  afterAll(() => library.close());

  it('exports all 38 drivers with the 12 lap files and 5,928 laps, and the strict reader accepts it unchanged', () => {
    const shared = exportEnvelope(view, { includeLaps: true });
    const read = readProfileJson(envelopeJson(shared));
    if (!read.ok) throw new Error(`refused: ${read.error.code} ${read.error.detail}`);
    expect(read.envelope).toEqual(shared);
    expect(read.envelope.drivers).toHaveLength(38);
    expect(read.envelope.inputs).toHaveLength(12);
    expect(read.envelope.laps!.rows).toHaveLength(5928);
  });

  it('stores the season and gives back the same profiles and laps, the laps in under half their JSON size', async () => {
    const summary = await library.save(view);
    const stored = await library.get(summary.id);
    expect(stored.envelope).toEqual(view.envelope);
    expect(plainLaps(stored.laps!)).toEqual(plainLaps(view.laps));
    expect(summary.laps).toBe(5928);
    // ~150 bytes a lap as typed columns against ~314 as JSON text
    expect(tableBytes(tableOfView(view).data)).toBeLessThan(JSON.stringify(view.laps).length / 2);
  });

  it('is kept by the worker that computed it exactly as the page would keep it, and only by that worker', async () => {
    const byPage = await library.get((await library.save(view, 'page')).id);
    const kept = await api.keep(view.lapsId!, viewExtras(view), 'worker');
    if (kept === NOT_HELD) throw new Error('the worker did not hold its own analysis');
    const byWorker = await library.get(kept.id);
    expect(kept.name).toBe('worker');
    expect(kept.laps).toBe(5928);
    expect(byWorker.envelope).toEqual(byPage.envelope);
    expect(byWorker.reports).toEqual(byPage.reports);
    expect(byWorker.columns).toEqual(byPage.columns);
    expect(byWorker.table!.data).toEqual(byPage.table!.data);
    expect(byWorker.view!.excludedBy).toEqual(byPage.view!.excludedBy);
    const { envelope: _a, laps: _b, table: _c, ...rest } = byWorker.view!;
    const { envelope: _d, laps: _e, table: _f, ...restPage } = byPage.view!;
    expect(rest).toEqual(restPage);
    // another analysis's id, or a worker that keeps no library: the page keeps it instead
    expect(await api.keep('not-this-one', viewExtras(view))).toBe(NOT_HELD);
    expect(await createWorkerApi({ loadModels: null }).keep(view.lapsId!, viewExtras(view))).toBe(NOT_HELD);
  });
});
