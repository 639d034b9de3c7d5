import { fromWire } from '../../src/worker/analysis-wire';
// The worker's API over Comlink in Node: the same object entry.ts exposes in the browser, exposed here on
// one end of a worker_threads MessageChannel and called from the other, with files transferred as
// buffers and progress through a proxied callback.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
// Node's worker_threads MessagePort is an EventTarget with postMessage: a Comlink endpoint as it is.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSeason } from '../../src/core/sample-generator';
import type { InputFile } from '../../src/core/types';
import { memorySource } from '../../src/model/artifacts';
import { createWorkerApi, type Progress, type WorkerApi, type WorkerApiOptions } from '../../src/worker/api';
import { createModelService } from '../../src/worker/model-service';
import { describeReal, describeSeries, REAL_DATA_DIR } from '../helpers/real-data';
import { listFiles } from '../e2e/harness';

const enc = new TextEncoder();
const ports: MessagePort[] = [];

/** The API exposed on port1, wrapped on port2: every call crosses a real message channel. */
function connect(options: WorkerApiOptions = {}): Comlink.Remote<WorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(createWorkerApi(options), port1 as unknown as Comlink.Endpoint);
  return Comlink.wrap<WorkerApi>(port2 as unknown as Comlink.Endpoint);
}

afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function textFile(path: string, text: string): InputFile {
  return { name: path.split('/').pop()!, path, bytes: enc.encode(text) };
}

/** Sends files the way the bridge does: their buffers transferred, not copied. */
function transferred(files: InputFile[]): InputFile[] {
  return Comlink.transfer(files, files.map((f) => f.bytes!.buffer as ArrayBuffer));
}

const season = generateSeason({ seed: 7, drivers: 8, tracks: ['barber', 'COTA'], racesPerTrack: 2, lapsPerRace: 12 });
const seasonFiles = () => season.map((f) => textFile(f.path, f.text));
const seasonCars = [...new Set(season.flatMap((f) => f.text.split('\n').slice(1).filter(Boolean).map((l) => Number(l.split(';')[0]))))].sort((a, b) => a - b);

describe('worker API over a MessageChannel (synthetic season)', () => {
  it('analyses transferred files: every car gets a profile and every lap a clean-lap verdict', async () => {
    const api = connect();
    const files = seasonFiles();
    const result = fromWire(await api.analyze(transferred(files), { now: '2025-01-01T00:00:00.000Z' }));
    // the buffers moved to the other side
    expect(files.every((f) => f.bytes!.byteLength === 0)).toBe(true);
    expect(result.envelope.drivers.map((d) => d.driver_id).sort((a, b) => a - b)).toEqual(seasonCars);
    expect(result.envelope.inputs).toHaveLength(season.length);
    expect(result.excludedBy).toHaveLength(result.laps.length);
    // every lap 1 is left out (as first-lap, or by an earlier rule such as no-time)
    expect(result.laps.filter((l, i) => l.lapNumber === 1 && result.excludedBy[i] === null)).toEqual([]);
    expect(result.excludedBy.filter((x) => x === 'first-lap').length).toBeGreaterThan(0);
    expect(result.envelope.generated_at).toBe('2025-01-01T00:00:00.000Z');
    expect(result.model.state).toBe('off');
    expect(result.model.notices.map((n) => n.code)).toEqual(['I001']);
    expect(result.timings.totalMs).toBeGreaterThan(0);
  });

  it('sends the lap summary the overview and car pages read: laps per track, clean laps, who drove', async () => {
    const r = fromWire(await connect().analyze(transferred(seasonFiles())));
    const s = r.lapSummary!;
    const tracks = [...new Set(r.laps.map((l) => l.track))];
    expect(s.byTrack).toEqual(tracks.map((track) => ({ track, laps: r.laps.filter((l) => l.track === track).length })));
    expect(s.cleanLaps).toBe(r.excludedBy.filter((v) => v === null).length);
    expect(s.cleanLaps).toBeGreaterThan(0);
    // the generator writes DRIVER_NUMBER: every lap is in exactly one row
    expect(s.drivers.reduce((n, d) => n + d.laps, 0)).toBe(r.laps.length);
    expect(new Set(s.drivers.map((d) => d.car))).toEqual(new Set(r.envelope.drivers.map((d) => d.car_number)));
  });

  it('reports progress through a proxied callback, rising to 1', async () => {
    const api = connect({ progressEveryMs: 0 });
    const seen: Progress[] = [];
    await api.analyze(transferred(seasonFiles()), {}, Comlink.proxy((p: Progress) => void seen.push(p)));
    // proxied calls arrive asynchronously: give the last ones a turn
    await new Promise((r) => setTimeout(r, 50));
    const fractions = seen.map((p) => p.fraction);
    expect(fractions.length).toBeGreaterThan(season.length);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ phase: 'done', fraction: 1 });
    expect(seen.some((p) => p.phase === 'read' && p.bytesDone === p.bytesTotal)).toBe(true);
  });

  it('validates files without analysing: kind, track, rows and coded problems per file', async () => {
    const api = connect();
    const lap = season[0];
    const generic = 'NUMBER;LAP_TIME;S1;S2;S3;KPH\n7;1:40.100;30.1;40.0;30.0;140.2\n';
    const v = await api.validateUserData(
      transferred([
        textFile(`barber/Race 1/${lap.path.split('/').pop()}`, lap.text),
        textFile('lap_times.csv', generic),
        textFile('notes.csv', ''),
        textFile('weather.csv', 'TIME_UTC_SECONDS;AIR_TEMP;TRACK_TEMP;HUMIDITY;PRESSURE;WIND_SPEED\n1;20;30;40;1000;3\n'),
      ]),
    );
    expect(v.valid).toBe(true);
    const byPath = Object.fromEntries(v.reports.map((r) => [r.path, r]));
    expect(byPath[`barber/Race 1/${lap.path.split('/').pop()}`]).toMatchObject({ kind: 'lap-analysis', track: 'barber', race: 'Race 1', used: true });
    expect(byPath['lap_times.csv'].errors.map((e) => e.code)).toEqual(['E051']);
    expect(v.unknownTrackPaths).toEqual(['lap_times.csv']);
    expect(byPath['notes.csv'].errors.map((e) => e.code)).toEqual(['E011']);
    expect(byPath['weather.csv']).toMatchObject({ kind: 'weather', used: false });
    expect(v.errors.some((e) => e.startsWith('E051'))).toBe(true);
  });

  it('uses the track the user gave for a file whose track is unknown', async () => {
    const api = connect();
    const generic = 'NUMBER;LAP_TIME;S1;S2;S3;KPH\n7;1:40.100;30.1;40.0;30.0;140.2\n7;1:41.300;30.5;40.4;30.4;139.0\n';
    const v = await api.validateUserData(transferred([textFile('lap_times.csv', generic)]), { trackByPath: { 'lap_times.csv': 'Sonoma' } });
    expect(v.reports[0]).toMatchObject({ track: 'Sonoma', trackSource: 'explicit', used: true, rowsAccepted: 2 });
    const r = fromWire(await api.analyze(transferred([textFile('lap_times.csv', generic)]), { trackByPath: { 'lap_times.csv': 'Sonoma' } }));
    expect(r.envelope.drivers[0]).toMatchObject({ driver_id: 7, tracks_raced: ['Sonoma'] });
  });

  it('leaves out the files the user unticked', async () => {
    const api = connect();
    const files = seasonFiles();
    const r = fromWire(await api.analyze(transferred(files), { skipPaths: [season[0].path] }));
    expect(r.envelope.inputs.map((i) => i.file)).not.toContain(season[0].path);
    expect(r.envelope.inputs).toHaveLength(season.length - 1);
  });

  it('cancel() stops a running analysis with an AbortError', async () => {
    const api = connect();
    const big = generateSeason({ seed: 3, drivers: 30, racesPerTrack: 2, lapsPerRace: 40 }).map((f) => textFile(f.path, f.text));
    const running = api.analyze(transferred(big)).then(fromWire);
    await api.cancel();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    // the API is usable again afterwards
    const again = fromWire(await api.analyze(transferred(seasonFiles())));
    expect(again.envelope.drivers).toHaveLength(seasonCars.length);
  });

  it('keeps working on the exact core with E001 + I001 when no model file is there', async () => {
    const api = connect({ loadModels: () => createModelService({ source: memorySource(new Map()), gpu: { api: false, adapter: false, fallback: false } }) });
    await api.configure({ backend: 'cpu' });
    const r = fromWire(await api.analyze(transferred(seasonFiles())));
    expect(r.model.state).toBe('failed');
    expect(r.model.notices.map((n) => n.code)).toEqual(['E001', 'I001']);
    expect(r.model.backend?.backend).toBe('cpu');
    expect(r.model.backend?.reason).toBe('cpu: forced in settings');
    expect(r.envelope.drivers.map((d) => d.driver_id).sort((a, b) => a - b)).toEqual(seasonCars);
    expect(r.envelope.drivers.every((d) => d.predicted === undefined)).toBe(true);
    const info = await api.getModelInfo();
    expect(info.models).toEqual([]);
    await expect(api.verifyModelIntegrity()).resolves.toMatchObject({ ok: false });
  });

  it('treats a model load that throws as E001 and carries on', async () => {
    const api = connect({ loadModels: () => Promise.reject(new Error('tfjs chunk failed to load')) });
    const r = fromWire(await api.analyze(transferred(seasonFiles())));
    expect(r.model.state).toBe('failed');
    expect(r.model.notices.map((n) => n.code)).toEqual(['E001', 'I001']);
    expect(r.envelope.drivers.length).toBe(seasonCars.length);
  });
});

const REFERENCE = resolve(import.meta.dirname, '../../models/relative-reference.json');
const loadReference = async () => JSON.parse(readFileSync(REFERENCE, 'utf8')) as unknown;

describe('worker API: the relative reference population', () => {
  it('gives relative archetypes with the shipped reference', async () => {
    const api = connect({ loadReference });
    const r = fromWire(await api.analyze(transferred(seasonFiles())));
    expect(r.model.notices.map((n) => n.code)).toEqual(['I001']);
    expect(r.envelope.drivers.every((d) => d.relative?.archetype !== null && d.relative?.archetype !== undefined)).toBe(true);
  });

  it('says E001 and leaves relative archetypes empty when the reference is missing', async () => {
    const api = connect({ loadReference: async () => null });
    const r = fromWire(await api.analyze(transferred(seasonFiles())));
    expect(r.model.notices).toContainEqual(expect.objectContaining({ code: 'E001', detail: 'relative-reference.json' }));
    expect(r.envelope.drivers.every((d) => d.relative?.archetype === null)).toBe(true);
    // the exact figures are there all the same
    expect(r.envelope.drivers.every((d) => typeof d.relative?.dna.pace_gap_pct === 'number')).toBe(true);
  });

  it('refuses a malformed reference with E063', async () => {
    const api = connect({ loadReference: async () => ({ schema: 'something else' }) });
    const r = fromWire(await api.analyze(transferred(seasonFiles())));
    expect(r.model.notices.map((n) => n.code)).toContain('E063');
  });
});

describeReal('worker API over a MessageChannel', () => {
  it('analyses the real season folder: 12 lap files, 5,928 laps, 38 car numbers', async () => {
    const api = connect({ loadReference });
    const files = listFiles(REAL_DATA_DIR).map((p) => {
      const rel = p.slice(REAL_DATA_DIR.length + 1);
      return { name: rel.split('/').pop()!, path: rel, bytes: new Uint8Array(readFileSync(p)) };
    });
    const v = await api.validateUserData(transferred(files.map((f) => ({ ...f, bytes: f.bytes.slice() }))));
    expect(v.reports.filter((r) => r.used)).toHaveLength(12);
    expect(v.unknownTrackPaths).toEqual([]);
    const r = fromWire(await api.analyze(transferred(files)));
    // facts from ../shared/data/README.md
    expect(r.laps).toHaveLength(5928);
    expect(r.envelope.drivers).toHaveLength(38);
    const perTrack = (t: string) => new Set(r.laps.filter((l) => l.track === t).map((l) => l.carNumber)).size;
    expect([perTrack('COTA'), perTrack('Sonoma'), perTrack('Road America'), perTrack('VIR'), perTrack('barber'), perTrack('Sebring')]).toEqual([30, 30, 28, 23, 22, 22]);
    // dna-spec §1: classic DNA for 34 of the 38 drivers
    expect(r.envelope.drivers.filter((d) => d.dna_signature !== null)).toHaveLength(34);
    expect(r.excludedBy).toHaveLength(5928);
    // the overview's figures, counted in the worker: six tracks, every lap once
    expect(r.lapSummary!.byTrack).toHaveLength(6);
    expect(r.lapSummary!.byTrack.reduce((n, t) => n + t.laps, 0)).toBe(5928);
    expect(r.lapSummary!.byTrack.find((t) => t.track === 'VIR')!.laps).toBe(r.laps.filter((l) => l.track === 'VIR').length);
    // relative: every car number gets a profile with an archetype against the shipped reference
    expect(r.envelope.drivers.every((d) => d.relative?.archetype)).toBe(true);
  });
});

for (const series of ['imsa', 'wec'] as const) {
  describeSeries(series, `worker API on the whole ${series} season, no option`, (seasonDir) => {
    it('places every race, keeps raw car numbers, fields per class and gives people their own relative DNA', async () => {
      const api = connect({ loadReference });
      const files = listFiles(seasonDir).map((p) => {
        const rel = p.slice(seasonDir.length - seasonDir.split('/').pop()!.length);
        return { name: rel.split('/').pop()!, path: rel, bytes: new Uint8Array(readFileSync(p)) };
      });
      const v = await api.validateUserData(transferred(files.map((f) => ({ ...f, bytes: f.bytes.slice() }))));
      expect(v.unknownTrackPaths).toEqual([]);
      expect(v.reports.filter((r) => r.trackSource === 'guessed')).toEqual([]);
      const r = fromWire(await api.analyze(transferred(files)));
      const numbers = r.envelope.drivers.map((d) => d.car_number);
      expect(new Set(numbers).size).toBe(new Set(r.laps.map((l) => l.carNumber)).size);
      expect(r.envelope.drivers.every((d) => d.class !== null)).toBe(true);
      // every race entry is measured against its own class
      for (const d of r.envelope.drivers) for (const race of d.relative!.races) expect(race.class).toBe(d.class);
      // no clean lap under a non-green flag
      const green = new Set(['GF', 'FF']);
      expect(r.laps.filter((l, i) => r.excludedBy[i] === null && l.flag !== null && !green.has(l.flag))).toEqual([]);
      const people = r.envelope.people!;
      expect(people.length).toBeGreaterThan(numbers.length); // two or three drivers share a car
      expect(new Set(people.map((p) => p.driver_key)).size).toBe(people.length);
      for (const p of people) {
        expect(p.name).toBeTruthy();
        expect(p.cars.every((c) => numbers.includes(c))).toBe(true);
      }
      expect(people.filter((p) => p.relative.dna.pace_gap_pct !== null).length).toBeGreaterThan(people.length * 0.9);
    });
  });
}
