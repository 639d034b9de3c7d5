// Shipped references of other series (dna-spec §3.1): a class too small to be its own population in the
// analysis (one IMSA race has a handful of GTP cars) is judged against that class over a shipped season, not
// against the GR Cup. One reference per class, built with the `npm run reference` machinery from the shared
// seasons (docs/relative-dna.md, "Reference population per class"), e.g.
//   npm run reference -- ../shared/data/imsa-2025 models/relative-reference-imsa-2025-gtp.json --class GTP
// They are a few kilobytes of quantiles, bundled with the code (no fetch, nothing leaves the device).
import imsaGtd from '../../../models/relative-reference-imsa-2025-gtd.json';
import imsaGtdPro from '../../../models/relative-reference-imsa-2025-gtdpro.json';
import imsaGtp from '../../../models/relative-reference-imsa-2025-gtp.json';
import imsaLmp2 from '../../../models/relative-reference-imsa-2025-lmp2.json';
import wecHypercar from '../../../models/relative-reference-wec-2025-hypercar.json';
import wecLmgt3 from '../../../models/relative-reference-wec-2025-lmgt3.json';
import type { RelativeReference } from './reference';

export interface SeriesReference {
  /** How the reference is named beside an archetype. */
  name: string;
  /** The class (and its other spellings) the reference is for, compared by classKey. */
  classes: readonly string[];
  reference: RelativeReference;
}

/** Reference of a class over a shipped season, named as the profile shows it. */
const classReference = (season: string, cls: string, ref: unknown, aliases: string[] = []): SeriesReference => {
  const reference = ref as RelativeReference;
  return { name: `${season} ${cls} reference (${reference.drivers} cars)`, classes: [cls, ...aliases], reference };
};

export const SERIES_REFERENCES: readonly SeriesReference[] = [
  classReference('IMSA 2025', 'GTP', imsaGtp),
  classReference('IMSA 2025', 'LMP2', imsaLmp2),
  classReference('IMSA 2025', 'GTD PRO', imsaGtdPro),
  classReference('IMSA 2025', 'GTD', imsaGtd),
  classReference('WEC 2025', 'HYPERCAR', wecHypercar),
  classReference('WEC 2025', 'LMGT3', wecLmgt3, ['GT3']),
];

/** A class name compared without case, spaces, dashes or underscores ("GTD PRO" is "GTDPRO"). */
export const classKey = (cls: string): string => cls.toUpperCase().replace(/[\s_-]+/g, '');

/**
 * The shipped reference of each class: the entry that lists the class; where several could (a class that
 * races in two series), the first in the table. Classes no entry lists (the GR Cup's "Am") get none: they
 * keep the shipped GR Cup reference.
 */
export function seriesReferenceByClass(
  classes: Iterable<string | null>,
  series: readonly SeriesReference[] = SERIES_REFERENCES,
): Map<string, SeriesReference> {
  const out = new Map<string, SeriesReference>();
  for (const cls of classes) {
    if (cls === null || out.has(cls)) continue;
    const found = series.find((s) => s.classes.some((c) => classKey(c) === classKey(cls)));
    if (found) out.set(cls, found);
  }
  return out;
}
