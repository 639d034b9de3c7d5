import { describe, expect, it } from 'vitest';
import {
  attendanceInvariance,
  largestArchetypeShare,
  leaveOneTrackOutRho,
  raceToRaceR,
  RELATIVE_FORMULAS,
  relativeProfiles,
} from '../../src/core/relative';
import { pearson, spearman } from '../../src/core/relative/statistics';
import { ALL_COLUMNS, stint } from '../helpers/relative-laps';

describe('validity figures', () => {
  it('race-to-race r pairs Race 1 with Race 2 of the same track and driver', () => {
    const values = [
      { driver: '1', track: 'A', race: 'Race 1', value: 1 },
      { driver: '1', track: 'A', race: 'Race 2', value: 2 },
      { driver: '2', track: 'A', race: 'Race 1', value: 2 },
      { driver: '2', track: 'A', race: 'Race 2', value: 4 },
      { driver: '3', track: 'A', race: 'Race 1', value: 3 },
      { driver: '3', track: 'A', race: 'Race 2', value: 6 },
      { driver: '4', track: 'A', race: 'Race 1', value: 9 }, // no Race 2: not paired
      { driver: '5', track: 'B', race: 'Race 1', value: 9 }, // track with one race: not paired
    ];
    expect(raceToRaceR(values)).toEqual({ r: 1, n: 3 });
  });

  it('leave-one-track-out predicts each held-out track from the mean of the others', () => {
    // three drivers on tracks X, Y, Z; driver 3 is slow everywhere except Z where they are fastest
    const v = (driver: number, track: string, value: number) => ({ driver: String(driver), track, value });
    const r = leaveOneTrackOutRho([v(1, 'X', 0), v(2, 'X', 1), v(3, 'X', 2), v(1, 'Y', 0), v(2, 'Y', 1), v(3, 'Y', 2), v(1, 'Z', 1), v(2, 'Z', 2), v(3, 'Z', 0)]);
    // held out X: predictions (mean of Y, Z) 0.5, 1.5, 1.0 vs actual 0, 1, 2 → ranks 1,3,2 vs 1,2,3 → ρ 0.5
    // held out Y: same as X → 0.5; held out Z: predictions 0, 1, 2 vs actual 1, 2, 0 → ρ −0.5
    expect(r.byTrack.map((t) => t.rho)).toEqual([0.5, 0.5, -0.5]);
    expect(r.rho).toBeCloseTo(0.5 / 3, 10);
  });

  it('attendance invariance counts the (driver, dropped track) cases whose archetype stays', () => {
    const tracks = new Map([
      ['1', ['a', 'b', 'c', 'd']],
      ['2', ['a', 'b', 'c']], // under 4 tracks: not counted
    ]);
    const result = attendanceInvariance(tracks, (_d, dropped) => (dropped === 'b' ? 'Track Specialist' : 'Balanced Racer'));
    expect(result).toEqual({ share: 0.75, cases: 4, unchanged: 3, drivers: 1 });
  });

  it('largest archetype share ignores drivers without an archetype', () => {
    expect(largestArchetypeShare(['Speed Demon', 'Balanced Racer', 'Balanced Racer', null])).toMatchObject({
      archetype: 'Balanced Racer',
      share: 2 / 3,
      drivers: 3,
    });
  });

  it('Pearson and Spearman agree with hand values', () => {
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(0.99339927, 6); // cov 2.5 / √(1 × 6.3333)
    expect(spearman([1, 2, 3, 4], [10, 30, 20, 40])).toBeCloseTo(0.8, 10); // ranks 1,3,2,4
  });
});

describe('formulas', () => {
  it('every figure of a race entry, the DNA and the traits has a one-line formula', () => {
    const [p] = relativeProfiles(stint(7, [110, 100, 101, 102, 103, 104]), [ALL_COLUMNS], null);
    const descriptive = new Set(['track', 'race', 'track_type', 'file_index', 'laps', 'rules_skipped']);
    for (const key of Object.keys(p.races[0])) {
      if (descriptive.has(key)) continue;
      expect(RELATIVE_FORMULAS, key).toHaveProperty(key);
    }
    for (const key of Object.keys(p.dna)) {
      if (key === 'missing') continue;
      expect(RELATIVE_FORMULAS, `dna_${key}`).toHaveProperty(`dna_${key}`);
    }
    for (const key of [...Object.keys(p.traits), 'archetype', 'archetype_scores', 'rules_applied']) {
      expect(RELATIVE_FORMULAS, key).toHaveProperty(key);
    }
    for (const text of Object.values(RELATIVE_FORMULAS)) expect(text).not.toContain('\n');
  });
});
