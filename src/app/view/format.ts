// Number formatting for the pages: units in the text, a dash for a missing value.
export const DASH = '–';

export function fmtNum(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? DASH : x.toFixed(digits);
}

/** Signed percentage: +1.23 % (slower / more), −0.40 % (faster / less). */
export function fmtPct(x: number | null | undefined, digits = 2, signed = true): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const s = x.toFixed(digits);
  return `${signed && x > 0 ? '+' : ''}${s.replace('-', '−')} %`;
}

/** Lap time as m:ss.mmm (or ss.mmm under a minute). */
export function fmtLap(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return DASH;
  const m = Math.floor(s / 60);
  const rest = s - 60 * m;
  return m > 0 ? `${m}:${rest.toFixed(3).padStart(6, '0')}` : rest.toFixed(3);
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** A count with thousands separators (1,000,000 laps). */
/**
 * A count with thousands separators (1,234,567). Whole numbers are grouped here: the first
 * toLocaleString of a page starts ICU's number formatting, ~50 ms of the page's thread in the middle of a
 * drop (the validation progress shows counts); anything else goes to toLocaleString.
 */
export function fmtCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en');
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return n < 0 ? `-${out}` : out;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Alphabetical order for names (tracks, archetypes): case-insensitive, then by code point. Not
 * localeCompare: its first call in a page builds the ICU collator, one main-thread task of ~50 ms
 * (measured in Chromium), and the names here are plain ASCII.
 */
export function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
