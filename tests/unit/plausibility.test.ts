// Plausibility: impossible cells are invalid cells (reported, never averaged) and a lap far faster than the
// car, the field or its own sectors is an outlier, not the yardstick of the 107% rule (issue 13).
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import { ingestFile } from '../../src/core/ingest';
import { badClock, implausible } from '../../src/core/plausibility';
import { readProfileJson } from '../../src/core/profile-schema';
import type { InputFile } from '../../src/core/types';

const enc = new TextEncoder();
const file = (path: string, text: string): InputFile => ({ name: path.split('/').pop()!, path, bytes: enc.encode(text) });
const HEADER = 'NUMBER;LAP_NUMBER;LAP_TIME;S1;S2;S3;KPH;TOP_SPEED;FLAG_AT_FL';
/** Car `car`, lap `n`: 1:47.0xx, sectors 30 + 40 + 37.0xx, 150 km/h, top 200. */
const lap = (car: number, n: number, time = `1:47.${String(n * 7).padStart(3, '0')}`, s3 = `37.${String(n * 7).padStart(3, '0')}`) =>
  `${car};${n};${time};30.000;40.000;${s3};150.0;200.0;GF`;
const race = (cars: number[], laps = 12, edit: (car: number, n: number) => string | null = () => null) =>
  [HEADER, ...cars.flatMap((c) => Array.from({ length: laps }, (_, i) => edit(c, i + 1) ?? lap(c, i + 1)))].join('\n') + '\n';

describe('bounds per quantity', () => {
  it('implausible and badClock', () => {
    expect(implausible(Infinity, 'sector')).toBe('not-finite');
    expect(implausible(1e308, 'lap-time')).toBe('out-of-bounds');
    expect(implausible(-3, 'sector')).toBe('out-of-bounds');
    expect(implausible(0, 'sector')).toBe('out-of-bounds');
    expect(implausible(0, 'speed')).toBe('out-of-bounds');
    expect(implausible(5000, 'speed')).toBe('out-of-bounds');
    expect(implausible(320.5, 'speed')).toBeNull();
    expect(implausible(2.5, 'lap-number')).toBe('out-of-bounds');
    expect(implausible(null, 'speed')).toBeNull();
    expect(badClock('99:99.999')).toBe(true);
    expect(badClock('1:60.000')).toBe(true);
    expect(badClock('1:21:48.622')).toBe(false);
    expect(badClock('1:47.123')).toBe(false);
  });

  it('clears impossible cells with a reason and a line, keeps the rows, never averages them', async () => {
    const text = race([7], 8, (_c, n) => {
      if (n === 2) return '7;2;1:47.014;-30.000;40.000;37.014;150.0;0;GF'; // negative sector, top speed 0
      if (n === 3) return '7;3;1:47.021;30.000;40.000;37.021;Infinity;5000;GF'; // KPH inf, top 5000
      if (n === 4) return '7;4;1:47.028;1e308;40.000;37.028;150.0;200.0;GF';
      if (n === 5) return '7;5;99:99.999;30.000;40.000;37.035;150.0;200.0;GF';
      if (n === 6) return '7;6;1e308;30.000;40.000;37.042;nan;200.0;GF';
      return null;
    });
    const { report, laps } = await ingestFile(file('barber/a.csv', text));
    expect(laps).toHaveLength(8);
    expect(report.rowsRead).toBe(8);
    const byReason = Object.fromEntries(report.rowProblems.map((p) => [p.reason, p.lines]));
    expect(byReason).toEqual({
      's1-out-of-bounds': [3, 5],
      'top-speed-out-of-bounds': [3, 4],
      'kph-not-finite': [4],
      'lap-time-bad-clock': [6],
      'lap-time-out-of-bounds': [7],
    });
    expect(report.rowProblems.every((p) => p.code === 'W026' && p.action === 'cell-cleared')).toBe(true);
    expect(laps[1]).toMatchObject({ s1S: null, topSpeedKph: null });
    expect(laps[2]).toMatchObject({ speedKph: null, topSpeedKph: null });
    expect(laps[4].lapTimeS).toBeNull();
    const r = await analyzeInputs([file('barber/a.csv', text), file('COTA/b.csv', race([7], 8))]);
    const m = r.envelope.drivers[0].performance_metrics.barber;
    expect(m.sector_balance.S1_avg).toBe(30); // the 1e308 and -30 cells are not in the mean
    expect(m.speed_profile.top_speed).toBe(150);
    expect(readProfileJson(JSON.stringify(r.envelope)).ok).toBe(true);
  });

  it('a car whose every lap is 99:99.999 gets no archetype in either definition', async () => {
    const text = race([5, 6, 7], 10, (c, n) => (c === 5 ? `5;${n};99:99.999;30;40;37;150;200;GF` : null));
    const r = await analyzeInputs([file('barber/a.csv', text), file('COTA/a.csv', text)]);
    const d5 = r.envelope.drivers.find((d) => d.car_number === '5');
    expect(d5?.archetype ?? null).toBeNull();
    expect(d5?.relative?.archetype ?? null).toBeNull();
  });
});

describe('outliers in the relative clean-lap rules', () => {
  it('one 0:45.300 among 1:47 laps is an outlier with a reason, not the best lap or the 107% yardstick', async () => {
    const text = race([5, 6, 7], 12, (c, n) => (c === 7 && n === 6 ? '7;6;0:45.300;30.000;40.000;37.042;150.0;200.0;GF' : null));
    const r = await analyzeInputs([file('barber/a.csv', text)]);
    const i = r.laps.findIndex((l) => l.carNumber === '7' && l.lapNumber === 6);
    const d7 = r.envelope.drivers.find((d) => d.car_number === '7')!;
    const race7 = d7.relative!.races[0];
    expect(race7.excluded).toMatchObject({ outlier: 1, 'first-lap': 1 });
    expect(race7.excluded.slow).toBeUndefined(); // the real 1:47 laps stay
    expect(race7.best_lap_s).toBeCloseTo(107.014, 3);
    expect(Math.abs(race7.pace_gap_pct!)).toBeLessThan(1);
    const { cleanLaps } = await import('../../src/core/relative/clean-laps');
    const v = cleanLaps(r.laps, r.reports.map(() => undefined)).laps[i];
    expect(v.excludedBy).toBe('outlier');
    expect(v.why).toMatch(/^45\.300 s is faster than its sectors/);
  });

  it("a cut '1:4' row inside the file, or a lap far under the car's median without sectors, is an outlier", async () => {
    const cut = race([5, 6], 12, (c, n) => (c === 6 && n === 4 ? '6;4;1:4;30.000;40.000;37.028;150.0;200.0;GF' : null));
    const r = await analyzeInputs([file('barber/a.csv', cut)]);
    const d6 = r.envelope.drivers.find((d) => d.car_number === '6')!;
    expect(d6.relative!.races[0].excluded.outlier).toBe(1);
    expect(d6.relative!.races[0].best_lap_s).toBeCloseTo(107.007 + 0.007, 3);
    const { outlierWhy } = await import('../../src/core/relative/clean-laps');
    const noSectors = { ...r.laps[0], lapTimeS: 90, s1S: null, s2S: null, s3S: null };
    expect(outlierWhy(noSectors, 107, 107)).toMatch(/16% faster than the car's median/);
    expect(outlierWhy({ ...noSectors, lapTimeS: 100 }, 107, 107)).toBeNull(); // 6.5% faster: a real lap
    expect(outlierWhy({ ...noSectors, lapTimeS: 90 }, null, 107)).toMatch(/field's median/);
  });
});
