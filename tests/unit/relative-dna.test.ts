import { describe, expect, it } from 'vitest';
import type { RelativeRace } from '../../src/core/relative';
import { relativeDna } from '../../src/core/relative/relative-dna';
import { provisionalReason } from '../../src/core/relative/profile';
import { trackType } from '../../src/core/tracks';

/** A driver's figures in one race; only what a test pins needs setting. */
function race(track: string, raceLabel: string, p: Partial<RelativeRace> = {}): RelativeRace {
  return {
    track,
    race: raceLabel,
    track_type: trackType(track),
    file_index: 0,
    laps: 20,
    clean_laps: 15,
    excluded: {},
    low_confidence: false,
    shared_car_number: false,
    rules_applied: [],
    rules_skipped: [],
    median_lap_s: 100,
    best_lap_s: 99,
    pace_lap_s: 99.5,
    field_reference_s: 99,
    pace_gap_pct: 1,
    consistency_cv_pct: 0.5,
    variation_pct: 0.8,
    theoretical_best_s: 98,
    potential_gap_pct: 2,
    sector_gap_pct: { s1: 1, s2: 1, s3: 1 },
    top_speed_kph: null,
    top_speed_gap_pct: null,
    ...p,
  };
}

describe('cross-race DNA', () => {
  it('one race is enough for pace and consistency; adaptability and specialisation are null with a reason', () => {
    const dna = relativeDna([race('barber', 'Race 1', { pace_gap_pct: 0.4, variation_pct: 0.7 })]);
    expect(dna.pace_gap_pct).toBe(0.4);
    expect(dna.variation_pct).toBe(0.7);
    expect(dna.adaptability_pp).toBeNull();
    expect(dna.specialisation_pp).toBeNull();
    expect(dna.missing.adaptability_pp).toBe('needs relative pace on two tracks or more (has 1)');
    expect(dna.missing.specialisation_pp).toBe('needs relative pace on two tracks or more (has 1)');
  });

  it("a track's figure is the mean of its races; the driver's the mean of the tracks", () => {
    // barber (1.0 + 0.6) / 2 = 0.8; Road America 0.2 → mean of tracks (0.8 + 0.2) / 2 = 0.5 (not the race mean 0.6)
    const dna = relativeDna([
      race('barber', 'Race 1', { pace_gap_pct: 1.0 }),
      race('barber', 'Race 2', { pace_gap_pct: 0.6 }),
      race('Road America', 'Race 1', { pace_gap_pct: 0.2 }),
    ]);
    expect(dna.track_figures.map((t) => [t.track, t.races, t.pace_gap_pct])).toEqual([
      ['barber', 2, 0.8],
      ['Road America', 1, 0.2],
    ]);
    expect(dna.pace_gap_pct).toBe(0.5);
    expect(dna.races).toBe(3);
    expect(dna.tracks).toBe(2);
  });

  it('adaptability = population sd of the track pace gaps; specialisation = type mean − own mean', () => {
    const dna = relativeDna([
      race('barber', 'Race 1', { pace_gap_pct: 0.8 }),
      race('Road America', 'Race 1', { pace_gap_pct: 0.2 }),
    ]);
    expect(dna.adaptability_pp).toBe(0.3); // sd(0.8, 0.2) = 0.3
    expect(dna.specialisation_pp).toEqual({ technical: 0.3, high_speed: -0.3, mixed: null });
    expect(dna.specialisation_advantage_pp).toBe(0.3);
    expect(dna.best_track_type).toBe('high_speed');
  });

  it('specialisation advantage needs tracks of two types', () => {
    const dna = relativeDna([
      race('barber', 'Race 1', { pace_gap_pct: 0.8 }),
      race('Sonoma', 'Race 1', { pace_gap_pct: 0.2 }),
    ]);
    expect(dna.adaptability_pp).toBe(0.3);
    expect(dna.specialisation_pp).toEqual({ technical: 0, high_speed: null, mixed: null });
    expect(dna.specialisation_advantage_pp).toBeNull();
    expect(dna.missing.specialisation_advantage_pp).toBe('needs tracks of two types or more (all technical)');
  });

  it('a low-confidence race counts only where the track has no confident race', () => {
    const dna = relativeDna([
      race('barber', 'Race 1', { pace_gap_pct: 1.0 }),
      race('barber', 'Race 2', { pace_gap_pct: 5.0, low_confidence: true }),
      race('COTA', 'Race 1', { pace_gap_pct: 3.0, low_confidence: true }),
    ]);
    expect(dna.track_figures.map((t) => [t.track, t.pace_gap_pct, t.low_confidence])).toEqual([
      ['barber', 1, false],
      ['COTA', 3, true],
    ]);
    expect(dna.low_confidence).toBe(false);
  });

  it('sector strength = sector gap − lap gap, averaged over tracks; strongest and weakest sector', () => {
    const dna = relativeDna([
      race('barber', 'Race 1', { pace_gap_pct: 1, sector_gap_pct: { s1: 0.5, s2: 1, s3: 2 } }),
      race('COTA', 'Race 1', { pace_gap_pct: 2, sector_gap_pct: { s1: 1.5, s2: 2.2, s3: 2.4 } }),
    ]);
    // s1 (−0.5 − 0.5) / 2 = −0.5; s2 (0 + 0.2) / 2 = 0.1; s3 (1 + 0.4) / 2 = 0.7
    expect(dna.sector_strength_pct).toEqual({ s1: -0.5, s2: 0.1, s3: 0.7 });
    expect(dna.strongest_sector).toBe('s1');
    expect(dna.weakest_sector).toBe('s3');
  });

  it('a driver without a clean lap gets null figures with reasons', () => {
    const dna = relativeDna([race('barber', 'Race 1', { clean_laps: 0, pace_gap_pct: null })]);
    expect(dna.pace_gap_pct).toBeNull();
    expect(dna.missing.pace_gap_pct).toBe('no clean lap in any race');
    expect(dna.tracks).toBe(0);
  });
});

describe('provisional profiles (thin data)', () => {
  const race = (clean: number) => ({ clean_laps: clean }) as unknown as RelativeRace;
  it('one race, or fewer than 20 clean laps, or only low-confidence races make a profile provisional', () => {
    expect(provisionalReason([race(15)], false)).toBe('one race only; 15 clean laps (fewer than 20)');
    expect(provisionalReason([race(30)], false)).toBe('one race only');
    expect(provisionalReason([race(8), race(9)], false)).toBe('17 clean laps (fewer than 20)');
    expect(provisionalReason([race(4), race(4), race(4), race(4), race(4), race(4)], true)).toBe('every race has fewer than 5 clean laps');
    expect(provisionalReason([race(12), race(12)], false)).toBeNull();
    expect(provisionalReason([race(0), race(0)], false)).toBe('no race with a clean lap; 0 clean laps (fewer than 20)');
  });
});
