import { plainLaps } from '../../src/core/lap-table';
// The main-thread bridge (Squoosh's worker-bridge pattern) against the real worker API over a message
// channel: one call at a time, an AbortSignal terminates the worker (the next call starts a fresh one),
// an idle worker is let go, files leave as transferred buffers.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSeason } from '../../src/core/sample-generator';
import { WorkerBridge, isAbort, settleFileSizes, type PickedFile } from '../../src/app/worker-bridge';
import { createWorkerApi, type WorkerApi } from '../../src/worker/api';

interface FakeWorker {
  terminated: boolean;
  calls: string[];
}

/** A "Worker" whose other end is the real API in this process: a MessageChannel pair. */
function fakeWorkerFactory(log: FakeWorker[], wrapApi: (api: WorkerApi, w: FakeWorker) => WorkerApi = (a) => a) {
  return () => {
    const { port1, port2 } = new MessageChannel();
    const w: FakeWorker = { terminated: false, calls: [] };
    log.push(w);
    Comlink.expose(wrapApi(createWorkerApi(), w), port1);
    const worker = port2 as unknown as Worker & { terminate(): void };
    worker.terminate = () => {
      w.terminated = true;
      port1.close();
      port2.close();
    };
    return worker;
  };
}

const season = generateSeason({ seed: 11, drivers: 6, tracks: ['VIR', 'Sonoma'], racesPerTrack: 1, lapsPerRace: 10 });
const picked = (): PickedFile[] => season.map((f) => ({ file: new File([f.text], f.path.split('/').pop()!), path: f.path }));

const bridges: WorkerBridge[] = [];
afterEach(() => {
  for (const b of bridges.splice(0)) b.terminate();
});

function bridge(workers: FakeWorker[], idleMs = 60_000, wrap?: (api: WorkerApi, w: FakeWorker) => WorkerApi): WorkerBridge {
  const b = new WorkerBridge(fakeWorkerFactory(workers, wrap) as () => Worker, idleMs);
  bridges.push(b);
  return b;
}

describe('WorkerBridge', () => {
  it('preloads in idle time: starts the worker for it, and starts none with the models off', async () => {
    const workers: FakeWorker[] = [];
    const off = bridge(workers);
    await off.configure({ useModels: false });
    await expect(off.preloadModels()).resolves.toBe(false);
    expect(workers).toHaveLength(0);
    // createWorkerApi() here has no model source: the worker starts and says it has nothing to load
    const on = bridge(workers);
    await expect(on.preloadModels()).resolves.toBe(false);
    expect(workers).toHaveLength(1);
  });

  it('starts no worker until the first call, then reuses it', async () => {
    const workers: FakeWorker[] = [];
    const b = bridge(workers);
    expect(workers).toHaveLength(0);
    const v = await b.validate(undefined, picked());
    expect(v.reports.filter((r) => r.used)).toHaveLength(season.length);
    const r = await b.analyze(undefined, picked());
    expect(r.envelope.drivers).toHaveLength(6);
    expect(workers).toHaveLength(1);
  });

  it('runs calls one at a time, in the order they were made', async () => {
    const workers: FakeWorker[] = [];
    const order: string[] = [];
    let running = 0;
    let overlap = false;
    const b = bridge(workers, 60_000, (api) => ({
      ...api,
      async analyze(...args: Parameters<WorkerApi['analyze']>) {
        running++;
        if (running > 1) overlap = true;
        order.push(`start ${args[0].length}`);
        const r = await api.analyze(...args);
        order.push(`end ${args[0].length}`);
        running--;
        return r;
      },
    }));
    const one = [picked()[0]];
    await Promise.all([b.analyze(undefined, picked()), b.analyze(undefined, one)]);
    expect(overlap).toBe(false);
    expect(order).toEqual([`start ${season.length}`, `end ${season.length}`, 'start 1', 'end 1']);
  });

  it('an abort terminates the worker, rejects with AbortError, and the next call starts a fresh worker', async () => {
    const workers: FakeWorker[] = [];
    const b = bridge(workers, 60_000, (api) => ({
      ...api,
      analyze: () => new Promise(() => {}) as ReturnType<WorkerApi['analyze']>, // never finishes
    }));
    const ctl = new AbortController();
    const running = b.analyze(ctl.signal, picked());
    await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    const err = await running.catch((e) => e);
    expect(isAbort(err)).toBe(true);
    expect(workers[0].terminated).toBe(true);
    expect(b.running).toBe(false);
    await b.validate(undefined, picked());
    expect(workers).toHaveLength(2);
    expect(workers[1].terminated).toBe(false);
  });

  it('an already aborted signal starts nothing', async () => {
    const workers: FakeWorker[] = [];
    const b = bridge(workers);
    const ctl = new AbortController();
    ctl.abort();
    await expect(b.analyze(ctl.signal, picked()).catch((e) => isAbort(e))).resolves.toBe(true);
    expect(workers).toHaveLength(0);
  });

  it('lets an idle worker go after the timeout', async () => {
    const workers: FakeWorker[] = [];
    const b = bridge(workers, 30);
    await b.validate(undefined, picked());
    expect(b.running).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(b.running).toBe(false);
    expect(workers[0].terminated).toBe(true);
  });

  it('sends the settings to every worker it starts', async () => {
    const workers: FakeWorker[] = [];
    const seen: unknown[] = [];
    const b = bridge(workers, 60_000, (api) => ({
      ...api,
      configure(s: Parameters<WorkerApi['configure']>[0]) {
        seen.push(s);
        return api.configure(s);
      },
    }));
    await b.configure({ backend: 'wasm', useModels: false });
    expect(seen).toEqual([]); // no worker yet: nothing started for it
    await b.validate(undefined, picked());
    expect(seen).toEqual([{ backend: 'wasm', useModels: false }]);
  });

  it('reads each picked file again per call (a transfer detaches the last buffer)', async () => {
    const workers: FakeWorker[] = [];
    const b = bridge(workers);
    const files = picked();
    await b.validate(undefined, files);
    const r = await b.analyze(undefined, files);
    expect(r.envelope.inputs).toHaveLength(season.length);
  });
  it('re-analyses laps held as lap-table views (a stored analysis): they go to the worker as columns', async () => {
    const workers: FakeWorker[] = [];
    const b = bridge(workers, 60_000, (api, w) => ({
      ...api,
      createDriverProfiles(set, req) {
        w.calls.push('lapTable' in set ? 'columns' : 'laps');
        return api.createDriverProfiles(set, req);
      },
    }));
    const view = await b.analyze(undefined, picked(), { definition: 'both', now: '2025-05-01T12:00:00.000Z' });
    expect(view.table?.length).toBe(view.laps.length);
    const redone = await b.reanalyze(undefined, { reports: view.reports, laps: view.laps, table: view.table, columns: view.columns, errors: [] }, { definition: 'both', now: '2025-05-01T12:00:00.000Z' });
    expect(workers[0].calls).toEqual(['columns']);
    // lap views cloned as objects would arrive empty: the same 6 drivers with the same figures show they did not
    expect(redone.envelope.drivers).toHaveLength(6);
    expect(redone.envelope.drivers).toEqual(view.envelope.drivers);
    expect(plainLaps(redone.laps)).toEqual(plainLaps(view.laps));
  });

  it('hands a view\'s lap table to a worker that does not hold it (a fresh one), for the race views', async () => {
    const workers: FakeWorker[] = [];
    const b = bridge(workers);
    const view = await b.analyze(undefined, picked());
    const races = await b.races(view);
    b.terminate();
    expect(await b.races(view)).toEqual(races);
    expect(workers).toHaveLength(2);
    const data = await b.raceData(view, races[0].key);
    const fileLaps = view.laps.filter((l) => l.fileIndex === races[0].fileIndex);
    expect(data!.cars.reduce((s, c) => s + c.lapNumber.length, 0)).toBe(fileLaps.length);
  });
});

describe('settleFileSizes: each File learns its size before the post, a few per task', () => {
  it('reads every size once, and gives the page its turn each time the budget is spent', async () => {
    let clock = 0;
    const read: number[] = [];
    const files = Array.from({ length: 10 }, (_, i) => ({
      path: `f${i}.csv`,
      file: {
        name: `f${i}.csv`,
        get size() {
          read.push(i);
          clock += 5; // a blocking call into the browser
          return 1;
        },
      },
    })) as unknown as PickedFile[];
    const turns: number[] = [];
    const pauses = await settleFileSizes(files, 12, () => clock, async () => void turns.push(read.length));
    expect(read).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 5 ms a file against 12 ms: three files a task (15 ms spent, then a pause), so pauses after 3, 6, 9
    expect(turns).toEqual([3, 6, 9]);
    expect(pauses).toBe(3);
    // sizes the browser already knows (no time): no pause at all
    const known = Array.from({ length: 50 }, (_, i) => ({ path: `g${i}`, file: new Blob(['x']) })) as unknown as PickedFile[];
    expect(await settleFileSizes(known, 12, () => 0, async () => void turns.push(-1))).toBe(0);
  });
});
