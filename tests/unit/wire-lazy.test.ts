// What the page makes from the worker's answer only when something reads it (analysis-wire.ts, issue 10):
// the cars' stints cross as columns, and the page's envelope must be the worker's to the byte (an export
// writes it as JSON); the laps are the table's and a page reads one car's or one track's by index.
import { describe, expect, it, vi } from 'vitest';
import { plainLaps } from '../../src/core/lap-table';
import { lapsWhere, viewLapsWhere } from '../../src/app/view/laps-view';
import { analyzeInputs } from '../../src/core/analysis';
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { fromWire, lapCount, packRecords, stintsOffEnvelope, tableOfView, unpackRecords, withPredicted, withProps } from '../../src/worker/analysis-wire';
import { createWorkerApi } from '../../src/worker/api';

const NOW = '2025-05-01T12:00:00.000Z';
const files: InputFile[] = generateSeason({ seed: 11, drivers: 8, tracks: ['Barber', 'COTA'], racesPerTrack: 2, lapsPerRace: 20 }).map((f) => ({
  name: f.path.split('/').pop()!,
  path: f.path,
  bytes: new TextEncoder().encode(f.text),
}));

describe('stints on the wire', () => {
  it('arrive as columns and give the page the envelope the core computed, byte for byte', async () => {
    const core = (await analyzeInputs(files, { definition: 'both', now: new Date(NOW) })).envelope;
    const wire = await createWorkerApi({ loadModels: null }).analyze(files, { definition: 'both', now: NOW });
    // on the wire: no stint objects, every car's key still there (null), the columns beside
    expect(wire.stints?.starts.length).toBe(core.drivers.length + 1);
    expect(wire.envelope.drivers.every((d) => (d as { stints: unknown }).stints === null)).toBe(true);
    const total = core.drivers.reduce((s, d) => s + (d.stints?.length ?? 0), 0);
    expect(total).toBeGreaterThan(core.drivers.length); // more than one stint a car: something to pack
    expect(wire.stints!.starts.at(-1)).toBe(total);
    const page = fromWire(structuredClone(wire)).envelope;
    expect(JSON.stringify(page)).toBe(JSON.stringify(core));
  });

  it("makes a car's stints when they are first read, once, and keeps that through the predictions merge", async () => {
    const wire = structuredClone(await createWorkerApi({ loadModels: null }).analyze(files, { definition: 'both', now: NOW }));
    const env = fromWire(wire).envelope;
    const d0 = env.drivers[0];
    const desc = Object.getOwnPropertyDescriptor(d0, 'stints')!;
    expect(desc.get).toBeTypeOf('function'); // not made yet
    expect(desc.enumerable).toBe(true);
    const first = d0.stints;
    expect(first!.length).toBeGreaterThan(0);
    expect(d0.stints).toBe(first); // made once
    const predicted = { dna_signature: 0.5 } as unknown as NonNullable<(typeof d0)['predicted']>;
    const merged = withPredicted(env, { modelVersion: 'm1', drivers: env.drivers.map(() => predicted), people: [] });
    const m1 = merged.drivers[1];
    expect(Object.getOwnPropertyDescriptor(m1, 'stints')!.get).toBeTypeOf('function'); // still lazy
    expect(Object.keys(m1).slice(-2)).toEqual(['stints', 'predicted']); // where a spread puts them
    expect(m1.predicted).toBe(predicted);
    expect(m1.stints).toEqual(env.drivers[1].stints);
  });

  it('packs flat records of one shape, with nulls, and leaves anything else as it is', () => {
    const lists = [[{ a: 1, b: 'x', c: null }, { a: -0, b: null, c: 2.5 }], [], [{ a: 3, b: 'x', c: null }]];
    const w = packRecords(lists)!;
    expect([0, 1, 2].map((i) => unpackRecords(w, i))).toEqual(lists);
    expect(Object.is(unpackRecords<{ a: number }>(w, 0)[1].a, -0)).toBe(true);
    expect(w.strings).toEqual([null, 'x']);
    expect(packRecords([[{ a: 1 }, { a: 'one' }]])).toBeNull(); // one key, two kinds
    expect(packRecords([[{ a: 1 }, { a: 1, b: 2 }]])).toBeNull(); // two shapes
    expect(packRecords([[{ a: [1] }]])).toBeNull(); // not flat
    expect(packRecords([[{ a: NaN }]])).toBeNull(); // NaN is not null
    const env = { drivers: [{ stints: [{ a: [1] }] }] } as never;
    expect(stintsOffEnvelope(env)).toEqual({ envelope: env }); // unpackable: the envelope goes as it is
  });

  it("gives the laps when read, and a car's or a track's laps, the count and the table without making them all", async () => {
    const view = fromWire(structuredClone(await createWorkerApi({ loadModels: null }).analyze(files, { definition: 'both', now: NOW })));
    const rows = vi.spyOn(view.table!, 'rows');
    // the verdicts too are made when first read, once, one per lap
    expect(Object.getOwnPropertyDescriptor(view, 'excludedBy')!.get).toBeTypeOf('function');
    expect(view.excludedBy).toHaveLength(view.table!.length);
    expect(view.excludedBy).toBe(view.excludedBy);
    const n = view.table!.length;
    expect(lapCount(view)).toBe(n);
    expect(tableOfView(view)).toBe(view.table);
    const copy = withProps(view, { predictionsPending: false });
    expect(lapCount(copy)).toBe(n);
    const car = view.table!.string('carNumber', 5)!;
    const track = view.table!.string('track', n - 1)!;
    const mine = viewLapsWhere(copy, 'carNumber', car);
    const there = viewLapsWhere(copy, 'track', track);
    expect(rows).not.toHaveBeenCalled();
    // the same laps and verdicts as a pass over every lap gives
    const all = view.laps;
    expect(rows).toHaveBeenCalledTimes(1);
    expect(all).toHaveLength(n);
    const byScan = lapsWhere(all, view.excludedBy, (l) => l.carNumber === car);
    expect(mine.length).toBeGreaterThan(0);
    expect(plainLaps(mine.map((l) => l.lap))).toEqual(plainLaps(byScan.map((l) => l.lap)));
    expect(mine.map((l) => l.excludedBy)).toEqual(byScan.map((l) => l.excludedBy));
    expect(there.length).toBe(lapsWhere(all, view.excludedBy, (l) => l.track === track).length);
    expect(copy.laps).toBe(all); // one set of laps for the view and its copies
    // a view made by hand (plain laps, no table) answers the same way
    const hand = { laps: plainLaps(all), table: undefined, excludedBy: view.excludedBy };
    expect(lapCount(hand)).toBe(n);
    expect(viewLapsWhere(hand, 'carNumber', car).map((l) => l.excludedBy)).toEqual(byScan.map((l) => l.excludedBy));
  });
});
