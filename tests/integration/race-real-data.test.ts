// The race core against the GR Cup season's own timing sheets: the best-10 averages of `99_Best 10 Laps By
// Driver`, the laps of the results files, and a stint split at every pit stop.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { analyzeIngested, ingestAll, type IngestedSet } from '../../src/core/analysis';
import { readInputs } from '../../src/cli/fs-inputs';
import { parseTimeS } from '../../src/core/lap-time';
import { classify, MARK, raceData, raceSummaries, stintsOf, type RaceData } from '../../src/core/race';
import { sheetsByLapFile } from '../../src/core/race/sheets';
import { cleanLaps } from '../../src/core/relative/clean-laps';
import { describeReal, REAL_DATA_DIR } from '../helpers/real-data';

interface SheetRow {
  cells: Record<string, string>;
}

/** A `;` timing sheet as header → cell maps (the test's own reading, not the app's ingest). */
function readSheet(path: string): SheetRow[] {
  const lines = readFileSync(path, 'latin1').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(';').map((h) => h.trim());
  return lines.slice(1).map((l) => {
    const c = l.split(';');
    return { cells: Object.fromEntries(header.map((h, i) => [h, (c[i] ?? '').trim()])) };
  });
}

describeReal('race classification and stints on the GR Cup season', () => {
  let set: IngestedSet;
  let files: Awaited<ReturnType<typeof readInputs>>;
  let races: { data: RaceData; folder: string; raceNo: string }[];
  beforeAll(async () => {
    files = await readInputs([REAL_DATA_DIR]);
    set = await ingestAll(files);
    const verdicts = cleanLaps(set.laps, set.columns).laps.map((v) => v.excludedBy);
    races = raceSummaries(set.laps).map((s) => ({
      data: raceData(set.laps, verdicts, s.key)!,
      folder: dirname(join(REAL_DATA_DIR, '..', set.reports[s.fileIndex].path)),
      raceNo: s.race.match(/\d+/)![0],
    }));
  });

  const sheet = (folder: string, raceNo: string, re: RegExp) => readdirSync(folder).find((f) => re.test(f) && f.includes(`Race ${raceNo}`));

  it('has the 12 races', () => {
    expect(races).toHaveLength(12);
  });

  it('gives the best-10 average of 99_Best 10 Laps within 0.001 s wherever the sheet and the lap file have the same laps', () => {
    let matched = 0;
    let explained = 0;
    for (const { data, folder, raceNo } of races) {
      const file = sheet(folder, raceNo, /^99_/);
      expect(file, `${data.track} ${data.race}`).toBeDefined();
      const table = classify(data.cars, { bestN: 10 });
      for (const { cells } of readSheet(join(folder, file!))) {
        const avg = parseTimeS(cells.AVERAGE);
        const cars = data.cars.filter((c) => c.car === cells.NUMBER && c.lapNumber.length >= 10);
        if (avg === null || cars.length === 0) continue;
        const ours = table.filter((r) => cars.some((c) => c.key === r.key)).map((r) => r.bestNAvgS!);
        if (ours.some((v) => Math.abs(v - avg) <= 0.001)) {
          matched++;
          continue;
        }
        // A mismatch must come from the sheet itself: its ten laps are not the ten fastest of the lap file
        // (timing deleted a lap, e.g. for track limits, that the lap file still carries).
        const sheetLaps = Array.from({ length: 10 }, (_, k) => `${cells[`BESTLAP_${k + 1}_LAPNUM`]}:${cells[`BESTLAP_${k + 1}`]}`).sort();
        for (const c of cars) {
          const fastest = c.lapNumber
            .map((n, i) => [n, c.lapTimeS[i]] as const)
            .filter(([, t]) => Number.isFinite(t))
            .sort((a, b) => a[1] - b[1])
            .slice(0, 10)
            .map(([n, t]) => `${n}:${t}`);
          const sheetAsSeconds = sheetLaps.map((s) => {
            const [n, t] = s.split(/:(.*)/s);
            return `${n}:${parseTimeS(t)}`;
          });
          expect(fastest.sort(), `${data.track} ${data.race} car ${c.key}`).not.toEqual(sheetAsSeconds.sort());
        }
        explained++;
      }
    }
    console.log(`best-10 averages: ${matched} equal to 99_Best 10 Laps, ${explained} where the sheet lists other laps than the lap file's ten fastest`);
    expect(matched).toBeGreaterThanOrEqual(250);
  });

  it('gives every car the laps of the race’s results file', () => {
    let compared = 0;
    for (const { data, folder, raceNo } of races) {
      // Sonoma's results sheets name no race (03_Results_Anonymized.CSV): the one in the race's folder
      const file = sheet(folder, raceNo, /^(00|03)_/) ?? readdirSync(folder).find((f) => /^(00|03)_/.test(f));
      expect(file, `${data.track} ${data.race}`).toBeDefined();
      const table = classify(data.cars);
      for (const { cells } of readSheet(join(folder, file!))) {
        const laps = Number(cells.LAPS);
        const ours = table.filter((r) => r.car === cells.NUMBER);
        if (laps === 0) {
          expect(ours, `${data.track} ${data.race} car ${cells.NUMBER} has no lap`).toEqual([]);
          continue;
        }
        expect(ours.map((r) => r.laps), `${data.track} ${data.race} car ${cells.NUMBER}`).toContain(laps);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(250);
  });

  it('starts a new stint after every pit-in lap and at every out-lap with a pit time', () => {
    let stops = 0;
    for (const { data } of races) {
      for (const car of data.cars) {
        const stints = stintsOf({
          lapNumber: car.lapNumber, lapTimeS: car.lapTimeS, pitTimeS: car.pitTimeS,
          pitIn: car.marks.map((m) => m & MARK.pitIn), clean: car.marks.map((m) => m & MARK.clean),
        });
        const starts = new Set(stints.map((s) => s.from));
        for (let i = 1; i < car.lapNumber.length; i++) {
          const stop = (car.marks[i - 1] & MARK.pitIn) !== 0 || (Number.isFinite(car.pitTimeS[i]) && !(car.marks[i] & MARK.pitIn));
          if (!stop) continue;
          stops++;
          expect(starts.has(i), `${data.track} ${data.race} car ${car.key} lap ${car.lapNumber[i]}`).toBe(true);
        }
        expect(stints.reduce((s, x) => s + x.laps, 0)).toBe(car.lapNumber.length);
      }
    }
    expect(stops).toBeGreaterThan(10);
  });

  it('exports every car’s stints in the envelope, covering each of its laps once per race', () => {
    const { envelope } = analyzeIngested(set);
    for (const d of envelope.drivers) {
      const laps = set.laps.filter((l) => l.carNumber === d.car_number).length;
      expect(d.stints!.reduce((s, x) => s + x.laps, 0), `car ${d.car_number}`).toBe(laps);
      for (const s of d.stints!) expect(s.first_lap).toBeLessThanOrEqual(s.last_lap);
    }
  });

  it('gives pace and sector gaps in seconds beside the percentages', () => {
    const { envelope } = analyzeIngested(set);
    let checked = 0;
    for (const d of envelope.drivers) {
      for (const r of d.relative?.races ?? []) {
        if (r.pace_lap_s === null || r.field_reference_s === null) continue;
        // both rounded to the millisecond: their difference is within 1.5 ms of the rounded gap
        expect(Math.abs(r.pace_gap_s! - (r.pace_lap_s - r.field_reference_s))).toBeLessThanOrEqual(0.0015);
        expect(Math.abs(r.pace_gap_pct! - (100 * r.pace_gap_s!) / r.field_reference_s)).toBeLessThan(0.002);
        for (const s of ['s1', 's2', 's3'] as const) {
          if (r.sector_gap_pct[s] === null) continue;
          expect(Math.sign(r.sector_gap_s![s]!)).toBe(Math.sign(r.sector_gap_pct[s]!));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('finds the results sheet of every race and the weather of each race that has one (not Sonoma Race 2)', async () => {
    const sheets = await sheetsByLapFile(files, set.reports);
    const lapFiles = set.reports.map((r, i) => ({ r, i })).filter(({ r }) => r.used);
    const noWeather = lapFiles.filter(({ i }) => !sheets.get(i)?.weather).map(({ r }) => `${r.track} ${r.race}`);
    expect(noWeather).toEqual(['Sonoma Race 2']);
    expect(lapFiles.filter(({ i }) => sheets.get(i)?.results)).toHaveLength(12);
    // the official sheet where a race has both (COTA Race 1: 00_Results … Official and 03_Provisional)
    const cota1 = lapFiles.find(({ r }) => r.track === 'COTA' && r.race === 'Race 1')!;
    expect(sheets.get(cota1.i)!.results!.path).toMatch(/00_Results GR Cup Race 1 Official/);
    expect(sheets.get(cota1.i)!.weather!.series.unit).toBe('C');
  });
});
