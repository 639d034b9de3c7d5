// Time parsing with the original system's semantics (dna-spec §1):
// empty → missing; a number passes through; a string with ':' is 60 × part0 + part1 (only the first two
// parts); anything else parses as a float; failure → missing.

/** Python float() accepts surrounding whitespace, a sign, decimals, exponents, inf and nan; nothing else. */
const FLOAT_RE = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf(inity)?|nan)$/i;

/** Python-style float(): whole string must be a number, else null. NaN counts as missing. */
export function parseFloatStrict(text: string): number | null {
  const s = text.trim();
  if (s === '' || !FLOAT_RE.test(s)) return null;
  const v = Number(s.toLowerCase().replace(/^([+-]?)inf(inity)?$/, '$1Infinity'));
  return Number.isNaN(v) ? null : v;
}

export function parseTimeS(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  const s = value.trim();
  if (s === '') return null;
  if (s.includes(':')) {
    const parts = s.split(':');
    const minutes = parseFloatStrict(parts[0]);
    const seconds = parseFloatStrict(parts[1]);
    if (minutes === null || seconds === null) return null;
    return 60 * minutes + seconds;
  }
  return parseFloatStrict(s);
}
