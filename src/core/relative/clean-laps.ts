// Clean laps (dna-spec §3), read the FastF1 way: a list of named rules, each attaching its reason to the
// laps it drops, so the UI can show why a lap was left out and a test can name the rule it checks.
// FastF1: laps.pick_wo_box().pick_track_status('1').pick_quicklaps(1.07).
import { isCautionFlag } from '../flags';
import { runsOf, tableOf, type LapTable } from '../lap-table';
import type { LapColumns, LapRow } from '../types';

export type ExclusionReason = 'no-time' | 'first-lap' | 'caution' | 'pit-in' | 'pit-out' | 'restart' | 'outlier' | 'slow';

/** How the caution rule reads FLAG_AT_FL (src/core/flags.ts): every value but green and the finish. */
export const CAUTION_RULE_TEXT = 'any value but green (GF) and the finish (FF): FCY, SF, SC, VSC, RF, Code 60, ...';

/** FastF1 pick_quicklaps(1.07): a lap over 107% of the driver's best clean lap of the race is dropped. */
export const DEFAULT_SLOW_FACTOR = 1.07;

/**
 * The outlier rule (issue 13): a lap this much faster than the car's own median clean lap, or than the
 * median clean lap of its race's field (its class when the file has classes), is not a lap the car drove
 * but a timing fault or a cut row (`1:4` for `1:45.1`). Real fronts are within 3% of the field and a car's
 * best within 3–4% of its median; 10% and 15% leave room for a wet-to-dry race.
 */
export const OUTLIER_CAR_FACTOR = 0.9;
export const OUTLIER_FIELD_FACTOR = 0.85;
/** The car's median needs this many laps that passed the earlier rules. */
export const OUTLIER_MIN_LAPS = 5;
/** A lap faster than the sum of its sectors by more than max(0.5 s, 1%) disagrees with its own splits. */
export const SECTOR_SUM_TOLERANCE = { seconds: 0.5, fraction: 0.01 };

/** Why a lap is an outlier, or null: sectors first (the lap's own evidence), then the car, then the field. */
export function outlierWhy(lap: LapRow, carMedianS: number | null, fieldMedianS: number | null): string | null {
  const t = lap.lapTimeS;
  if (t === null) return null;
  const { s1S, s2S, s3S } = lap;
  if (s1S !== null && s2S !== null && s3S !== null) {
    const sum = s1S + s2S + s3S;
    if (t < sum - Math.max(SECTOR_SUM_TOLERANCE.seconds, SECTOR_SUM_TOLERANCE.fraction * sum)) {
      return `${t.toFixed(3)} s is faster than its sectors (${sum.toFixed(3)} s)`;
    }
  }
  if (carMedianS !== null && t < OUTLIER_CAR_FACTOR * carMedianS) {
    return `${t.toFixed(3)} s is ${(100 * (1 - t / carMedianS)).toFixed(0)}% faster than the car's median clean lap (${carMedianS.toFixed(3)} s)`;
  }
  if (fieldMedianS !== null && t < OUTLIER_FIELD_FACTOR * fieldMedianS) {
    return `${t.toFixed(3)} s is ${(100 * (1 - t / fieldMedianS)).toFixed(0)}% faster than the field's median clean lap (${fieldMedianS.toFixed(3)} s)`;
  }
  return null;
}

/** What a rule sees: the lap, the car's previous lap in the same race, and the car's best other-clean lap. */
export interface LapContext {
  lap: LapRow;
  /** The car's previous lap in the same race (file order), or null on its first row. */
  previous: LapRow | null;
  /** Best lap of the car in the race among laps no earlier rule dropped (only the `slow` rule reads it). */
  bestCleanLapS: number | null;
  slowFactor: number;
  /** Median lap of the car in the race over laps the earlier rules kept (null under OUTLIER_MIN_LAPS). */
  carMedianS?: number | null;
  /** Median of those laps over the race's field (the car's class when the file has one). */
  fieldMedianS?: number | null;
}

export interface CleanLapRule {
  reason: ExclusionReason;
  /** One line for the UI and the docs. */
  description: string;
  /** Columns the rule reads; the rule is skipped on a file where `applies` is false. */
  needs: readonly (keyof LapColumns)[];
  applies(columns: LapColumns): boolean;
  drops(ctx: LapContext): boolean;
}

/** Caution by flag text as the file writes it, decided once per distinct value (a season has a handful). */
const cautionByFlag = new Map<string, boolean>();
const isCaution = (lap: LapRow | null): boolean => {
  if (lap === null || lap.flag === null) return lap !== null && isCautionFlag(null);
  let c = cautionByFlag.get(lap.flag);
  if (c === undefined) cautionByFlag.set(lap.flag, (c = isCautionFlag(lap.flag.toUpperCase())));
  return c;
};

/**
 * The rules in the order they are tried; a lap carries the reason of the first rule that drops it.
 * `slow` comes last because its yardstick is the best lap that survived every other rule.
 */
export const CLEAN_LAP_RULES: readonly CleanLapRule[] = [
  {
    reason: 'no-time',
    description: 'no lap time recorded',
    needs: [],
    applies: () => true,
    drops: ({ lap }) => lap.lapTimeS === null || !(lap.lapTimeS > 0),
  },
  {
    reason: 'first-lap',
    description: 'lap 1 (standing or rolling start)',
    needs: ['lapNumber'],
    applies: (c) => c.lapNumber,
    drops: ({ lap }) => lap.lapNumber === 1,
  },
  {
    reason: 'caution',
    description: `lap ended under caution (FLAG_AT_FL ${CAUTION_RULE_TEXT})`,
    needs: ['flag'],
    applies: (c) => c.flag,
    drops: ({ lap }) => isCaution(lap),
  },
  {
    reason: 'pit-in',
    description: 'lap ended in the pit lane (CROSSING_FINISH_LINE_IN_PIT = B)',
    needs: ['pitIn'],
    applies: (c) => c.pitIn,
    drops: ({ lap }) => lap.pitIn,
  },
  {
    reason: 'pit-out',
    description: 'lap started from the pit lane (the lap after a pit-in, or a lap with PIT_TIME)',
    needs: ['pitIn', 'pitTime'],
    // Either column is enough: each finds out-laps on its own.
    applies: (c) => c.pitIn || c.pitTime,
    drops: ({ lap, previous }) => (previous?.pitIn ?? false) || lap.pitTimeS !== null,
  },
  {
    reason: 'restart',
    description: 'first green lap after a caution (it started behind the safety car or at reduced pace)',
    needs: ['flag'],
    applies: (c) => c.flag,
    drops: ({ lap, previous }) => isCaution(previous) && !isCaution(lap),
  },
  {
    reason: 'outlier',
    description:
      "far faster than the car's median clean lap (under 90%), the field's (under 85%) or the sum of its own sectors: a timing fault or a cut row, never a yardstick",
    needs: [],
    applies: () => true,
    drops: ({ lap, carMedianS, fieldMedianS }) => outlierWhy(lap, carMedianS ?? null, fieldMedianS ?? null) !== null,
  },
  {
    reason: 'slow',
    description: 'slower than the slow factor (default 107%) times the best clean lap of the car in this race',
    needs: [],
    applies: () => true,
    drops: ({ lap, bestCleanLapS, slowFactor }) =>
      bestCleanLapS !== null && lap.lapTimeS !== null && lap.lapTimeS > slowFactor * bestCleanLapS,
  },
];

export const ALL_REASONS: readonly ExclusionReason[] = CLEAN_LAP_RULES.map((r) => r.reason);

export interface LapVerdict {
  lap: LapRow;
  /** Why the lap is left out of the relative DNA, or null for a clean lap. */
  excludedBy: ExclusionReason | null;
  /** For an outlier: what it was compared with ("45.300 s is 58% faster than the car's median …"). */
  why?: string;
}

export interface RuleSkip {
  reason: ExclusionReason;
  /** The columns the file lacks. */
  missing: (keyof LapColumns)[];
}

export interface CleanLapsResult {
  /** One verdict per input lap, in input order. */
  laps: LapVerdict[];
  /** The laps as the lap table they were read from (the DNA reads its columns); absent in hand-made results. */
  table?: LapTable;
  /** Per input file (by fileIndex): the rules that applied and the ones skipped for a missing column. */
  rulesByFile: Map<number, { applied: ExclusionReason[]; skipped: RuleSkip[] }>;
}

export interface CleanLapsOptions {
  /** Threshold of the `slow` rule as a factor of the best clean lap (default 1.07). */
  slowFactor?: number;
}

/** Columns seen in laps themselves; used when the caller gives no LapColumns for a file. */
export function inferLapColumns(laps: readonly LapRow[]): LapColumns {
  return {
    flag: laps.some((l) => l.flag !== null),
    pitIn: laps.some((l) => l.pitIn),
    pitTime: laps.some((l) => l.pitTimeS !== null),
    lapNumber: laps.some((l) => l.lapNumber !== null),
    topSpeed: laps.some((l) => l.topSpeedKph !== null),
    sectors: laps.some((l) => l.s1S !== null || l.s2S !== null || l.s3S !== null),
    speed: laps.some((l) => l.speedKph !== null),
  };
}

/** A race is one input file; a file that holds several tracks or race labels splits further. */
export function raceKey(lap: LapRow): string {
  return `${lap.fileIndex}\u0000${lap.track}\u0000${lap.race}`;
}

function rulesFor(columns: LapColumns): { applied: CleanLapRule[]; skipped: RuleSkip[] } {
  const applied: CleanLapRule[] = [];
  const skipped: RuleSkip[] = [];
  for (const rule of CLEAN_LAP_RULES) {
    if (rule.applies(columns)) applied.push(rule);
    else skipped.push({ reason: rule.reason, missing: rule.needs.filter((c) => !columns[c]) });
  }
  return { applied, skipped };
}

/**
 * Splits one car's rows of one race into runs in file order. A lap number that does not go up starts a
 * new run: the GR Cup files list two different cars under NUMBER 3 at COTA and Sonoma, one after the other.
 */
export function carRuns(rows: readonly number[], laps: readonly LapRow[]): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  let lastLap: number | null = null;
  for (const i of rows) {
    const n = laps[i].lapNumber;
    if (current.length > 0 && n !== null && lastLap !== null && n <= lastLap) {
      runs.push(current);
      current = [];
    }
    current.push(i);
    if (n !== null) lastLap = n;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * Car numbers under which a file lists more than one car (lap numbers restart), by file index: the runs are
 * analysed apart (carRuns) and pooled in one profile, and the ingester's report says so (W027).
 */
export function sharedCarNumbers(laps: readonly LapRow[]): Map<number, string[]> {
  const t = tableOf(laps);
  const d = t.data;
  // every (race, car) group with two runs or more, in the order of its first lap
  const shared: [string, number[]][] = [];
  for (const rows of t.raceRows().values()) {
    for (const [carNumber, carRows] of t.carRows(rows)) if (runsOf(carRows, d.numbers.lapNumber).length >= 2) shared.push([carNumber, carRows]);
  }
  shared.sort((a, b) => a[1][0] - b[1][0]);
  const out = new Map<number, string[]>();
  for (const [carNumber, carRows] of shared) {
    const fileIndex = d.fileIndex[carRows[0]];
    const list = out.get(fileIndex) ?? [];
    if (!list.includes(carNumber)) list.push(carNumber);
    out.set(fileIndex, list);
  }
  return out;
}

/** Median of values (a typed copy sorted as numbers). */
function sortedMedian(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Every lap with the reason it is left out, or null when it is clean. */
export function cleanLaps(
  laps: readonly LapRow[],
  columnsByFile: readonly (LapColumns | undefined)[],
  opts: CleanLapsOptions = {},
): CleanLapsResult {
  const slowFactor = opts.slowFactor ?? DEFAULT_SLOW_FACTOR;
  const verdicts: LapVerdict[] = new Array(laps.length);
  for (let i = 0; i < laps.length; i++) verdicts[i] = { lap: laps[i], excludedBy: null };
  const table = tableOf(laps);
  const d = table.data;

  // rows of each car in each race, in input order; the races' rows for the field medians
  const races = table.raceRows();
  const groups: number[][] = [];
  for (const rows of races.values()) for (const carRows of table.carRows(rows).values()) groups.push(carRows);

  const rulesByFile: CleanLapsResult['rulesByFile'] = new Map();
  const appliedByFile = new Map<number, CleanLapRule[]>();
  for (let i = 0; i < d.length; i++) {
    const f = d.fileIndex[i];
    if (appliedByFile.has(f)) continue;
    const { applied, skipped } = rulesFor(columnsByFile[f] ?? inferLapColumns(laps.filter((l) => l.fileIndex === f)));
    appliedByFile.set(f, applied);
    rulesByFile.set(f, { applied: applied.map((r) => r.reason), skipped });
  }

  const runsOfGroup = groups.map((rows) => runsOf(rows, d.numbers.lapNumber));
  // one context, refilled lap by lap (the rules read it and keep nothing)
  const ctx: LapContext = { lap: laps[0], previous: null, bestCleanLapS: null, slowFactor };
  // pass 1: every rule but `outlier` and `slow`
  groups.forEach((rows, g) => {
    const otherRules = (appliedByFile.get(d.fileIndex[rows[0]]) ?? []).filter((r) => r.reason !== 'slow' && r.reason !== 'outlier');
    for (const run of runsOfGroup[g]) {
      for (let k = 0; k < run.length; k++) {
        const i = run[k];
        ctx.lap = laps[i];
        ctx.previous = k > 0 ? laps[run[k - 1]] : null;
        let why: ExclusionReason | null = null;
        for (const r of otherRules) {
          if (r.drops(ctx)) {
            why = r.reason;
            break;
          }
        }
        verdicts[i].excludedBy = why;
      }
    }
  });
  // pass 2: outliers against the car's median and the field's (race and class), over pass-1 survivors
  const lapTime = d.numbers.lapTimeS;
  const kept = (i: number): boolean => verdicts[i].excludedBy === null && lapTime[i] === lapTime[i];
  const fieldMedian = new Map<string, number>();
  for (const [race, rows] of races) {
    const byClass = new Map<number, number[]>();
    for (const i of rows) {
      if (!kept(i)) continue;
      const c = d.codes.class[i];
      let f = byClass.get(c);
      if (!f) byClass.set(c, (f = []));
      f.push(lapTime[i]);
    }
    for (const [c, times] of byClass) fieldMedian.set(`${race}\u0000${d.strings[c] ?? ''}`, sortedMedian(times));
  }
  groups.forEach((rows, g) => {
    const rules = appliedByFile.get(d.fileIndex[rows[0]]) ?? [];
    if (!rules.some((r) => r.reason === 'outlier')) return;
    const fieldMedianS = fieldMedian.get(`${raceKey(laps[rows[0]])}\u0000${laps[rows[0]].class ?? ''}`) ?? null;
    for (const run of runsOfGroup[g]) {
      const times: number[] = [];
      for (const i of run) if (kept(i)) times.push(lapTime[i]);
      const carMedianS = times.length >= OUTLIER_MIN_LAPS ? sortedMedian(times) : null;
      for (const i of run) {
        if (verdicts[i].excludedBy !== null) continue;
        const why = outlierWhy(laps[i], carMedianS, fieldMedianS);
        if (why !== null) verdicts[i] = { lap: laps[i], excludedBy: 'outlier', why };
      }
    }
  });
  groups.forEach((rows, g) => {
    const slowRule = (appliedByFile.get(d.fileIndex[rows[0]]) ?? []).find((r) => r.reason === 'slow');
    if (!slowRule) return;
    for (const run of runsOfGroup[g]) {
      // pass 3: `slow` against the best lap that survived passes 1 and 2. Runs of a shared car number count apart.
      let best: number | null = null;
      for (const i of run) {
        const t = lapTime[i];
        if (verdicts[i].excludedBy === null && t === t && (best === null || t < best)) best = t;
      }
      ctx.bestCleanLapS = best;
      for (let k = 0; k < run.length; k++) {
        const i = run[k];
        if (verdicts[i].excludedBy !== null) continue;
        ctx.lap = laps[i];
        ctx.previous = k > 0 ? laps[run[k - 1]] : null;
        if (slowRule.drops(ctx)) verdicts[i].excludedBy = 'slow';
      }
    }
  });
  return { laps: verdicts, rulesByFile, table };
}
