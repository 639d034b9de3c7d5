// Splits by group (the real driver a sample comes from): every sample of a group lands on the same side,
// so no lap of a test driver ever reaches training. A group is a number (classic: the car number) or a
// string (relative: the key of a car–person component, `imsa-2025/car/04`, see train/pipelines.ts).
import { shuffled, type Rng } from './random';

export type GroupKey = number | string;

export interface GroupedFold<G extends GroupKey = number> {
  /** Groups held out in this fold. */
  testGroups: G[];
  trainIndex: number[];
  testIndex: number[];
}

/** Numbers ascending, strings in code-unit order (the same on every platform). */
export const compareGroups = (a: GroupKey, b: GroupKey): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;

const sortedUnique = <G extends GroupKey>(groups: readonly G[]): G[] => [...new Set(groups)].sort(compareGroups);

/** Unique groups, shuffled with `rng`, dealt round-robin into k folds. */
export function groupedKFold<G extends GroupKey>(groups: readonly G[], k: number, rng: Rng): GroupedFold<G>[] {
  const unique = shuffled(sortedUnique(groups), rng);
  if (unique.length < k) throw new Error(`grouped k-fold needs at least ${k} groups, got ${unique.length}`);
  const foldOf = new Map<G, number>();
  unique.forEach((g, i) => foldOf.set(g, i % k));
  return Array.from({ length: k }, (_, f) => {
    const trainIndex: number[] = [];
    const testIndex: number[] = [];
    groups.forEach((g, i) => (foldOf.get(g) === f ? testIndex : trainIndex).push(i));
    return { testGroups: unique.filter((g) => foldOf.get(g) === f).sort(compareGroups), trainIndex, testIndex };
  });
}

/** Holds out a share of the groups (at least one); returns the held-out groups, sorted. */
export function holdOutGroups<G extends GroupKey>(groups: readonly G[], share: number, rng: Rng): G[] {
  const unique = shuffled(sortedUnique(groups), rng);
  const n = Math.max(1, Math.round(unique.length * share));
  return unique.slice(0, n).sort(compareGroups);
}

/**
 * holdOutGroups within each stratum (a series): the same share of every stratum's groups, at least one
 * from each, so every series has held-out figures. Strata are visited in sorted order from one stream.
 */
export function holdOutGroupsStratified<G extends GroupKey>(groups: readonly G[], stratumOf: (g: G) => string, share: number, rng: Rng): G[] {
  const strata = new Map<string, G[]>();
  for (const g of sortedUnique(groups)) {
    const s = stratumOf(g);
    let list = strata.get(s);
    if (!list) strata.set(s, (list = []));
    list.push(g);
  }
  const out: G[] = [];
  for (const s of [...strata.keys()].sort()) out.push(...holdOutGroups(strata.get(s)!, share, rng));
  return out.sort(compareGroups);
}
