import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as sampleCli, parseArgs } from '../../src/cli/sample';
import { DnaError } from '../../src/core/errors';
import { parseTimeS } from '../../src/core/lap-time';
import { generateSeason, planSeason, type SampleFile } from '../../src/core/sample-generator';
import { KNOWN_TRACKS } from '../../src/core/tracks';
import { describeReal, REAL_DATA_DIR } from '../helpers/real-data';

// The header line of the real exports, copied from COTA/Race 1 (and Sonoma/Race 1 for INT-1/INT-2).
const REAL_HEADER =
  'NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; LAP_IMPROVEMENT; CROSSING_FINISH_LINE_IN_PIT; S1; S1_IMPROVEMENT; S2; S2_IMPROVEMENT; S3; S3_IMPROVEMENT; KPH; ELAPSED; HOUR;S1_LARGE;S2_LARGE;S3_LARGE;TOP_SPEED;PIT_TIME;CLASS;GROUP;MANUFACTURER;FLAG_AT_FL;S1_SECONDS;S2_SECONDS;S3_SECONDS;IM1a_time;IM1a_elapsed;IM1_time;IM1_elapsed;IM2a_time;IM2a_elapsed;IM2_time;IM2_elapsed;IM3a_time;IM3a_elapsed;FL_time;FL_elapsed';
const REAL_HEADER_SONOMA =
  'NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; LAP_IMPROVEMENT; CROSSING_FINISH_LINE_IN_PIT; S1; S1_IMPROVEMENT; S2; S2_IMPROVEMENT; S3; S3_IMPROVEMENT; KPH; ELAPSED; HOUR;S1_LARGE;S2_LARGE;S3_LARGE;TOP_SPEED;PIT_TIME;CLASS;GROUP;MANUFACTURER;FLAG_AT_FL;S1_SECONDS;S2_SECONDS;S3_SECONDS;IM1a_time;IM1a_elapsed;INT-1_time;INT-1_elapsed;IM2a_time;IM2a_elapsed;INT-2_time;INT-2_elapsed;IM3a_time;IM3a_elapsed;FL_time;FL_elapsed';

/** Typical green-lap times of the GR86 cup car in the 2025 season (real field medians), seconds. */
const REAL_LAP_RANGE_S: Record<string, [number, number]> = {
  barber: [98, 101],
  COTA: [148, 152],
  'Road America': [163, 175],
  Sebring: [143, 150],
  Sonoma: [111, 115],
  VIR: [128, 132],
};

type Row = Record<string, string>;

/** Rows keyed by trimmed header names, INT-1/INT-2 read as IM1/IM2. */
function rowsOf(file: SampleFile): Row[] {
  const [header, ...lines] = file.text.split('\n');
  const names = header.split(';').map((h) => h.trim().replace('INT-1', 'IM1').replace('INT-2', 'IM2'));
  return lines
    .filter((l) => l !== '')
    .map((l) => {
      const cells = l.split(';');
      return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
    });
}

const trackOf = (f: SampleFile) => f.path.split('/')[0];
const secondsOf = (v: string) => parseTimeS(v) as number;
/** PIT_TIME is `H:MM:SS.mmm`; the lap-time parser reads only two parts. */
const pitSeconds = (v: string) => v.split(':').reduce((s, part) => s * 60 + Number(part), 0);
const ms = (v: string) => Math.round(secondsOf(v) * 1000);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function byCar(rows: Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) out.set(r.NUMBER, [...(out.get(r.NUMBER) ?? []), r]);
  return out;
}

/** Green laps a DNA would keep: not lap 1, not caution, not in or out of the pits. */
const isCleanGreen = (r: Row) =>
  r.LAP_NUMBER !== '1' && r.FLAG_AT_FL === 'GF' && r.CROSSING_FINISH_LINE_IN_PIT === '' && r.PIT_TIME === '';

const SEASON = generateSeason({ seed: 11, drivers: 40 });
const SEASON_ROWS = SEASON.map((f) => ({ file: f, track: trackOf(f), rows: rowsOf(f) }));

describe('sample generator: determinism', () => {
  it('writes the same bytes for the same seed and options', () => {
    const a = generateSeason({ seed: 5, drivers: 12, tracks: ['barber', 'VIR'] });
    const b = generateSeason({ seed: 5, drivers: 12, tracks: ['barber', 'VIR'] });
    expect(a.map((f) => f.path)).toEqual(b.map((f) => f.path));
    expect(a.map((f) => f.text)).toEqual(b.map((f) => f.text));
  });

  it('writes different laps for a different seed', () => {
    const a = generateSeason({ seed: 5, drivers: 12, tracks: ['barber'] });
    const b = generateSeason({ seed: 6, drivers: 12, tracks: ['barber'] });
    expect(a[0].text).not.toEqual(b[0].text);
  });

  it('lays files out as Track/Race N/Synthetic_Laps_Race N.CSV', () => {
    expect(SEASON.map((f) => f.path)).toContain('COTA/Race 2/Synthetic_Laps_Race 2.CSV');
    expect(SEASON).toHaveLength(12); // 6 tracks × 2 races by default
  });

  it('refuses an unknown track and a driver count below 1 with E091', () => {
    expect(() => generateSeason({ seed: 1, drivers: 5, tracks: ['Monza'] })).toThrow(DnaError);
    expect(() => generateSeason({ seed: 1, drivers: 0 })).toThrow(/E091/);
  });
});

describe('sample generator: the real export format', () => {
  it('starts every file with the real header and ends it with a newline, no CR, 39 fields a row', () => {
    for (const f of SEASON) {
      const [header] = f.text.split('\n');
      expect(header).toBe(trackOf(f) === 'Sonoma' ? REAL_HEADER_SONOMA : REAL_HEADER);
      expect(f.text.endsWith('\n')).toBe(true);
      expect(f.text.includes('\r')).toBe(false);
      const widths = new Set(f.text.split('\n').slice(1, -1).map((line) => line.split(';').length));
      expect([...widths]).toEqual([39]);
    }
  });

  it('names the intermediates INT-1/INT-2 at Sonoma and IM1/IM2 elsewhere', () => {
    const sonoma = SEASON.find((f) => trackOf(f) === 'Sonoma')!.text.split('\n')[0];
    const cota = SEASON.find((f) => trackOf(f) === 'COTA')!.text.split('\n')[0];
    expect(sonoma).toContain(';INT-1_time;INT-1_elapsed;');
    expect(sonoma).toContain(';INT-2_time;INT-2_elapsed;');
    expect(sonoma).not.toContain('IM1_time');
    expect(cota).toContain(';IM1_time;IM1_elapsed;');
  });

  it('writes lap times as M:SS.mmm, sectors under 60 s as SS.mmm and from 60 s as M:SS.mmm', () => {
    const minSec = /^\d+:[0-5]\d\.\d{3}$/;
    const bad: string[] = [];
    const check = (ok: boolean, what: string, r: Row) => {
      if (!ok) bad.push(`${what} in car ${r.NUMBER} lap ${r.LAP_NUMBER}`);
    };
    for (const { rows } of SEASON_ROWS) {
      for (const r of rows) {
        check(minSec.test(r.LAP_TIME) && minSec.test(r.ELAPSED), `LAP_TIME ${r.LAP_TIME}`, r);
        for (const s of ['S1', 'S2', 'S3']) {
          check((secondsOf(r[s]) < 60 ? /^\d{1,2}\.\d{3}$/ : minSec).test(r[s]), `${s} ${r[s]}`, r);
          check(minSec.test(r[`${s}_LARGE`]), `${s}_LARGE ${r[`${s}_LARGE`]}`, r);
          // Plain seconds drop trailing zeros, as the exports do ("58.95", "33.0").
          check(/^\d+\.\d{0,2}[1-9]$|^\d+\.0$/.test(r[`${s}_SECONDS`]), `${s}_SECONDS ${r[`${s}_SECONDS`]}`, r);
          check(ms(r[`${s}_SECONDS`]) === ms(r[s]), `${s}_SECONDS ≠ ${s}`, r);
        }
        check(/^[0-2]\d:[0-5]\d:[0-5]\d\.\d{3}$/.test(r.HOUR), `HOUR ${r.HOUR}`, r);
        check(/^(\d:[0-5]\d:[0-5]\d\.\d{3})?$/.test(r.PIT_TIME), `PIT_TIME ${r.PIT_TIME}`, r);
        check(['GF', 'FCY', 'FF'].includes(r.FLAG_AT_FL), `FLAG_AT_FL ${r.FLAG_AT_FL}`, r);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('adds sectors up to the lap and splits them at the intermediates, with ELAPSED running on', () => {
    const bad: string[] = [];
    for (const { file, rows } of SEASON_ROWS) {
      for (const laps of byCar(rows).values()) {
        let elapsedMs = 0;
        for (const r of laps) {
          const lapMs = ms(r.LAP_TIME);
          elapsedMs += lapMs;
          const ok =
            ms(r.S1) + ms(r.S2) + ms(r.S3) === lapMs &&
            ms(r.IM1_elapsed) === ms(r.S1) &&
            ms(r.IM2_elapsed) === ms(r.S1) + ms(r.S2) &&
            ms(r.IM2a_elapsed) === ms(r.S1) + ms(r.IM2a_time) &&
            ms(r.IM3a_elapsed) + ms(r.FL_time) === lapMs &&
            ms(r.FL_elapsed) === lapMs &&
            ms(r.ELAPSED) === elapsedMs;
          if (!ok) bad.push(`${file.path} car ${r.NUMBER} lap ${r.LAP_NUMBER}`);
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('computes KPH as lengthKm × 3600 / lap time, to the tenth', () => {
    const bad: string[] = [];
    for (const { track, rows } of SEASON_ROWS) {
      const lengthKm = KNOWN_TRACKS.find((t) => t.name === track)!.lengthKm;
      for (const r of rows) {
        const kph = (lengthKm * 3600) / secondsOf(r.LAP_TIME);
        if (!/^\d+\.\d$/.test(r.KPH) || Math.abs(Number(r.KPH) - kph) > 0.05 + 1e-9) bad.push(`${track} ${r.LAP_TIME} ${r.KPH}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('sample generator: a realistic race', () => {
  it('puts each track median green lap inside the real range, and nearly every green lap near it', () => {
    for (const [track, [lo, hi]] of Object.entries(REAL_LAP_RANGE_S)) {
      const laps = SEASON_ROWS.filter((x) => x.track === track)
        .flatMap((x) => x.rows)
        .filter(isCleanGreen)
        .map((r) => secondsOf(r.LAP_TIME));
      expect(median(laps), track).toBeGreaterThanOrEqual(lo);
      expect(median(laps), track).toBeLessThanOrEqual(hi);
      const near = laps.filter((t) => t >= lo * 0.97 && t <= hi * 1.07).length;
      expect(near / laps.length, track).toBeGreaterThan(0.95);
    }
  });

  it('has caution laps, flagged FCY for the whole field and 30-60 % slower than green', () => {
    const racesWithCaution = SEASON_ROWS.filter((x) => x.rows.some((r) => r.FLAG_AT_FL === 'FCY'));
    expect(racesWithCaution.length).toBeGreaterThan(0);
    for (const { rows } of racesWithCaution) {
      const cars = new Set(rows.filter((r) => r.FLAG_AT_FL === 'FCY').map((r) => r.NUMBER));
      expect(cars.size).toBeGreaterThan(byCar(rows).size / 2);
      const ratio =
        median(rows.filter((r) => r.FLAG_AT_FL === 'FCY' && r.LAP_NUMBER !== '1').map((r) => secondsOf(r.LAP_TIME))) /
        median(rows.filter(isCleanGreen).map((r) => secondsOf(r.LAP_TIME)));
      expect(ratio).toBeGreaterThan(1.25);
      expect(ratio).toBeLessThan(1.65);
    }
  });

  it('follows a pit-in lap (B) with a pit-out lap that carries PIT_TIME', () => {
    let stops = 0;
    for (const { rows } of SEASON_ROWS) {
      for (const laps of byCar(rows).values()) {
        laps.forEach((r, i) => {
          if (r.PIT_TIME !== '') expect(laps[i - 1].CROSSING_FINISH_LINE_IN_PIT).toBe('B');
          if (r.CROSSING_FINISH_LINE_IN_PIT !== 'B' || i === laps.length - 1) return;
          stops++;
          const out = laps[i + 1];
          expect(out.PIT_TIME).not.toBe('');
          expect(pitSeconds(out.PIT_TIME)).toBeGreaterThan(20);
          const green = median(laps.filter(isCleanGreen).map((x) => secondsOf(x.LAP_TIME)));
          expect(secondsOf(r.LAP_TIME)).toBeGreaterThan(green);
          expect(secondsOf(out.LAP_TIME)).toBeGreaterThan(green);
        });
      }
    }
    expect(stops).toBeGreaterThan(3);
  });

  it('makes lap 1 slower than the driver median lap of the race', () => {
    for (const { rows } of SEASON_ROWS) {
      for (const laps of byCar(rows).values()) {
        if (laps.length < 3) continue;
        expect(laps[0].LAP_NUMBER).toBe('1');
        const lap1 = secondsOf(laps[0].LAP_TIME);
        expect(lap1).toBeGreaterThan(median(laps.map((r) => secondsOf(r.LAP_TIME))) * 1.05);
      }
    }
  });

  it('flags FF on the last lap of each finisher, once, the winner first after the race laps', () => {
    for (const { file, rows } of SEASON_ROWS) {
      const ff = rows.filter((r) => r.FLAG_AT_FL === 'FF');
      const cars = byCar(rows);
      expect(ff.length).toBeGreaterThan(cars.size * 0.8);
      for (const laps of cars.values()) {
        const flags = laps.map((r) => r.FLAG_AT_FL);
        expect(flags.filter((f) => f === 'FF').length).toBeLessThanOrEqual(1);
        if (flags.includes('FF')) expect(flags[flags.length - 1]).toBe('FF');
      }
      const winner = ff.reduce((a, b) => (ms(a.ELAPSED) <= ms(b.ELAPSED) ? a : b));
      const planned = planSeason({ seed: 11, drivers: 40 }).races.find((p) => p.path === file.path)!;
      expect(Number(winner.LAP_NUMBER)).toBe(planned.laps);
    }
  });

  it('uses unique car numbers 2-99 and has some one-track drivers and most on two tracks or more', () => {
    const plan = planSeason({ seed: 11, drivers: 40 });
    const numbers = plan.drivers.map((d) => d.carNumber);
    expect(new Set(numbers).size).toBe(40);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(99);
    const tracksPerCar = new Map<string, Set<string>>();
    for (const { track, rows } of SEASON_ROWS) {
      for (const r of rows) tracksPerCar.set(r.NUMBER, (tracksPerCar.get(r.NUMBER) ?? new Set()).add(track));
    }
    const counts = [...tracksPerCar.values()].map((s) => s.size);
    expect(counts.filter((c) => c === 1).length).toBeGreaterThanOrEqual(1);
    expect(counts.filter((c) => c >= 2).length).toBeGreaterThan(counts.length / 2);
    for (const d of plan.drivers) expect(tracksPerCar.get(String(d.carNumber))).toEqual(new Set(d.tracks));
  });

  it('gives the best median lap to the driver with the best latent pace more often than not', () => {
    // Latent pace at a track = pace gap + affinity for its type; day form and lap noise blur it, as in racing.
    let agree = 0;
    let races = 0;
    for (const seed of [1, 2, 3, 4]) {
      const plan = planSeason({ seed, drivers: 40 });
      const files = generateSeason({ seed, drivers: 40 });
      for (const race of plan.races) {
        const type = KNOWN_TRACKS.find((t) => t.name === race.track)!.type;
        const latent = race.drivers.reduce((a, b) =>
          a.paceGapPct + a.affinityPct[type] <= b.paceGapPct + b.affinityPct[type] ? a : b,
        );
        const rows = rowsOf(files.find((f) => f.path === race.path)!);
        const medians = [...byCar(rows)].map(([car, laps]) => ({
          car,
          lapS: median(laps.filter(isCleanGreen).map((r) => secondsOf(r.LAP_TIME))),
        }));
        const best = medians.reduce((a, b) => (a.lapS <= b.lapS ? a : b));
        races++;
        if (best.car === String(latent.carNumber)) agree++;
      }
    }
    expect(races).toBe(48);
    expect(agree).toBeGreaterThan(races / 2);
  });
});

describe('sample CLI', () => {
  it('refuses bad arguments with E091', () => {
    const code = (argv: string[]) => {
      try {
        parseArgs(argv);
        return null;
      } catch (e) {
        return (e as DnaError).code;
      }
    };
    expect(code(['--out', 'x'])).toBe('E091');
    expect(code(['--drivers', 'ten', '--out', 'x'])).toBe('E091');
    expect(code(['--drivers', '10'])).toBe('E091');
    expect(code(['--drivers', '10', '--out', 'x', '--bogus'])).toBe('E091');
    expect(code(['--drivers', '10', '--out', 'x', '--laps', '1'])).toBe('E091');
  });

  it('exits 2 on an unknown track and writes the files plus index.json otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-cli-'));
    try {
      expect(await sampleCli(['--drivers', '4', '--out', dir, '--tracks', 'Monza'])).toBe(2);
      expect(await sampleCli(['--drivers', '6', '--out', dir, '--tracks', 'Sonoma,vir', '--laps', '4', '--seed', '3'])).toBe(0);
      const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { files: string[] };
      expect(index.files).toEqual([
        'Sonoma/Race 1/Synthetic_Laps_Race 1.CSV',
        'Sonoma/Race 2/Synthetic_Laps_Race 2.CSV',
        'VIR/Race 1/Synthetic_Laps_Race 1.CSV',
        'VIR/Race 2/Synthetic_Laps_Race 2.CSV',
      ]);
      for (const f of index.files) expect(statSync(join(dir, f)).size).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeReal('sample generator never copies a real row', () => {
  it('shares no data line with the real lap files', () => {
    const real = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.startsWith('23_AnalysisEnduranceWithSections')) {
          for (const line of readFileSync(p, 'utf8').split(/\r?\n/).slice(1)) if (line !== '') real.add(line);
        }
      }
    };
    walk(REAL_DATA_DIR);
    expect(real.size).toBe(5928);
    const copied = SEASON.flatMap((f) => f.text.split('\n').slice(1)).filter((l) => real.has(l));
    expect(copied).toEqual([]);
  });
});
