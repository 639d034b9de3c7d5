// Shipped class references of other series (dna-spec §3.1): a class too small to be its own population
// is judged against that class over a shipped season (IMSA, WEC), never against the GR Cup.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classReferences, SHIPPED_REFERENCE_NAME } from '../../src/core/relative/class-reference';
import { checkReference, type RelativeReference } from '../../src/core/relative/reference';
import type { RelativeDna } from '../../src/core/relative/relative-dna';
import { classKey, SERIES_REFERENCES, seriesReferenceByClass } from '../../src/core/relative/series-references';
import { computeReference } from '../../train/reference';
import { describeSeries } from '../helpers/real-data';

const shipped = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../models/relative-reference.json'), 'utf8')) as RelativeReference;
const dna = (pace: number): RelativeDna => ({ pace_gap_pct: pace, variation_pct: 1 + pace / 10, consistency_cv_pct: 1, potential_gap_pct: 1 }) as unknown as RelativeDna;

describe('shipped class references', () => {
  it('are valid references of the cars of each class in the shared seasons', () => {
    // cars per class in the shared seasons (counted from the files' CLASS column)
    const cars = Object.fromEntries(SERIES_REFERENCES.map((s) => [s.name, s.reference.drivers]));
    expect(cars).toEqual({
      'IMSA 2025 GTP reference (13 cars)': 13,
      'IMSA 2025 LMP2 reference (12 cars)': 12,
      'IMSA 2025 GTD PRO reference (12 cars)': 12,
      'IMSA 2025 GTD reference (23 cars)': 23,
      'WEC 2025 HYPERCAR reference (18 cars)': 18,
      'WEC 2025 LMGT3 reference (18 cars)': 18,
    });
    for (const s of SERIES_REFERENCES) expect(checkReference(s.reference), s.name).toBeNull();
  });

  it('match a class by name without case, spaces or dashes, and leave the GR Cup class alone', () => {
    expect(classKey('GTD Pro')).toBe(classKey('GTDPRO'));
    const found = seriesReferenceByClass(['GTDPRO', 'gtp', 'Am', null, 'LMGT3']);
    expect([...found].map(([c, s]) => [c, s.name])).toEqual([
      ['GTDPRO', 'IMSA 2025 GTD PRO reference (12 cars)'],
      ['gtp', 'IMSA 2025 GTP reference (13 cars)'],
      ['LMGT3', 'WEC 2025 LMGT3 reference (18 cars)'],
    ]);
  });

  it('stand in for a small class; a large class is its own population; no shipped reference, no fallback', () => {
    const byClass = new Map<string | null, RelativeDna[]>([
      ['GTP', [dna(0), dna(0.5), dna(1)]],
      ['Am', [dna(0), dna(1)]],
      ['GTD', Array.from({ length: 15 }, (_, i) => dna(i / 10))],
      [null, [dna(0.2)]],
    ]);
    const refs = classReferences(byClass, shipped, 'cars');
    expect(refs.get('GTP')).toMatchObject({ name: 'IMSA 2025 GTP reference (13 cars)', own: false });
    expect(refs.get('GTP')!.reference!.drivers).toBe(13);
    expect(refs.get('Am')).toMatchObject({ name: SHIPPED_REFERENCE_NAME, own: false, reference: shipped });
    expect(refs.get(null)).toMatchObject({ name: SHIPPED_REFERENCE_NAME, reference: shipped });
    expect(refs.get('GTD')).toMatchObject({ name: '15 cars of class GTD', own: true });
    const none = classReferences(byClass, null, 'cars');
    expect(none.get('GTP')).toEqual({ reference: null, name: null, own: false });
  });
});

const FILES: Record<string, [string, string]> = {
  'IMSA 2025 GTP reference (13 cars)': ['imsa', 'GTP'],
  'IMSA 2025 LMP2 reference (12 cars)': ['imsa', 'LMP2'],
  'IMSA 2025 GTD PRO reference (12 cars)': ['imsa', 'GTDPRO'],
  'IMSA 2025 GTD reference (23 cars)': ['imsa', 'GTD'],
  'WEC 2025 HYPERCAR reference (18 cars)': ['wec', 'HYPERCAR'],
  'WEC 2025 LMGT3 reference (18 cars)': ['wec', 'LMGT3'],
};

for (const series of ['imsa', 'wec'] as const) {
  describeSeries(series, `shipped ${series} class references`, (dir) => {
    it('are what npm run reference -- DIR OUT --class NAME computes', async () => {
      for (const s of SERIES_REFERENCES) {
        const [of, cls] = FILES[s.name];
        if (of !== series) continue;
        const fresh = await computeReference(dir, cls);
        expect(fresh.measures, s.name).toEqual(s.reference.measures);
        expect(fresh.fits, s.name).toEqual(s.reference.fits);
      }
    }, 60_000);
  });
}
