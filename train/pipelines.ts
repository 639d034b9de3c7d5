// What training needs from each DNA definition: the core's own feature builder and labeller (the exact
// rules), so the model learns exactly what the app computes, and the way virtual drivers are drawn.
import { classicArchetype } from '../src/core/classic-dna';
import {
  classicDataset,
  classicTargetVector,
  classifierExtraNames,
  classifierExtras,
  featureNames,
  RELATIVE_TARGET_NAMES,
  relativeInputVector,
  relativePacedTracks,
  relativeTargetVector,
  targetSpec,
  CLASSIC_TARGET_NAMES,
  type TargetSpec,
} from '../src/core/model-features';
import { classifyArchetype, relativeRaces, type RelativeReference } from '../src/core/relative';
import { peopleProfiles, personKeyOf } from '../src/core/relative/people';
import type { RelativeRace } from '../src/core/relative/race-metrics';
import { relativeDna, type RelativeDna } from '../src/core/relative/relative-dna';
import type { Archetype, Definition, LapColumns, LapRow, TrackType } from '../src/core/types';
import type { GroupKey } from '../src/model/grouped-split';
import { mulberry32, randInt, shuffled, type Rng } from '../src/model/random';
import { classicVariants, type Sample } from './virtual-drivers';

export interface TrainingData {
  laps: readonly LapRow[];
  /** Columns per input file (LapRow.fileIndex), for the relative clean-lap rules. */
  columns: readonly (LapColumns | undefined)[];
  /**
   * The seasons the relative definition trains on, each read on its own (a car number is a car of its
   * series only: "4" in IMSA is not "4" in the WEC or the GR Cup). Absent: `laps` are one season,
   * DEFAULT_SERIES. The classic definition reads `laps` only.
   */
  series?: readonly SeriesData[];
}

/** One season of one series: its laps, read and analysed apart from the other series. */
export interface SeriesData {
  /** Short name, the first part of every group key (`gr-cup`, `imsa-2025`): no `/`. */
  name: string;
  laps: readonly LapRow[];
  columns: readonly (LapColumns | undefined)[];
  /** Virtual variants per real car or person of this series (default: VirtualOptions.virtualPerDriver). */
  virtualPerDriver?: number;
}

/** Series name of TrainingData without `series`. */
export const DEFAULT_SERIES = 'season';

export const seriesOf = (data: TrainingData): readonly SeriesData[] =>
  data.series?.length ? data.series : [{ name: DEFAULT_SERIES, laps: data.laps, columns: data.columns }];

export interface VirtualOptions {
  virtualPerDriver: number;
  /** Share of variants over the driver's whole season (classic: see virtual-drivers.ts; relative: every track). */
  wholeShare: number;
  seed: number;
}

/** Plain-data options of a pipeline (they travel to worker threads with a job). */
export interface PipelineOptions {
  trackTypes?: Record<string, TrackType>;
  /** The relative archetypes' reference population (models/relative-reference.json). */
  reference?: RelativeReference | null;
}

export interface DefinitionPipeline {
  definition: Definition;
  featureNames: readonly string[];
  targets: TargetSpec;
  extraNames: readonly string[];
  /**
   * Real and virtual samples of the groups `drivers` (every covered group when null), computed from `data`
   * without any lap of the groups `excluded` (field-dependent definitions: no lap of a test group shapes
   * a training sample). A driver's variants are drawn from a stream seeded by the driver alone, so they
   * are the same whichever other drivers the data holds.
   */
  samples(data: TrainingData, drivers: ReadonlySet<GroupKey> | null, opts: VirtualOptions, excluded?: ReadonlySet<GroupKey>): Sample[];
  /** True when a driver's figures depend on other drivers' laps (the race field): samples are then rebuilt per split. */
  fieldDependent: boolean;
  /** The exact archetype rules applied to a (predicted) target vector. */
  archetypeOf(targets: readonly number[]): Archetype;
  classifierExtras(dnaNatural: readonly number[]): number[];
}

/** The stream of one driver's variants. */
export const driverRng = (seed: number, driver: number): Rng => mulberry32((Math.imul(seed, 2654435761) ^ Math.imul(driver, 40503)) >>> 0);

/** FNV-1a of a string key: the number a string-keyed driver's stream is seeded with. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Key of a car of a series: `imsa-2025/car/04` (the raw NUMBER as written). */
export const carUnitKey = (series: string, car: string): string => `${series}/car/${car}`;
/** Key of a person of a series: `wec-2025/person/name:kevin estre`, `imsa-2025/person/car:04/2`. */
export const personUnitKey = (series: string, person: string): string => `${series}/person/${person}`;
/** The series of a group or unit key (its first part). */
export const seriesOfKey = (key: GroupKey): string => (typeof key === 'number' ? '' : key.slice(0, key.indexOf('/')));

/**
 * The split groups of the relative definition: connected components of "drove" links between cars and
 * people. A person is linked to every car they drove in the series, and a person keyed by name to the
 * same name in every other series, so a held-out car takes its drivers (and their other cars) with it
 * and no lap of a held-out car or person reaches training. Returns unit key → group key, the group key
 * being a car or person key of the component (a car's own key where no one drove another car).
 */
export function relativeGroups(series: readonly SeriesData[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let x = k; parent.get(x) !== r; ) {
      const next = parent.get(x)!;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  const add = (k: string) => {
    if (!parent.has(k)) parent.set(k, k);
  };
  const union = (a: string, b: string) => {
    add(a);
    add(b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const s of series) {
    for (const lap of s.laps) {
      const car = carUnitKey(s.name, lap.carNumber);
      add(car);
      const person = personKeyOf(lap);
      if (person === null) continue;
      union(car, personUnitKey(s.name, person));
      // the same name is the same person in every series ("*" sorts before any series name)
      if (person.startsWith('name:')) union(personUnitKey(s.name, person), `*/${person}`);
    }
  }
  // A component's key: the smallest unit key of the series most of its units belong to (ties: the first
  // series by name), so the key's series is where the component mostly raced (the held-out share is per series).
  const members = new Map<string, string[]>();
  for (const k of [...parent.keys()].sort()) {
    if (k.startsWith('*/')) continue;
    const r = find(k);
    let m = members.get(r);
    if (!m) members.set(r, (m = []));
    m.push(k);
  }
  const out = new Map<string, string>();
  for (const m of members.values()) {
    const count = new Map<string, number>();
    for (const k of m) count.set(seriesOfKey(k), (count.get(seriesOfKey(k)) ?? 0) + 1);
    const top = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    const key = m.find((k) => seriesOfKey(k) === top)!;
    for (const k of m) out.set(k, key);
  }
  return out;
}

/** A car or a person of one series with their race figures (people from their own laps, against the car's class field). */
export interface RelativeUnit {
  key: string;
  group: string;
  series: string;
  kind: 'car' | 'person';
  races: RelativeRace[];
  virtualPerDriver: number | undefined;
}

/**
 * Every car and person of every series, with the laps of the `excluded` groups removed first (the fields
 * of the races are then the fields without them). Sorted by key.
 */
export function relativeUnits(data: TrainingData, trackTypes: Record<string, TrackType>, excluded?: ReadonlySet<GroupKey>): RelativeUnit[] {
  const series = seriesOf(data);
  const groups = relativeGroups(series);
  const out: RelativeUnit[] = [];
  for (const s of series) {
    const laps = excluded?.size ? s.laps.filter((l) => !excluded.has(groups.get(carUnitKey(s.name, l.carNumber))!)) : s.laps;
    const unit = (key: string, kind: RelativeUnit['kind'], races: RelativeRace[]): RelativeUnit => ({
      key,
      group: groups.get(key)!,
      series: s.name,
      kind,
      races,
      virtualPerDriver: s.virtualPerDriver,
    });
    for (const [car, races] of relativeRaces(laps, s.columns, { trackTypes })) out.push(unit(carUnitKey(s.name, car), 'car', races));
    for (const p of peopleProfiles(laps, s.columns, null, { trackTypes })) out.push(unit(personUnitKey(s.name, p.driver_key), 'person', p.relative.races));
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function classicPipeline(trackTypes: Record<string, TrackType> = {}): DefinitionPipeline {
  return {
    definition: 'classic',
    featureNames: featureNames('classic'),
    targets: targetSpec('classic'),
    extraNames: classifierExtraNames('classic'),
    fieldDependent: false,
    samples(data, drivers, opts) {
      const { inputs, dna } = classicDataset(data.laps, trackTypes);
      const out: Sample[] = [];
      inputs.forEach((x, i) => {
        if (drivers && !drivers.has(x.driver_id)) return;
        out.push({ group: x.driver_id, kind: 'real', inputs: x.values, targets: classicTargetVector(dna[i]), archetype: dna[i].archetype });
      });
      for (const real of [...out]) {
        // classic groups are the integer car numbers of the one season classic trains on (classicDataset's driver_id)
        const driver = real.group as number;
        const variants = classicVariants(data.laps, driver, { ...opts, rng: driverRng(opts.seed, driver) });
        const labelled = classicDataset(variants, trackTypes);
        labelled.inputs.forEach((x, i) =>
          out.push({ group: real.group, kind: 'virtual', inputs: x.values, targets: classicTargetVector(labelled.dna[i]), archetype: labelled.dna[i].archetype }),
        );
      }
      return out;
    },
    archetypeOf(t) {
      const v = Object.fromEntries(CLASSIC_TARGET_NAMES.map((n, j) => [n, t[j]]));
      return classicArchetype(v as Parameters<typeof classicArchetype>[0]);
    },
    classifierExtras: (d) => classifierExtras('classic', d),
  };
}

/**
 * A random subset of a driver's races, named by its key: over every track (`whole`, both races of a track
 * three times in four) or over a random ≥ 2 of them (one race or both, evenly).
 */
function raceSubset(races: readonly RelativeRace[], whole: boolean, rng: Rng): { key: string; races: RelativeRace[] } {
  const byTrack = new Map<string, RelativeRace[]>();
  for (const r of races) {
    let g = byTrack.get(r.track);
    if (!g) byTrack.set(r.track, (g = []));
    g.push(r);
  }
  const tracks = [...byTrack.keys()].sort();
  const k = whole ? tracks.length : 2 + randInt(rng, tracks.length - 1);
  const picked: RelativeRace[] = [];
  for (const t of shuffled(tracks, rng).slice(0, k).sort()) {
    const g = byTrack.get(t)!;
    picked.push(...(g.length > 1 && rng() < (whole ? 0.25 : 0.5) ? [g[randInt(rng, g.length)]] : g));
  }
  return { key: picked.map((r) => `${r.track}/${r.race}/${r.file_index}`).join('|'), races: picked };
}

export function relativePipeline(reference: RelativeReference | null, trackTypes: Record<string, TrackType> = {}): DefinitionPipeline {
  const label = (dna: RelativeDna) => classifyArchetype(dna, reference).archetype;
  return {
    definition: 'relative',
    featureNames: featureNames('relative'),
    targets: targetSpec('relative'),
    extraNames: classifierExtraNames('relative'),
    fieldDependent: true,
    samples(data, drivers, opts, excluded) {
      const out: Sample[] = [];
      for (const u of relativeUnits(data, trackTypes, excluded)) {
        const { races } = u;
        if ((drivers && !drivers.has(u.group)) || (excluded && excluded.has(u.group)) || relativePacedTracks(races) < 2) continue;
        const dna = relativeDna(races);
        const targets = relativeTargetVector(dna);
        const archetype = label(dna);
        if (!targets || !archetype) continue;
        const tag = { group: u.group, unit: u.key, series: u.series };
        out.push({ ...tag, kind: 'real', inputs: relativeInputVector(races), targets, archetype });
        // Variants: distinct subsets of the driver's races, a share of them over every track (like the
        // real drivers the model is tested on). Relative figures are per race against its field, so laps
        // are not resampled: that would need the field recomputed for every variant.
        const rng = driverRng(opts.seed, keyHash(u.key));
        const perDriver = u.virtualPerDriver ?? opts.virtualPerDriver;
        const seen = new Set([races.map((r) => `${r.track}/${r.race}/${r.file_index}`).join('|')]);
        const usable = races.filter((r) => r.clean_laps > 0 && r.pace_gap_pct !== null);
        const wholeCount = Math.round(opts.wholeShare * perDriver);
        for (let tries = 0; seen.size <= perDriver && tries < 4 * perDriver; tries++) {
          const { key, races: subset } = raceSubset(usable, tries < wholeCount, rng);
          if (seen.has(key) || relativePacedTracks(subset) < 2) continue;
          seen.add(key);
          const d = relativeDna(subset);
          const t = relativeTargetVector(d);
          const a = label(d);
          if (t && a) out.push({ ...tag, kind: 'virtual', inputs: relativeInputVector(subset), targets: t, archetype: a });
        }
      }
      return out;
    },
    archetypeOf(t) {
      const at = (n: string) => t[RELATIVE_TARGET_NAMES.indexOf(n)];
      const dna = {
        pace_gap_pct: at('pace_gap_pct'),
        variation_pct: at('variation_pct'),
        adaptability_pp: at('adaptability_pp'),
        low_confidence: false,
        missing: {},
        specialisation_pp: null,
        best_track_type: null,
      } as unknown as RelativeDna;
      return classifyArchetype(dna, reference).archetype ?? 'Balanced Racer';
    },
    classifierExtras: (d) => classifierExtras('relative', d, reference),
  };
}

export function pipelineFor(definition: Definition, opts: PipelineOptions = {}): DefinitionPipeline {
  if (definition === 'classic') return classicPipeline(opts.trackTypes);
  if (!opts.reference) throw new Error('the relative definition needs its reference population (models/relative-reference.json)');
  return relativePipeline(opts.reference, opts.trackTypes);
}
