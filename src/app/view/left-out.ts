// Files a run left out, for the overview's warning (issue 13): every file with an error (a broken lap
// file, an unrecognised CSV, a lap file without a track) and every lap file the user unticked, each with
// its code. Recognised exports that do not feed the DNA (results, weather: W020) are not "left out".
import { coded } from '../../core/errors';
import type { FileReport } from '../../core/types';

export interface LeftOutFile {
  path: string;
  code: string;
  reason: string;
}

const isLapFile = (r: FileReport) => r.kind === 'lap-analysis' || r.kind === 'generic' || r.errors.some((e) => e.code === 'E051');

/**
 * `validated`: the check step's reports (every dropped file); `analysed`: the reports of the files the
 * worker read (it may refuse one the check passed); `skipped`: paths the user unticked.
 */
export function leftOutFiles(validated: readonly FileReport[], analysed: readonly FileReport[], skipped: ReadonlySet<string>): LeftOutFile[] {
  const byPath = new Map(analysed.map((r) => [r.path, r] as const));
  const out: LeftOutFile[] = [];
  const seen = new Set<string>();
  for (const v of [...validated, ...analysed]) {
    if (seen.has(v.path)) continue;
    seen.add(v.path);
    const r = byPath.get(v.path) ?? v;
    if (r.used && byPath.has(v.path)) continue;
    if (skipped.has(r.path) && isLapFile(r)) {
      const m = coded('I002');
      out.push({ path: r.path, code: m.code, reason: m.message });
    } else if (r.errors.length > 0) {
      out.push({ path: r.path, code: r.errors[0].code, reason: r.errors[0].message });
    }
  }
  return out;
}
