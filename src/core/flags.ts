// Flags at the line (`FLAG_AT_FL`, dna-spec §3.1): green and the finish are racing; every other value is a
// caution of some kind (full course yellow, safety car, virtual safety car, red flag, Code 60, slow zone ...).
// A value the table does not know also counts as caution (a lap of unknown status is not a clean lap) and
// the ingester reports it once per file (W028).

/** Green: racing laps. The empty cell is green too (exports leave it empty on ordinary laps). */
export const GREEN_FLAGS: readonly string[] = ['GF', 'G', 'GREEN', ''];
/** The chequered flag: the last lap is raced at full speed. */
export const FINISH_FLAGS: readonly string[] = ['FF', 'F', 'CHEQUERED', 'CHECKERED', 'CHEQUERED FLAG', 'CHECKERED FLAG'];
/** Known cautions: named so a report can tell a known caution from an unknown value. */
export const CAUTION_FLAGS: readonly string[] = [
  'FCY', // full course yellow (GR Cup, IMSA, WEC)
  'SC', // safety car
  'SF', // safety car (Al Kamel IMSA/WEC exports)
  'VSC', // virtual safety car
  'RF', // red flag (Al Kamel)
  'RED',
  'YF', // yellow
  'Y',
  'YELLOW',
  'CODE 60',
  'CODE60',
  'SZ', // slow zone (WEC)
  'SLOW ZONE',
  'FYC',
];

export type FlagKind = 'green' | 'finish' | 'caution' | 'unknown';

/** Kind of an upper-cased, trimmed flag value; null (no flag column) is green. */
export function flagKind(flag: string | null): FlagKind {
  if (flag === null || GREEN_FLAGS.includes(flag)) return 'green';
  if (FINISH_FLAGS.includes(flag)) return 'finish';
  return CAUTION_FLAGS.includes(flag) ? 'caution' : 'unknown';
}

/** Caution for the caution and restart rules: every value but green and the finish, unknown ones included. */
export function isCautionFlag(flag: string | null): boolean {
  const kind = flagKind(flag);
  return kind === 'caution' || kind === 'unknown';
}
