// Names from the data are ordinary names: a track called "toString", "constructor", "valueOf" or
// "__proto__" (a TRACK cell, --track, the app's track field) works like "barber" (issue 13).
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import { readProfileJson } from '../../src/core/profile-schema';
import { trackType } from '../../src/core/tracks';
import type { InputFile } from '../../src/core/types';

const NAMES = ['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty', 'prototype'];
const enc = new TextEncoder();
const file = (path: string, text: string): InputFile => ({ name: path.split('/').pop()!, path, bytes: enc.encode(text) });

/** Car 5 and car 6 lap every track; car 5 is 1 s faster. */
function csv(tracks: readonly string[]): string {
  const rows = ['NUMBER,LAP_NUMBER,LAP_TIME,S1,S2,S3,KPH,track'];
  for (const t of tracks) {
    for (let lap = 1; lap <= 6; lap++) {
      rows.push(`5,${lap},${100 + lap / 10},30,40,30,135,${t}`, `6,${lap},${101 + lap / 10},30,41,30,134,${t}`);
    }
  }
  return rows.join('\n') + '\n';
}

describe('prototype member names as tracks', () => {
  it('trackType reads own overrides only', () => {
    for (const n of NAMES) expect(trackType(n)).toBe('mixed');
    expect(trackType('toString', { toString: 'technical' as const })).toBe('technical');
  });

  it('keeps every track in the classic metrics, gives string track types and survives structured clone and import', async () => {
    const result = await analyzeInputs([file('mine.csv', csv(NAMES))], { now: new Date('2025-01-01T00:00:00Z') });
    expect(result.errors).toEqual([]);
    const d5 = result.envelope.drivers.find((d) => d.driver_id === 5)!;
    expect(Object.keys(d5.performance_metrics).sort()).toEqual([...NAMES].sort());
    for (const n of NAMES) {
      expect(Object.hasOwn(d5.performance_metrics, n)).toBe(true);
      expect(d5.performance_metrics[n].avg_lap_time).toBe(100.35); // mean of 100.1 … 100.6
    }
    expect(Object.getPrototypeOf(d5.performance_metrics)).toBe(Object.prototype); // no prototype was replaced
    expect(d5.dna_signature).not.toBeNull();
    for (const r of d5.relative!.races) expect(r.track_type).toBe('mixed');
    // The worker returns results through structured clone: it must not throw (functions are unserializable).
    const cloned = structuredClone(result.envelope);
    expect(Object.keys(cloned.drivers[0].performance_metrics).sort()).toEqual([...NAMES].sort());
    // Our own importer reads what we wrote.
    const back = readProfileJson(JSON.stringify(result.envelope));
    expect(back.ok).toBe(true);
  });

  it('takes them as --track and as a per-file track', async () => {
    const text = 'NUMBER,LAP_TIME,S1,S2,S3,KPH\n5,100,30,40,30,135\n5,101,30,41,30,135\n';
    for (const n of NAMES) {
      const viaTrack = await analyzeInputs([file('x/a.csv', text)], { track: n, definition: 'classic' });
      expect(viaTrack.reports[0].track).toBe(n);
      expect(Object.keys(viaTrack.envelope.drivers[0].performance_metrics)).toEqual([n]);
      const viaPath = await analyzeInputs([file('x/a.csv', text)], { trackByPath: { 'x/a.csv': n } });
      expect(viaPath.reports[0].track).toBe(n);
    }
    // A path that is itself a prototype member name gets no track from Object.prototype: its name is
    // guessed from the file name like any other unknown circuit's.
    const r = await analyzeInputs([file('constructor', text)], { trackByPath: {} });
    expect(r.reports[0].errors).toEqual([]);
    expect(r.reports[0]).toMatchObject({ track: 'Constructor', trackSource: 'guessed' });
    expect(r.reports[0].warnings.map((w) => w.code)).toContain('W029');
  });

  it('still refuses prototype keys anywhere but as track names', () => {
    const env = { schema: 'performance-dna/1', generated_at: '2025-01-01T00:00:00Z', definition: 'classic', inputs: [], drivers: [], constructor: {} };
    const r = readProfileJson(JSON.stringify(env));
    expect(r.ok ? null : r.error.code).toBe('E074');
  });
});
