// Plausibility bounds per quantity, applied when a lap file is read. A cell outside its bounds, or one that
// is not a finite number (Infinity, 1e308, NaN), is an invalid cell: it is left empty and reported with
// its line (W026, reason `<quantity>-not-finite` / `-out-of-bounds` / `-bad-clock`), never averaged. The
// bounds are wide on purpose (a red-flag lap can take an hour): they catch what no timing system writes;
// what is possible but unlikely (one 0:45 lap among 1:47 laps) is the relative rules' outlier test.
import { plainDecimal } from './lap-time';

export interface Bounds {
  min: number;
  max: number;
  /** The minimum itself is not allowed (a sector of 0 s). */
  minExclusive?: boolean;
  integer?: boolean;
}

/** Seconds in a day: no lap, sector or pit stop of a race lasts longer. */
const DAY_S = 86_400;

export const PLAUSIBLE = {
  /** A lap: at least 5 s (no circuit is shorter), at most a day. */
  'lap-time': { min: 5, max: DAY_S },
  sector: { min: 0, max: DAY_S, minExclusive: true },
  intermediate: { min: 0, max: DAY_S, minExclusive: true },
  /** Average and top speed: 1 to 500 km/h (the fastest race cars reach about 400). */
  speed: { min: 1, max: 500 },
  'pit-time': { min: 0, max: DAY_S },
  'lap-number': { min: 0, max: 1_000_000, integer: true },
  elapsed: { min: 0, max: 31 * DAY_S },
} as const satisfies Record<string, Bounds>;

export type Quantity = keyof typeof PLAUSIBLE;

/** Why `value` is not a plausible `quantity`, or null when it is (or is missing). */
export function implausible(value: number | null, quantity: Quantity): 'not-finite' | 'out-of-bounds' | null {
  if (value === null) return null;
  if (!Number.isFinite(value)) return 'not-finite';
  const b: Bounds = PLAUSIBLE[quantity];
  if (value < b.min || value > b.max || (b.minExclusive && value === b.min)) return 'out-of-bounds';
  if (b.integer && !Number.isInteger(value)) return 'out-of-bounds';
  return null;
}

/** `M:SS.mmm` / `H:MM:SS.mmm` whose seconds or minutes are 60 or more (`99:99.999`): no clock writes that. */
export function badClock(text: string): boolean {
  if (text.indexOf(':') < 0) return false;
  const fast = plainClockBad(text);
  if (fast !== null) return fast;
  const s = text.trim();
  if (s.indexOf(':') < 0) return false;
  const parts = s.split(':');
  for (let i = 1; i < parts.length; i++) if (!(Number(parts[i]) < 60)) return true;
  return false;
}

/** badClock of plain decimals between colons (no spaces or signs), else null (the full reading decides). */
function plainClockBad(s: string): boolean | null {
  let start = s.indexOf(':') + 1;
  while (start > 0) {
    const next = s.indexOf(':', start);
    const end = next < 0 ? s.length : next;
    const v = plainDecimal(s, start, end);
    if (v !== v) return null;
    if (!(v < 60)) return true;
    start = next + 1;
  }
  return false;
}

/** Reasons ingest reports as invalid cells (the row stays, the cell is left empty). */
export function isCellReason(reason: string): boolean {
  return reason === 'unreadable-lap-time' || /-(not-finite|out-of-bounds|bad-clock)$/.test(reason);
}
