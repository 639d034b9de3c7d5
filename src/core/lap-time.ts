// Time parsing (dna-spec §1 and §3.1): empty → missing; a number passes through; `SS.mmm`, `M:SS.mmm` and
// `H:MM:SS.mmm` are read in full (`1:21:48.622` is 4,908.622 s); anything else parses as a float; failure →
// missing. The seed read only the first two parts of a time with colons (60 × part0 + part1); on the GR Cup
// season only PIT_TIME has three parts (`0:02:36.933`) and no rule reads its value, so classic keeps the
// seed's numbers exactly (docs/relative-dna.md, "Times").

/** Python float() accepts surrounding whitespace, a sign, decimals, exponents, underscores between digits, inf and nan. */
const SPECIAL_RE = /^[+-]?(inf(inity)?|nan)$/i;

/** "0x1F", "-0b1", "+0o7": Number() reads these, Python's float() does not. */
function hasRadixPrefix(s: string): boolean {
  const i = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? 1 : 0;
  if (s.charCodeAt(i) !== 48 || s.length < i + 2) return false;
  const c = s.charCodeAt(i + 1) | 32; // lower-case
  return c === 120 || c === 98 || c === 111; // x b o
}

/** Powers of ten, each exact in a double (10^22 is the last one that is). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `text[from, to)` when it is plain decimal digits with at most one '.' (and 15 digits at most), else NaN.
 * Exact: the digits form an integer below 2^53 and 10^k is exact, so their quotient is the correctly
 * rounded value of the decimal, which is what Number() gives.
 */
export function plainDecimal(text: string, from: number, to: number): number {
  let mantissa = 0;
  let digits = 0;
  let dot = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 && dot < 0) dot = i;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  return dot < 0 ? mantissa : mantissa / POW10[to - dot - 1];
}

/** Python-style float(): the whole string must be a number, else null. NaN counts as missing. */
export function parseFloatStrict(text: string): number | null {
  const fast = plainDecimal(text, 0, text.length);
  if (fast === fast) return fast;
  const s = text.trim();
  if (s === '') return null;
  const c = s.charCodeAt(s.length - 1);
  if (c >= 48 && c <= 57) {
    // Number() agrees with Python's float() on decimal text; it also reads 0x/0b/0o prefixes, which Python refuses.
    if (hasRadixPrefix(s)) return null;
    const v = Number(s.includes('_') ? (/^[+-]?\d+(_\d+)*(\.(\d+(_\d+)*)?)?([eE][+-]?\d+(_\d+)*)?$/.test(s) ? s.replace(/_/g, '') : 'x') : s);
    return Number.isNaN(v) ? null : v;
  }
  if (c === 46) {
    const v = Number(s); // "5." is a float in Python and in Number()
    return Number.isNaN(v) ? null : v;
  }
  if (SPECIAL_RE.test(s)) {
    const lower = s.toLowerCase();
    if (lower.endsWith('nan')) return null;
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  return null;
}

export function parseTimeS(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  const fast = plainClock(value);
  if (fast === fast) return fast;
  const s = value.trim();
  if (s === '') return null;
  if (s.includes(':')) {
    const parts = s.split(':');
    if (parts.length > 3) return null;
    let total = 0;
    for (const part of parts) {
      const v = parseFloatStrict(part);
      if (v === null) return null;
      total = 60 * total + v;
    }
    return total;
  }
  return parseFloatStrict(s);
}

/** `SS.mmm`, `M:SS.mmm`, `H:MM:SS.mmm` of plain decimals (no spaces, signs or exponents), as parseTimeS reads them; else NaN. */
function plainClock(s: string): number {
  let total = 0;
  let parts = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && s.charCodeAt(i) !== 58) continue;
    const v = plainDecimal(s, start, i);
    if (v !== v || ++parts > 3) return NaN;
    total = 60 * total + v;
    start = i + 1;
  }
  return total;
}
