// Known tracks, their long names and types (dna-spec §1), and track/race inference from paths.
import { own } from './own';
import type { TrackType } from './types';

export interface KnownTrack {
  /** Canonical name, as the original system's folders spell it. */
  name: string;
  aliases: string[];
  type: TrackType;
  /** Lap length in km (public circuit data); used by the sample generator for KPH. */
  lengthKm: number;
}

export const KNOWN_TRACKS: readonly KnownTrack[] = [
  { name: 'barber', aliases: ['barber motorsports park', 'barber'], type: 'technical', lengthKm: 3.83 },
  { name: 'COTA', aliases: ['circuit of the americas', 'cota', 'austin'], type: 'mixed', lengthKm: 5.513 },
  { name: 'Road America', aliases: ['road america', 'road_america', 'roadamerica', 'elkhart lake'], type: 'high_speed', lengthKm: 6.515 },
  { name: 'Sebring', aliases: ['sebring international raceway', 'sebring'], type: 'technical', lengthKm: 6.019 },
  { name: 'Sonoma', aliases: ['sonoma raceway', 'sonoma', 'sears point'], type: 'technical', lengthKm: 4.05 },
  { name: 'VIR', aliases: ['virginia international raceway', 'vir'], type: 'mixed', lengthKm: 5.263 },
];

function squash(s: string): string {
  return s.toLowerCase().replace(/[_\-\s]+/g, ' ').trim();
}

/** Canonical name of a known track (case-insensitive, long names accepted), else null. */
export function matchKnownTrack(name: string): KnownTrack | null {
  const s = squash(name);
  if (s === '') return null;
  return KNOWN_TRACKS.find((t) => squash(t.name) === s || t.aliases.includes(s)) ?? null;
}

/** A user-given track: the canonical name when known, else the trimmed name as given. */
export function normaliseTrack(name: string): string {
  return matchKnownTrack(name)?.name ?? name.trim();
}

/** dna-spec §1: barber, Sebring, Sonoma technical; Road America high_speed; COTA, VIR and others mixed. */
export function trackType(track: string, overrides: Record<string, TrackType> = {}): TrackType {
  // Own keys only: a track called "toString" or "constructor" is a name, not Object.prototype's member.
  const given = own(overrides, track);
  if (given) return given;
  return matchKnownTrack(track)?.type ?? 'mixed';
}

/** Finds a known track inside free text (a file name): the longest alias that occurs as a word. */
function findTrackInText(text: string): KnownTrack | null {
  const s = ` ${squash(text.replace(/\.[a-z0-9]+$/i, ''))} `;
  let best: { t: KnownTrack; len: number } | null = null;
  for (const t of KNOWN_TRACKS) {
    for (const a of t.aliases) {
      if (s.includes(` ${a} `) && (!best || a.length > best.len)) best = { t, len: a.length };
    }
  }
  return best?.t ?? null;
}

const RACE_RE = /(?:^|[^a-z0-9])(?:race[ _-]*|r)(\d{1,2})(?![0-9])/i;

/** "Race 2" from "Race 2", "R2_barber_lap_time.csv", "..._Race 1_Anonymized.CSV"; null if none. */
export function findRace(text: string): string | null {
  const m = RACE_RE.exec(text);
  return m ? `Race ${Number(m[1])}` : null;
}

export interface PathInference {
  track: string | null;
  trackSource: 'folder' | 'file-name' | null;
  race: string | null;
}

/**
 * Track and race from a dropped path: folders first (`COTA/Race 1/x.CSV`, `barber/x_Race 2.CSV`), then the
 * file name. The innermost folder that names a known track wins.
 */
export function inferFromPath(path: string): PathInference {
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  const fileName = parts.pop() ?? '';
  let track: string | null = null;
  let trackSource: PathInference['trackSource'] = null;
  for (let i = parts.length - 1; i >= 0 && !track; i--) {
    const t = matchKnownTrack(parts[i]);
    if (t) {
      track = t.name;
      trackSource = 'folder';
    }
  }
  if (!track) {
    const t = findTrackInText(fileName);
    if (t) {
      track = t.name;
      trackSource = 'file-name';
    }
  }
  let race: string | null = null;
  for (let i = parts.length - 1; i >= 0 && !race; i--) race = findRace(parts[i]);
  race ??= findRace(fileName);
  return { track, trackSource, race };
}
