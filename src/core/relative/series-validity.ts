// Validity on multi-class seasons (dna-spec §3.1): does the archetype say anything about the class (Cramér's
// V, goal ≤ 0.25), is every raw car number its own profile, is any clean lap under a non-green flag, and is a
// driver's class-relative pace stable across a season's races (split-half r, odd vs even races, goal ≥ 0.8).
import { flagKind } from '../flags';
import type { Envelope, LapRow } from '../types';
import type { ExclusionReason } from './clean-laps';
import type { RelativeRace } from './race-metrics';
import { PERSON_JUDGING } from './people';
import { relativeDna } from './relative-dna';
import { pearson, spearman } from './statistics';

/** Cramér's V of two categorical variables from paired observations; null when a variable has one value. */
export function cramersV(pairs: readonly (readonly [string, string])[]): number | null {
  const rows = [...new Set(pairs.map((p) => p[0]))];
  const cols = [...new Set(pairs.map((p) => p[1]))];
  const n = pairs.length;
  if (rows.length < 2 || cols.length < 2 || n === 0) return null;
  const count = new Map<string, number>();
  for (const [a, b] of pairs) count.set(`${a}\u0000${b}`, (count.get(`${a}\u0000${b}`) ?? 0) + 1);
  const rowSum = new Map(rows.map((r) => [r, pairs.filter((p) => p[0] === r).length]));
  const colSum = new Map(cols.map((c) => [c, pairs.filter((p) => p[1] === c).length]));
  let chi2 = 0;
  for (const r of rows) {
    for (const c of cols) {
      const expected = (rowSum.get(r)! * colSum.get(c)!) / n;
      const observed = count.get(`${r}\u0000${c}`) ?? 0;
      chi2 += (observed - expected) ** 2 / expected;
    }
  }
  return Math.sqrt(chi2 / (n * (Math.min(rows.length, cols.length) - 1)));
}

export interface SeriesValidity {
  races: number;
  cars: number;
  classes: string[];
  people: number;
  /** Cramér's V between the car's class and its relative archetype over the season's cars. */
  class_archetype_v: number | null;
  /** The same over people (their first class). */
  class_archetype_v_people: number | null;
  archetypes_by_class: Record<string, Record<string, number>>;
  /** The same over people (their first class). */
  person_archetypes_by_class: Record<string, Record<string, number>>;
  /** Distinct raw car numbers in the laps, car profiles, and pairs of them equal as integers (kept apart). */
  raw_car_numbers: number;
  car_profiles: number;
  integer_collisions: number;
  /** Clean laps whose FLAG_AT_FL is neither green nor the finish (goal 0). */
  clean_non_green_laps: number;
  /**
   * Split-half reliability of a person's class-relative pace: the DNA pace (relative-dna.ts, with the
   * person's own confidence rule) from the odd races vs from the even races (season order); Pearson r.
   * `spearman_brown` = 2r / (1 + r), the conventional correction to the reliability of the whole season
   * (twice the races of a half); r is the raw figure the goal is set on. `rho`: Spearman's rank ρ of the
   * same pairs, which a few far-off drivers (an amateur 4% off in both halves) cannot carry.
   */
  person_pace_split_half: { r: number | null; n: number; spearman_brown: number | null; rho: number | null };
  /** The references archetypes were judged against, with the number of cars for each. */
  references: Record<string, number>;
}

/** The DNA pace a person would get from these races alone (track figures, low-confidence fallback included). */
const paceOf = (races: readonly RelativeRace[], keep: (fileIndex: number) => boolean) =>
  relativeDna(races.filter((r) => keep(r.file_index)), PERSON_JUDGING.fallback).pace_gap_pct;

/** Spearman–Brown: the reliability of a test twice the length of the halves whose correlation is r. */
export const spearmanBrown = (r: number | null): number | null => (r === null ? null : (2 * r) / (1 + r));

export function seriesValidity(envelope: Envelope, laps: readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[]): SeriesValidity {
  const cars = envelope.drivers;
  const classOfCar = (d: (typeof cars)[number]) => d.class ?? '(none)';
  const carPairs = cars.flatMap((d) => (d.relative?.archetype ? [[classOfCar(d), d.relative.archetype] as const] : []));
  const people = envelope.people ?? [];
  const personPairs = people.flatMap((p) => (p.relative.archetype ? [[p.classes[0] ?? '(none)', p.relative.archetype] as const] : []));
  const tally = (pairs: readonly (readonly [string, string])[]) => {
    const out: Record<string, Record<string, number>> = {};
    for (const [c, a] of pairs) {
      out[c] ??= {};
      out[c][a] = (out[c][a] ?? 0) + 1;
    }
    return out;
  };
  const raw = [...new Set(laps.map((l) => l.carNumber))];
  const asInteger = new Map<number, number>();
  for (const n of raw) asInteger.set(Number(n), (asInteger.get(Number(n)) ?? 0) + 1);
  const files = [...new Set(laps.map((l) => l.fileIndex))].sort((a, b) => a - b);
  const odd = new Set(files.filter((_, i) => i % 2 === 0));
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of people) {
    const a = paceOf(p.relative.races, (f) => odd.has(f));
    const b = paceOf(p.relative.races, (f) => !odd.has(f));
    if (a !== null && b !== null) {
      xs.push(a);
      ys.push(b);
    }
  }
  const references: Record<string, number> = {};
  for (const d of cars) {
    const name = d.relative?.reference ?? 'none';
    references[name] = (references[name] ?? 0) + 1;
  }
  return {
    races: files.length,
    cars: cars.length,
    classes: [...new Set(cars.map(classOfCar))].sort(),
    people: people.length,
    class_archetype_v: cramersV(carPairs),
    class_archetype_v_people: cramersV(personPairs),
    archetypes_by_class: tally(carPairs),
    person_archetypes_by_class: tally(personPairs),
    raw_car_numbers: raw.length,
    car_profiles: cars.length,
    integer_collisions: [...asInteger.values()].filter((n) => n > 1).length,
    clean_non_green_laps: laps.filter((l, i) => excludedBy[i] === null && flagKind(l.flag) !== 'green' && flagKind(l.flag) !== 'finish').length,
    person_pace_split_half: { r: pearson(xs, ys), n: xs.length, spearman_brown: spearmanBrown(pearson(xs, ys)), rho: spearman(xs, ys) },
    references,
  };
}
