import { describe, expect, it } from 'vitest';
import { groupedKFold, holdOutGroups } from '../../src/model/grouped-split';
import { mulberry32 } from '../../src/model/random';
import type { LapRow } from '../../src/core/types';
import { CLASSIC_FEATURE_NAMES } from '../../src/core/model-features';
import { classicPipeline } from '../../train/pipelines';

describe('grouped split', () => {
  // 12 groups with 1 to 6 samples each
  const groups = Array.from({ length: 12 }, (_, g) => Array.from({ length: 1 + (g % 6) }, () => 100 + g)).flat();

  it('never puts a group on both sides of a fold', () => {
    for (const fold of groupedKFold(groups, 5, mulberry32(3))) {
      const train = new Set(fold.trainIndex.map((i) => groups[i]));
      const test = new Set(fold.testIndex.map((i) => groups[i]));
      for (const g of test) expect(train.has(g)).toBe(false);
      expect(fold.trainIndex.length + fold.testIndex.length).toBe(groups.length);
    }
  });

  it('tests every group in exactly one fold', () => {
    const folds = groupedKFold(groups, 5, mulberry32(3));
    const tested = folds.flatMap((f) => f.testGroups).sort((a, b) => a - b);
    expect(tested).toEqual([...new Set(groups)].sort((a, b) => a - b));
  });

  it('is reproducible from the seed', () => {
    expect(groupedKFold(groups, 5, mulberry32(9))).toEqual(groupedKFold(groups, 5, mulberry32(9)));
  });

  it('holds out a share of the groups', () => {
    const held = holdOutGroups(groups, 0.25, mulberry32(1));
    expect(held).toHaveLength(3);
    expect(new Set(held).size).toBe(3);
  });
});

/** Each car drives at its own constant speed (car × 20 km/h), so the speed inputs name the car. */
function lap(carNumber: number, track: string, race: string, lapNumber: number, lapTimeS: number): LapRow {
  return {
    carNumber: String(carNumber), class: null, driverNumber: null, driverName: null, elapsedS: null, lapNumber, lapTimeS, s1S: lapTimeS * 0.3, s2S: lapTimeS * 0.4, s3S: lapTimeS * 0.3, speedKph: carNumber * 20,
    topSpeedKph: null, flag: 'GF', pitIn: false, pitTimeS: null, intermediatesS: {}, track, race, fileIndex: 0,
  };
}

describe('virtual drivers', () => {
  // three drivers, three tracks, two races each, ten laps per race with driver-specific lap times
  const laps: LapRow[] = [];
  for (const car of [7, 8, 9]) {
    for (const [t, base] of [['barber', 100], ['COTA', 160], ['Road America', 175]] as const) {
      for (const race of ['Race 1', 'Race 2']) {
        for (let n = 1; n <= 10; n++) laps.push(lap(car, t, race, n, base + car * 0.3 + ((n * 7) % 5) * 0.2));
      }
    }
  }

  it('labels every virtual driver with the group of the real driver whose laps it resamples', () => {
    const samples = classicPipeline().samples({ laps, columns: [] }, null, { virtualPerDriver: 10, wholeShare: 0.3, seed: 5 });
    expect(samples.filter((s) => s.kind === 'real').map((s) => s.group)).toEqual([7, 8, 9]);
    expect(samples.filter((s) => s.kind === 'virtual')).toHaveLength(30);
    const speed = CLASSIC_FEATURE_NAMES.indexOf('log_mean_avg_speed');
    for (const s of samples) expect(Math.exp(s.inputs[speed])).toBeCloseTo(Number(s.group) * 20, 6);
  });

  it("draws a driver's variants from that driver's own stream, whoever else is in the data", () => {
    const opts = { virtualPerDriver: 5, wholeShare: 0.4, seed: 5 };
    const alone = classicPipeline().samples({ laps: laps.filter((l) => l.carNumber === '8'), columns: [] }, null, opts);
    const together = classicPipeline().samples({ laps, columns: [] }, new Set([8]), opts);
    expect(together).toEqual(alone);
  });

  it('keeps every sample of a held-out driver out of the training side of a grouped split', () => {
    const samples = classicPipeline().samples({ laps, columns: [] }, null, { virtualPerDriver: 6, wholeShare: 0.3, seed: 5 });
    for (const fold of groupedKFold(samples.map((s) => s.group), 3, mulberry32(2))) {
      const testGroups = new Set(fold.testGroups);
      expect(fold.trainIndex.every((i) => !testGroups.has(samples[i].group))).toBe(true);
      expect(fold.testIndex.every((i) => testGroups.has(samples[i].group))).toBe(true);
    }
  });
});
