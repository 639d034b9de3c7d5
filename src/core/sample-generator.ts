// Seeded sample seasons in the Al Kamel `23_AnalysisEnduranceWithSections` lap format, written the way the
// real exports write it (header text, `;`, time formats, flags). Every row is synthesized from latent driver
// traits and the formulas below; no real row is read or copied. Pure: runs in the worker, in Node
// (`npm run sample`, benchmarks) and in tests. Same seed and options → the same text, byte for byte.
import { DnaError } from './errors';
import { GR_CUP_TRACKS, KNOWN_TRACKS, matchKnownTrack } from './tracks';
import type { TrackType } from './types';

export interface SampleFile {
  /** `Track/Race N/Synthetic_Laps_Race N.CSV`, the real folder layout; a name no real export has, so it is never mistaken for real data. */
  path: string;
  text: string;
}

export interface SeasonOptions {
  seed: number;
  drivers: number;
  /** Known track names (long names accepted); default: all six GR Cup tracks. */
  tracks?: string[];
  /** Default 2, as in the real season. */
  racesPerTrack?: number;
  /** Laps of the winner; default: about 45 minutes of racing at the track, like the real races. */
  lapsPerRace?: number;
}

/** A driver's latent traits: what the DNA computed from the generated laps should find again. */
export interface SampleDriver {
  carNumber: number;
  /** Pace gap to the fastest possible driver, in % of lap time (0 = the reference pace). */
  paceGapPct: number;
  /** Lap-to-lap standard deviation, in % of lap time. */
  consistencyPct: number;
  /** Extra gap per track type, in % (negative = faster there); the three sum to zero. */
  affinityPct: Record<TrackType, number>;
  /** Extra gap per sector, in % of the sector; weighted by sector length it sums to zero at every track. */
  sectorOffsetPct: [number, number, number];
  /** Chance per green lap of a small mistake (a fraction of a second to a few seconds). */
  mistakeRate: number;
  /** The `GROUP` column: some cars race in the Legends group. */
  group: '' | 'Legends';
  /** Canonical names of the tracks this driver races (both races of each). */
  tracks: string[];
}

export interface SampleRacePlan {
  track: string;
  /** 1-based race number at this track. */
  race: number;
  laps: number;
  /** Seed of this race's random stream, derived from the season seed. */
  seed: number;
  /** Time of day of the start, ms after midnight. */
  startClockMs: number;
  /** The cars in this race, in car number order. */
  drivers: SampleDriver[];
  path: string;
}

export interface SeasonPlan {
  seed: number;
  tracks: string[];
  drivers: SampleDriver[];
  races: SampleRacePlan[];
}

/**
 * Track shapes for the GR86 cup car. `referenceLapS`: a fast driver's typical green lap (the real field's
 * medians sit 2-3 % above it, in the middle of the real ones: barber 98-101 s, COTA 148-152, Road America 163-175, Sebring 143-150,
 * Sonoma 111-115, VIR 128-132). `splitFractions`: where IM1a, IM1 (end of S1), IM2a, IM2 (end of S2) and
 * IM3a fall as a fraction of the lap, medians of green laps in the 2025 exports, rounded. `topSpeedKph`:
 * typical trap speed; null where the real exports leave TOP_SPEED empty (Sebring, VIR).
 */
interface TrackShape {
  referenceLapS: number;
  splitFractions: [number, number, number, number, number];
  topSpeedKph: number | null;
}

const TRACK_SHAPES: Record<string, TrackShape> = {
  barber: { referenceLapS: 97.0, splitFractions: [0.173, 0.273, 0.578, 0.707, 0.818], topSpeedKph: 184 },
  COTA: { referenceLapS: 146.7, splitFractions: [0.135, 0.218, 0.367, 0.602, 0.794], topSpeedKph: 202 },
  'Road America': { referenceLapS: 164.0, splitFractions: [0.12, 0.286, 0.474, 0.668, 0.846], topSpeedKph: 207 },
  Sebring: { referenceLapS: 143.5, splitFractions: [0.12, 0.298, 0.494, 0.644, 0.868], topSpeedKph: null },
  Sonoma: { referenceLapS: 110.6, splitFractions: [0.139, 0.336, 0.474, 0.667, 0.793], topSpeedKph: 185 },
  VIR: { referenceLapS: 127.2, splitFractions: [0.2, 0.355, 0.501, 0.73, 0.837], topSpeedKph: null },
};

/** The real header as the exports write it: "; " between the first 15 names (NUMBER to HOUR), ";" after. */
const HEADER_IM =
  'NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; LAP_IMPROVEMENT; CROSSING_FINISH_LINE_IN_PIT; S1; S1_IMPROVEMENT; S2; S2_IMPROVEMENT; S3; S3_IMPROVEMENT; KPH; ELAPSED; HOUR;S1_LARGE;S2_LARGE;S3_LARGE;TOP_SPEED;PIT_TIME;CLASS;GROUP;MANUFACTURER;FLAG_AT_FL;S1_SECONDS;S2_SECONDS;S3_SECONDS;IM1a_time;IM1a_elapsed;IM1_time;IM1_elapsed;IM2a_time;IM2a_elapsed;IM2_time;IM2_elapsed;IM3a_time;IM3a_elapsed;FL_time;FL_elapsed';
/** Sonoma's exports name the IM1/IM2 intermediates INT-1/INT-2. */
const HEADER_INT = HEADER_IM.replace('IM1_time;IM1_elapsed', 'INT-1_time;INT-1_elapsed').replace(
  'IM2_time;IM2_elapsed',
  'INT-2_time;INT-2_elapsed',
);

export function sampleHeader(track: string): string {
  return track === 'Sonoma' ? HEADER_INT : HEADER_IM;
}

// Model constants. Percentages are of lap time unless named otherwise.
const RACE_MINUTES = 45;
/** Share of drivers who race a single track, so DNA sees both the one-track and the many-track case. */
const ONE_TRACK_SHARE = 0.1;
/** Chance that a many-track driver races each track beyond the first two. */
const EXTRA_TRACK_CHANCE = 0.55;
const LEGENDS_SHARE = 0.2;
/** Day form: a driver's pace moves by this sd (%) from race to race. */
const RACE_FORM_SD_PCT = 0.1;
/** Lap 1 from the start: the field is 10-20 % slower, the back of the grid up to 3 % more (10-25 % total). */
const START_FACTOR = [1.1, 1.2] as const;
const GRID_SPREAD = 0.03;
/** Full course yellow: the whole field laps at 130-160 % of its green pace. */
const CAUTION_FACTOR = [1.3, 1.6] as const;
const PIT_STOP_CHANCE = 0.15;
const RETIRE_CHANCE = 0.03;
/** An off or a spin: one lap loses 5-25 %. */
const OFF_LAP_CHANCE = 0.015;
const OFF_LAP_LOSS = [0.05, 0.25] as const;
/** Mean loss of a small mistake, % of the lap (exponentially distributed). */
const MISTAKE_MEAN_PCT = 0.8;
/** Of the pit time, the in-lap loses about half and the out-lap a quarter (the lane replaces some track). */
const PIT_IN_SHARE = 0.5;
const PIT_OUT_SHARE = 0.25;

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness: mulberry32 for uniforms, Box-Muller for normals, a 32-bit mix for derived seeds.

interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(lo: number, hi: number): number;
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  normal(mean?: number, sd?: number): number;
  chance(p: number): boolean;
}

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const standardNormal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - next(); // (0, 1]: log(u) is finite
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * next();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: (mean = 0, sd = 1) => mean + sd * standardNormal(),
    chance: (p) => next() < p,
  };
}

/** A seed for a sub-stream (a race, a car in a race) from the season seed and a few integers. */
function deriveSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------------
// Season plan: who races where, with which latent traits.

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new DnaError('E091', `${name} must be a whole number ≥ ${min}, got ${value}`);
  }
}

function resolveTracks(names: string[] | undefined): string[] {
  if (names === undefined) return GR_CUP_TRACKS.map((t) => t.name);
  const out: string[] = [];
  for (const n of names) {
    const t = matchKnownTrack(n);
    if (!t || !TRACK_SHAPES[t.name]) {
      throw new DnaError('E091', `unknown track "${n}"; known: ${GR_CUP_TRACKS.map((k) => k.name).join(', ')}`);
    }
    if (!out.includes(t.name)) out.push(t.name);
  }
  if (out.length === 0) throw new DnaError('E091', 'no track given');
  return out;
}

/** Car numbers 2-99 (more when a benchmark asks for over 98 drivers), unique in the season. */
function drawCarNumbers(count: number, rng: Rng): number[] {
  const highest = Math.max(99, count + 1);
  const pool = Array.from({ length: highest - 1 }, (_, i) => i + 2);
  return shuffle(pool, rng).slice(0, count);
}

/** Track sets: ONE_TRACK_SHARE of drivers race one track; the rest two, plus each further one by chance. */
function drawAttendance(drivers: number, tracks: string[], rng: Rng): string[][] {
  if (tracks.length === 1) return Array.from({ length: drivers }, () => [tracks[0]]);
  const oneTrack = drivers >= 3 ? Math.max(1, Math.round(drivers * ONE_TRACK_SHARE)) : 0;
  const isOneTrack = shuffle(
    Array.from({ length: drivers }, (_, i) => i < oneTrack),
    rng,
  );
  const sets = isOneTrack.map((single) => {
    let count = 1;
    if (!single) {
      count = 2;
      for (let k = 2; k < tracks.length; k++) if (rng.chance(EXTRA_TRACK_CHANCE)) count++;
    }
    return shuffle([...tracks], rng).slice(0, count);
  });
  // Every track needs a field: give an empty-ish track to many-track drivers who do not race it yet.
  for (const t of tracks) {
    const candidates = shuffle(
      sets.map((_, i) => i).filter((i) => !isOneTrack[i] && !sets[i].includes(t)),
      rng,
    );
    while (sets.filter((s) => s.includes(t)).length < Math.min(2, drivers) && candidates.length > 0) {
      sets[candidates.pop()!].push(t);
    }
  }
  // Keep the season's track order inside each set.
  return sets.map((s) => tracks.filter((t) => s.includes(t)));
}

// The sample season has to lie inside the shipped models' training ranges (models/*/metadata.json
// feature_ranges), or the app's own data raises W065: the real season's sector strengths stay within
// about ±0.8 % and its pace gaps to the field reference within about 3 %.
/** Spread (sd, % of the sector) of a driver's sector strengths. */
const SECTOR_OFFSET_SD_PCT = 0.2;
/** Slowest pace gap to the reference pace, %. */
const MAX_PACE_GAP_PCT = 2.5;
/** Spread (sd, %) of a driver's pace by track type. */
const AFFINITY_SD_PCT = 0.35;
/** Lap-to-lap sd (%) of the fastest drivers; slower ones add 0.1 per % of pace gap. */
const LAP_SD_BASE_PCT = 0.3;

function drawDriver(carNumber: number, tracks: string[], rng: Rng): SampleDriver {
  // Pace gaps spread from 0 to MAX_PACE_GAP_PCT, denser near the front.
  const paceGapPct = MAX_PACE_GAP_PCT * Math.pow(rng.next(), 1.2);
  const consistencyPct = Math.min(1.6, Math.max(0.2, Math.exp(rng.normal(Math.log(LAP_SD_BASE_PCT + 0.1 * paceGapPct), 0.3))));
  const a = [rng.normal(0, AFFINITY_SD_PCT), rng.normal(0, AFFINITY_SD_PCT), rng.normal(0, AFFINITY_SD_PCT)];
  const aMean = (a[0] + a[1] + a[2]) / 3;
  return {
    carNumber,
    paceGapPct,
    consistencyPct,
    affinityPct: { technical: a[0] - aMean, high_speed: a[1] - aMean, mixed: a[2] - aMean },
    sectorOffsetPct: [rng.normal(0, SECTOR_OFFSET_SD_PCT), rng.normal(0, SECTOR_OFFSET_SD_PCT), rng.normal(0, SECTOR_OFFSET_SD_PCT)],
    mistakeRate: rng.uniform(0.03, 0.1),
    group: rng.chance(LEGENDS_SHARE) ? 'Legends' : '',
    tracks,
  };
}

export function samplePath(track: string, race: number): string {
  return `${track}/Race ${race}/Synthetic_Laps_Race ${race}.CSV`;
}

/** Drivers, their traits and tracks, and every race of the season; no lap is generated yet. */
export function planSeason(opts: SeasonOptions): SeasonPlan {
  if (!Number.isFinite(opts.seed)) throw new DnaError('E091', `seed must be a number, got ${opts.seed}`);
  checkCount('drivers', opts.drivers, 1);
  checkCount('racesPerTrack', opts.racesPerTrack, 1);
  checkCount('lapsPerRace', opts.lapsPerRace, 2);
  const seed = Math.floor(opts.seed) >>> 0;
  const tracks = resolveTracks(opts.tracks);
  const rng = mulberry32(deriveSeed(seed, 0));
  const numbers = drawCarNumbers(opts.drivers, rng);
  const attendance = drawAttendance(opts.drivers, tracks, rng);
  const drivers = numbers
    .map((n, i) => drawDriver(n, attendance[i], rng))
    .sort((x, y) => x.carNumber - y.carNumber);
  const races: SampleRacePlan[] = [];
  tracks.forEach((track, ti) => {
    const referenceLapS = TRACK_SHAPES[track].referenceLapS;
    for (let race = 1; race <= (opts.racesPerTrack ?? 2); race++) {
      const raceSeed = deriveSeed(seed, 1, ti, race);
      races.push({
        track,
        race,
        laps: opts.lapsPerRace ?? Math.round((RACE_MINUTES * 60) / referenceLapS),
        seed: raceSeed,
        // Starts between 10:00 and 16:00, like the real races.
        startClockMs: Math.floor(mulberry32(raceSeed).uniform(10, 16) * 3_600_000),
        drivers: drivers.filter((d) => d.tracks.includes(track)),
        path: samplePath(track, race),
      });
    }
  });
  return { seed, tracks, drivers, races };
}

// ---------------------------------------------------------------------------------------------------------
// One race: laps per car in ms, then the rows.

/** A lap as six timed segments: IM1a, IM1, IM2a, IM2, IM3a and FL (S1 = 0+1, S2 = 2+3, S3 = 4+5). */
interface SampleLap {
  lap: number;
  segmentsMs: number[];
  lapMs: number;
  /** Race time at the finish line. */
  elapsedMs: number;
  topSpeedKph: number | null;
  flag: 'GF' | 'FCY' | 'FF';
  pitIn: boolean;
  /** On the pit-out lap: time from pit entry to pit exit. */
  pitMs: number | null;
  /** Improvement codes of the lap, S1, S2 and S3 (see markImprovements). */
  improvements: [number, number, number, number];
}

interface CarRace {
  driver: SampleDriver;
  laps: SampleLap[];
  retired: boolean;
}

function trackTypeOf(track: string): TrackType {
  return KNOWN_TRACKS.find((t) => t.name === track)?.type ?? 'mixed';
}

/** Green-pace drift over a race: a couple of laps to settle in, then slow tyre wear. */
function paceTrend(lap: number): number {
  return lap < 2 ? 0 : 0.004 * Math.exp(-(lap - 2) / 2.5) + 0.0002 * lap;
}

function simulateCar(
  driver: SampleDriver,
  plan: SampleRacePlan,
  shape: TrackShape,
  cautions: [number, number][],
  startFactor: number,
): CarRace {
  const rng = mulberry32(deriveSeed(plan.seed, driver.carNumber));
  const f = shape.splitFractions;
  const segmentShare = [f[0], f[1] - f[0], f[2] - f[1], f[3] - f[2], f[4] - f[3], 1 - f[4]];
  const sectorShare = [f[1], f[3] - f[1], 1 - f[3]];
  // Sector strengths move time between sectors without changing the lap: centre them on the lap.
  const o = driver.sectorOffsetPct;
  const oMean = sectorShare[0] * o[0] + sectorShare[1] * o[1] + sectorShare[2] * o[2];
  const segmentFactor = segmentShare.map((_, k) => 1 + (o[k >> 1] - oMean) / 100);
  const trackType = trackTypeOf(plan.track);
  const formPct = rng.normal(0, RACE_FORM_SD_PCT);
  const greenLapMs =
    shape.referenceLapS * 1000 * (1 + (driver.paceGapPct + driver.affinityPct[trackType] + formPct) / 100);
  const sd = driver.consistencyPct / 100;
  const gridFactor = startFactor + rng.uniform(0, GRID_SPREAD);
  const pitLap = plan.laps >= 5 && rng.chance(PIT_STOP_CHANCE) ? rng.int(3, plan.laps - 2) : 0;
  // Lane time plus, half the time, a stop for repairs or a drive-through penalty served as a stop.
  const pitMs = Math.round((rng.uniform(25, 40) + (rng.chance(0.5) ? rng.uniform(5, 80) : 0)) * 1000);
  const retireLap = plan.laps >= 3 && rng.chance(RETIRE_CHANCE) ? rng.int(2, plan.laps - 1) : 0;
  const topSpeedOffsetKph = rng.normal(0, 1.5);

  const laps: SampleLap[] = [];
  let elapsedMs = 0;
  for (let lap = 1; lap <= plan.laps; lap++) {
    const greenMs = greenLapMs * (1 + paceTrend(lap));
    let factor = lap === 1 ? gridFactor : 1;
    const nominalMs = greenMs * factor;
    const underCaution = cautions.some(([from, to]) => elapsedMs < to && elapsedMs + nominalMs > from);
    if (underCaution) factor *= rng.uniform(CAUTION_FACTOR[0], CAUTION_FACTOR[1]);
    const seg = segmentShare.map(
      (share, k) => greenMs * share * segmentFactor[k] * factor + rng.normal(0, sd * Math.sqrt(share) * greenMs),
    );
    if (!underCaution && lap > 1) {
      if (rng.chance(driver.mistakeRate)) seg[rng.int(0, 5)] += greenMs * (MISTAKE_MEAN_PCT / 100) * -Math.log(1 - rng.next());
      if (rng.chance(OFF_LAP_CHANCE)) seg[rng.int(0, 5)] += greenMs * rng.uniform(OFF_LAP_LOSS[0], OFF_LAP_LOSS[1]);
    }
    const pitIn = lap === pitLap || (lap === retireLap && rng.chance(0.5));
    if (pitIn) seg[5] += pitMs * PIT_IN_SHARE; // pit entry is after IM3a, before the line
    const pitOut = pitLap > 0 && lap === pitLap + 1;
    if (pitOut) seg[0] += pitMs * PIT_OUT_SHARE; // pit exit is before IM1a
    const segmentsMs = seg.map((v) => Math.max(500, Math.round(v)));
    const lapMs = segmentsMs[0] + segmentsMs[1] + segmentsMs[2] + segmentsMs[3] + segmentsMs[4] + segmentsMs[5];
    elapsedMs += lapMs;
    let topSpeedKph: number | null = null;
    if (shape.topSpeedKph !== null) {
      topSpeedKph = shape.topSpeedKph + topSpeedOffsetKph + rng.normal(0, 1.8);
      if (underCaution) topSpeedKph *= rng.uniform(0.7, 0.85);
      else if (lap === 1) topSpeedKph *= 0.97;
    }
    laps.push({
      lap,
      segmentsMs,
      lapMs,
      elapsedMs,
      topSpeedKph,
      flag: underCaution ? 'FCY' : 'GF',
      pitIn,
      pitMs: pitOut ? pitMs : null,
      improvements: [0, 0, 0, 0],
    });
    if (lap === retireLap) break;
  }
  return { driver, laps, retired: retireLap > 0 };
}

/** The race ends when the winner completes its laps; every other car stops at its next crossing (FF). */
function applyFinish(cars: CarRace[], laps: number): void {
  let finishMs = Infinity;
  for (const c of cars) if (!c.retired) finishMs = Math.min(finishMs, c.laps[laps - 1].elapsedMs);
  if (finishMs === Infinity) return;
  for (const c of cars) {
    const last = c.laps.findIndex((l) => l.elapsedMs >= finishMs);
    if (last < 0) continue; // retired before the finish
    c.laps.length = last + 1;
    c.laps[last].flag = 'FF';
  }
}

/**
 * Improvement codes (LAP_IMPROVEMENT, S1_IMPROVEMENT …) in crossing order: 2 = the car's best so far,
 * 3 = the best of the session so far. Lap 2 sets the first reference; lap 1, pit and caution laps never count.
 */
function markImprovements(cars: CarRace[]): void {
  const crossings = cars.flatMap((car) => car.laps.map((lap) => ({ car, lap })));
  crossings.sort((x, y) => x.lap.elapsedMs - y.lap.elapsedMs);
  const sessionBest = [Infinity, Infinity, Infinity, Infinity];
  const carBest = new Map(cars.map((c) => [c, [Infinity, Infinity, Infinity, Infinity]]));
  for (const { car, lap: l } of crossings) {
    if (l.flag === 'FCY' || l.pitIn || l.pitMs !== null || l.lap === 1) continue;
    const best = carBest.get(car)!;
    const s = l.segmentsMs;
    const values = [l.lapMs, s[0] + s[1], s[2] + s[3], s[4] + s[5]];
    for (let k = 0; k < 4; k++) {
      if (l.lap >= 3 && values[k] < best[k]) l.improvements[k] = values[k] < sessionBest[k] ? 3 : 2;
      best[k] = Math.min(best[k], values[k]);
      sessionBest[k] = Math.min(sessionBest[k], values[k]);
    }
  }
}

// Formatting in integer ms, without toFixed, so a 600k-lap season stays fast.
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** Milliseconds as a decimal tail with trailing zeros dropped, as the exports write it: 950 → ".95", 0 → ".0". */
const TRIMMED3 = PAD3.map((p) => `.${p.replace(/0+$/, '') || '0'}`);

/** `M:SS.mmm` (minutes not padded, not wrapped): LAP_TIME, ELAPSED, *_LARGE, sectors of 60 s and over. */
function minSec(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${PAD2[s % 60]}.${PAD3[ms % 1000]}`;
}

/** Sectors and elapsed intermediates: `SS.mmm` under 60 s, `M:SS.mmm` from 60 s. */
function split(ms: number): string {
  return ms < 60_000 ? `${Math.floor(ms / 1000)}.${PAD3[ms % 1000]}` : minSec(ms);
}

/** *_SECONDS and intermediate *_time: plain seconds with trailing zeros dropped ("58.95", "33.0"). */
function seconds(ms: number): string {
  return `${Math.floor(ms / 1000)}${TRIMMED3[ms % 1000]}`;
}

function splitTime(ms: number): string {
  return ms < 60_000 ? seconds(ms) : minSec(ms);
}

/** PIT_TIME: `H:MM:SS.mmm`. */
function hourMinSec(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${PAD2[Math.floor(s / 60) % 60]}:${PAD2[s % 60]}.${PAD3[ms % 1000]}`;
}

/** HOUR: time of day `HH:MM:SS.mmm`. */
function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${PAD2[Math.floor(s / 3600) % 24]}:${PAD2[Math.floor(s / 60) % 60]}:${PAD2[s % 60]}.${PAD3[ms % 1000]}`;
}

/** One decimal from a value given in tenths. */
function tenths(t: number): string {
  return `${Math.floor(t / 10)}.${t % 10}`;
}

function lapLine(car: CarRace, l: SampleLap, plan: SampleRacePlan, lengthKm: number): string {
  const s = l.segmentsMs;
  const s1 = s[0] + s[1];
  const s2 = s[2] + s[3];
  const s3 = s[4] + s[5];
  const im2aElapsed = s1 + s[2];
  const im3aElapsed = s1 + s2 + s[4];
  // KPH = lengthKm × 3600 / lapTimeS, in tenths.
  const kph = tenths(Math.round((lengthKm * 36_000_000) / l.lapMs));
  const top = l.topSpeedKph === null ? '' : tenths(Math.round(l.topSpeedKph * 10));
  // Lap 1 starts behind the line: the exports leave the first intermediate of the start lap empty.
  const im1a = l.lap === 1 ? ';;' : `${split(s[0])};${split(s[0])};${splitTime(s[1])}`;
  const imp = l.improvements;
  return (
    `${car.driver.carNumber};1;${l.lap};${minSec(l.lapMs)};${imp[0]};${l.pitIn ? 'B' : ''};` +
    `${split(s1)};${imp[1]};${split(s2)};${imp[2]};${split(s3)};${imp[3]};${kph};${minSec(l.elapsedMs)};` +
    `${clock(plan.startClockMs + l.elapsedMs)};${minSec(s1)};${minSec(s2)};${minSec(s3)};${top};` +
    `${l.pitMs === null ? '' : hourMinSec(l.pitMs)};Am;${car.driver.group};Toyota Gazoo Racing;${l.flag};` +
    `${seconds(s1)};${seconds(s2)};${seconds(s3)};${im1a};${split(s1)};` +
    `${splitTime(s[2])};${split(im2aElapsed)};${splitTime(s[3])};${split(s1 + s2)};` +
    `${splitTime(s[4])};${split(im3aElapsed)};${splitTime(s[5])};${minSec(l.lapMs)}`
  );
}

/** Cautions by race time: none, one or two, each 1-2.5 laps of the field under FCY (about 10 % of laps). */
function drawCautions(plan: SampleRacePlan, shape: TrackShape, rng: Rng): [number, number][] {
  const raceMs = plan.laps * shape.referenceLapS * 1000 * 1.02;
  const u = rng.next();
  const count = u < 0.4 ? 0 : u < 0.85 ? 1 : 2;
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const from = rng.uniform(0.15, 0.8) * raceMs;
    out.push([from, from + rng.uniform(1, 2.5) * shape.referenceLapS * 1000 * 1.45]);
  }
  return out;
}

/** The lap file of one planned race. */
export function generateRace(plan: SampleRacePlan): SampleFile {
  const shape = TRACK_SHAPES[plan.track];
  const lengthKm = KNOWN_TRACKS.find((t) => t.name === plan.track)!.lengthKm;
  const rng = mulberry32(deriveSeed(plan.seed, 0));
  const cautions = drawCautions(plan, shape, rng);
  const startFactor = rng.uniform(START_FACTOR[0], START_FACTOR[1]);
  const cars = plan.drivers.map((d) => simulateCar(d, plan, shape, cautions, startFactor));
  applyFinish(cars, plan.laps);
  markImprovements(cars);
  // Joined car by car: short joins free each line's pieces young, which halves the time of a big season.
  const blocks = [sampleHeader(plan.track)];
  for (const car of cars) blocks.push(car.laps.map((l) => lapLine(car, l, plan, lengthKm)).join('\n'));
  blocks.push(''); // the exports end with a newline
  return { path: plan.path, text: blocks.join('\n') };
}

/** The season's lap files one race at a time, so a 100× benchmark season is never held whole. */
export function* generateSeasonFiles(opts: SeasonOptions): Generator<SampleFile> {
  for (const race of planSeason(opts).races) yield generateRace(race);
}

export function generateSeason(opts: SeasonOptions): SampleFile[] {
  return [...generateSeasonFiles(opts)];
}
