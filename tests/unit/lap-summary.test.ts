// The lap summary the worker sends with an analysis (core/lap-summary.ts): laps per track, clean laps,
// and who drove which laps of each car per race, counted over the table's columns in one pass.
import { describe, expect, it } from 'vitest';
import { LapTable } from '../../src/core/lap-table';
import { lapSummary } from '../../src/core/lap-summary';
import type { ExclusionReason } from '../../src/core/relative/clean-laps';
import type { LapRow } from '../../src/core/types';
import { lapSummaryOf } from '../../src/app/view/lap-summary-view';
import type { AnalysisView } from '../../src/worker/api';

function lap(over: Partial<LapRow>): LapRow {
  return {
    carNumber: '4', class: null, driverNumber: null, driverName: null, elapsedS: null, lapNumber: 1, lapTimeS: 100,
    s1S: null, s2S: null, s3S: null, speedKph: null, topSpeedKph: null, flag: 'GF', pitIn: false, pitTimeS: null,
    intermediatesS: {}, track: 'Sebring', race: 'Race 1', fileIndex: 0, ...over,
  };
}

describe('lapSummary', () => {
  it('counts laps per track in order of first appearance, also when a track comes back later, and the clean laps', () => {
    const laps = [lap({ track: 'VIR' }), lap({ track: 'VIR' }), lap({ track: 'Sebring', fileIndex: 1 }), lap({ track: 'VIR', fileIndex: 2 })];
    const excludedBy: (ExclusionReason | null)[] = [null, 'pit-in', null, 'caution'];
    const s = lapSummary(LapTable.fromRows(laps), excludedBy);
    expect(s.byTrack).toEqual([{ track: 'VIR', laps: 3 }, { track: 'Sebring', laps: 1 }]);
    expect(s.cleanLaps).toBe(2);
    // the races, one per file, track and label, in input order
    expect(s.races).toEqual([
      { file: 0, track: 'VIR', race: 'Race 1', laps: 2 },
      { file: 1, track: 'Sebring', race: 'Race 1', laps: 1 },
      { file: 2, track: 'VIR', race: 'Race 1', laps: 1 },
    ]);
  });

  it('groups a driver\'s laps per car and race even when other cars\' laps come between, names matched without case or extra spaces', () => {
    const ann = { driverName: 'Ann Smith', driverNumber: '1' };
    const laps = [
      lap({ ...ann, lapNumber: 1, lapTimeS: 130 }), // first lap: left out below
      lap({ ...ann, lapNumber: 2, lapTimeS: 101 }),
      lap({ carNumber: '57', driverName: 'Other', lapNumber: 1, lapTimeS: 90 }),
      lap({ driverName: 'ANN  smith', driverNumber: '1', lapNumber: 3, lapTimeS: 103 }),
      lap({ ...ann, lapNumber: null, lapTimeS: 105 }), // no lap number: counted, not in the ranges
      lap({ ...ann, lapNumber: 1, lapTimeS: 99, race: 'Race 2' }), // another race: its own row
      lap({ lapNumber: 7 }), // no driver column: in no row
      lap({ driverNumber: '2', lapNumber: 8, lapTimeS: 110 }),
    ];
    const excludedBy: (ExclusionReason | null)[] = ['first-lap', null, null, null, null, null, null, null];
    const s = lapSummary(LapTable.fromRows(laps), excludedBy);
    expect(s.drivers.map((d) => [d.car, d.key, d.race])).toEqual([
      ['4', 'ann smith', 'Race 1'],
      ['57', 'other', 'Race 1'],
      ['4', 'ann smith', 'Race 2'],
      ['4', '#2', 'Race 1'],
    ]);
    const [annR1, other, annR2, two] = s.drivers;
    // Race 1: 4 laps, clean 101, 103, 105 → the faster half (2 of 3) = (101 + 103) / 2 = 102
    expect(annR1).toEqual({ car: '4', key: 'ann smith', label: 'Ann Smith', track: 'Sebring', race: 'Race 1', fileIndex: 0, laps: 4, cleanLaps: 3, lapRanges: '1–3', paceS: 102 });
    expect(other).toMatchObject({ label: 'Other', laps: 1, paceS: 90 });
    expect(annR2).toMatchObject({ laps: 1, lapRanges: '1', paceS: 99 });
    expect(two).toMatchObject({ label: 'Driver 2', laps: 1, lapRanges: '8', paceS: 110 });
  });

  it('gives no driver rows for files without a driver column, and empty figures for no laps', () => {
    expect(lapSummary(LapTable.fromRows([lap({}), lap({ lapNumber: 2 })]), [null, null]).drivers).toEqual([]);
    expect(lapSummary(LapTable.empty(), [])).toEqual({ byTrack: [], cleanLaps: 0, races: [], drivers: [] });
  });
});

describe('lapSummaryOf (the page side)', () => {
  it('reads the summary the worker sent, and makes the same one once for a view without it (stored before, built by hand)', () => {
    const laps = [lap({ track: 'VIR', driverNumber: '1' }), lap({ track: 'VIR', driverNumber: '1', lapNumber: 2 })];
    const sent = { byTrack: [{ track: 'sent', laps: 9 }], cleanLaps: 9, drivers: [] };
    const base = { laps, excludedBy: [null, 'pit-in'] } as unknown as AnalysisView;
    expect(lapSummaryOf({ ...base, lapSummary: sent })).toBe(sent);
    const old = { ...base };
    const made = lapSummaryOf(old);
    expect(made.byTrack).toEqual([{ track: 'VIR', laps: 2 }]);
    expect(made.cleanLaps).toBe(1);
    expect(made.drivers).toMatchObject([{ car: '4', key: '#1', laps: 2, lapRanges: '1–2' }]);
    expect(lapSummaryOf(old)).toBe(made); // made once per view
  });
});
