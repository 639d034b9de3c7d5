// View data of the race pages (pure: no DOM). A race is named in the URL by its input file, track and race
// label; its data comes from the worker as columns per car (core/race), and these helpers turn it into
// rows of tables, series of charts and CSV text.
import { MARK, type RaceCar } from '../../core/race';
import { LapTable } from '../../core/lap-table';
import { racesOfTable } from '../../core/lap-summary';

export interface RaceRef {
  file: number;
  track: string;
  race: string;
}

/** The worker's race key (core relative/clean-laps raceKey) of a race reference. */
export function raceKeyOf(ref: RaceRef): string {
  return `${ref.file}\u0000${ref.track}\u0000${ref.race}`;
}

/** Okabe-Ito first, then evenly spaced hues: one colour per car, the same on every chart of a page. */
const BASE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#000000'];

export function carColour(index: number): string {
  if (index < BASE.length) return BASE[index];
  const hue = Math.round(((index - BASE.length) * 137.508) % 360); // golden-angle steps keep neighbours apart
  return `hsl(${hue} 65% 45%)`;
}

/** Colour per car key, in the order given (the classification's order). */
export function carColours(keys: readonly string[]): Map<string, string> {
  return new Map(keys.map((k, i) => [k, carColour(i)]));
}

export type LapMark = 'caution' | 'pit-in' | 'pit-out' | 'restart';

/** The marks of a lap as names (core/race MARK bits), in a fixed order. */
export function marksOf(bits: number): LapMark[] {
  const out: LapMark[] = [];
  if (bits & MARK.caution) out.push('caution');
  if (bits & MARK.pitIn) out.push('pit-in');
  if (bits & MARK.pitOut) out.push('pit-out');
  if (bits & MARK.restart) out.push('restart');
  return out;
}

export const MARK_TEXT: Record<LapMark, string> = {
  caution: 'caution',
  'pit-in': 'pit in',
  'pit-out': 'pit out',
  restart: 'restart',
};

/** The best clean lap of a car (s), the base of its 107% clean-lap cut; null without a clean lap. */
export function bestCleanLapS(car: RaceCar): number | null {
  let best = Infinity;
  car.lapTimeS.forEach((t, i) => {
    if (car.marks[i] & MARK.clean && t < best) best = t;
  });
  return best === Infinity ? null : best;
}

/** Clean laps' times of a car. */
export function cleanTimes(car: RaceCar): number[] {
  return car.lapTimeS.filter((t, i) => (car.marks[i] & MARK.clean) !== 0 && Number.isFinite(t));
}

/** One cell of a CSV: quoted when it holds a separator, a quote or a line break (RFC 4180). */
function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : v;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A table as CSV text (comma-separated, numbers to the millisecond, empty cells for missing values). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A file name from words: letters, digits and dashes. */
export function fileNameOf(...parts: string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** Signed seconds: +1.234 s, −0.250 s. */
export function fmtDelta(s: number | null | undefined, digits = 3): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  return `${s > 0 ? '+' : s < 0 ? '−' : '±'}${Math.abs(s).toFixed(digits)} s`;
}

export interface RaceLink extends RaceRef {
  laps: number;
}

/**
 * The races of a lap table (input file, track, race label) in input order, optionally only those a car ran.
 * A file's laps come in one run, so this compares neighbours instead of building a key per lap.
 */
export function racesOf(laps: LapTable | readonly { fileIndex: number; track: string; race: string; carNumber: unknown }[], car?: string): RaceLink[] {
  if (laps instanceof LapTable) return racesOfTable(laps, car);
  const out: RaceLink[] = [];
  const seen = new Map<string, RaceLink>();
  let last: RaceLink | null = null;
  for (const l of laps) {
    if (car !== undefined && String(l.carNumber) !== car) continue;
    if (!last || last.file !== l.fileIndex || last.track !== l.track || last.race !== l.race) {
      const key = raceKeyOf({ file: l.fileIndex, track: l.track, race: l.race });
      last = seen.get(key) ?? null;
      if (!last) {
        last = { file: l.fileIndex, track: l.track, race: l.race, laps: 0 };
        seen.set(key, last);
        out.push(last);
      }
    }
    last.laps++;
  }
  return out;
}

