// The cars' stints cross from the worker to the page as columns (analysis-wire.ts, issue 10): the page's
// envelope must be the worker's to the byte (an export writes it as JSON), and a car's stints are made only
// when something reads them.
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { fromWire, packRecords, stintsOffEnvelope, unpackRecords, withPredicted } from '../../src/worker/analysis-wire';
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
});
