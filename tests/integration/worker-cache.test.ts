// The worker's IngestCache over dropped files (Blobs): an analysis after its validation reads no lap file
// again, and the same folder dropped again in the tab (validate, then analyse) reads nothing at all, not
// even the files the analysis did not take; a validation of another folder lets the first one's go.
import { describe, expect, it } from 'vitest';
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { createWorkerApi } from '../../src/worker/api';

const season = generateSeason({ seed: 4, drivers: 5, tracks: ['barber', 'COTA'], racesPerTrack: 1, lapsPerRace: 10 });
const readsOf = new Map<string, number>();

/** The season as Blobs that count their reads, plus a telemetry-like file the DNA does not take. */
function folder(prefix: string): InputFile[] {
  const results = 'POSITION;NUMBER;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH\n1;7;Classified;2;3:20.000;;;2;1:39.900;150.2\n';
  const barber = season.find((s) => s.path.startsWith('barber/'))!.path.replace(/[^/]+$/, '');
  const entries = [...season.map((s) => [s.path, s.text] as const), ['barber/notes.csv', 'a;b;c\n1;2;3\n'] as const, [`${barber}results.csv`, results] as const];
  return entries.map(([p, text]) => {
    const path = `${prefix}/${p}`;
    const blob = new Blob([text]);
    Object.defineProperty(blob, 'lastModified', { value: 1_700_000_000_000 });
    const counted = Object.assign(blob, {
      arrayBuffer: () => (readsOf.set(path, (readsOf.get(path) ?? 0) + 1), Blob.prototype.arrayBuffer.call(blob)),
      slice: (...a: Parameters<Blob['slice']>) => (readsOf.set(path, (readsOf.get(path) ?? 0) + 1), Blob.prototype.slice.apply(blob, a)),
    });
    return { name: path.split('/').pop()!, path, blob: counted };
  });
}
const reads = () => [...readsOf.values()].reduce((a, b) => a + b, 0);

describe('the worker reads a dropped folder once per tab', () => {
  it('validation, analysis, the same folder again: read once; another folder: the first is read again after it', async () => {
    const api = createWorkerApi();
    readsOf.clear();
    const files = folder('season');
    const v = await api.validateUserData(files);
    const lapPaths = v.reports.filter((r) => r.used).map((r) => r.path);
    expect(lapPaths.length).toBe(season.length);
    expect(v.reports.find((r) => r.path.endsWith('notes.csv'))?.used).toBe(false);
    const first = reads();
    expect(first).toBe(files.length); // one read a file
    const exact = await api.analyze(files.filter((f) => lapPaths.includes(f.path)));
    expect(reads()).toBe(first); // the analysis reads nothing again
    // dropped again (new File objects, same identity): validation and analysis read nothing
    const again = folder('season');
    const v2 = await api.validateUserData(again);
    expect(v2.reports).toEqual(v.reports);
    const exact2 = await api.analyze(again.filter((f) => lapPaths.includes(f.path)));
    expect(reads()).toBe(first);
    // the race pages' sheets: read by the first analysis of a folder, not by the next one of the same
    const sheets = folder('season').filter((f) => v.reports.find((r) => r.path === f.path)?.kind === 'results');
    expect(sheets.length).toBeGreaterThan(0);
    const withSheets = (fs: InputFile[]) => fs.filter((f) => lapPaths.includes(f.path) || sheets.some((s) => s.path === f.path));
    const before = reads();
    const s1 = await api.analyze(withSheets(folder('season')));
    const sheetReads = reads() - before;
    expect(sheetReads).toBe(sheets.length);
    const s2 = await api.analyze(withSheets(folder('season')));
    expect(reads() - before).toBe(sheetReads);
    expect(s2.envelope.drivers).toEqual(s1.envelope.drivers);
    // the race pages still get the sheet (from the kept bytes): barber's race has its results
    const races = (await api.races(s2.lapsId!)) as { key: string }[];
    const results: unknown[] = [];
    for (const { key } of races) {
      const d = await api.raceData(s2.lapsId!, key);
      if (d && typeof d === 'object' && d.results) results.push(d.results);
    }
    expect(results).toHaveLength(1);
    expect(results[0]).toEqual(expect.objectContaining({ rows: [expect.objectContaining({ position: 1 })] }));
    expect(exact2.envelope.drivers).toEqual(exact.envelope.drivers);
    // another folder: read; then the first one is read again (its entries went)
    const sofar = reads();
    await api.validateUserData(folder('other'));
    expect(reads()).toBe(sofar + first);
    await api.validateUserData(folder('season'));
    expect(reads()).toBe(sofar + 2 * first);
  });

  it('answers an analysis of the same laps and options with the result it computed for them, and computes a new one when an option changes', async () => {
    const api = createWorkerApi();
    const lapFiles = () => folder('again').filter((f) => season.some((s) => f.path === `again/${s.path}`));
    // validated with the files the analysis leaves out (their places in the list differ), as the start page does
    await api.validateUserData(folder('again').reverse());
    const first = await api.analyze(lapFiles());
    await new Promise((r) => setTimeout(r, 5));
    // the same folder dropped again (validated, then analysed): the same result, made once (the same lapsId and
    // generated_at, though time went on)
    await api.validateUserData(folder('again').reverse());
    const second = await api.analyze(lapFiles());
    expect(second.lapsId).toBe(first.lapsId);
    expect(second.envelope.generated_at).toBe(first.envelope.generated_at);
    expect(second.envelope).toEqual(first.envelope);
    // another option: computed again
    const typed = await api.analyze(lapFiles(), { trackTypes: { COTA: 'technical' } });
    expect(typed.lapsId).not.toBe(first.lapsId);
    expect(typed.envelope.generated_at).not.toBe(first.envelope.generated_at);
    // and the race pages still read the laps of the answer they have
    expect(((await api.races(typed.lapsId!)) as unknown[]).length).toBeGreaterThan(0);
  });
});
