// Data of unbounded size never goes through a spread or recursion: one car with 150,000 laps works in
// both definitions (Math.min(...laps) overflowed the stack from about 124,000 laps; issue 13).
import { describe, expect, it } from 'vitest';
import { classicProfiles } from '../../src/core/classic-dna';
import { maxOf, minOf } from '../../src/core/numeric';
import { relativeProfiles } from '../../src/core/relative';
import type { LapColumns, LapRow } from '../../src/core/types';

const N = 150_000;
const COLUMNS: LapColumns = { flag: true, pitIn: true, pitTime: false, lapNumber: true, topSpeed: true, sectors: true, speed: true };

/** Car 7 laps 105.000 … 105.999 s over and over; the fastest lap (lap 1) is 105.000 s. */
function laps(track: string, fileIndex: number): LapRow[] {
  return Array.from({ length: N }, (_, i) => ({
    carNumber: '7', class: null, driverNumber: null, driverName: null, elapsedS: null, lapNumber: i + 1, lapTimeS: 105 + (i % 1000) / 1000, s1S: 30 + (i % 7) / 100, s2S: 40, s3S: 35,
    speedKph: 150 + (i % 11), topSpeedKph: 200 + (i % 13), flag: 'GF', pitIn: false, pitTimeS: null, intermediatesS: {},
    track, race: 'Race 1', fileIndex,
  }));
}

describe('one car with 150,000 laps', () => {
  const all = [...laps('barber', 0), ...laps('COTA', 1)];

  it('minOf and maxOf agree with Math.min/max and take any length', () => {
    expect(minOf([3, -0, 2])).toBe(Math.min(3, -0, 2));
    expect(maxOf([])).toBe(-Infinity);
    expect(minOf(all.map((l) => l.lapTimeS!))).toBe(105);
    expect(() => Math.min(...all.map((l) => l.lapTimeS!))).toThrow(RangeError); // what the spread did
  });

  it('classic profiles: best lap, top speed, DNA', () => {
    const { profiles } = classicProfiles(all);
    expect(profiles).toHaveLength(1);
    expect(profiles[0].performance_metrics.barber.best_lap).toBe(105);
    expect(profiles[0].performance_metrics.COTA.speed_profile.top_speed).toBe(160);
    expect(profiles[0].dna_signature).not.toBeNull();
  });

  it('relative profiles: best clean lap', () => {
    const [p] = relativeProfiles(all.slice(0, N), [COLUMNS], null);
    expect(p.races).toHaveLength(1);
    // Lap 1 (105.000) is a first lap, so the best clean lap is lap 1001's 105.000 s.
    expect(p.races[0].best_lap_s).toBe(105);
  });
});
