// The pure views behind the pages: routes, table sorting and filtering, radar percentiles, lap-time
// histograms, head-to-head deltas, and folder walking for dropped directories.
import { describe, expect, it } from 'vitest';
import type { DriverProfile, LapRow } from '../../src/core/types';
import { filesFromDataTransfer, filesFromInput, mergeFiles } from '../../src/app/files/collect-files';
import { hrefOf, parseHash } from '../../src/app/route';
import { headToHead } from '../../src/app/view/compare';
import { classicReason } from '../../src/app/view/classic-reason';
import { fmtCount, fmtLap, fmtPct } from '../../src/app/view/format';
import { countByReason, lapHistogram, type LapWithVerdict } from '../../src/app/view/laps-view';
import { agreement, archetypeCounts, driverRow, filterRows, relativeOf, sortRows, trackPaces } from '../../src/app/view/profile-view';
import { percentile, radarSeries, RELATIVE_AXES } from '../../src/app/view/radar';

function driver(id: number, over: Partial<DriverProfile> = {}): DriverProfile {
  return {
    driver_id: id,
    car_number: String(id),
    class: null,
    tracks_raced: ['COTA'],
    total_races: 1,
    performance_metrics: {},
    dna_signature: null,
    sector_balance_score: null,
    archetype: null,
    ...over,
  };
}

function race(track: string, raceLabel: string, pace: number | null, sectors: [number, number, number] = [0, 0, 0]) {
  return {
    track, race: raceLabel, track_type: 'mixed', file_index: 0, laps: 10, clean_laps: 8, excluded: {}, low_confidence: false,
    shared_car_number: false, rules_applied: [], rules_skipped: [], median_lap_s: 100, best_lap_s: 99, pace_lap_s: 99.5,
    field_reference_s: 99, pace_gap_pct: pace, consistency_cv_pct: 1, variation_pct: 1, theoretical_best_s: 98.5,
    potential_gap_pct: 1.5, sector_gap_pct: { s1: sectors[0], s2: sectors[1], s3: sectors[2] }, top_speed_kph: null, top_speed_gap_pct: null,
  };
}

function withRelative(id: number, races: ReturnType<typeof race>[], archetype: DriverProfile['archetype'] = null): DriverProfile {
  // Only the fields the views read; the relative core fills the rest.
  const relative = { driver_id: id, races, archetype, archetype_scores: null, explanation: '' } as unknown as DriverProfile['relative'];
  return driver(id, { tracks_raced: [...new Set(races.map((r) => r.track))], relative });
}

describe('counts', () => {
  it('groups whole numbers by thousands without ICU, and leaves the rest to toLocaleString', () => {
    expect([0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567_890, -1234].map(fmtCount)).toEqual([
      '0', '7', '999', '1,000', '12,345', '999,999', '1,000,000', '1,234,567,890', '-1,234',
    ]);
    expect(fmtCount(1234.5)).toBe('1,234.5');
  });
});

describe('routes', () => {
  it('parses and writes every route', () => {
    expect(parseHash('')).toEqual({ name: 'start' });
    expect(parseHash('#/driver/42')).toEqual({ name: 'driver', id: '42' });
    // a car is its number as written: 04 and 4 are two cars
    expect(parseHash('#/driver/04')).toEqual({ name: 'driver', id: '04' });
    expect(parseHash('#/track/Road%20America')).toEqual({ name: 'track', track: 'Road America' });
    expect(parseHash('#/compare/2,013,,41,5,7')).toEqual({ name: 'compare', ids: ['2', '013', '41', '5'] });
    expect(parseHash('#/driver/')).toEqual({ name: 'overview' });
    expect(hrefOf({ name: 'track', track: 'Road America' })).toBe('#/track/Road%20America');
    for (const h of ['#/', '#/overview', '#/driver/7', '#/compare/1,2', '#/model']) expect(hrefOf(parseHash(h))).toBe(h);
  });
});

describe('driver table', () => {
  const drivers = [
    withRelative(7, [race('COTA', 'Race 1', 1.5)], 'Speed Demon'),
    withRelative(13, [race('barber', 'Race 1', 0.2), race('barber', 'Race 2', 0.4)], 'Consistency Master'),
    withRelative(2, [race('COTA', 'Race 1', null)]),
  ];
  const rows = drivers.map((d) => driverRow(d, 'relative'));

  it('sorts by a figure with missing values last in both directions', () => {
    expect(sortRows(rows, 'paceGapPct', 'asc').map((r) => r.id)).toEqual(['13', '7', '2']);
    expect(sortRows(rows, 'paceGapPct', 'desc').map((r) => r.id)).toEqual(['7', '13', '2']);
    // car numbers sort as numbers (13 after 7), not as text
    expect(sortRows(rows, 'id', 'desc').map((r) => r.id)).toEqual(['13', '7', '2']);
  });

  it('filters by car number prefix, track or archetype', () => {
    expect(filterRows(rows, '#1').map((r) => r.id)).toEqual(['13']);
    expect(filterRows(rows, 'barber').map((r) => r.id)).toEqual(['13']);
    expect(filterRows(rows, 'speed').map((r) => r.id)).toEqual(['7']);
    expect(filterRows(rows, '  ').map((r) => r.id)).toEqual(['7', '13', '2']);
  });

  it('takes a track figure as the mean of its races', () => {
    expect(trackPaces(relativeOf(drivers[1]))).toMatchObject([{ track: 'barber' }]);
    expect(trackPaces(relativeOf(drivers[1]))[0].paceGapPct).toBeCloseTo(0.3, 10);
    expect(rows.find((r) => r.id === '13')!.paceGapPct).toBeCloseTo(0.3, 10);
  });

  it('counts archetypes in the seed order plus the drivers without one', () => {
    expect(archetypeCounts(drivers, 'relative')).toEqual([
      { label: 'Speed Demon', count: 1, provisional: 0 },
      { label: 'Consistency Master', count: 1, provisional: 0 },
      { label: 'Track Specialist', count: 0, provisional: 0 },
      { label: 'Balanced Racer', count: 0, provisional: 0 },
      { label: 'No archetype', count: 1, provisional: 0 },
    ]);
  });

  it('says whether the model agrees with the exact archetype', () => {
    const predicted = { model_version: 'classic-v1', probabilities: {}, dna_signature: {}, out_of_distribution: [] };
    expect(agreement(driver(1, { archetype: 'Balanced Racer', predicted: { classic: { ...predicted, archetype: 'Balanced Racer' } } }), 'classic')).toBe('agree');
    expect(agreement(driver(1, { archetype: 'Balanced Racer', predicted: { classic: { ...predicted, archetype: 'Speed Demon' } } }), 'classic')).toBe('differ');
    expect(agreement(driver(1, { archetype: 'Balanced Racer' }), 'classic')).toBe('none');
  });
});

describe('radar', () => {
  it('ranks a value among the field, best = 100, ties in the middle', () => {
    expect(percentile(1, [1, 2, 3, 4, 5], false)).toBe(100);
    expect(percentile(5, [1, 2, 3, 4, 5], false)).toBe(0);
    expect(percentile(3, [1, 2, 3, 4, 5], true)).toBe(50);
    expect(percentile(2, [2, 2, 1], true)).toBe(75);
    expect(percentile(9, [9], true)).toBe(50);
  });

  it('draws the fastest driver outward on pace', () => {
    const field = [withRelative(1, [race('COTA', 'R1', 0)]), withRelative(2, [race('COTA', 'R1', 1)]), withRelative(3, [race('COTA', 'R1', 2)])];
    const pace = RELATIVE_AXES.filter((a) => a.key === 'pace');
    expect(radarSeries(field[0], field, pace).scores).toEqual([100]);
    expect(radarSeries(field[2], field, pace).scores).toEqual([0]);
  });
});

describe('head to head', () => {
  it('compares sector gaps over the races both drivers ran', () => {
    const a = withRelative(1, [race('COTA', 'Race 1', 0.5, [0.1, 0.2, 0.3]), race('VIR', 'Race 1', 1, [1, 1, 1])]);
    const b = withRelative(2, [race('COTA', 'Race 1', 1.0, [0.4, 0.2, 0.1]), race('barber', 'Race 1', 3, [3, 3, 3])]);
    const [h] = headToHead(a, [b]);
    expect(h.commonRaces).toBe(1);
    expect(h.paceDeltaPct).toBeCloseTo(0.5, 10);
    expect(h.deltaPct.s1).toBeCloseTo(0.3, 10);
    expect(h.deltaPct.s2).toBeCloseTo(0, 10);
    expect(h.deltaPct.s3).toBeCloseTo(-0.2, 10);
  });
});

describe('lap-time histogram', () => {
  const lap = (t: number | null): LapRow => ({
    carNumber: '1', class: null, driverNumber: null, driverName: null, elapsedS: null, lapNumber: 1, lapTimeS: t, s1S: null, s2S: null, s3S: null, speedKph: null, topSpeedKph: null, flag: null,
    pitIn: false, pitTimeS: null, intermediatesS: {}, track: 'COTA', race: 'Race 1', fileIndex: 0,
  });
  const laps: LapWithVerdict[] = [
    { lap: lap(100.2), excludedBy: null },
    { lap: lap(100.9), excludedBy: null },
    { lap: lap(101.5), excludedBy: 'slow' },
    { lap: lap(180), excludedBy: 'caution' },
    { lap: lap(null), excludedBy: 'no-time' },
  ];

  it('draws the range of the clean laps, not of 140 % caution laps (a useful histogram at any width)', () => {
    // 130 s laps: clean within 1.6 s, caution laps at 182 s
    const season: LapWithVerdict[] = [
      ...[130.1, 130.4, 130.8, 131.2, 131.7].map((t) => ({ lap: lap(t), excludedBy: null })),
      { lap: lap(182), excludedBy: 'caution' },
      { lap: lap(183), excludedBy: 'caution' },
    ];
    const h = lapHistogram(season);
    // drawn up to a little past the slowest clean lap (131.7 s), not up to 125 % of the fastest (162.6 s)
    expect(h.maxS).toBeGreaterThan(131.7);
    expect(h.maxS).toBeLessThan(140);
    const clean = h.series.find((s) => s.key === 'clean')!.counts;
    expect(clean.filter((c) => c > 0).length).toBeGreaterThanOrEqual(2); // spread over bins, not one sliver
    expect(h.overflow).toEqual([{ key: 'caution', count: 2 }]);
  });

  it('bins laps from the fastest and counts slower ones apart, by reason', () => {
    const h = lapHistogram(laps, { binS: 1 });
    expect(h.edges[0]).toBe(100);
    expect(h.series.find((s) => s.key === 'clean')!.counts.slice(0, 2)).toEqual([2, 0]);
    expect(h.series.find((s) => s.key === 'slow')!.counts[1]).toBe(1);
    expect(h.overflow).toEqual([{ key: 'caution', count: 1 }]);
  });

  it('chooses Freedman–Diaconis bins from the clean laps and stops 3 bins past the slowest clean lap', () => {
    // clean 100, 100.5, …, 103.5 (8 laps): quartiles 100.875 and 102.625 → IQR 1.75, width 2·1.75/2 = 1.75 s
    const clean = Array.from({ length: 8 }, (_, i) => ({ lap: lap(100 + i / 2), excludedBy: null }));
    const h = lapHistogram([...clean, { lap: lap(106), excludedBy: 'slow' }, { lap: lap(111), excludedBy: 'slow' }]);
    expect(h.rule).toBe('freedman-diaconis');
    expect(h.binS).toBe(1.75);
    // bins from 99.75 (⌊100 / 1.75⌋ · 1.75) while below 103.5 + 3 · 1.75 = 108.75: 106 drawn (the last bin ends at 110.25), 111 counted apart
    expect(h.edges[0]).toBe(99.75);
    expect(h.series.find((s) => s.key === 'clean')!.counts.reduce((a, b) => a + b)).toBe(8);
    expect(h.series.find((s) => s.key === 'slow')!.counts.reduce((a, b) => a + b)).toBe(1);
    expect(h.overflow).toEqual([{ key: 'slow', count: 1 }]);
  });

  it('counts dropped laps by reason in rule order', () => {
    expect(countByReason(laps)).toEqual([
      { reason: 'no-time', count: 1 },
      { reason: 'caution', count: 1 },
      { reason: 'slow', count: 1 },
    ]);
  });
});

describe('format', () => {
  it('writes lap times and signed percentages', () => {
    expect(fmtLap(97.304)).toBe('1:37.304');
    expect(fmtLap(59.5)).toBe('59.500');
    expect(fmtPct(1.234)).toBe('+1.23 %');
    expect(fmtPct(-0.4)).toBe('−0.40 %');
    expect(fmtPct(null)).toBe('–');
  });
});

describe('dropped folders', () => {
  /** A fake File and Directory Entries tree; readEntries hands out at most 2 entries per call, as browsers cap it. */
  function dir(name: string, children: unknown[]) {
    return {
      isFile: false, isDirectory: true, name, fullPath: `/${name}`,
      createReader() {
        let i = 0;
        return { readEntries: (ok: (e: unknown[]) => void) => { ok(children.slice(i, i + 2)); i += 2; } };
      },
    };
  }
  function file(name: string) {
    return { isFile: true, isDirectory: false, name, fullPath: `/${name}`, file: (ok: (f: File) => void) => ok(new File(['x'], name)) };
  }

  it('walks nested Track/Race N folders, keeps relative paths and skips hidden files', async () => {
    const tree = dir('COTA', [dir('Race 1', [file('23_A.CSV'), file('.DS_Store'), file('26_W.CSV')]), dir('Race 2', [file('23_B.CSV')])]);
    const dt = { items: [{ kind: 'file', webkitGetAsEntry: () => tree, getAsFile: () => null }], files: [] } as unknown as DataTransfer;
    const files = await filesFromDataTransfer(dt);
    expect(files.map((f) => f.path)).toEqual(['COTA/Race 1/23_A.CSV', 'COTA/Race 1/26_W.CSV', 'COTA/Race 2/23_B.CSV']);
  });

  it('takes webkitRelativePath from a folder picker and replaces a file dropped twice', () => {
    const f = new File(['x'], '23_A.CSV');
    Object.defineProperty(f, 'webkitRelativePath', { value: 'season/VIR/Race 1/23_A.CSV' });
    const picked = filesFromInput([f] as unknown as FileList);
    expect(picked.map((p) => p.path)).toEqual(['season/VIR/Race 1/23_A.CSV']);
    const merged = mergeFiles(picked, [{ file: new File(['y'], '23_A.CSV'), path: 'season/VIR/Race 1/23_A.CSV' }, { file: f, path: 'b.csv' }]);
    expect(merged.map((p) => p.path)).toEqual(['b.csv', 'season/VIR/Race 1/23_A.CSV']);
  });
});

describe('classic archetype sentence', () => {
  const sig = (over: Partial<NonNullable<DriverProfile['dna_signature']>> = {}) => ({
    speed_vs_consistency_ratio: 5, track_adaptability: 50, consistency_index: 0.05, performance_variance: 0.02, speed_consistency: 0.01,
    track_specialization: { technical: 1, high_speed: 1, mixed: 1 }, ...over,
  });

  it('names the rule that fired, with the numbers against the thresholds', () => {
    const specialist = driver(1, { archetype: 'Track Specialist', dna_signature: sig({ track_specialization: { technical: 1.2, high_speed: 0.9, mixed: 1 } }) });
    expect(classicReason(specialist)).toBe('Track Specialist: track-type spread 0.125 > 0.08 and best type 1.200 > 1.05 (rule 1 of 5).');
    const balanced = driver(2, { archetype: 'Balanced Racer', dna_signature: sig() });
    expect(classicReason(balanced)).toMatch(/^Balanced Racer: no rule matched \(track-type spread 0.000 ≤ 0.08/);
    expect(classicReason(driver(3))).toBeNull();
  });
});
