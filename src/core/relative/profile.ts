// One relative profile per car number: race figures → cross-race DNA → archetype against the reference.
import { compareCarNumbers } from '../classic-dna';
import type { Archetype, LapColumns, LapRow, TrackType } from '../types';
import { classifyArchetype, type ArchetypeTraits, type TraitScale } from './archetypes';
import { cleanLaps, DEFAULT_SLOW_FACTOR, type ExclusionReason, type CleanLapsResult, type LapVerdict, type RuleSkip } from './clean-laps';
import { MIN_CLEAN_LAPS, raceMetrics, type RelativeRace } from './race-metrics';
import { buildReference, type RelativeReference } from './reference';
import { relativeDna, type LowConfidenceFallback, type RelativeDna } from './relative-dna';

export interface RelativeOptions {
  /** Threshold of the `slow` clean-lap rule as a factor of the best clean lap (default 1.07). */
  slowFactor?: number;
  /** Types of tracks the user set (unknown tracks are mixed otherwise). */
  trackTypes?: Record<string, TrackType>;
  /** The clean-lap verdicts of these laps when the caller has them already (computed once per analysis). */
  cleaned?: CleanLapsResult;
}

/** A driver's relative definition: the value of DriverProfile.relative in the envelope. */
export interface RelativeProfile {
  /** The car number as written (the key of the car profile). */
  car_number: string;
  /** One entry per race the car number appears in, in input order. */
  races: RelativeRace[];
  /** The cross-race DNA. */
  dna: RelativeDna;
  /** Archetype against the reference population; null without a reference or without a clean lap. */
  archetype: Archetype | null;
  archetype_scores: Record<Archetype, number> | null;
  traits: ArchetypeTraits;
  /** One sentence of why the archetype was chosen. */
  explanation: string;
  /** Clean-lap rules that applied in every race of the driver; the others are in rules_skipped. */
  rules_applied: ExclusionReason[];
  rules_skipped: RuleSkip[];
  /** True when every track figure rests on races with fewer than MIN_CLEAN_LAPS clean laps. */
  low_confidence: boolean;
  /**
   * Why the archetype and figures rest on thin data (one race, fewer than PROVISIONAL_MIN_CLEAN_LAPS clean
   * laps, or only low-confidence races), or null. Shown as a "provisional" mark in the app and the export.
   */
  provisional?: string | null;
  /**
   * The population the archetype was judged against: "18 cars of class GTD" (the class in this analysis, when
   * large enough) or "GR Cup 2025 reference" (the shipped season); null without a reference.
   */
  reference?: string | null;
}

/** A profile with fewer clean laps than this, over all its races, is provisional. */
export const PROVISIONAL_MIN_CLEAN_LAPS = 20;

/** The reason a profile rests on thin data, or null (see RelativeProfile.provisional). */
export function provisionalReason(races: readonly RelativeRace[], lowConfidence: boolean, minCleanLaps = MIN_CLEAN_LAPS): string | null {
  const raced = races.filter((r) => r.clean_laps > 0);
  const clean = raced.reduce((n, r) => n + r.clean_laps, 0);
  const reasons: string[] = [];
  if (raced.length < 2) reasons.push(raced.length === 1 ? 'one race only' : 'no race with a clean lap');
  if (clean < PROVISIONAL_MIN_CLEAN_LAPS) reasons.push(`${clean} clean lap${clean === 1 ? '' : 's'} (fewer than ${PROVISIONAL_MIN_CLEAN_LAPS})`);
  else if (lowConfidence) reasons.push(`every race has fewer than ${minCleanLaps} clean laps`);
  return reasons.length ? reasons.join('; ') : null;
}

/** How a profile is judged: cars take the defaults; people (people.ts PERSON_JUDGING) their own. */
export interface ProfileJudging {
  /** How traits become z against the reference (archetypes.ts); default robust. */
  scale?: TraitScale;
  /** The clean laps a race needs not to be low-confidence (as the races were computed with); default MIN_CLEAN_LAPS. */
  minCleanLaps?: number;
  /** Where low-confidence races still count (relative-dna.ts); default per track. */
  fallback?: LowConfidenceFallback;
}

/** The profile of one driver from that driver's race figures (the validity report drops tracks through it). */
export function relativeProfileOf(
  carNumber: string,
  races: readonly RelativeRace[],
  reference: RelativeReference | null,
  opts: ProfileJudging = {},
): RelativeProfile {
  const dna = relativeDna(races, opts.fallback);
  const arch = classifyArchetype(dna, reference, opts.scale);
  const applied = races.length
    ? races[0].rules_applied.filter((r) => races.every((x) => x.rules_applied.includes(r)))
    : [];
  const skipped = new Map<ExclusionReason, RuleSkip>();
  for (const race of races) for (const s of race.rules_skipped) if (!applied.includes(s.reason)) skipped.set(s.reason, s);
  for (const race of races) {
    for (const r of race.rules_applied) if (!applied.includes(r) && !skipped.has(r)) skipped.set(r, { reason: r, missing: [] });
  }
  return {
    car_number: carNumber,
    races: [...races],
    dna,
    archetype: arch.archetype,
    archetype_scores: arch.archetype_scores,
    traits: arch.traits,
    explanation: arch.explanation,
    rules_applied: applied,
    rules_skipped: [...skipped.values()],
    low_confidence: dna.low_confidence,
    provisional: provisionalReason(races, dna.low_confidence, opts.minCleanLaps),
  };
}

/** Race figures of every driver (by car number), before the cross-race DNA; the reference script and validity use them. */
export function relativeRaces(
  laps: readonly LapRow[],
  columnsByFile: readonly (LapColumns | undefined)[],
  opts: RelativeOptions = {},
): Map<string, RelativeRace[]> {
  const cleaned = opts.cleaned ?? cleanLaps(laps, columnsByFile, { slowFactor: opts.slowFactor ?? DEFAULT_SLOW_FACTOR });
  return raceMetrics(cleaned, { trackTypes: opts.trackTypes });
}

/** One relative profile per car number, sorted by car number. */
export function relativeProfiles(
  laps: readonly LapRow[],
  columnsByFile: readonly (LapColumns | undefined)[],
  reference: RelativeReference | null,
  opts: RelativeOptions = {},
): RelativeProfile[] {
  return [...relativeRaces(laps, columnsByFile, opts)]
    .sort((a, b) => compareCarNumbers(a[0], b[0]))
    .map(([driver, races]) => relativeProfileOf(driver, races, reference));
}

/** Each lap of one driver (or all drivers) with the reason it is left out, for the UI's lap table. */
export function lapTable(
  laps: readonly LapRow[],
  columnsByFile: readonly (LapColumns | undefined)[],
  opts: RelativeOptions & { driver?: string } = {},
): LapVerdict[] {
  const verdicts = cleanLaps(laps, columnsByFile, { slowFactor: opts.slowFactor }).laps;
  return opts.driver === undefined ? verdicts : verdicts.filter((v) => v.lap.carNumber === opts.driver);
}

/** The reference population of a season's laps; train/reference.ts writes it to models/relative-reference.json. */
export function referenceFromLaps(
  laps: readonly LapRow[],
  columnsByFile: readonly (LapColumns | undefined)[],
  source: string,
  opts: RelativeOptions = {},
): RelativeReference {
  const dnas = [...relativeRaces(laps, columnsByFile, opts).values()].map((races) => relativeDna(races));
  return buildReference(dnas, source, { slowFactor: opts.slowFactor ?? DEFAULT_SLOW_FACTOR });
}
