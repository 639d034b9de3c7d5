import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readInputs } from '../../src/cli/fs-inputs';
import { ingestAll, type IngestedSet } from '../../src/core/analysis';
import { ALL_REASONS, checkReference, relativeProfiles, type RelativeProfile, type RelativeReference } from '../../src/core/relative';
import { computeReference } from '../../train/reference';
import { describeReal, REAL_DATA_DIR } from '../helpers/real-data';

const REFERENCE_PATH = resolve(import.meta.dirname, '../../models/relative-reference.json');

describeReal('relative profiles of the GR Cup season', () => {
  let set: IngestedSet;
  let reference: RelativeReference;
  let profiles: RelativeProfile[];
  beforeAll(async () => {
    set = await ingestAll(await readInputs([REAL_DATA_DIR]));
    reference = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as RelativeReference;
    profiles = relativeProfiles(set.laps, set.columns, reference);
  });

  it('every one of the 38 car numbers gets a relative profile with pace and an archetype', () => {
    expect(profiles).toHaveLength(38);
    expect(profiles.map((p) => p.car_number)).toEqual([...new Set(set.laps.map((l) => l.carNumber))].sort((a, b) => Number(a) - Number(b)));
    for (const p of profiles) {
      expect(p.dna.pace_gap_pct, `car ${p.car_number}`).not.toBeNull();
      expect(p.archetype, `car ${p.car_number}`).not.toBeNull();
      expect(p.explanation.length).toBeGreaterThan(20);
    }
  });

  it('drivers with one track still get pace and consistency; adaptability is null with a reason', () => {
    const oneTrack = profiles.filter((p) => p.dna.tracks === 1);
    expect(oneTrack.length).toBe(4); // 38 car numbers, 34 raced two tracks or more
    for (const p of oneTrack) {
      expect(p.dna.pace_gap_pct).not.toBeNull();
      expect(p.dna.variation_pct).not.toBeNull();
      expect(p.dna.adaptability_pp).toBeNull();
      expect(p.dna.missing.adaptability_pp).toMatch(/two tracks/);
      expect(p.archetype).not.toBe('Track Specialist');
    }
  });

  it('no theoretical best above the best lap, and Road America Race 1 says where sectors are missing', () => {
    let rows = 0;
    let missingSectors = 0;
    for (const p of profiles) {
      for (const r of p.races) {
        if (r.best_lap_s === null || r.theoretical_best_s === null) continue;
        rows++;
        expect(r.theoretical_best_s, `car ${p.car_number} ${r.track} ${r.race}`).toBeLessThanOrEqual(r.best_lap_s);
        if ((r.sector_complete_laps ?? r.clean_laps) < r.clean_laps) missingSectors++;
      }
    }
    expect(rows).toBeGreaterThan(290); // 303 driver-race rows in the season, a few without a clean lap
    // car 2 at Road America Race 1: best 2:40.838 has no S1/S2 in the file; before the fix its sum of best
    // sectors from slower complete laps was 2:42.412
    const car2 = profiles.find((p) => p.car_number === '2')!.races.find((r) => r.track === 'Road America' && r.race === 'Race 1')!;
    expect(car2.best_lap_s).toBe(160.838);
    expect(car2.theoretical_best_s).toBe(160.838);
    expect(car2.sector_complete_laps).toBeLessThan(car2.clean_laps);
    expect(missingSectors).toBeGreaterThanOrEqual(10);
  });

  it('accounts for every lap: clean plus excluded equals the 5,928 rows, and every rule applied', () => {
    let total = 0;
    for (const p of profiles) {
      expect(p.rules_applied).toEqual(ALL_REASONS);
      for (const r of p.races) {
        const dropped = Object.values(r.excluded).reduce((s, n) => s + (n ?? 0), 0);
        expect(r.clean_laps + dropped).toBe(r.laps);
        total += r.laps;
      }
    }
    expect(total).toBe(5928);
  });

  it('keeps the 12 races apart and flags car 3, shared by two cars at COTA and Sonoma', () => {
    expect(profiles.reduce((s, p) => s + p.races.length, 0)).toBe(
      new Set(set.laps.map((l) => `${l.fileIndex}|${l.carNumber}`)).size,
    );
    const car3 = profiles.find((p) => p.car_number === '3')!;
    expect(car3.races.filter((r) => r.shared_car_number).map((r) => r.track).sort()).toEqual(['COTA', 'COTA', 'Sonoma', 'Sonoma']);
  });

  it('the shipped models/relative-reference.json is what npm run reference computes', async () => {
    expect(checkReference(reference)).toBeNull();
    const fresh = await computeReference(REAL_DATA_DIR);
    expect(fresh.measures).toEqual(reference.measures);
    expect(fresh.fits).toEqual(reference.fits);
  });
});
