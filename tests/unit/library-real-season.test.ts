import { plainLaps } from '../../src/core/lap-table';
import { fromWire } from '../../src/worker/analysis-wire';
// The real season (../shared/data/gr-cup) through the library and the shared-file format: every figure
// the app computes survives export → strict import and save → load unchanged.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { envelopeJson, exportEnvelope } from '../../src/app/library/envelope-export';
import { Library, tableBytes } from '../../src/app/library/library';
import { tableOfView } from '../../src/worker/analysis-wire';
import { readProfileJson } from '../../src/core/profile-schema';
import { createWorkerApi, type AnalysisView } from '../../src/worker/api';
import { describeReal, REAL_DATA_DIR } from '../helpers/real-data';

describeReal('library and profile files on the real season', () => {
  let view: AnalysisView;
  const library = new Library('library-real-season');

  beforeAll(async () => {
    // every file of the folder, as a user drops it (the non-lap exports are recognised and skipped)
    const paths = (readdirSync(REAL_DATA_DIR, { recursive: true }) as string[]).filter((p) => statSync(join(REAL_DATA_DIR, p)).isFile()).sort();
    const files = paths.map((path) => ({ name: path.split('/').pop()!, path, bytes: new Uint8Array(readFileSync(join(REAL_DATA_DIR, path))) }));
    view = fromWire(await createWorkerApi({ loadModels: null }).analyze(files, { definition: 'both' }));
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
});
