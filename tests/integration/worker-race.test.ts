import { fromWire, packVerdicts } from '../../src/worker/analysis-wire';
// The worker's race calls over a real MessageChannel: one race's columns from the lap table the worker
// kept after analysing, and the NOT_HELD answer (then holdLaps) for a worker that does not have it.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { LapTable } from '../../src/core/lap-table';
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { createWorkerApi, NOT_HELD, type WorkerApi } from '../../src/worker/api';

const ports: MessagePort[] = [];
function connect(): Comlink.Remote<WorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(createWorkerApi(), port1 as unknown as Comlink.Endpoint);
  return Comlink.wrap<WorkerApi>(port2 as unknown as Comlink.Endpoint);
}
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

const enc = new TextEncoder();
const season = generateSeason({ seed: 11, drivers: 6, tracks: ['barber'], racesPerTrack: 2, lapsPerRace: 10 });
const files = (): InputFile[] => season.map((f) => ({ name: f.path.split('/').pop()!, path: f.path, bytes: enc.encode(f.text) }));

describe('worker race calls', () => {
  it('lists the races and gives one race as number columns per car, from the laps it kept', async () => {
    const api = connect();
    const view = fromWire(await api.analyze(files(), {}));
    expect(view.lapsId).toEqual(expect.any(String));
    const races = await api.races(view.lapsId!);
    expect(races).not.toBe(NOT_HELD);
    const list = races as Exclude<typeof races, typeof NOT_HELD>;
    expect(list.map((r) => r.race)).toEqual(['Race 1', 'Race 2']);
    const data = await api.raceData(view.lapsId!, list[0].key);
    if (data === null || data === NOT_HELD) throw new Error('no race data');
    // every lap of the race's file, once, and plain numbers per lap (no LapRow objects)
    const fileLaps = view.laps.filter((l) => l.fileIndex === list[0].fileIndex);
    expect(data.cars.reduce((s, c) => s + c.lapNumber.length, 0)).toBe(fileLaps.length);
    expect(data.cars.length).toBe(new Set(fileLaps.map((l) => l.carNumber)).size);
    const car = data.cars[0];
    expect(car.lapTimeS.every((t) => typeof t === 'number')).toBe(true);
    expect(car.lapTimeS).toEqual(fileLaps.filter((l) => String(l.carNumber) === car.car).map((l) => l.lapTimeS ?? NaN));
    expect(await api.raceData(view.lapsId!, 'no such race')).toBeNull();
  });

  it('answers NOT_HELD for a table it does not hold, and serves one handed over with holdLaps', async () => {
    const analysed = fromWire(await connect().analyze(files(), {}));
    const fresh = connect();
    expect(await fresh.races(analysed.lapsId!)).toBe(NOT_HELD);
    // a table made from plain laps (as for a view built by hand): its columns go over the channel
    await fresh.holdLaps('mine', { lapTable: LapTable.fromRows(analysed.laps).data, verdicts: packVerdicts(analysed.excludedBy) });
    const races = await fresh.races('mine');
    expect(races).toHaveLength(2);
    const data = await fresh.raceData('mine', (races as { key: string }[])[0].key);
    if (data === null || data === NOT_HELD) throw new Error('no race data');
    expect(data.cars.reduce((s, c) => s + c.lapNumber.length, 0)).toBe(analysed.laps.filter((l) => l.fileIndex === data.fileIndex).length);
  });
});
