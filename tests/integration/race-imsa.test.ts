// The race core on the IMSA 2025 season (../shared/data/imsa-2025): multi-class, shared cars, ELAPSED over
// 12 hours. The lap-derived classification against each race's own results sheet, and the sheets found.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestAll, type IngestedSet } from '../../src/core/analysis';
import { readInputs } from '../../src/cli/fs-inputs';
import { allRaceData, classify, type RaceData } from '../../src/core/race';
import { sheetsByLapFile, type RaceSheets } from '../../src/core/race/sheets';
import { cleanLaps } from '../../src/core/relative/clean-laps';
import type { InputFile } from '../../src/core/types';
import { stintRows } from '../../src/app/race/stint-rows';

const IMSA = resolve(import.meta.dirname, '../../../shared/data/imsa-2025');
const run = existsSync(IMSA) || process.env.CI === 'true' ? describe : describe.skip;
if (!existsSync(IMSA) && process.env.CI !== 'true') console.warn(`skipping the IMSA race tests: ${IMSA} not found`);

run('race core on the IMSA 2025 season (real data)', () => {
  let files: InputFile[];
  let set: IngestedSet;
  let races: RaceData[];
  let sheets: Map<number, RaceSheets>;
  beforeAll(async () => {
    files = await readInputs([IMSA]);
    // the track comes from the folder name (06-sebring-international-raceway → Sebring)
    set = await ingestAll(files);
    races = allRaceData(set.laps, cleanLaps(set.laps, set.columns).laps.map((v) => v.excludedBy));
    sheets = await sheetsByLapFile(files, set.reports);
  }, 120_000);

  it('finds the six races with classes and drivers, and a results and a weather sheet for each', () => {
    expect(races).toHaveLength(6);
    expect(races.every((r) => r.hasClasses && r.hasDrivers)).toBe(true);
    // readable race labels from the collector's date-stamped names (202503151010-race-laps.csv)
    expect(races.map((r) => `${r.track}: ${r.race}`).sort()).toEqual([
      'Detroit: Race · 2025-05-31 16:40',
      'Laguna Seca: Race · 2025-05-11 12:10',
      'Long Beach: Race · 2025-04-12 14:05',
      'Mosport: Race · 2025-07-13 14:05',
      'Sebring: Race · 2025-03-15 10:10',
      'Watkins Glen: Race · 2025-06-22 12:10',
    ]);
    for (const r of races) {
      expect(sheets.get(r.fileIndex)?.results?.rows.length, r.track).toBeGreaterThan(10);
      expect(sheets.get(r.fileIndex)?.weather?.series.unit, r.track).toBe('F');
    }
  });

  it('gives every car the laps of the results sheet, and the official winner of each class', () => {
    let cars = 0;
    for (const r of races) {
      const official = sheets.get(r.fileIndex)!.results!.rows;
      const table = classify(r.cars, { byClass: true });
      for (const o of official) {
        const ours = table.find((c) => c.key === o.car);
        if (!o.laps) continue;
        expect(ours?.laps, `${r.track} car ${o.car}`).toBe(o.laps);
        cars++;
      }
      // the first car of each class in the sheet's order is position 1 of its class here
      const seen = new Set<string | null>();
      for (const o of official) {
        if (seen.has(o.cls)) continue;
        seen.add(o.cls);
        expect(table.find((c) => c.key === o.car)?.position, `${r.track} ${o.cls} winner #${o.car}`).toBe(1);
      }
    }
    expect(cars).toBeGreaterThan(200);
  });

  it('ends a stint where the driver changes, and splits at every pit stop', () => {
    const rows = races.flatMap((r) => stintRows(r.cars));
    // two or three drivers share a car: each stint has one driver, and consecutive stints of a car that
    // changed driver end with a pit stop or a driver change
    expect(rows.every((x) => x.stint.driver !== null)).toBe(true);
    const sebring = races.find((r) => r.track === 'Sebring')!;
    const car = sebring.cars.find((c) => c.key === '7')!;
    const stints = stintRows([car]).map((x) => x.stint);
    expect(new Set(stints.map((s) => s.driver)).size).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < stints.length; i++) expect(['pit', 'driver-change']).toContain(stints[i - 1].endedBy);
  });
});
