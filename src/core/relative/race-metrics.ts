// Per driver and race (dna-spec §3): every figure is relative to the field of the same race, so numbers
// compare across tracks of any length. Definitions and the measured reasons for them: docs/relative-dna.md.
import { trackType } from '../tracks';
import { LapTable, runsOf, tableOf } from '../lap-table';
import type { LapRow, TrackType } from '../types';
import { type CleanLapsResult, type ExclusionReason, type LapVerdict, type RuleSkip } from './clean-laps';
import { mean, median, roundOrNull, sdPopulation } from './statistics';
import { minOf } from '../numeric';

/** A driver-race with fewer clean laps is kept but marked low-confidence and does not set the field reference. */
export const MIN_CLEAN_LAPS = 5;
/** Pace of a driver in a race = mean of the faster half of the clean laps (rounded up: 7 laps → 4). */
export const PACE_FRACTION = 0.5;
/** Field reference = median pace of the FIELD_TOP_K fastest confident drivers of the race. */
export const FIELD_TOP_K = 5;

export type Sector = 's1' | 's2' | 's3';
export const SECTORS: readonly Sector[] = ['s1', 's2', 's3'];
const SECTOR_FIELD = { s1: 's1S', s2: 's2S', s3: 's3S' } as const satisfies Record<Sector, keyof LapRow>;

/** One driver in one race. Seconds to the millisecond, percentages to 0.001; null where it cannot be computed. */
export interface RelativeRace {
  track: string;
  race: string;
  track_type: TrackType;
  /** Input file the race came from (Envelope.inputs index). */
  file_index: number;
  /**
   * The car's class in this race (`CLASS`), whose cars are the field every gap below compares with; null
   * when the file has no class (the whole race is the field). Absent in files exported before classes.
   */
  class?: string | null;
  /** Cars in the field (the class in this race, or the whole race). Absent in files exported before classes. */
  field_cars?: number;
  laps: number;
  clean_laps: number;
  /** Laps left out, by reason (only reasons that occurred). */
  excluded: Partial<Record<ExclusionReason, number>>;
  /** Fewer than MIN_CLEAN_LAPS clean laps: shown, but weighs less (see relative-dna.ts). */
  low_confidence: boolean;
  /** The file lists more than one car under this number (lap numbers restart); laps are pooled. */
  shared_car_number: boolean;
  rules_applied: ExclusionReason[];
  rules_skipped: RuleSkip[];
  median_lap_s: number | null;
  best_lap_s: number | null;
  /** Mean of the faster half of the clean laps. */
  pace_lap_s: number | null;
  /** The field's reference: median pace of its FIELD_TOP_K fastest confident cars (the field: this car's class in the race). */
  field_reference_s: number | null;
  /** 100 × (pace − field reference) / field reference. 0 = as fast as the front of the field; lower is faster. */
  pace_gap_pct: number | null;
  /** Coefficient of variation of the clean laps: 100 × sd / mean (population sd). */
  consistency_cv_pct: number | null;
  /** Σ over sectors of the mean |change of the sector time| between successive clean laps, as % of the median clean lap. */
  variation_pct: number | null;
  /**
   * Sum of the driver's best S1, S2, S3 over the clean laps that have all three sectors, never slower than
   * the best clean lap (when the best lap lacks sectors, the best lap is the theoretical best); null when no
   * clean lap has all three.
   */
  theoretical_best_s: number | null;
  /** Clean laps with all three sector times (the ones the theoretical best reads); fewer than clean_laps = sectors missing. */
  sector_complete_laps?: number;
  /** 100 × (median clean lap − theoretical best) / theoretical best: "untapped potential". */
  potential_gap_pct: number | null;
  /** Per sector, as pace_gap_pct but on sector times. */
  sector_gap_pct: Record<Sector, number | null>;
  /** pace_lap_s − field_reference_s, seconds (the gap of pace_gap_pct in time). */
  pace_gap_s?: number | null;
  /** Per sector, the sector pace minus the field's sector reference, seconds (sector_gap_pct in time). */
  sector_gap_s?: Record<Sector, number | null>;
  /** Median TOP_SPEED over clean laps. */
  top_speed_kph: number | null;
  /** 100 × (top speed − field median top speed) / field median; higher is faster on the straight. */
  top_speed_gap_pct: number | null;
}

export interface RaceMetricsOptions {
  minCleanLaps?: number;
  trackTypes?: Record<string, TrackType>;
}

const round3 = (x: number | null): number | null => roundOrNull(x, 3);
const pctGap = (x: number | null, ref: number | null): number | null =>
  x === null || ref === null || ref === 0 ? null : (100 * (x - ref)) / ref;

/** Mean of the faster half of the values (the faster PACE_FRACTION, at least one). */
export function paceOf(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  return mean(s.subarray(0, Math.max(1, Math.ceil(s.length * PACE_FRACTION))));
}

/** Median of the FIELD_TOP_K smallest paces. */
export function fieldReferenceOf(paces: readonly number[]): number | null {
  return median([...paces].sort((a, b) => a - b).slice(0, FIELD_TOP_K));
}

/**
 * Σ over sectors of mean |s_k(lap i) − s_k(lap i−1)| over successive clean laps, as % of the median clean lap.
 * Pairs with a missing sector are skipped; successive = next clean lap of the same car, gaps allowed.
 */
export function variationPctOf(cleanLapsInOrder: readonly LapRow[][]): number | null {
  const t = LapTable.fromRows(cleanLapsInOrder.flat());
  let at = 0;
  return variationOfRuns(cleanLapsInOrder.map((run) => run.map(() => at++)), t);
}

/** variationPctOf on runs of row indexes into a lap table. */
function variationOfRuns(runs: readonly number[][], t: LapTable): number | null {
  const n = t.data.numbers;
  const times: number[] = [];
  for (const run of runs) for (const i of run) times.push(n.lapTimeS[i]);
  const med = median(times);
  if (med === null) return null;
  let total = 0;
  for (const sector of SECTORS) {
    const col = n[SECTOR_FIELD[sector]];
    let sum = 0;
    let count = 0;
    for (const run of runs) {
      for (let k = 1; k < run.length; k++) {
        const a = col[run[k - 1]];
        const b = col[run[k]];
        if (a === a && b === b) {
          sum += Math.abs(b - a);
          count++;
        }
      }
    }
    if (count === 0) return null;
    total += sum / count;
  }
  return (100 * total) / med;
}

/**
 * Best S1 + best S2 + best S3 over laps that have every sector (a lap missing S1 cannot lend its S2 to a
 * sum whose S1 comes from elsewhere without the sum ending above a lap the car really did), capped at the
 * best clean lap: a theoretical best is never slower than a lap the driver drove.
 */
function theoreticalBestOf(complete: readonly number[], t: LapTable, bestLapS: number | null): number | null {
  if (complete.length === 0) return null;
  let sum = 0;
  for (const s of SECTORS) {
    const col = t.data.numbers[SECTOR_FIELD[s]];
    let m = Infinity;
    for (const i of complete) m = Math.min(m, col[i]);
    sum += m;
  }
  return bestLapS !== null && bestLapS < sum ? bestLapS : sum;
}

export interface DriverRaceWork {
  car: string;
  /** First row of the car in the input: the order cars are listed in. */
  order: number;
  out: RelativeRace;
  paceS: number | null;
  sectorPaceS: Record<Sector, number | null>;
}

/** The class a car's laps in one race carry most often (ties: the first seen), null when none carries one. */
export function classOfRows(rows: readonly number[], laps: LapTable | readonly LapRow[]): string | null {
  const d = tableOf(laps).data;
  const counts = new Map<number, number>();
  let best = 0;
  for (const i of rows) {
    const c = d.codes.class[i];
    if (c === 0) continue;
    const n = (counts.get(c) ?? 0) + 1;
    counts.set(c, n);
    if (best === 0 || n > counts.get(best)!) best = c;
  }
  return best === 0 ? null : d.strings[best];
}

/** What a field (one class in one race) measures its cars against; people are measured against the same. */
export interface FieldReference {
  paceS: number | null;
  sectorPaceS: Record<Sector, number | null>;
  topSpeedKph: number | null;
  cars: number;
}

/** Key of a field: the race (clean-laps raceKey) and the class. */
export const fieldKey = (race: string, cls: string | null): string => `${race}\u0000${cls ?? ''}`;

export interface RaceMetricsResult {
  /** Relative figures of every car in every race, keyed by car number; races in input order. */
  byCar: Map<string, RelativeRace[]>;
  /** Field references by fieldKey(raceKey, class). */
  fields: Map<string, FieldReference>;
}

/** Relative figures of every driver in every race, keyed by car number. Races in input order. */
export function raceMetrics(cleaned: CleanLapsResult, opts: RaceMetricsOptions = {}): Map<string, RelativeRace[]> {
  return raceMetricsWithFields(cleaned, opts).byCar;
}

/**
 * Per car and race, relative to its field: the cars of its class in that race (the whole race when the file
 * has no class, exactly as before classes were read).
 */
export function raceMetricsWithFields(cleaned: CleanLapsResult, opts: RaceMetricsOptions = {}): RaceMetricsResult {
  const minClean = opts.minCleanLaps ?? MIN_CLEAN_LAPS;

  // race → car → row indexes (input order), on the lap table the verdicts were given on
  const table = cleaned.table ?? LapTable.fromRows(cleaned.laps.map((v) => v.lap));
  const races = new Map<string, Map<string, number[]>>();
  for (const [k, rows] of table.raceRows()) races.set(k, table.carRows(rows));

  const lapsOnly = table;
  const byDriver = new Map<string, RelativeRace[]>();
  const fields = new Map<string, FieldReference>();
  for (const [race, cars] of races) {
    // race → class → cars, in input order
    const byClass = new Map<string | null, DriverRaceWork[]>();
    for (const [car, rows] of cars) {
      const cls = classOfRows(rows, lapsOnly);
      const w = driverRace(car, rows, cleaned.laps, lapsOnly, cleaned.rulesByFile, minClean, opts.trackTypes);
      w.out.class = cls;
      let list = byClass.get(cls);
      if (!list) byClass.set(cls, (list = []));
      list.push(w);
    }
    for (const [cls, work] of byClass) {
      const ref = fieldReferenceOfWork(work);
      fields.set(fieldKey(race, cls), ref);
      applyField(work, ref);
    }
    for (const w of [...byClass.values()].flat().sort((a, b) => a.order - b.order)) {
      let list = byDriver.get(w.car);
      if (!list) byDriver.set(w.car, (list = []));
      list.push(w.out);
    }
  }
  return { byCar: byDriver, fields };
}

export function driverRace(
  car: string,
  rows: number[],
  verdicts: readonly LapVerdict[],
  laps: LapTable | readonly LapRow[],
  rulesByFile: CleanLapsResult['rulesByFile'],
  minClean: number,
  trackTypes: Record<string, TrackType> | undefined,
  splitRuns?: (rows: readonly number[], laps: readonly LapRow[]) => number[][],
): DriverRaceWork {
  const t = tableOf(laps);
  const d = t.data;
  const n = d.numbers;
  const first = rows[0];
  const excluded: Partial<Record<ExclusionReason, number>> = {};
  for (const i of rows) {
    const r = verdicts[i].excludedBy;
    if (r !== null) excluded[r] = (excluded[r] ?? 0) + 1;
  }
  const carRunsHere = runsOf(rows, n.lapNumber);
  const runs = splitRuns ? splitRuns(rows, laps instanceof LapTable ? laps.rows() : laps) : carRunsHere;
  const cleanRuns = runs.map((run) => run.filter((i) => verdicts[i].excludedBy === null));
  const clean = cleanRuns.flat();
  const times = new Float64Array(clean.length);
  for (let k = 0; k < clean.length; k++) times[k] = n.lapTimeS[clean[k]];
  // laps with every sector over zero (NaN, a missing sector, is not)
  const complete = clean.filter((i) => n.s1S[i] > 0 && n.s2S[i] > 0 && n.s3S[i] > 0);
  const best = times.length ? minOf(times) : null;
  const theoretical = theoreticalBestOf(complete, t, best);
  const medianLap = median(times);
  const meanLap = mean(times);
  const sd = sdPopulation(times);
  const positive = (col: Float64Array): number[] => {
    const out: number[] = [];
    for (const i of clean) if (col[i] > 0) out.push(col[i]);
    return out;
  };
  const tops = positive(n.topSpeedKph);
  const rules = rulesByFile.get(d.fileIndex[first]) ?? { applied: [], skipped: [] };
  const sectorPaceS = { s1: paceOf(positive(n.s1S)), s2: paceOf(positive(n.s2S)), s3: paceOf(positive(n.s3S)) };
  const track = d.strings[d.codes.track[first]] ?? '';
  const pace = paceOf(times);

  const out: RelativeRace = {
    track,
    race: d.strings[d.codes.race[first]] ?? '',
    track_type: trackType(track, trackTypes),
    file_index: d.fileIndex[first],
    class: null,
    field_cars: 0,
    laps: rows.length,
    clean_laps: clean.length,
    excluded,
    low_confidence: clean.length < minClean,
    shared_car_number: carRunsHere.length > 1,
    rules_applied: rules.applied,
    rules_skipped: rules.skipped,
    median_lap_s: round3(medianLap),
    best_lap_s: round3(best),
    pace_lap_s: round3(pace),
    field_reference_s: null,
    pace_gap_pct: null,
    consistency_cv_pct: round3(sd !== null && meanLap ? (100 * sd) / meanLap : null),
    variation_pct: round3(variationOfRuns(cleanRuns, t)),
    theoretical_best_s: round3(theoretical),
    sector_complete_laps: complete.length,
    potential_gap_pct: round3(pctGap(medianLap, theoretical)),
    sector_gap_pct: { s1: null, s2: null, s3: null },
    top_speed_kph: round3(median(tops)),
    top_speed_gap_pct: null,
  };
  return { car, order: rows[0], out, paceS: pace, sectorPaceS };
}

/** The field's references: set by confident cars only (all cars when none is confident). */
function fieldReferenceOfWork(work: readonly DriverRaceWork[]): FieldReference {
  const confident = work.filter((w) => !w.out.low_confidence && w.paceS !== null);
  const setters = confident.length > 0 ? confident : work.filter((w) => w.paceS !== null);
  const sectorPaceS = Object.fromEntries(
    SECTORS.map((s) => [s, fieldReferenceOf(setters.map((w) => w.sectorPaceS[s]).filter((x): x is number => x !== null))]),
  ) as Record<Sector, number | null>;
  return {
    paceS: fieldReferenceOf(setters.map((w) => w.paceS!)),
    sectorPaceS,
    topSpeedKph: median(setters.map((w) => w.out.top_speed_kph).filter((x): x is number => x !== null)),
    cars: work.length,
  };
}

/** Gaps of each entry (a car, or a person's laps in a car) to a field reference. */
export function applyField(work: readonly DriverRaceWork[], ref: FieldReference): void {
  for (const w of work) {
    w.out.field_cars = ref.cars;
    w.out.field_reference_s = round3(ref.paceS);
    w.out.pace_gap_pct = round3(pctGap(w.paceS, ref.paceS));
    w.out.pace_gap_s = w.paceS === null || ref.paceS === null ? null : round3(w.paceS - ref.paceS);
    const inSeconds = { s1: null, s2: null, s3: null } as Record<Sector, number | null>;
    for (const s of SECTORS) {
      w.out.sector_gap_pct[s] = round3(pctGap(w.sectorPaceS[s], ref.sectorPaceS[s]));
      const a = w.sectorPaceS[s];
      const b = ref.sectorPaceS[s];
      inSeconds[s] = a === null || b === null ? null : round3(a - b);
    }
    w.out.sector_gap_s = inSeconds;
    w.out.top_speed_gap_pct = round3(pctGap(w.out.top_speed_kph, ref.topSpeedKph));
  }
}
