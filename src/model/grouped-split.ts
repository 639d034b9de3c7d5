// Splits by group (the real driver a sample comes from): every sample of a group lands on the same side,
// so no lap of a test driver ever reaches training.
import { shuffled, type Rng } from './random';

export interface GroupedFold {
  /** Groups held out in this fold. */
  testGroups: number[];
  trainIndex: number[];
  testIndex: number[];
}

/** Unique groups, shuffled with `rng`, dealt round-robin into k folds. */
export function groupedKFold(groups: readonly number[], k: number, rng: Rng): GroupedFold[] {
  const unique = shuffled([...new Set(groups)].sort((a, b) => a - b), rng);
  if (unique.length < k) throw new Error(`grouped k-fold needs at least ${k} groups, got ${unique.length}`);
  const foldOf = new Map<number, number>();
  unique.forEach((g, i) => foldOf.set(g, i % k));
  return Array.from({ length: k }, (_, f) => {
    const trainIndex: number[] = [];
    const testIndex: number[] = [];
    groups.forEach((g, i) => (foldOf.get(g) === f ? testIndex : trainIndex).push(i));
    return { testGroups: unique.filter((g) => foldOf.get(g) === f).sort((a, b) => a - b), trainIndex, testIndex };
  });
}

/** Holds out a share of the groups (at least one); returns the held-out groups, sorted. */
export function holdOutGroups(groups: readonly number[], share: number, rng: Rng): number[] {
  const unique = shuffled([...new Set(groups)].sort((a, b) => a - b), rng);
  const n = Math.max(1, Math.round(unique.length * share));
  return unique.slice(0, n).sort((a, b) => a - b);
}
