import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/core/analysis';
import type { AnalysisResult } from '../../src/core/types';
import { readInputs } from '../../src/cli/fs-inputs';
import { describeReal, REAL_DATA_DIR } from '../helpers/real-data';

describeReal('classic DNA on the whole GR Cup season', () => {
  let r: AnalysisResult;
  beforeAll(async () => {
    r = await analyzeInputs(await readInputs([REAL_DATA_DIR]), { definition: 'classic' });
  });

  it('uses the 12 lap files and recognises every other file without an error', () => {
    expect(r.reports.filter((x) => x.used)).toHaveLength(12);
    expect(r.reports.flatMap((x) => x.errors)).toEqual([]);
    expect(r.reports.every((x) => x.kind !== null)).toBe(true);
  });

  it('reads 5,928 lap rows, the data lines of the lap files counted independently', () => {
    const used = r.reports.filter((x) => x.used);
    const lines = used.reduce((s, x) => {
      const text = readFileSync(`${REAL_DATA_DIR}/../${x.path}`, 'latin1');
      return s + text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
    }, 0);
    expect(lines).toBe(5928);
    expect(used.reduce((s, x) => s + x.rowsAccepted, 0)).toBe(5928);
  });

  it('finds 38 car numbers with the README per-track counts', () => {
    expect(new Set(r.laps.map((l) => l.carNumber)).size).toBe(38);
    const perTrack: Record<string, Set<string>> = {};
    for (const l of r.laps) (perTrack[l.track] ??= new Set()).add(l.carNumber);
    expect(Object.fromEntries(Object.entries(perTrack).map(([k, v]) => [k, v.size]))).toEqual({
      COTA: 30, Sonoma: 30, 'Road America': 28, VIR: 23, barber: 22, Sebring: 22,
    });
  });

  it('gives 155 driver-track rows, 34 drivers with DNA and 4 with dna_signature null', () => {
    const d = r.envelope.drivers;
    expect(d).toHaveLength(38);
    expect(d.reduce((s, x) => s + x.total_races, 0)).toBe(155);
    expect(d.filter((x) => x.dna_signature !== null)).toHaveLength(34);
    expect(d.filter((x) => x.dna_signature === null)).toHaveLength(4);
  });

  it('reproduces what dna-spec §2 measured: 29 of 34 drivers are Track Specialists', () => {
    expect(r.envelope.drivers.filter((x) => x.archetype === 'Track Specialist')).toHaveLength(29);
  });

  it('matches a driver-track mean computed straight from the file text', () => {
    // Car 2 at barber, both races: mean of LAP_TIME over laps with 30–300 s and 50–400 km/h, rounded to 3.
    const times: number[] = [];
    for (const race of [1, 2]) {
      const text = readFileSync(`${REAL_DATA_DIR}/barber/23_AnalysisEnduranceWithSections_Race ${race}_Anonymized.CSV`, 'latin1');
      const [head, ...rows] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
      const h = head.split(';').map((x) => x.trim());
      for (const row of rows) {
        const c = row.split(';');
        if (c[h.indexOf('NUMBER')].trim() !== '2') continue;
        const [m, s] = c[h.indexOf('LAP_TIME')].split(':');
        const t = s === undefined ? Number(m) : 60 * Number(m) + Number(s);
        const kph = Number(c[h.indexOf('KPH')]);
        if (t >= 30 && t <= 300 && kph >= 50 && kph <= 400) times.push(t);
      }
    }
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    expect(r.envelope.drivers.find((d) => d.driver_id === 2)!.performance_metrics.barber.avg_lap_time).toBeCloseTo(mean, 3);
  });
});
