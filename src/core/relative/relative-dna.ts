// Cross-race DNA of one driver (dna-spec §3) from the driver's race figures. A track's figure is the mean of
// its races; the driver's figure is the mean of the track figures, so a track raced twice weighs as much as
// a track raced once. Pace and consistency need one race; adaptability and specialisation need two tracks.
import type { TrackType } from '../types';
import { SECTORS, type RelativeRace, type Sector } from './race-metrics';
import { mean, roundOrNull, sdPopulation } from './statistics';

export const TRACK_TYPES: readonly TrackType[] = ['technical', 'high_speed', 'mixed'];

export interface RelativeTrackFigure {
  track: string;
  track_type: TrackType;
  /** Races that count for this track (confident races; low-confidence ones only when no other exists). */
  races: number;
  low_confidence: boolean;
  pace_gap_pct: number | null;
  variation_pct: number | null;
  consistency_cv_pct: number | null;
  potential_gap_pct: number | null;
  top_speed_gap_pct: number | null;
  sector_gap_pct: Record<Sector, number | null>;
}

/** Fields of RelativeDna that can be null for a stated reason. */
export type RelativeDnaField =
  | 'pace_gap_pct'
  | 'variation_pct'
  | 'consistency_cv_pct'
  | 'potential_gap_pct'
  | 'top_speed_gap_pct'
  | 'sector_strength_pct'
  | 'adaptability_pp'
  | 'specialisation_pp'
  | 'specialisation_advantage_pp';

export interface RelativeDna {
  /** Races and tracks with at least one clean lap. */
  races: number;
  tracks: number;
  track_figures: RelativeTrackFigure[];
  /** True when every track figure rests on low-confidence races only. */
  low_confidence: boolean;
  pace_gap_pct: number | null;
  variation_pct: number | null;
  consistency_cv_pct: number | null;
  potential_gap_pct: number | null;
  top_speed_gap_pct: number | null;
  /** Per sector: mean over tracks of (sector gap − lap pace gap); negative = the driver gains there. */
  sector_strength_pct: Record<Sector, number | null>;
  strongest_sector: Sector | null;
  weakest_sector: Sector | null;
  /** Population sd of the track pace gaps, in percentage points: lower = more adaptable. ≥ 2 tracks. */
  adaptability_pp: number | null;
  /** Per track type: mean track pace gap on that type − the driver's pace gap; negative = better there. ≥ 2 tracks. */
  specialisation_pp: Record<TrackType, number | null> | null;
  /** How much better the driver's best track type is than the driver's mean (≥ 0). Tracks of ≥ 2 types. */
  specialisation_advantage_pp: number | null;
  best_track_type: TrackType | null;
  /** Why a field is null. */
  missing: Partial<Record<RelativeDnaField, string>>;
}

const round3 = (x: number | null): number | null => roundOrNull(x, 3);
const meanOf = (xs: readonly (number | null)[]): number | null => mean(xs.filter((x): x is number => x !== null));

/**
 * Where low-confidence races still count: `track` (cars): at a track with no confident race; `profile`
 * (people): only when the profile has no confident race at all, so a person's short stint at one track
 * does not become a track figure beside their full races (docs/relative-dna.md, "People's pace").
 */
export type LowConfidenceFallback = 'track' | 'profile';

/** Groups a driver's races by track and averages them; low-confidence races count only where nothing better exists. */
export function trackFigures(races: readonly RelativeRace[], fallback: LowConfidenceFallback = 'track'): RelativeTrackFigure[] {
  const byTrack = new Map<string, RelativeRace[]>();
  const anyConfident = races.some((r) => r.clean_laps > 0 && !r.low_confidence);
  for (const r of races) {
    if (r.clean_laps === 0) continue;
    if (fallback === 'profile' && anyConfident && r.low_confidence) continue;
    let list = byTrack.get(r.track);
    if (!list) byTrack.set(r.track, (list = []));
    list.push(r);
  }
  const out: RelativeTrackFigure[] = [];
  for (const [track, all] of byTrack) {
    const confident = all.filter((r) => !r.low_confidence);
    const used = confident.length > 0 ? confident : all;
    out.push({
      track,
      track_type: used[0].track_type,
      races: used.length,
      low_confidence: confident.length === 0,
      pace_gap_pct: round3(meanOf(used.map((r) => r.pace_gap_pct))),
      variation_pct: round3(meanOf(used.map((r) => r.variation_pct))),
      consistency_cv_pct: round3(meanOf(used.map((r) => r.consistency_cv_pct))),
      potential_gap_pct: round3(meanOf(used.map((r) => r.potential_gap_pct))),
      top_speed_gap_pct: round3(meanOf(used.map((r) => r.top_speed_gap_pct))),
      sector_gap_pct: {
        s1: round3(meanOf(used.map((r) => r.sector_gap_pct.s1))),
        s2: round3(meanOf(used.map((r) => r.sector_gap_pct.s2))),
        s3: round3(meanOf(used.map((r) => r.sector_gap_pct.s3))),
      },
    });
  }
  return out;
}

/** The cross-race DNA of one driver from that driver's race figures. */
export function relativeDna(races: readonly RelativeRace[], fallback: LowConfidenceFallback = 'track'): RelativeDna {
  const tracks = trackFigures(races, fallback);
  const missing: RelativeDna['missing'] = {};
  const avg = (field: RelativeDnaField, pick: (t: RelativeTrackFigure) => number | null, why: string): number | null => {
    const v = round3(meanOf(tracks.map(pick)));
    if (v === null) missing[field] = why;
    return v;
  };
  const noLaps = 'no clean lap in any race';
  const pace = avg('pace_gap_pct', (t) => t.pace_gap_pct, noLaps);
  const variation = avg('variation_pct', (t) => t.variation_pct, tracks.length ? 'needs two clean laps with all three sectors' : noLaps);
  const cv = avg('consistency_cv_pct', (t) => t.consistency_cv_pct, noLaps);
  const potential = avg('potential_gap_pct', (t) => t.potential_gap_pct, tracks.length ? 'no clean lap with all three sectors' : noLaps);
  const topSpeed = avg('top_speed_gap_pct', (t) => t.top_speed_gap_pct, tracks.length ? 'the files carry no TOP_SPEED' : noLaps);

  // sector strengths: per track, how the sector gap compares with the lap gap; then the mean over tracks
  const strength = {} as Record<Sector, number | null>;
  for (const s of SECTORS) {
    strength[s] = round3(
      meanOf(tracks.map((t) => (t.sector_gap_pct[s] !== null && t.pace_gap_pct !== null ? t.sector_gap_pct[s]! - t.pace_gap_pct : null))),
    );
  }
  const ranked = SECTORS.filter((s) => strength[s] !== null).sort((a, b) => strength[a]! - strength[b]!);
  if (ranked.length === 0) missing.sector_strength_pct = tracks.length ? 'no clean lap with sector times' : noLaps;

  // across tracks
  const paced = tracks.filter((t) => t.pace_gap_pct !== null);
  let adaptability: number | null = null;
  let specialisation: RelativeDna['specialisation_pp'] = null;
  let advantage: number | null = null;
  let bestType: TrackType | null = null;
  if (paced.length < 2) {
    const why = `needs relative pace on two tracks or more (has ${paced.length})`;
    missing.adaptability_pp = why;
    missing.specialisation_pp = why;
    missing.specialisation_advantage_pp = why;
  } else {
    const own = mean(paced.map((t) => t.pace_gap_pct!))!;
    adaptability = round3(sdPopulation(paced.map((t) => t.pace_gap_pct!)));
    specialisation = { technical: null, high_speed: null, mixed: null };
    for (const type of TRACK_TYPES) {
      const onType = mean(paced.filter((t) => t.track_type === type).map((t) => t.pace_gap_pct!));
      specialisation[type] = onType === null ? null : round3(onType - own);
    }
    const typesRaced = TRACK_TYPES.filter((t) => specialisation![t] !== null);
    if (typesRaced.length < 2) {
      missing.specialisation_advantage_pp = `needs tracks of two types or more (all ${typesRaced[0]})`;
    } else {
      bestType = typesRaced.reduce((a, b) => (specialisation![b]! < specialisation![a]! ? b : a));
      advantage = round3(-specialisation[bestType]!);
    }
  }

  return {
    races: races.filter((r) => r.clean_laps > 0).length,
    tracks: tracks.length,
    track_figures: tracks,
    low_confidence: tracks.length > 0 && tracks.every((t) => t.low_confidence),
    pace_gap_pct: pace,
    variation_pct: variation,
    consistency_cv_pct: cv,
    potential_gap_pct: potential,
    top_speed_gap_pct: topSpeed,
    sector_strength_pct: strength,
    strongest_sector: ranked[0] ?? null,
    weakest_sector: ranked.length > 1 ? ranked[ranked.length - 1] : null,
    adaptability_pp: adaptability,
    specialisation_pp: specialisation,
    specialisation_advantage_pp: advantage,
    best_track_type: bestType,
    missing,
  };
}
