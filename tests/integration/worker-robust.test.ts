// The worker API never blocks the exact analysis on the models, and a superseded call says so with a
// code (issue 13).
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { createWorkerApi, withTimeout, type WorkerApi, type WorkerApiOptions } from '../../src/worker/api';

const enc = new TextEncoder();
const ports: MessagePort[] = [];

function connect(options: WorkerApiOptions = {}): Comlink.Remote<WorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(createWorkerApi(options), port1 as unknown as Comlink.Endpoint);
  return Comlink.wrap<WorkerApi>(port2 as unknown as Comlink.Endpoint);
}

afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

const season = generateSeason({ seed: 3, drivers: 6, tracks: ['barber', 'COTA'], racesPerTrack: 1, lapsPerRace: 10 });
const files = (): InputFile[] => season.map((f) => ({ name: f.path.split('/').pop()!, path: f.path, bytes: enc.encode(f.text) }));
const never = <T>() => new Promise<T>(() => {});

describe('model loading that never answers', () => {
  it('withTimeout gives the fallback after the wait and the value before it', async () => {
    expect(await withTimeout(never<number>(), 10, () => 1)).toBe(1);
    expect(await withTimeout(Promise.resolve(2), 1000, () => 1)).toBe(2);
  });

  it('the exact analysis goes on with E060 when the models hang', async () => {
    const api = connect({ loadModels: () => never(), modelWaitMs: 150 });
    const t0 = performance.now();
    const r = await api.analyze(files());
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.envelope.drivers).toHaveLength(6);
    expect(r.envelope.drivers.filter((d) => d.dna_signature !== null).length).toBeGreaterThan(0);
    expect(r.model.state).toBe('failed');
    expect(r.model.notices.map((n) => n.code)).toEqual(['E060', 'I001']);
  });

  it('and when the reference population hangs', async () => {
    const api = connect({ loadReference: () => never(), modelWaitMs: 150 });
    const r = await api.analyze(files());
    expect(r.envelope.drivers).toHaveLength(6);
    expect(r.model.notices.map((n) => n.code)).toContain('E060');
  });
});

describe('simultaneous calls on one worker API', () => {
  it('the latest call wins; the earlier ones reject with a coded AbortError (E059)', async () => {
    const api = connect();
    const calls = Array.from({ length: 5 }, () => api.analyze(files()));
    const settled = await Promise.allSettled(calls);
    const last = settled.pop()!;
    expect(last.status).toBe('fulfilled');
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      const e = (s as PromiseRejectedResult).reason as Error;
      expect(e.name).toBe('AbortError');
      expect(e.message).toMatch(/^E059 /);
    }
  });

  it('cancel() rejects with E056', async () => {
    const api = connect();
    const big = generateSeason({ seed: 4, drivers: 30, tracks: ['barber', 'COTA', 'VIR'], racesPerTrack: 2 });
    const running = api.analyze(big.map((f) => ({ name: 'x.csv', path: f.path, bytes: enc.encode(f.text) })));
    await api.cancel();
    await expect(running).rejects.toMatchObject({ name: 'AbortError', message: expect.stringMatching(/^E056 /) });
  });
});
