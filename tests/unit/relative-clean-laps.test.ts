import { describe, expect, it } from 'vitest';
import { cleanLaps, type ExclusionReason } from '../../src/core/relative';
import { ALL_COLUMNS, lap, stint } from '../helpers/relative-laps';

const reasons = (laps: Parameters<typeof cleanLaps>[0], columns = [ALL_COLUMNS], slowFactor?: number): (ExclusionReason | null)[] =>
  cleanLaps(laps, columns, { slowFactor }).laps.map((v) => v.excludedBy);

describe('clean-lap rules', () => {
  it('drops lap 1 as first-lap', () => {
    expect(reasons(stint(7, [110, 100, 100]))).toEqual(['first-lap', null, null]);
  });

  it('drops a lap that ended under FCY as caution and the first green lap after it as restart', () => {
    const laps = stint(7, [110, 100, 100, 100, 100, 100]);
    laps[2].flag = 'FCY';
    laps[3].flag = 'FCY';
    expect(reasons(laps)).toEqual(['first-lap', null, 'caution', 'caution', 'restart', null]);
  });

  it('drops the pit-in lap (B) as pit-in and the lap after it as pit-out', () => {
    const laps = stint(7, [110, 100, 100, 100, 100]);
    laps[2].pitIn = true;
    expect(reasons(laps)).toEqual(['first-lap', null, 'pit-in', 'pit-out', null]);
  });

  it('drops a lap with PIT_TIME as pit-out, also when the file has no pit-in column', () => {
    const laps = stint(7, [110, 100, 100, 100]);
    laps[2].pitTimeS = 42;
    expect(reasons(laps)).toEqual(['first-lap', null, 'pit-out', null]);
    expect(reasons(laps, [{ ...ALL_COLUMNS, pitIn: false }])).toEqual(['first-lap', null, 'pit-out', null]);
  });

  it('drops a lap without a lap time as no-time', () => {
    expect(reasons(stint(7, [110, 100, null, 100]))).toEqual(['first-lap', null, 'no-time', null]);
  });

  it('gives a lap the reason of the first rule that drops it', () => {
    const laps = stint(7, [110, 100, 100]);
    laps[0].flag = 'FCY'; // lap 1 under caution: first-lap comes first
    laps[1].flag = 'FCY';
    laps[1].pitIn = true; // caution and pit-in: caution comes first
    expect(reasons(laps)).toEqual(['first-lap', 'caution', 'pit-out']);
  });

  it('107% rule uses the best clean lap of that race, not a faster caution lap', () => {
    // best clean lap = 100 (lap 2); 1.07 × 100 = 107: 107.5 is slow, 106.9 stays.
    // The 95 s lap ended under FCY, so it does not lower the yardstick (1.07 × 95 = 101.65 would drop 106.9).
    const laps = stint(7, [110, 100, 95, 100, 107.5, 106.9]);
    laps[2].flag = 'FCY';
    expect(reasons(laps)).toEqual(['first-lap', null, 'caution', 'restart', 'slow', null]);
    const plain = stint(7, [110, 100, 101, 107.5, 106.9]);
    expect(reasons(plain)).toEqual(['first-lap', null, null, 'slow', null]);
  });

  it('107% rule compares within one race: a faster lap in another race does not count', () => {
    // race 1 best 100 → 106.9 stays; race 2 best 90 would make 106.9 slow if pooled
    const r1 = stint(7, [110, 100, 106.9], { race: 'Race 1', fileIndex: 0 });
    const r2 = stint(7, [110, 90, 92], { race: 'Race 2', fileIndex: 1 });
    expect(reasons([...r1, ...r2], [ALL_COLUMNS, ALL_COLUMNS])).toEqual(['first-lap', null, null, 'first-lap', null, null]);
  });

  it('takes the slow threshold as a parameter', () => {
    // 1.05 × 100 = 105: 105.5 is slow at 1.05, kept at the default 1.07
    const laps = stint(7, [110, 100, 105.5]);
    expect(reasons(laps, [ALL_COLUMNS], 1.05)).toEqual(['first-lap', null, 'slow']);
    expect(reasons(laps)).toEqual(['first-lap', null, null]);
  });

  it('skips the rules whose column the file lacks, and says so', () => {
    const laps = stint(7, [110, 100, 100, 100]);
    laps[2].flag = 'FCY';
    const noFlag = { ...ALL_COLUMNS, flag: false };
    const result = cleanLaps(laps, [noFlag]);
    expect(result.laps.map((v) => v.excludedBy)).toEqual(['first-lap', null, null, null]);
    const rules = result.rulesByFile.get(0)!;
    expect(rules.applied).toEqual(['no-time', 'first-lap', 'pit-in', 'pit-out', 'outlier', 'slow']);
    expect(rules.skipped).toEqual([
      { reason: 'caution', missing: ['flag'] },
      { reason: 'restart', missing: ['flag'] },
    ]);
  });

  it('skips first-lap without a lap-number column', () => {
    const laps = stint(7, [110, 105, 104]).map((l) => ({ ...l, lapNumber: null }));
    const result = cleanLaps(laps, [{ ...ALL_COLUMNS, lapNumber: false }]);
    // lap 1 stays in: best 104, 1.07 × 104 = 111.28 > 110, so all three laps are clean
    expect(result.laps.map((v) => v.excludedBy)).toEqual([null, null, null]);
    expect(result.rulesByFile.get(0)!.skipped).toEqual([{ reason: 'first-lap', missing: ['lapNumber'] }]);
  });

  it('infers the columns from the laps when the caller gives none for a file', () => {
    const laps = stint(7, [110, 100, 100]).map((l) => ({ ...l, flag: null }));
    const rules = cleanLaps(laps, []).rulesByFile.get(0)!;
    expect(rules.skipped.map((s) => s.reason)).toEqual(['caution', 'pit-in', 'pit-out', 'restart']);
  });

  it('a car number shared by two cars in one race keeps each car its own laps and 107% yardstick', () => {
    // Car A laps 1-3 then car B laps 1-3 under the same number (GR Cup COTA/Sonoma #3).
    // B's best clean lap is 110; pooled with A's 100 its laps (> 107) would all be slow.
    const a = stint(3, [120, 100, 101]);
    const b = stint(3, [125, 110, 111]);
    a[2].pitIn = true; // A's last lap into the pits must not make B's first lap a pit-out
    expect(reasons([...a, ...b])).toEqual(['first-lap', null, 'pit-in', 'first-lap', null, null]);
  });

  it('returns one verdict per input lap in input order, the lap attached', () => {
    const laps = [lap({ carNumber: 1, lapNumber: 2, lapTimeS: 100 }), lap({ carNumber: 2, lapNumber: 1, lapTimeS: 100 })];
    const v = cleanLaps(laps, [ALL_COLUMNS]).laps;
    expect(v.map((x) => x.lap)).toEqual(laps);
    expect(v.map((x) => x.excludedBy)).toEqual([null, 'first-lap']);
  });
});
