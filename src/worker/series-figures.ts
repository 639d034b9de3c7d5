// The held-out figures of each series a model was trained on (relative-v2 and later:
// metadata.evaluation.held_out_real_by_series), in the order the app shows them. Pure: read from a
// model's metadata, for the model page. A model trained on one season (classic-v1, relative-v1) has none.
import type { ModelMetadata } from '../model/metadata';

export interface SeriesFigures {
  /** The series key of the training data: `gr-cup`, `imsa-2025`, `wec-2025`. */
  series: string;
  /** As a reader writes it: "GR Cup", "IMSA 2025", "WEC 2025". */
  name: string;
  /** Held-out real cars and people of the series (`drivers` = cars + people). */
  cars: number;
  people: number;
  /** The headline numbers (overall_reliability, archetype_accuracy, dna_r2, dna_mae, …, drivers). */
  metrics: Record<string, number>;
}

const SERIES_NAMES: Record<string, string> = { 'gr-cup': 'GR Cup', 'imsa-2025': 'IMSA 2025', 'wec-2025': 'WEC 2025' };
const SERIES_ORDER = ['gr-cup', 'imsa-2025', 'wec-2025'];

/** A series key as words: the known three by name, any other with its dashes as spaces ("elms-2025" → "ELMS 2025"). */
export function seriesName(key: string): string {
  return SERIES_NAMES[key] ?? key.replace(/-/g, ' ').replace(/^[a-z]+/, (w) => w.toUpperCase());
}

export function seriesFigures(evaluation: Pick<ModelMetadata['evaluation'], 'held_out_real_by_series'> | null | undefined): SeriesFigures[] {
  const by = evaluation?.held_out_real_by_series;
  if (!by || typeof by !== 'object') return [];
  const rank = (k: string) => (SERIES_ORDER.includes(k) ? SERIES_ORDER.indexOf(k) : SERIES_ORDER.length);
  return Object.entries(by)
    .filter(([, b]) => b && typeof b === 'object')
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([series, b]) => ({
      series,
      name: seriesName(series),
      cars: typeof b.cars === 'number' ? b.cars : 0,
      people: typeof b.people === 'number' ? b.people : 0,
      metrics: Object.fromEntries(Object.entries(b).filter((e): e is [string, number] => typeof e[1] === 'number' && e[0] !== 'cars' && e[0] !== 'people')),
    }));
}
