// What training needs from each DNA definition: the core's own feature builder and labeller (the exact
// rules), so the model learns exactly what the app computes, and the way virtual drivers are drawn.
import { carNumberId, classicArchetype, compareCarNumbers } from '../src/core/classic-dna';
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
import type { RelativeRace } from '../src/core/relative/race-metrics';
import { relativeDna, type RelativeDna } from '../src/core/relative/relative-dna';
import type { Archetype, Definition, LapColumns, LapRow, TrackType } from '../src/core/types';
import { mulberry32, randInt, shuffled, type Rng } from '../src/model/random';
import { classicVariants, type Sample } from './virtual-drivers';

export interface TrainingData {
  laps: readonly LapRow[];
  /** Columns per input file (LapRow.fileIndex), for the relative clean-lap rules. */
  columns: readonly (LapColumns | undefined)[];
}

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
   * Real and virtual samples of `drivers` (every covered driver when null), computed from `data`. A
   * driver's variants are drawn from a stream seeded by the driver alone, so they are the same whichever
   * other drivers the data holds.
   */
  samples(data: TrainingData, drivers: ReadonlySet<number> | null, opts: VirtualOptions): Sample[];
  /** True when a driver's figures depend on other drivers' laps (the race field): samples are then rebuilt per split. */
  fieldDependent: boolean;
  /** The exact archetype rules applied to a (predicted) target vector. */
  archetypeOf(targets: readonly number[]): Archetype;
  classifierExtras(dnaNatural: readonly number[]): number[];
}

/** The stream of one driver's variants. */
export const driverRng = (seed: number, driver: number): Rng => mulberry32((Math.imul(seed, 2654435761) ^ Math.imul(driver, 40503)) >>> 0);

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
        const variants = classicVariants(data.laps, real.group, { ...opts, rng: driverRng(opts.seed, real.group) });
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
    samples(data, drivers, opts) {
      const out: Sample[] = [];
      // training groups are integer car numbers (the GR Cup's are unique as integers)
      const byDriver = [...relativeRaces(data.laps, data.columns, { trackTypes })]
        .sort((a, b) => compareCarNumbers(a[0], b[0]))
        .map(([car, races]) => [carNumberId(car), races] as const);
      for (const [driver, races] of byDriver) {
        if ((drivers && !drivers.has(driver)) || relativePacedTracks(races) < 2) continue;
        const dna = relativeDna(races);
        const targets = relativeTargetVector(dna);
        const archetype = label(dna);
        if (!targets || !archetype) continue;
        out.push({ group: driver, kind: 'real', inputs: relativeInputVector(races), targets, archetype });
        // Variants: distinct subsets of the driver's races, a share of them over every track (like the
        // real drivers the model is tested on). Relative figures are per race against its field, so laps
        // are not resampled: that would need the field recomputed for every variant.
        const rng = driverRng(opts.seed, driver);
        const seen = new Set([races.map((r) => `${r.track}/${r.race}/${r.file_index}`).join('|')]);
        const usable = races.filter((r) => r.clean_laps > 0 && r.pace_gap_pct !== null);
        const wholeCount = Math.round(opts.wholeShare * opts.virtualPerDriver);
        for (let tries = 0; seen.size <= opts.virtualPerDriver && tries < 4 * opts.virtualPerDriver; tries++) {
          const { key, races: subset } = raceSubset(usable, tries < wholeCount, rng);
          if (seen.has(key) || relativePacedTracks(subset) < 2) continue;
          seen.add(key);
          const d = relativeDna(subset);
          const t = relativeTargetVector(d);
          const a = label(d);
          if (t && a) out.push({ group: driver, kind: 'virtual', inputs: relativeInputVector(subset), targets: t, archetype: a });
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
