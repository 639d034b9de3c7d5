// Classes and the people in a car, for the pages: which classes an analysis has, the field a car is
// measured against ("the GTD field"), and who drove which laps of a car with each one's pace beside the
// others'. Pure functions over the envelope and the worker's lap summary; files without CLASS give no class at all
// (the pages then look exactly as before classes were read).
import type { RelativeRace } from '../../core/relative/race-metrics';
import type { CarDriverLaps, LapSummary } from '../../core/lap-summary';
import type { DriverProfile } from '../../core/types';
import { compareText } from './format';
import { relativeOf } from './profile-view';

/** A relative race with the class fields of issue 9 (absent in files exported before classes were read). */
type ClassedRace = RelativeRace & { class?: string | null; field_cars?: number };
const racesOf = (d: DriverProfile): ClassedRace[] => relativeOf(d)?.races ?? [];

export interface ClassCount {
  cls: string;
  cars: number;
}

/** The classes of the analysis with their number of cars, by name; empty when no car has a class. */
export function classCounts(drivers: readonly DriverProfile[]): ClassCount[] {
  const counts = new Map<string, number>();
  for (const d of drivers) if (d.class) counts.set(d.class, (counts.get(d.class) ?? 0) + 1);
  return [...counts].map(([cls, cars]) => ({ cls, cars })).sort((a, b) => compareText(a.cls, b.cls));
}

/**
 * The classes the pages show: those of classCounts when there are two or more. One class for every car (the
 * GR Cup files write CLASS "Am" on every lap) is one field, exactly as a file without CLASS: no class
 * column, filter or label, and the pages look as they did before classes were read.
 */
export function shownClasses(drivers: readonly DriverProfile[]): ClassCount[] {
  const counts = classCounts(drivers);
  return counts.length >= 2 ? counts : [];
}

export function hasClasses(drivers: readonly DriverProfile[]): boolean {
  return shownClasses(drivers).length > 0;
}

/** The class of a car as the pages show it: null in a one-class analysis. */
export function shownClassOf(d: Pick<DriverProfile, 'class'>, drivers: readonly DriverProfile[]): string | null {
  return d.class && hasClasses(drivers) ? d.class : null;
}

/** The cars of one class ('' = every car). */
export function inClass(drivers: readonly DriverProfile[], cls: string): DriverProfile[] {
  return cls === '' ? [...drivers] : drivers.filter((d) => d.class === cls);
}

/** What a car is measured against: "the GTD field" with a class, "the field" without. */
export function fieldName(cls: string | null | undefined): string {
  return cls ? `the ${cls} field` : 'the field';
}

/** Axis title of a pace-gap chart: "gap to the GTD field, % (lower is faster)"; without a class, as before classes. */
export function gapAxisTitle(cls: string | null | undefined): string {
  return cls ? `gap to ${fieldName(cls)}, % (lower is faster)` : 'gap to field reference, % (lower is faster)';
}

/** "#7 GTP" where the car has a class, else "#7". */
export function carLabel(d: Pick<DriverProfile, 'car_number' | 'class'>): string {
  return d.class ? `#${d.car_number} ${d.class}` : `#${d.car_number}`;
}

export interface ClassRace {
  track: string;
  race: string;
  fileIndex: number;
  cls: string | null;
  /** Cars in the car's field in this race (its class; the whole race without classes). */
  fieldCars: number | null;
  /** Place of the car's pace gap among the cars of its field in this race (1 = fastest), null without one. */
  placeInField: number | null;
  /** Cars of the field with a pace gap in this race. */
  ranked: number;
  paceGapPct: number | null;
}

/**
 * The car against its field, race by race: the class it raced in, the size of that field and where its pace
 * gap places it among the field's cars (from the other cars' relative races of the same file, track and race).
 */
export function classRaces(car: DriverProfile, drivers: readonly DriverProfile[]): ClassRace[] {
  const mine = racesOf(car);
  return mine.map((r) => {
    const cls = r.class ?? car.class ?? null;
    const gaps: number[] = [];
    for (const d of drivers) {
      for (const o of racesOf(d)) {
        if (o.file_index !== r.file_index || o.track !== r.track || o.race !== r.race) continue;
        if ((o.class ?? d.class ?? null) !== cls) continue;
        if (typeof o.pace_gap_pct === 'number') gaps.push(o.pace_gap_pct);
      }
    }
    const gap = r.pace_gap_pct;
    return {
      track: r.track,
      race: r.race,
      fileIndex: r.file_index,
      cls,
      fieldCars: r.field_cars ?? null,
      placeInField: typeof gap === 'number' ? 1 + gaps.filter((g) => g < gap).length : null,
      ranked: gaps.length,
      paceGapPct: gap,
    };
  });
}

export { lapDriverKey, lapDriverLabel, lapRanges } from '../../core/lap-summary';

export interface CarDriverRace extends Omit<CarDriverLaps, 'car'> {
  /** Gap of the driver's pace to the car's field reference in this race (the class field), %. */
  paceGapPct: number | null;
}

/**
 * Who drove which laps of one car, per race and driver, with each driver's pace measured against the car's
 * field reference of that race (the same reference the car's pace gap uses). Empty when the files carry no
 * driver column. The laps were counted in the worker (core/lap-summary.ts): this reads its few rows.
 */
export function carDrivers(car: DriverProfile, summary: Pick<LapSummary, 'drivers'>): CarDriverRace[] {
  const refByRace = new Map<string, number | null>();
  for (const r of racesOf(car)) refByRace.set(`${r.file_index}\u0000${r.track}\u0000${r.race}`, r.field_reference_s);
  return summary.drivers
    .filter((d) => d.car === car.car_number)
    .map(({ car: _car, ...d }) => {
      const ref = refByRace.get(`${d.fileIndex}\u0000${d.track}\u0000${d.race}`) ?? null;
      return { ...d, paceGapPct: d.paceS !== null && ref ? (100 * (d.paceS - ref)) / ref : null };
    });
}
