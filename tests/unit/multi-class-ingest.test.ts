// The multi-class Al Kamel format (dna-spec §3.1): car numbers as written, CLASS, DRIVER_NUMBER/NAME,
// every non-green flag a caution, H:MM:SS times. Small hand-made files, one rule per test.
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import { flagKind, isCautionFlag } from '../../src/core/flags';
import { ingestFile } from '../../src/core/ingest';
import { cleanLaps } from '../../src/core/relative/clean-laps';
import type { InputFile } from '../../src/core/types';

const enc = new TextEncoder();
const file = (path: string, text: string): InputFile => ({ name: path.split('/').pop()!, path, bytes: enc.encode(text) });

// the IMSA header as the collector's files write it: comma-delimited, spaces after the first separators, trailing comma
const HEADER =
  'NUMBER, DRIVER_NUMBER, LAP_NUMBER, LAP_TIME, LAP_IMPROVEMENT, CROSSING_FINISH_LINE_IN_PIT, S1, S1_IMPROVEMENT, S2, S2_IMPROVEMENT, S3, S3_IMPROVEMENT, KPH, ELAPSED, HOUR,S1_LARGE,S2_LARGE,S3_LARGE,TOP_SPEED,DRIVER_NAME,PIT_TIME,CLASS,GROUP,TEAM,MANUFACTURER,FLAG_AT_FL,';

interface Row {
  car: string;
  driver?: string;
  name?: string;
  lap: number;
  time: string;
  cls?: string;
  flag?: string;
  pit?: string;
  pitTime?: string;
  elapsed?: string;
  s?: [string, string, string];
}
const row = (r: Row) => {
  const [s1, s2, s3] = r.s ?? ['30.000', '40.000', '30.000'];
  return [
    r.car, r.driver ?? '1', r.lap, r.time, 0, r.pit ?? '', s1, 0, s2, 0, s3, 0, '150.0', r.elapsed ?? '', '10:00:00.000', '', '', '', '',
    r.name ?? 'Ann Driver', r.pitTime ?? '', r.cls ?? 'GTD', '', 'Team', 'Make', r.flag ?? 'GF', '',
  ].join(',');
};
const csv = (rows: Row[]) => [HEADER, ...rows.map(row)].join('\n');
const PATH = 'Sebring/202503151010-race-laps.csv';

describe('car numbers as written', () => {
  it('keeps 04 and 4 (and 007 and 7) as different cars, in their own classes', async () => {
    const text = csv([
      { car: '04', lap: 1, time: '1:40.000', cls: 'GTD' },
      { car: '4', lap: 1, time: '1:50.000', cls: 'LMP2' },
      { car: '007', lap: 1, time: '1:41.000', cls: 'GTD' },
      { car: '7', lap: 1, time: '1:42.000', cls: 'GTD' },
    ]);
    const { laps } = await ingestFile(file(PATH, text));
    expect(laps.map((l) => [l.carNumber, l.class])).toEqual([['04', 'GTD'], ['4', 'LMP2'], ['007', 'GTD'], ['7', 'GTD']]);
    const r = await analyzeInputs([file(PATH, text)]);
    // four car profiles, none merged; classic's driver_id keeps the seed's integer meaning
    expect(r.envelope.drivers.map((d) => [d.car_number, d.driver_id, d.class])).toEqual([
      ['04', 4, 'GTD'],
      ['4', 4, 'LMP2'],
      ['007', 7, 'GTD'],
      ['7', 7, 'GTD'],
    ]);
  });

  it('warns once per file with W027 when lap numbers restart under one car number', async () => {
    const text = csv([
      { car: '3', lap: 1, time: '1:40.000' },
      { car: '3', lap: 2, time: '1:40.000' },
      { car: '3', lap: 1, time: '1:41.000' },
      { car: '3', lap: 2, time: '1:41.000' },
      { car: '5', lap: 1, time: '1:41.000' },
    ]);
    const r = await analyzeInputs([file(PATH, text)]);
    const w = r.reports[0].warnings.filter((x) => x.code === 'W027');
    expect(w).toHaveLength(1);
    expect(w[0].detail).toContain('car 3');
    expect(w[0].detail).not.toContain('car 5');
  });
});

describe('classes and drivers', () => {
  it('reads CLASS, DRIVER_NUMBER and DRIVER_NAME of every lap (trimmed, empty as null)', async () => {
    const text = csv([
      { car: '21', driver: '1', name: 'Mike Skeen', lap: 1, time: '1:40.000', cls: 'GTD PRO' },
      { car: '21', driver: '2', name: ' Other Driver ', lap: 2, time: '1:40.500', cls: 'GTD PRO' },
      { car: '21', driver: '', name: '', lap: 3, time: '1:40.500', cls: '' },
    ]);
    const { laps, columns } = await ingestFile(file(PATH, text));
    expect(laps.map((l) => [l.class, l.driverNumber, l.driverName])).toEqual([
      ['GTD PRO', '1', 'Mike Skeen'],
      ['GTD PRO', '2', 'Other Driver'],
      [null, null, null],
    ]);
    expect(columns.class).toBe(true);
    expect(columns.driver).toBe(true);
  });

  it('gives laps of a file without CLASS or driver columns null class and drivers', async () => {
    const text = 'NUMBER;LAP_TIME;S1;S2;S3;KPH;track\n5;100;30;40;30;135;barber\n';
    const { laps, columns } = await ingestFile(file('b.csv', text));
    expect(laps[0]).toMatchObject({ carNumber: '5', class: null, driverNumber: null, driverName: null, elapsedS: null });
    expect(columns.class).toBe(false);
    expect(columns.driver).toBe(false);
  });
});

describe('times in full', () => {
  it('reads H:MM:SS.mmm laps, PIT_TIME and ELAPSED: a garage lap of over an hour stays over an hour', async () => {
    const text = csv([
      { car: '8', lap: 1, time: '1:21:48.622', pit: 'B', pitTime: '1:05:10.5', elapsed: '2:03:04.250' },
      { car: '8', lap: 2, time: '58.125', elapsed: '2:04:02.375' },
    ]);
    const { laps } = await ingestFile(file(PATH, text));
    expect(laps[0].lapTimeS).toBeCloseTo(3600 + 21 * 60 + 48.622, 9);
    expect(laps[0].pitTimeS).toBeCloseTo(3600 + 5 * 60 + 10.5, 9);
    expect(laps[0].elapsedS).toBeCloseTo(2 * 3600 + 3 * 60 + 4.25, 9);
    expect(laps[1].lapTimeS).toBe(58.125);
  });
});

describe('flags', () => {
  it('green and finish values are racing; every other value is caution', () => {
    for (const f of ['GF', 'G', 'GREEN', '', null]) expect([f, isCautionFlag(f)]).toEqual([f, false]);
    for (const f of ['FF', 'CHEQUERED']) expect([f, flagKind(f), isCautionFlag(f)]).toEqual([f, 'finish', false]);
    for (const f of ['FCY', 'SC', 'SF', 'VSC', 'RF', 'RED', 'CODE 60', 'SZ', 'SLOW ZONE', 'YF']) {
      expect([f, flagKind(f), isCautionFlag(f)]).toEqual([f, 'caution', true]);
    }
    expect([flagKind('PURPLE'), isCautionFlag('PURPLE')]).toEqual(['unknown', true]);
  });

  it('drops SF and RF laps as caution and the green lap after them as restart', async () => {
    const rows: Row[] = [];
    const flags = ['GF', 'GF', 'GF', 'SF', 'SF', 'GF', 'GF', 'RF', 'GF', 'GF', 'FF'];
    flags.forEach((flag, i) => rows.push({ car: '10', lap: i + 1, time: '1:40.000', flag }));
    const { laps, columns } = await ingestFile(file(PATH, csv(rows)));
    const verdicts = cleanLaps(laps, [columns]).laps.map((v) => v.excludedBy);
    expect(verdicts).toEqual([
      'first-lap', null, null, 'caution', 'caution', 'restart', null, 'caution', 'restart', null, null,
    ]);
  });

  it('counts an unknown flag value as caution and reports it once per file (W028), with its lap count', async () => {
    const rows: Row[] = [1, 2, 3, 4].map((n) => ({ car: '10', lap: n, time: '1:40.000', flag: n >= 3 ? 'purple' : 'GF' }));
    const { laps, columns, report } = await ingestFile(file(PATH, csv(rows)));
    const w = report.warnings.filter((x) => x.code === 'W028');
    expect(w).toHaveLength(1);
    expect(w[0].detail).toContain('PURPLE (2 laps)');
    expect(cleanLaps(laps, [columns]).laps.map((v) => v.excludedBy)).toEqual(['first-lap', null, 'caution', 'caution']);
  });
});
