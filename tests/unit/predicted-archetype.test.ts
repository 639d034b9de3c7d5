// The model's archetype is judged against the exact archetype's reference (src/core/relative/predicted-archetype.ts):
// the exact rule on the model's DNA, not the classifier head trained against the GR Cup season.
import { describe, expect, it } from 'vitest';
import type { RelativeDna, RelativeReference } from '../../src/core/relative';
import { predictedArchetype } from '../../src/core/relative/predicted-archetype';
import type { MeasureStats } from '../../src/core/relative/reference';
import type { DriverProfile, Envelope } from '../../src/core/types';
import type { DriverPrediction } from '../../src/model/bundle';
import { attachPredictions } from '../../src/model/envelope-predictions';

/** Median m and IQR 1.349: robust sd 1, so the robust z is x − m. */
const unit = (median: number): MeasureStats => ({ n: 21, mean: median, sd: 1, median, iqr: 1.349, quantiles: Array.from({ length: 21 }, (_, i) => median - 2 + i * 0.2) });
const reference = (paceMedian: number): RelativeReference => ({
  schema: 'performance-dna/relative-reference/1',
  source: 'hand-built',
  drivers: 21,
  settings: { slow_factor: 1.07, min_clean_laps: 5, pace_fraction: 0.5, field_top_k: 5 },
  measures: { pace_gap_pct: unit(paceMedian), variation_pct: unit(1), consistency_cv_pct: null, potential_gap_pct: null, top_speed_gap_pct: null, adaptability_pp: null, specialisation_advantage_pp: null },
  fits: { adaptability_vs_pace: { slope: 0, intercept: 0.3, residual: unit(0) } },
});
// a GT class whose median car is 1 % off its front, and a GR Cup-like season whose median is 3 % off
const CLASS_REF = reference(1);
const GR_REF = reference(3);

const exactDna = (over: Partial<RelativeDna> = {}): RelativeDna =>
  ({ races: 2, tracks: 2, track_figures: [], low_confidence: false, pace_gap_pct: 0.9, variation_pct: 1, consistency_cv_pct: null, potential_gap_pct: null,
    top_speed_gap_pct: null, sector_strength_pct: { s1: null, s2: null, s3: null }, strongest_sector: null, weakest_sector: null, adaptability_pp: 0.3,
    specialisation_pp: { technical: 0.3, high_speed: -0.3, mixed: null }, specialisation_advantage_pp: 0.3, best_track_type: 'high_speed', missing: {}, ...over }) as RelativeDna;

const prediction = (car: string): DriverPrediction => ({
  driver_id: Number(car), car_number: car, model_version: 'relative-v9', archetype: 'Consistency Master',
  probabilities: { 'Consistency Master': 0.7, 'Speed Demon': 0.1, 'Track Specialist': 0.1, 'Balanced Racer': 0.1 },
  dna_signature: { pace_gap_pct: 0.2, variation_pct: 1, adaptability_pp: 0.3 }, out_of_distribution: [],
});

describe('predicted archetype', () => {
  it("reads the model's pace against the reference it is given", () => {
    // predicted pace 0.2 %: speed z 1 − 0.2 = 0.8 ≥ 0.674 against the class; 3 − 0.2 = 2.8 against the GR Cup; a
    // predicted pace of 0.5 %: 0.5 against the class (below the threshold, so Balanced), 2.5 against the GR Cup
    expect(predictedArchetype({ pace_gap_pct: 0.2, variation_pct: 1, adaptability_pp: 0.3 }, exactDna(), CLASS_REF)).toBe('Speed Demon');
    expect(predictedArchetype({ pace_gap_pct: 0.5, variation_pct: 1, adaptability_pp: 0.3 }, exactDna(), CLASS_REF)).toBe('Balanced Racer');
    expect(predictedArchetype({ pace_gap_pct: 0.5, variation_pct: 1, adaptability_pp: 0.3 }, exactDna(), GR_REF)).toBe('Speed Demon');
  });

  it("reads the model's adaptability only where the exact DNA has two tracks", () => {
    // residual 1.3 − 0.3 = 1.0 ≥ 0.674 → Track Specialist with two tracks; a one-track driver cannot be one
    const predicted = { pace_gap_pct: 1, variation_pct: 1, adaptability_pp: 1.3 };
    expect(predictedArchetype(predicted, exactDna(), CLASS_REF)).toBe('Track Specialist');
    expect(predictedArchetype(predicted, exactDna({ tracks: 1, adaptability_pp: null }), CLASS_REF)).toBe('Balanced Racer');
  });

  it('is null without a reference', () => {
    expect(predictedArchetype({ pace_gap_pct: 0.2, variation_pct: 1 }, exactDna(), null)).toBeNull();
  });
});

describe('attachPredictions against the exact reference', () => {
  const driver = (car: string, ref: string | null): DriverProfile =>
    ({ car_number: car, driver_id: Number(car), relative: { reference: ref, dna: exactDna() } }) as unknown as DriverProfile;
  const envelope = () => ({ drivers: [driver('7', '15 cars of class GTD'), driver('8', 'unknown reference')], model_version: null }) as unknown as Envelope;

  it("sets the rule's archetype on the model's DNA, names the reference and keeps the classifier's class", () => {
    const env = envelope();
    attachPredictions(env, 'relative', [prediction('7'), prediction('8')], new Map([['15 cars of class GTD', CLASS_REF]]));
    expect(env.drivers[0].predicted!.relative).toMatchObject({
      archetype: 'Speed Demon', archetype_reference: '15 cars of class GTD', classifier_archetype: 'Consistency Master',
      probabilities: { 'Consistency Master': 0.7 },
    });
    // a reference the analysis did not use: the classifier's class, as before
    expect(env.drivers[1].predicted!.relative!.archetype).toBe('Consistency Master');
    expect(env.drivers[1].predicted!.relative!.archetype_reference).toBeUndefined();
  });

  it('leaves classic predictions and calls without references as the classifier gives them', () => {
    const env = envelope();
    attachPredictions(env, 'classic', [prediction('7')], new Map([['15 cars of class GTD', CLASS_REF]]));
    expect(env.drivers[0].predicted!.classic!.archetype).toBe('Consistency Master');
    expect(env.drivers[0].predicted!.classic!.classifier_archetype).toBeUndefined();
    const plain = envelope();
    attachPredictions(plain, 'relative', [prediction('7')]);
    expect(plain.drivers[0].predicted!.relative!.archetype).toBe('Consistency Master');
  });
});

describe('people predictions', () => {
  it('join people by driver_key, as predicted.relative, judged with the person trait scale', async () => {
    const { attachPersonPredictions } = await import('../../src/model/envelope-predictions');
    const { personModelInputs } = await import('../../src/core/model-features');
    const person = (key: string, tracks: string[]) => ({
      name: null, driver_key: key, cars: ['7'], classes: ['GTD'], laps: 20,
      relative: { reference: '30 drivers of class GTD', dna: exactDna(), races: tracks.map((t, i) => ({ track: t, race: 'R', track_type: 'mixed', file_index: i, laps: 12, clean_laps: 10, low_confidence: false, pace_gap_pct: 0.5,
        variation_pct: 1, consistency_cv_pct: 1, potential_gap_pct: 1, sector_gap_pct: { s1: 0.5, s2: 0.5, s3: 0.5 }, top_speed_gap_pct: null })) },
    });
    const people = [person('name:ann', ['Spa', 'Fuji']), person('name:bob', ['Spa'])];
    // only people with pace on two tracks get a model row; its key is the driver_key
    const rows = personModelInputs(people as never);
    expect(rows.map((r) => [r.driver_id, r.car_number])).toEqual([[0, 'name:ann']]);
    const env = { drivers: [], people } as unknown as Envelope;
    // against a class whose 21 stored quantiles run −1.0, −0.8, …, 3.0 (median 1): 0.2 is the quantile at 30 %
    // (six steps of 5 % above −1.0), so the rank speed z is Φ⁻¹(0.70) = 0.524 < 0.674: Balanced; the robust
    // z a car gets would be 1 − 0.2 = 0.8: Speed Demon
    attachPersonPredictions(env, [{ ...prediction('0'), car_number: 'name:ann' }], new Map([['30 drivers of class GTD', CLASS_REF]]));
    expect(env.people![0].predicted!.relative).toMatchObject({ archetype: 'Balanced Racer', archetype_reference: '30 drivers of class GTD', classifier_archetype: 'Consistency Master' });
    expect(env.people![1].predicted).toBeUndefined();
  });
});
