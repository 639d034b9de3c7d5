// Recognises what a CSV export is from its header. Only lap files feed the DNA; the other Al Kamel and
// telemetry exports are recognised (so a dropped race folder gives no errors) but not used yet.
import type { FileKind } from './types';

const has = (cols: Set<string>, ...names: string[]) => names.every((n) => cols.has(n));

/** `headers` trimmed; comparison is case-insensitive. */
export function detectFileKind(headers: string[]): FileKind | null {
  const cols = new Set(headers.map((h) => h.toUpperCase()));
  if (has(cols, 'NUMBER', 'LAP_NUMBER', 'LAP_TIME') && (cols.has('FLAG_AT_FL') || cols.has('S1_SECONDS') || cols.has('ELAPSED'))) {
    return 'lap-analysis';
  }
  if (has(cols, 'NUMBER', 'LAP_TIME') && (cols.has('TRACK') || has(cols, 'S1', 'S2', 'S3', 'KPH'))) return 'generic';
  if (has(cols, 'NUMBER', 'BESTLAP_1')) return 'best-laps';
  if (has(cols, 'AIR_TEMP', 'TRACK_TEMP')) return 'weather';
  if (has(cols, 'POSITION', 'NUMBER', 'LAPS') || has(cols, 'CLASS_TYPE', 'POS', 'NUMBER')) return 'results';
  if (has(cols, 'META_SOURCE', 'VEHICLE_ID', 'LAP')) return 'telemetry-laps';
  return null;
}

/** Columns a lap file must have for the classic definition (dna-spec §1). */
export const REQUIRED_LAP_COLUMNS = ['NUMBER', 'LAP_TIME', 'S1', 'S2', 'S3', 'KPH'] as const;

/** Optional columns the relative clean-lap rules and the profile use. */
export const OPTIONAL_LAP_COLUMNS = ['LAP_NUMBER', 'FLAG_AT_FL', 'CROSSING_FINISH_LINE_IN_PIT', 'PIT_TIME', 'TOP_SPEED'] as const;
