// Read-only views of a DriverProfile for the pages: the archetype of the definition on show, the relative
// figures (typed from the schema), model-vs-exact agreement, table rows and counts. Pure functions.
import { ARCHETYPES, type Archetype, type DriverProfile, type PredictedProfile } from '../../core/types';
import type { RelativeProfile } from '../../core/relative/profile';
import type { RelativeRace, Sector } from '../../core/relative/race-metrics';
import { compareCarNumbers } from '../../core/classic-dna';
import { compareText } from './format';

export type ViewDefinition = 'relative' | 'classic';
export const SECTOR_KEYS: readonly Sector[] = ['s1', 's2', 's3'];

/** `driver.relative`: the relative core's RelativeProfile (core/relative/profile.ts). */
export type RelativeView = RelativeProfile;

export function relativeOf(d: DriverProfile): RelativeView | null {
  const r = d.relative as Partial<RelativeProfile> | undefined;
  if (!r || typeof r !== 'object' || !Array.isArray(r.races)) return null;
  return r as RelativeProfile;
}

/** A number of the cross-race DNA by name, or null. */
export function dnaNumber(rel: RelativeView | null, key: string): number | null {
  const v = (rel?.dna as unknown as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function hasRelative(drivers: readonly DriverProfile[]): boolean {
  return drivers.some((d) => relativeOf(d) !== null);
}

export function archetypeOf(d: DriverProfile, def: ViewDefinition): Archetype | null {
  return def === 'relative' ? (relativeOf(d)?.archetype ?? null) : d.archetype;
}

export function predictedOf(d: DriverProfile, def: ViewDefinition): PredictedProfile | undefined {
  return d.predicted?.[def];
}

export type Agreement = 'agree' | 'differ' | 'none';

/** Does the model's archetype match the exact one? 'none' when either is missing. */
export function agreement(d: DriverProfile, def: ViewDefinition): Agreement {
  const exact = archetypeOf(d, def);
  const p = predictedOf(d, def);
  if (!exact || !p) return 'none';
  return p.archetype === exact ? 'agree' : 'differ';
}

function mean(xs: readonly (number | null | undefined)[]): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** A driver's relative figure across races: the DNA's value when the core gives one, else the mean of races. */
export function acrossRaces(rel: RelativeView | null, key: 'pace_gap_pct' | 'consistency_cv_pct' | 'potential_gap_pct' | 'top_speed_gap_pct'): number | null {
  if (!rel) return null;
  return dnaNumber(rel, key) ?? mean(rel.races.map((r) => r[key]));
}

/** Mean sector gap per sector over the driver's races. */
export function sectorGaps(rel: RelativeView | null): Record<Sector, number | null> {
  const out = { s1: null, s2: null, s3: null } as Record<Sector, number | null>;
  if (!rel) return out;
  for (const s of SECTOR_KEYS) out[s] = mean(rel.races.map((r) => r.sector_gap_pct?.[s]));
  return out;
}

export interface TrackPace {
  track: string;
  paceGapPct: number | null;
  consistencyCvPct: number | null;
  sectorGapPct: Record<Sector, number | null>;
  races: RelativeRace[];
}

/** Per track: the mean of its races (a track's figure is the mean of its races, dna-spec §3). */
export function trackPaces(rel: RelativeView | null): TrackPace[] {
  if (!rel) return [];
  const figures = rel.dna?.track_figures;
  const byTrack = new Map<string, RelativeRace[]>();
  for (const r of rel.races) {
    const list = byTrack.get(r.track) ?? [];
    list.push(r);
    byTrack.set(r.track, list);
  }
  return [...byTrack.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([track, races]) => {
      // The core's track figure when it has one (it weighs low-confidence races down), else the mean.
      const f = figures?.find((t) => t.track === track);
      return {
        track,
        races,
        paceGapPct: f ? f.pace_gap_pct : mean(races.map((r) => r.pace_gap_pct)),
        consistencyCvPct: f ? f.consistency_cv_pct : mean(races.map((r) => r.consistency_cv_pct)),
        sectorGapPct: f?.sector_gap_pct ?? {
          s1: mean(races.map((r) => r.sector_gap_pct?.s1)),
          s2: mean(races.map((r) => r.sector_gap_pct?.s2)),
          s3: mean(races.map((r) => r.sector_gap_pct?.s3)),
        },
      };
    });
}

export interface DriverRow {
  /** The car number as written. */
  id: string;
  /** The car's class, null when the files carry none. */
  carClass: string | null;
  tracks: string[];
  races: number;
  archetype: Archetype | null;
  /** relative: mean pace gap (%), lower is faster */
  paceGapPct: number | null;
  consistencyCvPct: number | null;
  cleanLaps: number | null;
  /** classic: the seed's figures */
  speedConsistencyRatio: number | null;
  consistencyIndex: number | null;
  performanceVariance: number | null;
  agreement: Agreement;
  predictedArchetype: Archetype | null;
  outOfDistribution: boolean;
}

export function driverRow(d: DriverProfile, def: ViewDefinition): DriverRow {
  const rel = relativeOf(d);
  const p = predictedOf(d, def);
  return {
    id: d.car_number,
    carClass: d.class ?? null,
    tracks: [...d.tracks_raced].sort(compareText),
    races: rel ? rel.races.length : d.total_races,
    archetype: archetypeOf(d, def),
    paceGapPct: acrossRaces(rel, 'pace_gap_pct'),
    consistencyCvPct: acrossRaces(rel, 'consistency_cv_pct'),
    cleanLaps: rel ? rel.races.reduce((s, r) => s + (r.clean_laps ?? 0), 0) : null,
    speedConsistencyRatio: d.dna_signature?.speed_vs_consistency_ratio ?? null,
    consistencyIndex: d.dna_signature?.consistency_index ?? null,
    performanceVariance: d.dna_signature?.performance_variance ?? null,
    agreement: agreement(d, def),
    predictedArchetype: p?.archetype ?? null,
    outOfDistribution: (p?.out_of_distribution?.length ?? 0) > 0,
  };
}

export type SortKey = keyof Pick<
  DriverRow,
  'id' | 'carClass' | 'races' | 'archetype' | 'paceGapPct' | 'consistencyCvPct' | 'cleanLaps' | 'speedConsistencyRatio' | 'consistencyIndex' | 'performanceVariance' | 'agreement'
>;

/** Sorts rows; missing values always last, whatever the direction. */
export function sortRows(rows: readonly DriverRow[], key: SortKey, dir: 'asc' | 'desc'): DriverRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const xMissing = x === null || x === undefined;
    const yMissing = y === null || y === undefined;
    if (xMissing || yMissing) return xMissing === yMissing ? compareCarNumbers(a.id, b.id) : xMissing ? 1 : -1;
    const c =
      key === 'id'
        ? compareCarNumbers(a.id, b.id)
        : typeof x === 'number' && typeof y === 'number'
          ? x - y
          : compareText(String(x), String(y));
    return c !== 0 ? sign * c : compareCarNumbers(a.id, b.id);
  });
}

/** Filter by free text: a car number (exact or prefix "#4"), a track or an archetype (case-insensitive). */
export function filterRows(rows: readonly DriverRow[], text: string): DriverRow[] {
  const q = text.trim().toLowerCase().replace(/^#/, '');
  if (!q) return [...rows];
  return rows.filter(
    (r) =>
      r.id.toLowerCase() === q ||
      r.id.toLowerCase().startsWith(q) ||
      (r.carClass ?? '').toLowerCase() === q ||
      r.tracks.some((t) => t.toLowerCase().includes(q)) ||
      (r.archetype ?? 'no archetype').toLowerCase().includes(q),
  );
}

/** Drivers per archetype, in the seed's order, plus those without one. */
/** Why the figures rest on thin data (one race, few clean laps), or null. */
export function provisionalOf(d: DriverProfile, def: ViewDefinition): string | null {
  const rel = relativeOf(d);
  if (rel?.provisional) return rel.provisional;
  if (def === 'classic' && d.tracks_raced.length < 2) return 'one track only';
  return null;
}

/** Cars per archetype, and how many of them are provisional (an archetype from thin evidence). */
export function archetypeCounts(drivers: readonly DriverProfile[], def: ViewDefinition): { label: string; count: number; provisional: number }[] {
  const counts = new Map<string, { count: number; provisional: number }>(ARCHETYPES.map((a) => [a, { count: 0, provisional: 0 }]));
  let none = 0;
  for (const d of drivers) {
    const a = archetypeOf(d, def);
    if (!a) {
      none++;
      continue;
    }
    const c = counts.get(a) ?? { count: 0, provisional: 0 };
    c.count++;
    if (provisionalOf(d, def)) c.provisional++;
    counts.set(a, c);
  }
  const out = [...counts.entries()].map(([label, c]) => ({ label, ...c }));
  if (none > 0) out.push({ label: 'No archetype', count: none, provisional: 0 });
  return out;
}

/** Probability of the exact archetype under the model, as a confidence figure; or the top archetype score. */
export function confidenceOf(d: DriverProfile, def: ViewDefinition): { label: string; value: number } | null {
  const exact = archetypeOf(d, def);
  if (def === 'relative') {
    const scores: Record<string, number> = relativeOf(d)?.archetype_scores ?? {};
    const total = Object.values(scores).reduce((a, b) => a + Math.max(0, b), 0);
    if (exact && scores[exact] !== undefined && total > 0) return { label: 'share of the archetype scores', value: Math.max(0, scores[exact]) / total };
  }
  const p = predictedOf(d, def);
  if (exact && p?.probabilities?.[exact] !== undefined) return { label: 'model probability of the exact archetype', value: p.probabilities[exact] };
  return null;
}

export interface Figure {
  /** Key as rendered, e.g. 'pace_gap_pct' or 'sector_strength_pct.s1'. */
  key: string;
  /** Key of its formula text (RELATIVE_FORMULAS / CLASSIC_EXPLAIN). */
  formulaKey: string;
  value: number | null;
}

/** The relative DNA and archetype traits as a flat list of numbers (nested per-sector/per-type values spread). */
export function relativeFigures(rel: RelativeView | null): Figure[] {
  if (!rel?.dna) return [];
  const out: Figure[] = [];
  const skip = new Set(['races', 'tracks', 'track_figures', 'missing', 'low_confidence']);
  for (const [k, v] of Object.entries(rel.dna as unknown as Record<string, unknown>)) {
    if (skip.has(k)) continue;
    if (typeof v === 'number' || v === null) out.push({ key: k, formulaKey: `dna_${k}` , value: v });
    else if (v && typeof v === 'object') {
      for (const [sub, x] of Object.entries(v as Record<string, unknown>)) {
        if (typeof x === 'number' || x === null) out.push({ key: `${k}.${sub}`, formulaKey: `dna_${k}`, value: x as number | null });
      }
    }
  }
  for (const [k, v] of Object.entries((rel.traits ?? {}) as unknown as Record<string, number | null>)) out.push({ key: k, formulaKey: k, value: v });
  return out;
}

/** The classic DNA as a flat list (the seed's names; track-type performances spread). */
export function classicFigures(d: DriverProfile): Figure[] {
  const s = d.dna_signature;
  if (!s) return [];
  return [
    { key: 'speed_vs_consistency_ratio', formulaKey: 'speed_vs_consistency_ratio', value: s.speed_vs_consistency_ratio },
    { key: 'track_adaptability', formulaKey: 'track_adaptability', value: s.track_adaptability },
    { key: 'consistency_index', formulaKey: 'consistency_index', value: s.consistency_index },
    { key: 'performance_variance', formulaKey: 'performance_variance', value: s.performance_variance },
    { key: 'speed_consistency', formulaKey: 'speed_consistency', value: s.speed_consistency },
    { key: 'technical_track_performance', formulaKey: 'technical_track_performance', value: s.track_specialization.technical },
    { key: 'high_speed_track_performance', formulaKey: 'high_speed_track_performance', value: s.track_specialization.high_speed },
    { key: 'mixed_track_performance', formulaKey: 'mixed_track_performance', value: s.track_specialization.mixed },
    { key: 'sector_balance_score', formulaKey: 'sector_balance_score', value: d.sector_balance_score },
  ];
}

/** Why a figure is missing, by name. */
export function missingReasons(d: DriverProfile, def: ViewDefinition): [string, string][] {
  if (def === 'classic') return d.dna_signature_reason ? [['dna_signature', d.dna_signature_reason]] : [];
  return Object.entries(relativeOf(d)?.dna?.missing ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
}
