// Virtual drivers: 34 real drivers are too few to train or test on, so each real driver lends their data
// to many resampled variants, each labelled by the exact core like any upload, each belonging to the
// group of its real driver so that a grouped split keeps every lap of a test driver out of training.
//
// classic: a variant bootstraps the laps within each driver-track (drawn with replacement, as many as
// there were, lap order kept). A share of the variants keeps the driver's whole season (like the real
// drivers the model is tested on); the others keep a random subset of ≥ 2 tracks with one race or both.
// relative: see pipelines.ts (subsets of the driver's races).
import { carNumberId } from '../src/core/classic-dna';
import type { Archetype, LapRow } from '../src/core/types';
import type { GroupKey } from '../src/model/grouped-split';
import { randInt, shuffled, type Rng } from '../src/model/random';

export interface Sample {
  /**
   * The split group: classic, the real driver's car number; relative, the key of the car–person component
   * the sample's car or person belongs to (`imsa-2025/car/04`, pipelines.ts relativeGroups).
   */
  group: GroupKey;
  /** Relative: the car or person the sample comes from (`wec-2025/person/name:…`); classic: absent. */
  unit?: string;
  /** Relative: the series of that car or person (`gr-cup`, `imsa-2025`, `wec-2025`). */
  series?: string;
  kind: 'real' | 'virtual';
  inputs: number[];
  targets: number[];
  archetype: Archetype;
}

/** Car numbers of virtual drivers start here, far above real ones. */
export const VIRTUAL_ID_BASE = 100_000;

function racesByTrack(laps: readonly LapRow[], driver: number): Map<string, LapRow[][]> {
  const tracks = new Map<string, Map<string, LapRow[]>>();
  for (const lap of laps) {
    if (carNumberId(lap.carNumber) !== driver) continue;
    let races = tracks.get(lap.track);
    if (!races) tracks.set(lap.track, (races = new Map()));
    const key = `${lap.race}\u0000${lap.fileIndex}`;
    let list = races.get(key);
    if (!list) races.set(key, (list = []));
    list.push(lap);
  }
  return new Map([...tracks].map(([t, r]) => [t, [...r.values()]]));
}

/** One variant under a new car number: the whole season (`whole`) or a random subset of ≥ 2 tracks. */
function resample(tracks: Map<string, LapRow[][]>, id: number, whole: boolean, rng: Rng): LapRow[] {
  const names = [...tracks.keys()].sort();
  const chosen = whole ? names : shuffled(names, rng).slice(0, 2 + randInt(rng, names.length - 1));
  const out: LapRow[] = [];
  for (const t of chosen) {
    const races = tracks.get(t)!;
    // partial variants: both races half the time, else one of them
    const pick = !whole && races.length > 1 && rng() < 0.5 ? [races[randInt(rng, races.length)]] : races;
    for (const race of pick) {
      const idx = Array.from({ length: race.length }, () => randInt(rng, race.length)).sort((a, b) => a - b);
      for (const i of idx) out.push({ ...race[i], carNumber: String(id) });
    }
  }
  return out;
}

/** The laps of a driver's classic variants, each under its own car number (VIRTUAL_ID_BASE + k). */
export function classicVariants(
  laps: readonly LapRow[],
  driver: number,
  opts: { virtualPerDriver: number; wholeShare: number; rng: Rng },
): LapRow[] {
  const tracks = racesByTrack(laps, driver);
  if (tracks.size < 2) return [];
  const out: LapRow[] = [];
  const whole = Math.round(opts.wholeShare * opts.virtualPerDriver);
  for (let v = 0; v < opts.virtualPerDriver; v++) {
    for (const lap of resample(tracks, VIRTUAL_ID_BASE + v, v < whole, opts.rng)) out.push(lap);
  }
  return out;
}
