// Laps for the driver and track pages: each lap with its clean-lap verdict, a histogram of lap times with
// Freedman–Diaconis bins split by why laps were left out, and the dropped laps with their reasons.
import { maxOf, minOf } from '../../core/numeric';
import { freedmanDiaconisWidth } from '../../core/race/robust';
import type { LapRow } from '../../core/types';
import type { ExclusionReason } from '../../core/relative/clean-laps';
import type { AnalysisView } from '../../worker/api';
import { lapsOfView } from '../../worker/analysis-wire';

export interface LapWithVerdict {
  lap: LapRow;
  excludedBy: ExclusionReason | null;
}

/** What each exclusion reason means, for the lists and legends. */
export const REASON_TEXT: Record<ExclusionReason, string> = {
  'no-time': 'no lap time',
  'first-lap': 'lap 1',
  caution: 'caution (FCY)',
  'pit-in': 'pit in',
  'pit-out': 'pit out',
  restart: 'restart after caution',
  outlier: 'outlier (far faster than the car, the field or its sectors)',
  slow: 'slower than 107 % of best',
};

export const REASON_ORDER: readonly ExclusionReason[] = ['no-time', 'first-lap', 'caution', 'pit-in', 'pit-out', 'restart', 'outlier', 'slow'];

/** A view's laps of one car or one track, each with its verdict (by index: the view's laps are not all made). */
export function viewLapsWhere(view: Pick<AnalysisView, 'laps' | 'table' | 'excludedBy'>, column: 'carNumber' | 'track', value: string): LapWithVerdict[] {
  const { laps, indexes } = lapsOfView(view, column, value);
  return laps.map((lap, k) => ({ lap, excludedBy: view.excludedBy[indexes[k]] ?? null }));
}

export function lapsWhere(laps: readonly LapRow[], excludedBy: readonly (ExclusionReason | null)[], keep: (l: LapRow) => boolean): LapWithVerdict[] {
  const out: LapWithVerdict[] = [];
  for (let i = 0; i < laps.length; i++) if (keep(laps[i])) out.push({ lap: laps[i], excludedBy: excludedBy[i] ?? null });
  return out;
}

export interface Histogram {
  /** Bin labels (lower edge, s) */
  edges: number[];
  binS: number;
  /** How the width was chosen: Freedman–Diaconis from the data, or given by the caller. */
  rule: 'freedman-diaconis' | 'given';
  /** 'clean' and each reason that occurs → counts per bin */
  series: { key: 'clean' | ExclusionReason; counts: number[] }[];
  /** Laps slower than the last bin (cautions, red flags): counted apart so the clean laps stay readable. */
  overflow: { key: 'clean' | ExclusionReason; count: number }[];
  maxS: number;
}

/** Bins at most, however narrow the Freedman–Diaconis width of many equal laps comes out. */
export const MAX_BINS = 120;

/**
 * Bins lap times from the fastest lap up to `spread` × fastest (default 1.25), in bins of `binS`. Without a
 * `binS` the width comes from the data: the Freedman–Diaconis width of the clean laps (of every lap when
 * fewer than 4 are clean) to the millisecond, and the bins stop 3 widths past the slowest clean lap.
 * Slower laps go to `overflow`.
 */
export function lapHistogram(laps: readonly LapWithVerdict[], opts: { binS?: number; spread?: number } = {}): Histogram {
  const times = laps.map((l) => l.lap.lapTimeS).filter((t): t is number => t !== null && t > 0);
  if (times.length === 0) return { edges: [], binS: 1, rule: 'given', series: [], overflow: [], maxS: 0 };
  const min = minOf(times);
  let maxS = min * (opts.spread ?? 1.25);
  let binS = opts.binS;
  if (binS === undefined) {
    const clean = laps.filter((l) => l.excludedBy === null && l.lap.lapTimeS !== null && l.lap.lapTimeS > 0 && l.lap.lapTimeS <= maxS).map((l) => l.lap.lapTimeS!);
    const basis = clean.length >= 4 ? clean : times.filter((t) => t <= maxS);
    const fd = freedmanDiaconisWidth(basis);
    if (clean.length >= 4) maxS = Math.min(maxS, maxOf(clean) + 3 * (fd ?? 1));
    binS = fd === null ? niceBin((maxS - min) / 24) : Math.max(0.001, Math.round(fd * 1000) / 1000, (maxS - min) / MAX_BINS);
  }
  const start = Math.floor(min / binS) * binS;
  const nBins = Math.max(1, Math.ceil((maxS - start) / binS));
  const edges = Array.from({ length: nBins }, (_, i) => +(start + i * binS).toFixed(3));
  const byKey = new Map<'clean' | ExclusionReason, number[]>();
  const over = new Map<'clean' | ExclusionReason, number>();
  for (const { lap, excludedBy } of laps) {
    const t = lap.lapTimeS;
    if (t === null || !(t > 0)) continue;
    const key = excludedBy ?? 'clean';
    if (t >= start + nBins * binS) {
      over.set(key, (over.get(key) ?? 0) + 1);
      continue;
    }
    let counts = byKey.get(key);
    if (!counts) byKey.set(key, (counts = new Array(nBins).fill(0)));
    counts[Math.min(nBins - 1, Math.floor((t - start) / binS))]++;
  }
  const order: ('clean' | ExclusionReason)[] = ['clean', ...REASON_ORDER];
  return {
    edges,
    binS,
    rule: opts.binS === undefined ? 'freedman-diaconis' : 'given',
    maxS,
    series: order.filter((k) => byKey.has(k)).map((key) => ({ key, counts: byKey.get(key)! })),
    overflow: order.filter((k) => over.has(k)).map((key) => ({ key, count: over.get(key)! })),
  };
}

function niceBin(raw: number): number {
  const steps = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10];
  return steps.find((s) => s >= raw) ?? 10;
}

/** Dropped laps counted by reason. */
export function countByReason(laps: readonly LapWithVerdict[]): { reason: ExclusionReason; count: number }[] {
  const m = new Map<ExclusionReason, number>();
  for (const l of laps) if (l.excludedBy) m.set(l.excludedBy, (m.get(l.excludedBy) ?? 0) + 1);
  return REASON_ORDER.filter((r) => m.has(r)).map((reason) => ({ reason, count: m.get(reason)! }));
}
