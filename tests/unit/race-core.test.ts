// The race engineer's core (src/core/race): every expected number below is worked by hand in the comment.
import { describe, expect, it } from 'vitest';
import { boxStats, classify, freedmanDiaconisBins, headToHead, MARK, raceData, raceHistory, stintsOf, theilSen, type RaceCar } from '../../src/core/race';
import { cleanLaps } from '../../src/core/relative/clean-laps';
import { ALL_COLUMNS, lap } from '../helpers/relative-laps';

/** A car with laps 1..n; sectors, elapsed and speeds NaN unless given. */
function car(key: string, times: number[], extra: Partial<RaceCar> = {}): RaceCar {
  const nan = () => times.map(() => NaN);
  return {
    key, car: key, cls: null, lapNumber: times.map((_, i) => i + 1), lapTimeS: times, elapsedS: nan(), s1S: nan(), s2S: nan(), s3S: nan(),
    topSpeedKph: nan(), pitTimeS: nan(), marks: times.map(() => MARK.clean), excluded: times.map(() => -1), driver: null, intermediatesS: {},
    ...extra,
  };
}

describe('theilSen', () => {
  it('is the median of the pairwise slopes with Sen’s 95% interval', () => {
    // slopes: (1,2) .2, (1,3) .05, (1,4) .1667, (2,3) -.1, (2,4) .15, (3,4) .4 → sorted -.1 .05 .15 .1667 .2 .4
    // median (.15 + .1667)/2 = .158333; n = 4: C = 1.96·sqrt(4·3·13/18) = 5.77 → ranks round(.115) → 1, round(5.885)+1 → 6
    const r = theilSen([1, 2, 3, 4], [10, 10.2, 10.1, 10.5])!;
    expect(r.slope).toBeCloseTo(0.158333, 5);
    expect(r.lo95).toBeCloseTo(-0.1, 10);
    expect(r.hi95).toBeCloseTo(0.4, 10);
    expect(r.n).toBe(4);
  });

  it('ignores one wild lap that a least-squares slope would follow', () => {
    // 1 s/lap apart from one 30 s outlier: every pair not touching it has slope 1 (10 of 15 pairs)
    expect(theilSen([1, 2, 3, 4, 5, 6], [90, 91, 92, 123, 94, 95])!.slope).toBe(1);
  });

  it('gives no slope without two distinct x', () => {
    expect(theilSen([3], [90])).toBeNull();
    expect(theilSen([3, 3], [90, 91])).toBeNull();
  });
});

describe('boxStats', () => {
  it('gives Tukey quartiles, whiskers within 1.5 IQR and the outliers', () => {
    // [1,2,3,4,100]: q1 = 2, median 3, q3 = 4, IQR 2, fences −1 and 7
    expect(boxStats([4, 100, 1, 3, 2])).toEqual({ n: 5, min: 1, whiskerLo: 1, q1: 2, median: 3, q3: 4, whiskerHi: 4, max: 100, mean: 22, outliers: [100] });
  });
});

describe('freedmanDiaconisBins', () => {
  it('uses 2·IQR·n^(−1/3) as the bin width', () => {
    // 0..9: IQR 6.75 − 2.25 = 4.5, width 9/cbrt(10) = 4.177 → 3 bins: 0–4 (5), 5–8 (4), 9 (1)
    const bins = freedmanDiaconisBins([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(bins.map((b) => b.count)).toEqual([5, 4, 1]);
    expect(bins[0].toS - bins[0].fromS).toBeCloseTo(9 / Math.cbrt(10), 10);
  });

  it('gives one bin when every lap is equal', () => {
    expect(freedmanDiaconisBins([90, 90, 90])).toEqual([{ fromS: 90, toS: 90, count: 3 }]);
  });
});

describe('stintsOf', () => {
  const base = {
    lapNumber: [1, 2, 3, 4, 5, 6, 7, 8],
    lapTimeS: [100, 90, 90.5, 95, 110, 91, 91.2, 91.4],
    pitIn: [0, 0, 0, 1, 0, 0, 0, 0],
    pitTimeS: [NaN, NaN, NaN, NaN, 30, NaN, NaN, NaN],
    clean: [0, 1, 1, 0, 0, 1, 1, 1],
  };

  it('splits after a pit-in lap and gives laps, clean laps, pace and degradation', () => {
    const [a, b] = stintsOf(base);
    expect(a).toMatchObject({ number: 1, firstLap: 1, lastLap: 4, laps: 4, cleanLaps: 2, paceS: 90.25, bestCleanS: 90, degradation: null, endedBy: 'pit' });
    // clean laps 6, 7, 8 at 91, 91.2, 91.4: every pairwise slope is 0.2 s/lap
    expect(b).toMatchObject({ number: 2, firstLap: 5, lastLap: 8, laps: 4, cleanLaps: 3, paceS: 91.2, endedBy: 'finish' });
    expect(b.degradation!.slope).toBeCloseTo(0.2, 10);
  });

  it('splits at an out-lap whose stop is only recorded as PIT_TIME', () => {
    const s = stintsOf({ ...base, pitIn: [0, 0, 0, 0, 0, 0, 0, 0] });
    expect(s.map((x) => [x.firstLap, x.lastLap])).toEqual([[1, 4], [5, 8]]);
  });

  it('splits where the driver changes, without a pit flag', () => {
    const s = stintsOf({ ...base, pitIn: Array(8).fill(0), pitTimeS: Array(8).fill(NaN), driver: ['A', 'A', 'A', 'B', 'B', 'B', 'B', 'B'] });
    expect(s.map((x) => [x.firstLap, x.driver, x.endedBy])).toEqual([[1, 'A', 'driver-change'], [4, 'B', 'finish']]);
  });

  it('gives no stint for no laps', () => {
    expect(stintsOf({ lapNumber: [], lapTimeS: [], pitIn: [], pitTimeS: [], clean: [] })).toEqual([]);
  });
});

describe('classify', () => {
  // A: 100 + 99 + 101 = 300 s; B: 98 + 100 + 103 = 301 s; C: two laps, 97 and 99
  const cars = () => [
    car('A', [100, 99, 101], { s1S: [30, 29, 31], s2S: [35, 36, NaN], s3S: [35, 34, 33], topSpeedKph: [200, 201.5, NaN] }),
    car('B', [98, 100, 103]),
    car('C', [97, 99]),
  ];

  it('orders by laps then race time, with gaps in seconds', () => {
    const c = classify(cars(), { bestN: 2 });
    expect(c.map((r) => [r.key, r.position, r.laps, r.totalS, r.gapToLeaderS, r.lapsDown])).toEqual([
      ['A', 1, 3, 300, 0, 0],
      ['B', 2, 3, 301, 1, 0],
      ['C', 3, 2, 196, null, 1],
    ]);
    // best laps 99, 98, 97 → gap to the fastest (97): 2, 1, 0
    expect(c.map((r) => r.gapToBestS)).toEqual([2, 1, 0]);
    // best-2 average: A (99 + 100)/2, B (98 + 100)/2, C (97 + 99)/2
    expect(c.map((r) => r.bestNAvgS)).toEqual([99.5, 99, 98]);
  });

  it('gives no best-N average with fewer than N laps', () => {
    expect(classify(cars(), { bestN: 3 }).map((r) => r.bestNAvgS)).toEqual([100, 100.33333333333333, null]);
  });

  it('takes the theoretical best from complete laps only, with best sectors and top speed', () => {
    // complete laps 1 and 2: best S1 29, S2 35, S3 34 = 98; lap 3's S3 33 has no S2 and does not count
    const a = classify(cars()).find((r) => r.key === 'A')!;
    expect([a.theoreticalBestS, a.bestS1S, a.bestS2S, a.bestS3S, a.topSpeedKph]).toEqual([98, 29, 35, 34, 201.5]);
  });

  it('uses ELAPSED of the last lap over the sum of lap times', () => {
    const [a, b, cc] = cars();
    b.elapsedS = [98, 198, 299.5];
    expect(classify([a, b, cc]).map((r) => r.key)).toEqual(['B', 'A', 'C']);
  });

  it('restarts positions and gaps in each class', () => {
    const [a, b, cc] = cars();
    a.cls = 'X';
    b.cls = 'Y';
    cc.cls = 'X';
    const c = classify([a, b, cc], { byClass: true });
    expect(c.map((r) => [r.cls, r.key, r.position, r.gapToBestS])).toEqual([
      ['X', 'A', 1, 2],
      ['X', 'C', 2, 0],
      ['Y', 'B', 1, 0],
    ]);
  });
});

describe('raceHistory', () => {
  const cars = [car('A', [100, 99, 101]), car('B', [98, 100, 103])];

  it('gives the gap to the leader of each lap and the position', () => {
    // race times A 100, 199, 300; B 98, 198, 301
    const [a, b] = raceHistory(cars);
    expect(a.raceTimeS).toEqual([100, 199, 300]);
    expect(a.gapS).toEqual([2, 1, 0]);
    expect(b.gapS).toEqual([0, 0, 1]);
    expect(a.position).toEqual([2, 2, 1]);
    expect(b.position).toEqual([1, 1, 2]);
  });

  it('gives the gap to a chosen car, negative when ahead of it', () => {
    expect(raceHistory(cars, 'A')[1].gapS).toEqual([-2, -1, 1]);
  });
});

describe('raceData', () => {
  it('builds columns per car, marks pit and caution laps, and splits a car number two cars shared', () => {
    const laps = [
      lap({ carNumber: 3, lapNumber: 1, lapTimeS: 100, flag: 'FCY' }),
      lap({ carNumber: 3, lapNumber: 2, lapTimeS: 90, pitIn: true }),
      lap({ carNumber: 3, lapNumber: 3, lapTimeS: 120, pitTimeS: 30 }),
      lap({ carNumber: 3, lapNumber: 1, lapTimeS: 101 }),
      lap({ carNumber: 7, lapNumber: 1, lapTimeS: 99, intermediatesS: { IM1: 40 } }),
      lap({ carNumber: 7, lapNumber: 1, lapTimeS: 99, track: 'COTA' }),
    ];
    const verdicts = cleanLaps(laps, [ALL_COLUMNS]).laps.map((v) => v.excludedBy);
    const key = `0\u0000barber\u0000Race 1`;
    const r = raceData(laps, verdicts, key)!;
    expect(r.cars.map((c) => [c.key, c.lapNumber.length])).toEqual([['3', 3], ['3 (2)', 1], ['7', 1]]);
    const c3 = r.cars[0];
    // lap 2 is the first green lap after the caution (restart) and ends in the pits
    expect(c3.marks).toEqual([MARK.caution, MARK.pitIn | MARK.restart, MARK.pitOut]);
    expect(c3.excluded.map((i) => r.reasons[i])).toEqual(['first-lap', 'pit-in', 'pit-out']);
    expect(r.cars[2].intermediatesS).toEqual({ IM1: [40] });
    expect(r.intermediateNames).toEqual(['IM1']);
    expect(raceData(laps, verdicts, 'nope')).toBeNull();
  });
});

describe('headToHead', () => {
  it('gives lap deltas, the running gap and sector deltas in seconds, on the laps both cars have', () => {
    // A 100, 99, 101 (race times 100, 199, 300); B 98, 100 (98, 198): deltas 2, −1; gaps 2, 1
    const a = car('A', [100, 99, 101], { s1S: [30, 29, 31], s2S: [35, 36, 35], s3S: [35, 34, 35] });
    const b = car('B', [98, 100], { s1S: [29.5, 30], s2S: [34, 35], s3S: [34.5, 35] });
    const h = headToHead(a, b);
    expect(h.laps.map((l) => [l.lapNumber, l.deltaS, l.gapS, l.s1DeltaS])).toEqual([
      [1, 2, 2, 0.5],
      [2, -1, 1, -1],
    ]);
    // best sectors A 29, 35, 34; B 29.5, 34, 34.5 → −0.5, +1, −0.5; best laps 99 − 98
    expect(h.bestSectorDeltaS).toEqual([-0.5, 1, -0.5]);
    expect(h.bestLapDeltaS).toBe(1);
  });
});

describe('on 150,000 laps', () => {
  it('stints and the classification take one long run without a stack overflow or n² time', () => {
    const n = 150_000;
    // 90 s + 0.001 s per lap: a slope of exactly 0.001 s/lap
    const times = Array.from({ length: n }, (_, i) => 90 + i * 0.001);
    const c = car('7', times);
    const [s] = stintsOf({ lapNumber: c.lapNumber, lapTimeS: times, pitIn: new Uint8Array(n), pitTimeS: c.pitTimeS, clean: new Uint8Array(n).fill(1) });
    expect(s.laps).toBe(n);
    expect(s.degradation!.slope).toBeCloseTo(0.001, 9);
    expect(classify([c])[0].bestLapS).toBe(90);
    expect(raceHistory([c])[0].gapS[n - 1]).toBe(0);
  });
});
