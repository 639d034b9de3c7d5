// People (dna-spec §3.1): where a lap file says who drove each lap (DRIVER_NAME, DRIVER_NUMBER), a driver's
// relative DNA from their own laps only, measured against the same class field as the car they drove.
// A person is keyed by name (case- and space-insensitive) when the file has names, else by car and driver
// number. Files without driver columns, or with one driver number per car and no names (the GR Cup), give
// no people: the car is the driver there.
import { tableOf } from '../lap-table';
import type { EnvelopeStint } from '../race/envelope-stints';
import type { LapColumns, LapRow, PredictedProfile, TrackType } from '../types';
import { cleanLaps, DEFAULT_SLOW_FACTOR, raceKey, type CleanLapsResult } from './clean-laps';
import { relativeProfileOf, type ProfileJudging, type RelativeProfile } from './profile';
import {
  applyField,
  classOfRows,
  driverRace,
  fieldKey,
  raceMetricsWithFields,
  type FieldReference,
  type RelativeRace,
} from './race-metrics';
import type { RelativeReference } from './reference';

/**
 * A person's race with fewer clean laps is low-confidence: it counts for a track only when no other race
 * there has enough (relative-dna.ts). Higher than a car's MIN_CLEAN_LAPS because a person's race is one or
 * a few stints, not a whole race: measured reasons in docs/relative-dna.md, "People's pace".
 */
export const MIN_PERSON_CLEAN_LAPS = 10;

/**
 * How people are judged: traits as rank-based z (archetypes.ts TraitScale: a class's drivers are a pro/am
 * mixture, not one normal population), races low-confidence under MIN_PERSON_CLEAN_LAPS.
 */
export const PERSON_JUDGING: ProfileJudging = { scale: 'rank', minCleanLaps: MIN_PERSON_CLEAN_LAPS, fallback: 'profile' };

/** A person's relative definition: a car's RelativeProfile without the car number. */
export type PersonRelative = Omit<RelativeProfile, 'car_number'>;

/** One driver (person) in the envelope's top-level `people` (docs/profile-schema.md, "people"). */
export interface PersonProfile {
  /** The name as the file writes it (the first spelling met); null when the file gives driver numbers only. */
  name: string | null;
  /** `name:<normalised name>` or `car:<car number>/<driver number>`: stable across races, unique in the envelope. */
  driver_key: string;
  /** Car numbers the person drove, as written, in the order met. */
  cars: string[];
  /** Classes of those cars (null classes left out). */
  classes: string[];
  /** Laps the person drove (all, clean or not). */
  laps: number;
  /** Each race entry has the fields of a car's relative race, from the person's laps only, against the car's class field. */
  relative: PersonRelative;
  /** The person's stints (runs of laps between pit stops and driver changes), as drivers[].stints lists them. */
  stints?: EnvelopeStint[];
  /** The relative model's prediction beside the exact figures, as a car's `predicted.relative` (with --predict / in the app). */
  predicted?: { relative?: PredictedProfile };
}

/** Name compared case- and space-insensitively ("Mike  SKEEN" is "mike skeen"). */
export function normalisePersonName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The person key of a lap, or null when the file says nothing of who drove it. */
export function personKeyOf(lap: Pick<LapRow, 'carNumber' | 'driverName' | 'driverNumber'>): string | null {
  if (lap.driverName !== null && lap.driverName.trim() !== '') return `name:${normalisePersonName(lap.driverName)}`;
  if (lap.driverNumber !== null && lap.driverNumber !== '') return `car:${lap.carNumber}/${lap.driverNumber}`;
  return null;
}

/** The key of a stint's driver (core/race driverOf: the name, else the driver number) in a car. */
function stintPersonKey(car: string, driver: string | null, byNumber: ReadonlyMap<string, string>): string | null {
  if (driver === null) return null;
  return byNumber.get(`${car}/${driver}`) ?? `name:${normalisePersonName(driver)}`;
}

/** Rows split where lap numbers do not follow on: a person's laps in a car come in stints with others' laps between. */
export function personRuns(rows: readonly number[], laps: readonly LapRow[]): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  let last: number | null = null;
  for (const i of rows) {
    const n = laps[i].lapNumber;
    if (current.length > 0 && n !== null && last !== null && n !== last + 1) {
      runs.push(current);
      current = [];
    }
    current.push(i);
    if (n !== null) last = n;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

export interface PeopleOptions {
  slowFactor?: number;
  trackTypes?: Record<string, TrackType>;
  /** Clean laps a car's race needs to set the field reference (default MIN_CLEAN_LAPS). */
  minCleanLaps?: number;
  /** Clean laps a person's race needs not to be low-confidence (default MIN_PERSON_CLEAN_LAPS). */
  minPersonCleanLaps?: number;
  /** Car stints (core/race stintsByCar) to hand each person theirs. */
  stints?: ReadonlyMap<string, EnvelopeStint[]>;
  /** Clean-lap verdicts already computed for these laps (saves a second pass). */
  cleaned?: CleanLapsResult;
}

interface PersonWork {
  key: string;
  name: string | null;
  cars: string[];
  classes: string[];
  laps: number;
  /** race → car → rows */
  rows: Map<string, Map<string, number[]>>;
}

/** Every person's profile, in the order their first lap appears. Empty when no lap names a driver. */
export function peopleProfiles(
  laps: readonly LapRow[],
  columnsByFile: readonly (LapColumns | undefined)[],
  reference: RelativeReference | null,
  opts: PeopleOptions = {},
): PersonProfile[] {
  const people = new Map<string, PersonWork>();
  const byNumber = new Map<string, string>();
  // per lap by string codes: the same car, name and number give the same person (keyed once per triple),
  // and the race key is made once per race (lap-table raceRows), not per lap
  const t = tableOf(laps);
  const d = t.data;
  const raceOf = new Int32Array(d.length);
  const raceKeys: string[] = [];
  for (const [key, rows] of t.raceRows()) {
    for (const i of rows) raceOf[i] = raceKeys.length;
    raceKeys.push(key);
  }
  type Who = { key: string | null; pair: string | null };
  const keyByCodes = new Map<number, Map<number, Map<number, Who>>>();
  const personOfCodes = (car: number, name: number, number: number): Who => {
    let a = keyByCodes.get(name);
    if (!a) keyByCodes.set(name, (a = new Map()));
    let b = a.get(number);
    if (!b) a.set(number, (b = new Map()));
    let w = b.get(car);
    if (w === undefined) {
      const s = d.strings;
      const key = personKeyOf({ carNumber: s[car] ?? '', driverName: s[name], driverNumber: s[number] });
      w = { key, pair: s[number] === null ? null : `${s[car] ?? ''}/${s[number]}` };
      b.set(car, w);
    }
    return w;
  };
  for (let i = 0; i < d.length; i++) {
    const carCode = d.codes.carNumber[i];
    const who = personOfCodes(carCode, d.codes.driverName[i], d.codes.driverNumber[i]);
    const key = who.key;
    if (key === null) continue;
    // the person a car's driver number names: the last lap's say, as the stints read it
    if (who.pair !== null) byNumber.set(who.pair, key);
    let p = people.get(key);
    if (!p) {
      p = { key, name: d.strings[d.codes.driverName[i]], cars: [], classes: [], laps: 0, rows: new Map() };
      people.set(key, p);
    }
    p.laps++;
    const carNumber = d.strings[carCode] ?? '';
    if (!p.cars.includes(carNumber)) p.cars.push(carNumber);
    const cls = d.strings[d.codes.class[i]];
    if (cls !== null && !p.classes.includes(cls)) p.classes.push(cls);
    const race = raceKeys[raceOf[i]];
    let cars = p.rows.get(race);
    if (!cars) p.rows.set(race, (cars = new Map()));
    let rows = cars.get(carNumber);
    if (!rows) cars.set(carNumber, (rows = []));
    rows.push(i);
  }
  if (people.size === 0 || !namesAnyone(laps, people.values())) return [];

  const cleaned = opts.cleaned ?? cleanLaps(laps, columnsByFile, { slowFactor: opts.slowFactor ?? DEFAULT_SLOW_FACTOR });
  const { fields } = raceMetricsWithFields(cleaned, { trackTypes: opts.trackTypes, minCleanLaps: opts.minCleanLaps });
  const carRows = carRowsByRace(laps);
  const minClean = opts.minPersonCleanLaps ?? MIN_PERSON_CLEAN_LAPS;

  const stintsOf = (p: PersonWork): EnvelopeStint[] | undefined => {
    if (!opts.stints) return undefined;
    const out: EnvelopeStint[] = [];
    for (const car of p.cars) for (const s of opts.stints.get(car) ?? []) if (stintPersonKey(car, s.driver, byNumber) === p.key) out.push(s);
    return out;
  };

  const out: PersonProfile[] = [];
  for (const p of people.values()) {
    const races: RelativeRace[] = [];
    for (const [race, cars] of p.rows) {
      for (const [car, rows] of cars) {
        // the person's laps against the field of the class the car raced in
        const cls = classOfRows(carRows.get(`${race}\u0000${car}`) ?? rows, laps);
        const field: FieldReference | undefined = fields.get(fieldKey(race, cls));
        const w = driverRace(p.key, rows, cleaned.laps, laps, cleaned.rulesByFile, minClean, opts.trackTypes, personRuns);
        w.out.class = cls;
        if (field) applyField([w], field);
        races.push(w.out);
      }
    }
    const { car_number: _car, ...relative } = relativeProfileOf(p.key, races, reference, PERSON_JUDGING);
    const profile: PersonProfile = { name: p.name, driver_key: p.key, cars: p.cars, classes: p.classes, laps: p.laps, relative };
    const stints = stintsOf(p);
    if (stints) profile.stints = stints;
    out.push(profile);
  }
  return out;
}

/**
 * Whether the files tell people apart from cars: some lap carries a name, or some car has two driver
 * numbers. A file whose every car has one driver number and no name (the GR Cup: DRIVER_NUMBER 1 throughout)
 * gives no people: each car is its one driver, and the car profiles say it all.
 */
function namesAnyone(laps: readonly LapRow[], people: Iterable<PersonWork>): boolean {
  if (laps.some((l) => l.driverName !== null)) return true;
  const perCar = new Map<string, number>();
  for (const p of people) for (const car of p.cars) perCar.set(car, (perCar.get(car) ?? 0) + 1);
  return [...perCar.values()].some((n) => n > 1);
}

function carRowsByRace(laps: readonly LapRow[]): Map<string, number[]> {
  const t = tableOf(laps);
  const out = new Map<string, number[]>();
  for (const [race, rows] of t.raceRows()) for (const [car, carRows] of t.carRows(rows)) out.set(`${race}\u0000${car}`, carRows);
  return out;
}
