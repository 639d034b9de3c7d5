// The archetype's yardstick per class (dna-spec §3.1): where the files have classes, a class with enough
// profiles in the analysis is judged against its own population; a smaller class, and every file without
// classes (the GR Cup), against a shipped reference season: the season of its series where one is shipped
// (series-references.ts: IMSA, WEC), else the GR Cup. The profile names the yardstick it used.
// The minimum and the figures behind it: docs/relative-dna.md, "Reference population per class".
import { DEFAULT_SLOW_FACTOR } from './clean-laps';
import { buildReference, type RelativeReference } from './reference';
import type { RelativeDna } from './relative-dna';
import { SERIES_REFERENCES, seriesReferenceByClass, type SeriesReference } from './series-references';

/** Fewest profiles with a pace in a class for the class to be its own reference population. */
export const MIN_CLASS_POPULATION = 15;

/** How the shipped reference is named beside an archetype. */
export const SHIPPED_REFERENCE_NAME = 'GR Cup 2025 reference';

export interface ChosenReference {
  reference: RelativeReference | null;
  /** e.g. "18 cars of class GTD", "IMSA 2025 reference", or SHIPPED_REFERENCE_NAME. */
  name: string | null;
  /** True when the class is its own population (built from the analysis), false for a shipped reference. */
  own: boolean;
}

/**
 * The reference of each class: its own population when the class has at least `min` profiles with a pace,
 * else its series' shipped season, else the shipped GR Cup one. `noun` names the population ("cars",
 * "drivers"). The null class (no CLASS column) always takes the shipped reference, exactly as before classes
 * were read. Without a shipped reference (models missing: E001) there is no series fallback either.
 */
export function classReferences(
  byClass: ReadonlyMap<string | null, readonly RelativeDna[]>,
  shipped: RelativeReference | null,
  noun: string,
  opts: { min?: number; slowFactor?: number; series?: readonly SeriesReference[] } = {},
): Map<string | null, ChosenReference> {
  const min = opts.min ?? MIN_CLASS_POPULATION;
  const out = new Map<string | null, ChosenReference>();
  const fallback: ChosenReference = { reference: shipped, name: shipped ? SHIPPED_REFERENCE_NAME : null, own: false };
  const series = shipped ? seriesReferenceByClass(byClass.keys(), opts.series ?? SERIES_REFERENCES) : new Map<string, SeriesReference>();
  for (const [cls, dnas] of byClass) {
    const paced = dnas.filter((d) => d.pace_gap_pct !== null);
    if (cls === null || paced.length < min) {
      const s = cls === null ? undefined : series.get(cls);
      out.set(cls, s ? { reference: s.reference, name: s.name, own: false } : fallback);
      continue;
    }
    const name = `${paced.length} ${noun} of class ${cls}`;
    out.set(cls, { reference: buildReference(paced, name, { slowFactor: opts.slowFactor ?? DEFAULT_SLOW_FACTOR }), name, own: true });
  }
  return out;
}
