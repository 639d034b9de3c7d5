// The app's class and car-driver views: classes counted, a field named by its class, a car placed in its
// class field, and who drove which laps of a car with each driver's pace against the car's field reference.
import { describe, expect, it } from 'vitest';
import type { DriverProfile, LapRow } from '../../src/core/types';
import type { ExclusionReason } from '../../src/core/relative/clean-laps';
import { LapTable } from '../../src/core/lap-table';
import { lapSummary } from '../../src/core/lap-summary';
import { carDrivers, carLabel, classCounts, classRaces, fieldName, gapAxisTitle, hasClasses, inClass, lapRanges, shownClasses, shownClassOf } from '../../src/app/view/class-view';

function race(pace: number | null, cls: string | null, over: Record<string, unknown> = {}) {
  return { track: 'Sebring', race: 'Race', file_index: 0, class: cls, field_cars: 3, pace_gap_pct: pace, field_reference_s: 100, ...over };
}

function car(id: string, cls: string | null, races: ReturnType<typeof race>[] = []): DriverProfile {
  return {
    driver_id: Number(id),
    car_number: id,
    class: cls,
    tracks_raced: ['Sebring'],
    total_races: 1,
    performance_metrics: {},
    dna_signature: null,
    sector_balance_score: null,
    archetype: null,
    relative: { car_number: id, races, archetype: null } as unknown as DriverProfile['relative'],
  };
}

describe('classes of an analysis', () => {
  const cars = [car('7', 'GTP'), car('04', 'GTD'), car('4', 'GTD'), car('57', 'GTD'), car('31', 'GTP')];

  it('counts cars per class, by name, and filters by class', () => {
    expect(classCounts(cars)).toEqual([
      { cls: 'GTD', cars: 3 },
      { cls: 'GTP', cars: 2 },
    ]);
    expect(inClass(cars, 'GTP').map((d) => d.car_number)).toEqual(['7', '31']);
    expect(inClass(cars, '')).toHaveLength(5);
    expect(hasClasses(cars)).toBe(true);
    expect(shownClassOf(cars[0], cars)).toBe('GTP');
  });

  it('one class for every car (GR Cup: CLASS "Am" on every lap) shows as no class', () => {
    const grCup = [car('2', 'Am'), car('13', 'Am')];
    expect(classCounts(grCup)).toEqual([{ cls: 'Am', cars: 2 }]);
    expect(shownClasses(grCup)).toEqual([]);
    expect(hasClasses(grCup)).toBe(false);
    expect(shownClassOf(grCup[0], grCup)).toBeNull();
  });

  it('a season without CLASS has no class at all and the field is "the field"', () => {
    const grCup = [car('2', null), car('13', null)];
    expect(classCounts(grCup)).toEqual([]);
    expect(hasClasses(grCup)).toBe(false);
    expect(fieldName(null)).toBe('the field');
    expect(carLabel(grCup[0])).toBe('#2');
    expect(gapAxisTitle(null)).toBe('gap to field reference, % (lower is faster)');
  });

  it('names the class field', () => {
    expect(fieldName('GTD')).toBe('the GTD field');
    expect(gapAxisTitle('GTD')).toBe('gap to the GTD field, % (lower is faster)');
    expect(carLabel(cars[1])).toBe('#04 GTD');
  });
});

describe('a car in its class field', () => {
  it('places the car among the cars of its own class in the same race only', () => {
    const a = car('4', 'GTD', [race(1.5, 'GTD')]);
    const others = [
      car('04', 'GTD', [race(0.2, 'GTD')]),
      car('57', 'GTD', [race(3.0, 'GTD')]),
      // faster by gap number but in another class: not in the GTD field
      car('7', 'GTP', [race(-5, 'GTP')]),
      // same class, other race
      car('9', 'GTD', [race(-1, 'GTD', { race: 'Race 2' })]),
    ];
    const [r] = classRaces(a, [a, ...others]);
    expect(r).toMatchObject({ cls: 'GTD', fieldCars: 3, placeInField: 2, ranked: 3, paceGapPct: 1.5 });
  });
});

/** The worker's lap summary of these laps (core/lap-summary.ts), what the car page reads. */
const summaryOf = (laps: LapRow[], excludedBy: (ExclusionReason | null)[]) => lapSummary(LapTable.fromRows(laps), excludedBy);

describe('who drove which laps', () => {
  const lap = (n: number, t: number, who: { name?: string; number?: string }, carNumber = '4'): LapRow => ({
    carNumber, class: 'GTD', driverNumber: who.number ?? null, driverName: who.name ?? null, elapsedS: null, lapNumber: n, lapTimeS: t,
    s1S: null, s2S: null, s3S: null, speedKph: null, topSpeedKph: null, flag: 'GF', pitIn: false, pitTimeS: null, intermediatesS: {},
    track: 'Sebring', race: 'Race', fileIndex: 0,
  });

  it('lap numbers as runs', () => {
    expect(lapRanges([3, 1, 2, 7, 9, 8, 12])).toBe('1–3, 7–9, 12');
    expect(lapRanges([])).toBe('');
  });

  it('splits the laps by driver name (case and spaces ignored) and measures each against the car\'s field reference', () => {
    const laps = [
      lap(1, 120, { name: 'Ann  Smith', number: '1' }),
      lap(2, 101, { name: 'Ann Smith', number: '1' }),
      lap(3, 103, { name: 'ANN SMITH', number: '1' }),
      lap(4, 102, { name: 'Bo Li', number: '2' }),
      lap(5, 104, { name: 'Bo Li', number: '2' }),
      lap(6, 106, { name: 'Bo Li', number: '2' }),
      lap(6, 90, { name: 'Other Car' }, '57'),
    ];
    const excludedBy: (ExclusionReason | null)[] = ['first-lap', null, null, null, null, null, null];
    const rows = carDrivers(car('4', 'GTD', [race(2, 'GTD')]), summaryOf(laps, excludedBy));
    expect(rows).toHaveLength(2);
    const [ann, bo] = rows;
    // Ann: clean 101, 103 → faster half = 101; reference 100 → +1 %
    expect(ann).toMatchObject({ label: 'Ann Smith', laps: 3, cleanLaps: 2, lapRanges: '1–3', paceS: 101 });
    expect(ann.paceGapPct).toBeCloseTo(1, 10);
    // Bo: clean 102, 104, 106 → faster half (2 laps) = 103 → +3 %
    expect(bo).toMatchObject({ label: 'Bo Li', laps: 3, cleanLaps: 3, lapRanges: '4–6', paceS: 103 });
    expect(bo.paceGapPct).toBeCloseTo(3, 10);
  });

  it('without names, drivers are their number within the car; without a driver column, nothing', () => {
    const laps = [lap(1, 100, { number: '1' }), lap(2, 100, { number: '2' })];
    const rows = carDrivers(car('4', 'GTD', [race(0, 'GTD')]), summaryOf(laps, [null, null]));
    expect(rows.map((r) => r.label)).toEqual(['Driver 1', 'Driver 2']);
    expect(carDrivers(car('4', null, []), summaryOf([lap(1, 100, {})], [null]))).toEqual([]);
  });
});
