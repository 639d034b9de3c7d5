// The files a drop recognised and set aside (results, weather, telemetry exports: W020), said in one line.
import { coded } from '../../core/errors';
import type { CodedMessage, FileReport } from '../../core/types';

/**
 * One line for every file recognised and set aside (results, weather, telemetry: W020), instead of one per
 * file: a season folder has ~90 of them, and 90 warnings make a normal folder look alarming.
 */
export function setAsideSummary(reports: readonly FileReport[]): CodedMessage | null {
  const kinds = new Map<string, number>();
  for (const r of reports) {
    if (!r.warnings.some((w) => w.code === 'W020')) continue;
    const k = r.kind ?? 'other';
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  const n = [...kinds.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const byKind = [...kinds].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ${c}`).join(', ');
  return coded('W020', `${n} file${n === 1 ? '' : 's'} recognised and set aside (${byKind})`);
}
