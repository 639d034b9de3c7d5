// Known tracks, their long names and types (dna-spec §1), and track/race inference from paths.
import { own } from './own';
import type { TrackType } from './types';

export interface KnownTrack {
  /** Canonical name (the GR Cup six as the original system's folders spell them). */
  name: string;
  /** Other names, as words: lower case, no accents, words separated by one space. */
  aliases: string[];
  type: TrackType;
  /** Lap length in km (public circuit data); used by the sample generator for KPH. */
  lengthKm: number;
  /** Calendars it is on (documentation of why it is in the table). */
  series: string[];
}

/** The six GR Cup 2025 circuits: the sample generator's default season. */
export const GR_CUP_TRACKS: readonly KnownTrack[] = [
  { name: 'barber', aliases: ['barber motorsports park', 'barber'], type: 'technical', lengthKm: 3.83, series: ['GR Cup'] },
  { name: 'COTA', aliases: ['circuit of the americas', 'cota', 'austin', 'lone star le mans'], type: 'mixed', lengthKm: 5.513, series: ['GR Cup', 'WEC'] },
  { name: 'Road America', aliases: ['road america', 'roadamerica', 'elkhart lake'], type: 'high_speed', lengthKm: 6.515, series: ['GR Cup', 'IMSA'] },
  { name: 'Sebring', aliases: ['sebring international raceway', 'sebring'], type: 'technical', lengthKm: 6.019, series: ['GR Cup', 'IMSA'] },
  { name: 'Sonoma', aliases: ['sonoma raceway', 'sonoma', 'sears point'], type: 'technical', lengthKm: 4.05, series: ['GR Cup'] },
  { name: 'VIR', aliases: ['virginia international raceway', 'vir'], type: 'mixed', lengthKm: 5.263, series: ['GR Cup', 'IMSA'] },
];

/**
 * Every circuit the app knows: the GR Cup six and the IMSA WeatherTech 2025 and FIA WEC 2025 calendars, plus
 * a few other circuits of the same series. Types follow dna-spec §1: street and tight road courses
 * technical, long-straight circuits high_speed, the rest mixed. An unknown circuit is mixed unless the user
 * gives its type.
 */
export const KNOWN_TRACKS: readonly KnownTrack[] = [
  ...GR_CUP_TRACKS,
  // IMSA WeatherTech 2025
  { name: 'Daytona', aliases: ['daytona international speedway', 'daytona'], type: 'high_speed', lengthKm: 5.73, series: ['IMSA'] },
  { name: 'Long Beach', aliases: ['long beach street circuit', 'grand prix of long beach', 'long beach'], type: 'technical', lengthKm: 3.167, series: ['IMSA'] },
  { name: 'Laguna Seca', aliases: ['weathertech raceway laguna seca', 'laguna seca', 'monterey'], type: 'technical', lengthKm: 3.602, series: ['IMSA'] },
  { name: 'Detroit', aliases: ['detroit street course', 'detroit street circuit', 'detroit', 'belle isle'], type: 'technical', lengthKm: 2.655, series: ['IMSA'] },
  { name: 'Watkins Glen', aliases: ['watkins glen international', 'watkins glen', 'the glen'], type: 'high_speed', lengthKm: 5.472, series: ['IMSA'] },
  {
    name: 'Mosport',
    aliases: ['canadian tire motorsport park', 'canadian tire motorsports park', 'mosport', 'ctmp', 'bowmanville'],
    type: 'high_speed',
    lengthKm: 3.957,
    series: ['IMSA'],
  },
  { name: 'Lime Rock', aliases: ['lime rock park', 'lime rock'], type: 'technical', lengthKm: 2.459, series: ['IMSA'] },
  { name: 'Indianapolis', aliases: ['indianapolis motor speedway', 'indianapolis', 'indy'], type: 'mixed', lengthKm: 3.925, series: ['IMSA'] },
  { name: 'Road Atlanta', aliases: ['michelin raceway road atlanta', 'road atlanta', 'petit le mans', 'braselton'], type: 'mixed', lengthKm: 4.088, series: ['IMSA'] },
  { name: 'Mid-Ohio', aliases: ['mid ohio sports car course', 'mid ohio'], type: 'technical', lengthKm: 3.634, series: ['IMSA'] },
  // FIA WEC 2025
  { name: 'Qatar', aliases: ['lusail international circuit', 'losail international circuit', 'lusail', 'losail', 'qatar'], type: 'high_speed', lengthKm: 5.419, series: ['WEC'] },
  { name: 'Imola', aliases: ['autodromo enzo e dino ferrari', 'imola'], type: 'mixed', lengthKm: 4.909, series: ['WEC'] },
  { name: 'Spa', aliases: ['circuit de spa francorchamps', 'spa francorchamps', 'francorchamps', 'spa'], type: 'high_speed', lengthKm: 7.004, series: ['WEC'] },
  { name: 'Le Mans', aliases: ['circuit de la sarthe', '24 heures du mans', 'le mans', 'lemans', 'sarthe'], type: 'high_speed', lengthKm: 13.626, series: ['WEC'] },
  { name: 'Interlagos', aliases: ['autodromo jose carlos pace', 'interlagos', 'sao paulo'], type: 'mixed', lengthKm: 4.309, series: ['WEC'] },
  { name: 'Fuji', aliases: ['fuji speedway', 'fuji'], type: 'high_speed', lengthKm: 4.563, series: ['WEC'] },
  { name: 'Bahrain', aliases: ['bahrain international circuit', 'bahrain', 'sakhir'], type: 'mixed', lengthKm: 5.412, series: ['WEC'] },
  // other endurance calendars (ELMS, earlier WEC seasons)
  { name: 'Monza', aliases: ['autodromo nazionale monza', 'monza'], type: 'high_speed', lengthKm: 5.793, series: ['WEC', 'ELMS'] },
  { name: 'Portimao', aliases: ['autodromo internacional do algarve', 'portimao', 'algarve'], type: 'mixed', lengthKm: 4.653, series: ['WEC', 'ELMS'] },
  { name: 'Barcelona', aliases: ['circuit de barcelona catalunya', 'barcelona', 'catalunya'], type: 'mixed', lengthKm: 4.657, series: ['ELMS'] },
  { name: 'Silverstone', aliases: ['silverstone circuit', 'silverstone'], type: 'high_speed', lengthKm: 5.891, series: ['WEC', 'ELMS'] },
  { name: 'Paul Ricard', aliases: ['circuit paul ricard', 'paul ricard', 'le castellet', 'castellet'], type: 'mixed', lengthKm: 5.842, series: ['ELMS'] },
];

/** Lower case, accents dropped, every run of non-letters-or-digits one space: "São_Paulo-6h" → "sao paulo 6h". */
export function trackWords(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function squash(s: string): string {
  return trackWords(s);
}

/** Each known track with its squashed name and aliases, computed once (inference runs per file, row and driver). */
let namedTracks: { t: KnownTrack; names: string[] }[] | null = null;
const knownNames = () => (namedTracks ??= KNOWN_TRACKS.map((t) => ({ t, names: [squash(t.name), ...t.aliases] })));

/** Answers of a pure function of one string, remembered; a bound keeps a file of distinct junk from growing it. */
function memoised<T>(fn: (s: string) => T): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined && !seen.has(s)) {
      if (seen.size >= 10_000) seen.clear();
      seen.set(s, (v = fn(s)));
    }
    return v as T;
  };
}

/** Finds a known track inside free text (a folder or file name): the longest alias that occurs as whole words. */
const findTrackInText = memoised((text: string): KnownTrack | null => {
  const s = ` ${trackWords(text.replace(/\.(csv|txt|json)$/i, ''))} `;
  if (s.trim() === '') return null;
  let best: { t: KnownTrack; len: number } | null = null;
  for (const { t, names } of knownNames()) {
    for (const a of names) {
      if (s.includes(` ${a} `) && (!best || a.length > best.len)) best = { t, len: a.length };
    }
  }
  return best?.t ?? null;
});

/**
 * A known track from a name (case-, accent- and punctuation-insensitive, long names and names inside longer
 * text accepted: "06-sebring-international-raceway", "cota_6h"), else null.
 */
export const matchKnownTrack = memoised((name: string): KnownTrack | null => {
  const s = squash(name);
  if (s === '') return null;
  return knownNames().find(({ names }) => names.includes(s))?.t ?? findTrackInText(name);
});

/** Names as a reader sees them: the canonical key 'barber' (the seed's folder name) reads "Barber". */
const DISPLAY_NAMES: Record<string, string> = { barber: 'Barber' };

/** The display name of a track: capitalised the way the other known tracks are; unknown names as given. */
export function trackLabel(name: string): string {
  const known = matchKnownTrack(name)?.name;
  return known ? (DISPLAY_NAMES[known] ?? known) : name;
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

/** Words of export file and folder names that never name a circuit. */
const GENERIC_WORDS = new Set([
  'race', 'races', 'lap', 'laps', 'analysis', 'analysisendurancewithsections', 'endurance', 'with', 'sections', 'results',
  'result', 'official', 'provisional', 'anonymized', 'anonymised', 'weather', 'best', 'by', 'driver', 'drivers', 'class',
  'session', 'timing', 'export', 'data', 'csv', 'track', 'file', 'files', 'final', 'classification', 'hour', 'hours',
  'qualifying', 'practice', 'fp1', 'fp2', 'fp3', 'time', 'times', 'start', 'end', 'of', 'the', 'and', 'season',
]);

/** A word that is a number, an ordinal, a date, a race length or a single letter ("06", "202503151010", "6h", "1812km", "r2", "x"). */
const NOISE_WORD = /^(\d+|\d+(st|nd|rd|th|h|hr|hrs|km|mi|miles|min|laps?)|r\d{1,2}|[a-z])$/;

/**
 * A track name guessed from a folder or file name the table does not know: ordinal and date prefixes,
 * dashes, underscores and export words dropped, words capitalised ("07-mid-season-circuit" → "Mid Season
 * Circuit"); null when nothing is left.
 */
export function guessTrackName(text: string): string | null {
  const words = trackWords(text.replace(/\.(csv|txt)$/i, ''))
    .split(' ')
    .filter((w) => w !== '' && !NOISE_WORD.test(w) && !GENERIC_WORDS.has(w));
  if (words.length === 0) return null;
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

const RACE_RE = /(?:^|[^a-z0-9])(?:race[ _-]*|r)(\d{1,2})(?![0-9])/i;

/** A folder that only says which race it holds ("Race 1", "R2"). */
const isRaceFolder = (name: string): boolean => findRace(name) !== null && guessTrackName(name) === null;

/** "Race 2" from "Race 2", "R2_barber_lap_time.csv", "..._Race 1_Anonymized.CSV"; null if none. */
export function findRace(text: string): string | null {
  const m = RACE_RE.exec(text);
  return m ? `Race ${Number(m[1])}` : null;
}

/** A session word of a file name, as a label. */
const SESSION_WORDS: Record<string, string> = { race: 'Race', qualifying: 'Qualifying', practice: 'Practice', warmup: 'Warm-up' };

/**
 * A readable race label from a lap file's name when it names no "Race N": the date stamp the IMSA
 * collector writes ("202503151010-race-laps.csv" → "Race · 2025-03-15 10:10"; the time keeps two races
 * of one day apart) or the race length after the circuit's name ("fuji_6h.csv" → "6 Hours", "qatar_1812km.csv" →
 * "1812 km"). Any other name: its stem, as given.
 */
export function raceLabelFromName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]+$/, '');
  const dated = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2}))?(?![0-9])(.*)$/.exec(stem);
  if (dated) {
    const [, y, mo, d, h, mi, rest] = dated;
    const month = Number(mo);
    const day = Number(d);
    const timeOk = h === undefined || (Number(h) < 24 && Number(mi) < 60);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && timeOk) {
      const words = trackWords(rest).split(' ');
      const session = words.map((w) => SESSION_WORDS[w]).find((w) => w !== undefined) ?? 'Race';
      return `${session} · ${y}-${mo}-${d}${h === undefined ? '' : ` ${h}:${mi}`}`;
    }
  }
  // "<circuit> <length>": the name ends with the race length, spelled out here
  const words = trackWords(stem)
    .split(' ')
    .filter((w) => w !== '' && (w === 'hour' || w === 'hours' || !GENERIC_WORDS.has(w)))
    .join(' ');
  const length = / (\d+) ?(h|hr|hrs|hour|hours|km|mi|miles)$/.exec(` ${words}`);
  if (length && length.index > 0) {
    const n = Number(length[1]);
    const unit = length[2];
    if (unit === 'km') return `${n} km`;
    if (unit === 'mi' || unit === 'miles') return `${n} Miles`;
    return `${n} Hour${n === 1 ? '' : 's'}`;
  }
  return stem;
}

export interface PathInference {
  track: string | null;
  /** `guessed`: not a known circuit; the name was made from the file or folder name (W029). */
  trackSource: 'folder' | 'file-name' | 'guessed' | null;
  race: string | null;
}

/**
 * Track and race from a dropped path: folders first (`COTA/Race 1/x.CSV`, `barber/x_Race 2.CSV`,
 * `06-sebring-international-raceway/x.csv`), then the file name (`cota_6h.csv`). The innermost folder that
 * names a known track wins. When none does, the track is guessed: the file name cleaned of export words,
 * else the innermost folder that is not a race folder (`trackSource: 'guessed'`).
 */
export function inferFromPath(path: string): PathInference {
  return { ...inferFromPathOnce(path) }; // a copy: callers may change theirs
}

const inferFromPathOnce = memoised((path: string): PathInference => {
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
  if (!track) {
    track = guessTrackName(fileName);
    for (let i = parts.length - 1; i >= 0 && !track; i--) if (!isRaceFolder(parts[i])) track = guessTrackName(parts[i]);
    if (track) trackSource = 'guessed';
  }
  let race: string | null = null;
  for (let i = parts.length - 1; i >= 0 && !race; i--) race = findRace(parts[i]);
  race ??= findRace(fileName);
  return { track, trackSource, race };
});
