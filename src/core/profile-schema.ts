// The strict reader of shared profile files (`performance-dna/1`, docs/profile-schema.md). A file from
// someone else is untrusted input: it is refused, with a coded message, unless it is small enough, valid
// JSON, free of prototype keys at any depth, and exactly the envelope shape: no unknown key anywhere, every
// value of its type. Pure: no DOM, no files; the app's import and the tests call the same function.
//
// The shape is written once, below, with a few combinators; `profileJsonSchema()` turns the same tree into
// the JSON Schema (draft 2020-12) in docs/profile-schema.json, and a test keeps the file in step.
import { coded } from './errors';
import { ALL_REASONS } from './relative/clean-laps';
import { SECTORS } from './relative/race-metrics';
import { TRACK_TYPES } from './relative/relative-dna';
import { ARCHETYPES, type CodedMessage, type DriverProfile, type Envelope } from './types';

export const PROFILE_SCHEMA = 'performance-dna/1' as const;
/** errors.ts E071: "Shared profiles are limited to 20 MB". */
export const MAX_PROFILE_BYTES = 20 * 1024 * 1024;
/** Keys that could reach an object's prototype when a later step copies or merges the data. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
/** No valid envelope nests deeper than this; a deeper file is refused before any recursion. */
export const MAX_DEPTH = 16;

/** Columns of the optional raw-lap table, in order (one LapRow each; names in the envelope's snake_case). */
export const LAP_TABLE_COLUMNS = [
  'input',
  'car_number',
  'lap_number',
  'lap_time_s',
  's1_s',
  's2_s',
  's3_s',
  'speed_kph',
  'top_speed_kph',
  'flag',
  'pit_in',
  'pit_time_s',
  'intermediates_s',
  'track',
  'race',
  'class',
  'driver_number',
  'driver_name',
  'elapsed_s',
] as const;

/** The lap table of files exported before classes and drivers were read: the first 15 columns. */
export const LAP_TABLE_COLUMNS_V1 = LAP_TABLE_COLUMNS.slice(0, 15);

export type LapTableCell = number | string | boolean | null | Record<string, number | null>;

/** Raw laps, present only when the user opted in at export: `rows[i][c]` is column `columns[c]`. */
export interface LapTable {
  columns: string[];
  rows: LapTableCell[][];
}

/** An envelope as shared between users: the profiles and, when opted in, the laps they came from. */
export interface SharedEnvelope extends Envelope<DriverProfile> {
  laps?: LapTable;
}

export type ProfileReadResult = { ok: true; envelope: SharedEnvelope } | { ok: false; error: CodedMessage };

// ---------------------------------------------------------------------------------------------------------
// Shape combinators: `check` returns a problem ("expected a number") or null; `schema` the JSON Schema.
// A problem carries the path below the shape that found it; each parent prepends its own segment, so
// paths are only built for the one value that failed (a lap table has a million valid cells).

type JsonSchema = Record<string, unknown>;

interface Problem {
  path: string[];
  message: string;
}

interface Shape {
  check(value: unknown): Problem | null;
  schema(defs: Map<string, JsonSchema>): JsonSchema;
}

const fail = (message: string): Problem => ({ path: [], message });
const under = (segment: string, p: Problem | null): Problem | null => (p ? (p.path.unshift(segment), p) : null);
const keySegment = (key: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key.slice(0, 60))}]`);

const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : `${typeof v} ${String(JSON.stringify(v)).slice(0, 40)}`;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(opts: { maxLength?: number; pattern?: RegExp; format?: 'date-time'; minLength?: number } = {}): Shape {
  return {
    check(v) {
      if (typeof v !== 'string') return fail(`expected a string, got ${describe(v)}`);
      if (opts.minLength !== undefined && v.length < opts.minLength) return fail(`empty string`);
      if (opts.maxLength !== undefined && v.length > opts.maxLength) return fail(`longer than ${opts.maxLength} characters`);
      if (opts.pattern && !opts.pattern.test(v)) return fail(`does not match ${opts.pattern.source}`);
      if (opts.format === 'date-time' && !(ISO_DATE_TIME.test(v) && Number.isFinite(Date.parse(v)))) {
        return fail(`expected an ISO 8601 date-time`);
      }
      return null;
    },
    schema: () => ({
      type: 'string',
      ...(opts.minLength !== undefined ? { minLength: opts.minLength } : {}),
      ...(opts.maxLength !== undefined ? { maxLength: opts.maxLength } : {}),
      ...(opts.pattern ? { pattern: opts.pattern.source } : {}),
      ...(opts.format ? { format: opts.format } : {}),
    }),
  };
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function num(opts: { integer?: boolean; minimum?: number; maximum?: number } = {}): Shape {
  return {
    check(v) {
      // JSON.parse turns 1e400 into Infinity: finite numbers only.
      if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`expected a finite number, got ${describe(v)}`);
      if (opts.integer && !Number.isInteger(v)) return fail(`expected an integer, got ${v}`);
      if (opts.minimum !== undefined && v < opts.minimum) return fail(`below ${opts.minimum}`);
      if (opts.maximum !== undefined && v > opts.maximum) return fail(`above ${opts.maximum}`);
      return null;
    },
    schema: () => ({
      type: opts.integer ? 'integer' : 'number',
      ...(opts.minimum !== undefined ? { minimum: opts.minimum } : {}),
      ...(opts.maximum !== undefined ? { maximum: opts.maximum } : {}),
    }),
  };
}

const bool: Shape = {
  check: (v) => (typeof v === 'boolean' ? null : fail(`expected true or false, got ${describe(v)}`)),
  schema: () => ({ type: 'boolean' }),
};

function constant(value: string): Shape {
  return {
    check: (v) => (v === value ? null : fail(`expected "${value}", got ${describe(v)}`)),
    schema: () => ({ const: value }),
  };
}

function oneOf(values: readonly string[]): Shape {
  return {
    check: (v) =>
      typeof v === 'string' && values.includes(v) ? null : fail(`expected one of ${values.join(', ')}, got ${describe(v)}`),
    schema: () => ({ enum: [...values] }),
  };
}

function nullable(inner: Shape): Shape {
  return {
    check: (v) => (v === null ? null : inner.check(v)),
    schema(defs) {
      const s = inner.schema(defs);
      const keys = Object.keys(s);
      // {type: 'number'} → {type: ['number', 'null']}; anything richer → anyOf
      if (typeof s.type === 'string' && keys.every((k) => k === 'type' || k === 'minimum' || k === 'maximum' || k === 'maxLength' || k === 'pattern')) {
        return { ...s, type: [s.type, 'null'] };
      }
      if (Array.isArray(s.enum)) return { enum: [...s.enum, null] };
      return { anyOf: [s, { type: 'null' }] };
    },
  };
}

function array(item: Shape, opts: { maxItems?: number; minItems?: number } = {}): Shape {
  return {
    check(v) {
      if (!Array.isArray(v)) return fail(`expected an array, got ${describe(v)}`);
      if (opts.minItems !== undefined && v.length < opts.minItems) return fail(`fewer than ${opts.minItems} items`);
      if (opts.maxItems !== undefined && v.length > opts.maxItems) return fail(`more than ${opts.maxItems} items`);
      for (let i = 0; i < v.length; i++) {
        const problem = item.check(v[i]);
        if (problem) return under(`[${i}]`, problem);
      }
      return null;
    },
    schema: (defs) => ({
      type: 'array',
      items: item.schema(defs),
      ...(opts.minItems !== undefined ? { minItems: opts.minItems } : {}),
      ...(opts.maxItems !== undefined ? { maxItems: opts.maxItems } : {}),
    }),
  };
}

/** A value of the first shape, else of the second (its problem is the first shape's when both fail). */
function either(first: Shape, second: Shape): Shape {
  return {
    check(v) {
      const problem = first.check(v);
      return problem === null || second.check(v) === null ? null : problem;
    },
    schema: (defs) => ({ anyOf: [first.schema(defs), second.schema(defs)] }),
  };
}

/** A fixed-length array whose items have their own shapes. */
function tuple(items: readonly Shape[]): Shape {
  return {
    check(v) {
      if (!Array.isArray(v)) return fail(`expected an array, got ${describe(v)}`);
      if (v.length !== items.length) return fail(`expected ${items.length} items, got ${v.length}`);
      for (let i = 0; i < items.length; i++) {
        const problem = items[i].check(v[i]);
        if (problem) return under(`[${i}]`, problem);
      }
      return null;
    },
    schema: (defs) => ({
      type: 'array',
      prefixItems: items.map((s) => s.schema(defs)),
      items: false,
      minItems: items.length,
    }),
  };
}

/** An object with exactly these keys (`optional` ones may be absent); any other key is refused. */
function object(required: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape {
  return {
    check(v) {
      if (!isPlainObject(v)) return fail(`expected an object, got ${describe(v)}`);
      for (const key of Object.keys(v)) {
        if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) return fail(`unknown key "${key.slice(0, 60)}"`);
      }
      for (const [key, shape] of Object.entries(required)) {
        if (!Object.hasOwn(v, key)) return fail(`missing key "${key}"`);
        const problem = shape.check(v[key]);
        if (problem) return under(keySegment(key), problem);
      }
      for (const [key, shape] of Object.entries(optional)) {
        if (!Object.hasOwn(v, key)) continue;
        const problem = shape.check(v[key]);
        if (problem) return under(keySegment(key), problem);
      }
      return null;
    },
    schema: (defs) => {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, shape] of [...Object.entries(required), ...Object.entries(optional)]) properties[key] = shape.schema(defs);
      return { type: 'object', properties, required: Object.keys(required), additionalProperties: false };
    },
  };
}

/**
 * An object used as a map (track name → metrics): any key but the forbidden ones, values of one shape.
 * `dataKeys`: the keys are names from the user's data (track names), so a track called "constructor" or
 * "__proto__" is allowed there (findForbidden skips exactly these maps; JSON.parse makes them own data
 * properties, and readers look them up with Object.hasOwn).
 */
function record(value: Shape, opts: { maxKeys?: number; dataKeys?: boolean } = {}): Shape {
  return {
    check(v) {
      if (!isPlainObject(v)) return fail(`expected an object, got ${describe(v)}`);
      const keys = Object.keys(v);
      if (opts.maxKeys !== undefined && keys.length > opts.maxKeys) return fail(`more than ${opts.maxKeys} keys`);
      for (const key of keys) {
        const problem = value.check(v[key]);
        if (problem) return under(keySegment(key), problem);
      }
      return null;
    },
    schema: (defs) => ({
      type: 'object',
      ...(opts.dataKeys ? {} : { propertyNames: { not: { enum: [...FORBIDDEN_KEYS] } } }),
      additionalProperties: value.schema(defs),
      ...(opts.maxKeys !== undefined ? { maxProperties: opts.maxKeys } : {}),
    }),
  };
}

/** A named part: validated in place, written once under `$defs` in the JSON Schema. */
function named(name: string, description: string, inner: Shape): Shape {
  return {
    check: (v) => inner.check(v),
    schema(defs) {
      if (!defs.has(name)) {
        defs.set(name, {}); // reserve first: a part may be reached twice while it is being written
        defs.set(name, { description, ...inner.schema(defs) });
      }
      return { $ref: `#/$defs/${name}` };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The envelope, field for field as src/core/types.ts declares it.

const NAME = str({ maxLength: 1024 });
/** A car number as the timing file writes it (`04` and `4` are two cars). */
const CAR_NUMBER = str({ minLength: 1, maxLength: 32 });
/** A car in one race: its number, or "3 (2)" for a second car under the same number. */
const CAR_KEY = str({ minLength: 1, maxLength: 48 });
const COUNT = num({ integer: true, minimum: 0 });
// Bounds per quantity (issue 13): wide enough for every figure the core can write from data that passed
// ingestion's plausibility bounds (src/core/plausibility.ts), narrow enough to refuse negative times,
// speeds of 5,000 km/h and the like in a shared file.
/** Seconds of a lap, sector, pace or spread: 0 to a day. */
const TIME_S = num({ minimum: 0, maximum: 86_400 });
/** A signed difference of times in seconds (a gap, a degradation per lap). */
const DELTA_S = num({ minimum: -86_400, maximum: 86_400 });
const SPEED_KPH = num({ minimum: 0, maximum: 1000 });
/** A gap in % of a positive reference: at least -100%. */
const GAP_PCT = num({ minimum: -100, maximum: 1e7 });
/** A spread in % (CV, variation): never negative. */
const SPREAD_PCT = num({ minimum: 0, maximum: 1e7 });
/** A difference of percentages, percentage points, a z-score or a score: signed, finite, not absurd. */
const SIGNED = num({ minimum: -1e7, maximum: 1e7 });
/** A ratio of positive quantities (classic DNA). */
const RATIO = num({ minimum: 0, maximum: 1e7 });
const LAP_NO = num({ minimum: 0, maximum: 1_000_000 });
const n = nullable;

const classicTrackMetrics = named(
  'ClassicTrackMetrics',
  'Classic features of one driver at one track (dna-spec section 1), rounded to 3 decimals.',
  object({
    avg_lap_time: TIME_S,
    consistency: TIME_S,
    best_lap: TIME_S,
    sector_balance: object({ S1_avg: n(TIME_S), S2_avg: n(TIME_S), S3_avg: n(TIME_S) }),
    speed_profile: object({ avg_speed: SPEED_KPH, top_speed: SPEED_KPH }),
  }),
);

const classicDnaSignature = named(
  'ClassicDnaSignature',
  'Classic DNA of a driver with two or more driver-track rows (dna-spec section 1).',
  object({
    speed_vs_consistency_ratio: RATIO,
    track_adaptability: RATIO,
    consistency_index: RATIO,
    performance_variance: RATIO,
    speed_consistency: RATIO,
    track_specialization: object({ technical: RATIO, high_speed: RATIO, mixed: RATIO }),
  }),
);

const archetype = oneOf(ARCHETYPES);

const predictedProfile = named(
  'PredictedProfile',
  "A model's prediction placed beside the exact archetype.",
  object({
    model_version: str({ maxLength: 200 }),
    archetype,
    probabilities: record(num({ minimum: 0, maximum: 1 }), { maxKeys: 64 }),
    dna_signature: record(num({ minimum: -1e9, maximum: 1e9 }), { maxKeys: 256 }),
    out_of_distribution: array(str({ maxLength: 200 }), { maxItems: 256 }),
  }, { archetype_reference: str({ maxLength: 200 }), classifier_archetype: archetype }),
);

// The relative definition's per-driver object: RelativeProfile in src/core/relative/profile.ts, field for
// field (docs/profile-schema.md, "relative"). A field added there must be added here, or exports with it
// are refused on import; the round-trip test of an analysed season catches a missing one.
const sectorFigures = (shape: Shape) => object(Object.fromEntries(SECTORS.map((s) => [s, nullable(shape)])));
const sectorGapPct = sectorFigures(GAP_PCT);
const exclusionReason = oneOf(ALL_REASONS);
const trackType = oneOf(TRACK_TYPES);
const sector = oneOf(SECTORS);
const LAP_COLUMN_NAMES = ['flag', 'pitIn', 'pitTime', 'lapNumber', 'topSpeed', 'sectors', 'speed'] as const;
const RELATIVE_DNA_FIELDS = [
  'pace_gap_pct',
  'variation_pct',
  'consistency_cv_pct',
  'potential_gap_pct',
  'top_speed_gap_pct',
  'sector_strength_pct',
  'adaptability_pp',
  'specialisation_pp',
  'specialisation_advantage_pp',
] as const;
const ruleSkip = object({ reason: exclusionReason, missing: array(oneOf(LAP_COLUMN_NAMES), { maxItems: LAP_COLUMN_NAMES.length }) });
const rulesApplied = array(exclusionReason, { maxItems: 32 });
const rulesSkipped = array(ruleSkip, { maxItems: 32 });

const relativeRace = named(
  'RelativeRace',
  'Relative figures of one driver in one race (clean laps only); percentages and seconds to 0.001.',
  object({
    track: NAME,
    race: NAME,
    track_type: trackType,
    file_index: COUNT,
    laps: COUNT,
    clean_laps: COUNT,
    excluded: object({}, Object.fromEntries(ALL_REASONS.map((r) => [r, COUNT]))),
    low_confidence: bool,
    shared_car_number: bool,
    rules_applied: rulesApplied,
    rules_skipped: rulesSkipped,
    median_lap_s: n(TIME_S),
    best_lap_s: n(TIME_S),
    pace_lap_s: n(TIME_S),
    field_reference_s: n(TIME_S),
    pace_gap_pct: n(GAP_PCT),
    consistency_cv_pct: n(SPREAD_PCT),
    variation_pct: n(SPREAD_PCT),
    theoretical_best_s: n(TIME_S),
    potential_gap_pct: n(GAP_PCT),
    sector_gap_pct: sectorGapPct,
    top_speed_kph: n(SPEED_KPH),
    top_speed_gap_pct: n(GAP_PCT),
  }, { class: nullable(NAME), field_cars: COUNT, sector_complete_laps: COUNT, pace_gap_s: n(DELTA_S), sector_gap_s: sectorFigures(DELTA_S) }),
);

const relativeTrackFigure = named(
  'RelativeTrackFigure',
  "A driver's relative figures at one track: the mean of its races.",
  object({
    track: NAME,
    track_type: trackType,
    races: COUNT,
    low_confidence: bool,
    pace_gap_pct: n(GAP_PCT),
    variation_pct: n(SPREAD_PCT),
    consistency_cv_pct: n(SPREAD_PCT),
    potential_gap_pct: n(GAP_PCT),
    top_speed_gap_pct: n(GAP_PCT),
    sector_gap_pct: sectorGapPct,
  }),
);

const relativeDna = named(
  'RelativeDna',
  'The cross-race relative DNA: the mean over tracks; fields that need two tracks are null with a reason in `missing`.',
  object({
    races: COUNT,
    tracks: COUNT,
    track_figures: array(relativeTrackFigure, { maxItems: 1000 }),
    low_confidence: bool,
    pace_gap_pct: n(GAP_PCT),
    variation_pct: n(SPREAD_PCT),
    consistency_cv_pct: n(SPREAD_PCT),
    potential_gap_pct: n(GAP_PCT),
    top_speed_gap_pct: n(GAP_PCT),
    sector_strength_pct: sectorFigures(SIGNED),
    strongest_sector: nullable(sector),
    weakest_sector: nullable(sector),
    adaptability_pp: n(SIGNED),
    specialisation_pp: nullable(object(Object.fromEntries(TRACK_TYPES.map((t) => [t, n(SIGNED)])))),
    specialisation_advantage_pp: n(SIGNED),
    best_track_type: nullable(trackType),
    missing: object({}, Object.fromEntries(RELATIVE_DNA_FIELDS.map((f) => [f, str({ maxLength: 1000 })]))),
  }),
);

const relativeProfile = named(
  'RelativeProfile',
  'The relative definition of one driver (dna-spec section 3, docs/relative-dna.md).',
  object(
    {
    races: array(relativeRace, { maxItems: 10_000 }),
    dna: relativeDna,
    archetype: nullable(archetype),
    archetype_scores: nullable(object(Object.fromEntries(ARCHETYPES.map((a) => [a, SIGNED])))),
    traits: object({ speed_z: n(SIGNED), consistency_z: n(SIGNED), specialisation_z: n(SIGNED) }),
    explanation: str({ maxLength: 4000 }),
    rules_applied: rulesApplied,
    rules_skipped: rulesSkipped,
    low_confidence: bool,
    },
    // car_number since car numbers are strings; files exported before carry driver_id (an integer)
    { provisional: nullable(str({ maxLength: 1000 })), reference: nullable(str({ maxLength: 1200 })), car_number: CAR_NUMBER, driver_id: num({ integer: true }) },
  ),
);

const stint = named(
  'Stint',
  'One stint of a car: laps between pit stops (or driver changes) in one race; times in seconds, degradation in s/lap (Theil–Sen).',
  object({
    track: NAME,
    race: NAME,
    file_index: COUNT,
    car_key: CAR_KEY,
    stint: num({ integer: true, minimum: 1 }),
    driver: nullable(NAME),
    first_lap: LAP_NO,
    last_lap: LAP_NO,
    laps: COUNT,
    clean_laps: COUNT,
    pace_s: n(TIME_S),
    best_clean_s: n(TIME_S),
    degradation_s_per_lap: n(DELTA_S),
    degradation_lo95_s_per_lap: n(DELTA_S),
    degradation_hi95_s_per_lap: n(DELTA_S),
    ended_by: oneOf(['pit', 'driver-change', 'finish']),
  }),
);

const driverProfile = named(
  'DriverProfile',
  'One driver (car number). Classic fields at the top level as the seed wrote them; `relative` and `predicted` when computed.',
  object(
    {
      driver_id: num({ integer: true }),
      tracks_raced: array(NAME, { maxItems: 1000 }),
      total_races: COUNT,
      performance_metrics: record(classicTrackMetrics, { maxKeys: 1000, dataKeys: true }),
      dna_signature: nullable(classicDnaSignature),
      sector_balance_score: nullable(RATIO),
      archetype: nullable(archetype),
    },
    {
      // absent in files exported before car numbers were strings: the reader takes String(driver_id)
      car_number: CAR_NUMBER,
      class: nullable(NAME),
      dna_signature_reason: str({ maxLength: 1000 }),
      relative: relativeProfile,
      stints: array(stint, { maxItems: 1_000_000 }),
      predicted: object({}, { classic: predictedProfile, relative: predictedProfile }),
    },
  ),
);

const envelopeInput = named(
  'EnvelopeInput',
  'One input file the profiles were computed from, with its SHA-256 so a reader can check it is the same file.',
  object({
    file: NAME,
    track: nullable(NAME),
    race: nullable(NAME),
    rows: COUNT,
    sha256: nullable(str({ pattern: /^[0-9a-f]{64}$/ })),
  }),
);

const INTERMEDIATES = record(nullable(TIME_S), { maxKeys: 32 });
const LAP_CELL_SHAPES: Record<(typeof LAP_TABLE_COLUMNS)[number], Shape> = {
  input: COUNT,
  // an integer in files exported before car numbers were strings
  car_number: either(CAR_NUMBER, num({ integer: true })),
  lap_number: nullable(num({ integer: true, minimum: 0, maximum: 1_000_000 })),
  lap_time_s: nullable(TIME_S),
  s1_s: nullable(TIME_S),
  s2_s: nullable(TIME_S),
  s3_s: nullable(TIME_S),
  speed_kph: nullable(SPEED_KPH),
  top_speed_kph: nullable(SPEED_KPH),
  flag: nullable(str({ maxLength: 20 })),
  pit_in: bool,
  pit_time_s: nullable(TIME_S),
  intermediates_s: INTERMEDIATES,
  track: NAME,
  race: NAME,
  class: nullable(NAME),
  driver_number: nullable(str({ maxLength: 32 })),
  driver_name: nullable(NAME),
  elapsed_s: nullable(num({ minimum: 0, maximum: 31 * 86_400 })),
};

const lapTable = named(
  'LapTable',
  'Raw laps, only when the exporting user opted in. `input` indexes `inputs`; times in seconds, speeds in km/h.',
  either(
    object({
      columns: tuple(LAP_TABLE_COLUMNS.map((c) => constant(c))),
      rows: array(tuple(LAP_TABLE_COLUMNS.map((c) => LAP_CELL_SHAPES[c])), { maxItems: 2_000_000 }),
    }),
    object({
      columns: tuple(LAP_TABLE_COLUMNS_V1.map((c) => constant(c))),
      rows: array(tuple(LAP_TABLE_COLUMNS_V1.map((c) => LAP_CELL_SHAPES[c])), { maxItems: 2_000_000 }),
    }),
  ),
);

const personProfile = named(
  'PersonProfile',
  'One driver (person) where the files say who drove each lap: relative figures from their own laps, against the class field of the car they drove.',
  object(
    {
      name: nullable(NAME),
      driver_key: str({ minLength: 1, maxLength: 1100 }),
      cars: array(CAR_NUMBER, { maxItems: 1000 }),
      classes: array(NAME, { maxItems: 1000 }),
      laps: COUNT,
      relative: relativeProfile,
    },
    { stints: array(stint, { maxItems: 1_000_000 }), predicted: object({}, { relative: predictedProfile }) },
  ),
);

const envelopeShape = object(
  {
    schema: constant(PROFILE_SCHEMA),
    generated_at: str({ format: 'date-time', maxLength: 40 }),
    definition: oneOf(['classic', 'relative', 'both']),
    inputs: array(envelopeInput, { maxItems: 10_000 }),
    drivers: array(driverProfile, { maxItems: 100_000 }),
  },
  {
    model_version: nullable(str({ maxLength: 200 })),
    laps: lapTable,
    people: array(personProfile, { maxItems: 100_000 }),
  },
);

// ---------------------------------------------------------------------------------------------------------
// Reading

interface Visit {
  value: unknown;
  parent: Visit | null;
  segment: string;
  depth: number;
}

const pathOf = (v: Visit): string => {
  const parts: string[] = [];
  for (let at: Visit | null = v; at; at = at.parent) parts.push(at.segment);
  return parts.reverse().join('');
};

/** `$.drivers[i].performance_metrics`: the one map keyed by names from the data (tracks). */
const isTrackMap = (v: Visit): boolean =>
  v.depth === 3 && v.segment === '.performance_metrics' && v.parent?.parent?.segment === '.drivers' && v.parent.parent.depth === 1;

/**
 * The first forbidden key or over-deep nesting, found without recursion (a hostile file cannot overflow
 * the stack) and before any shape check looks at the value.
 */
function findForbidden(root: unknown): { code: 'E074' | 'E073'; detail: string } | null {
  const stack: Visit[] = [{ value: root, parent: null, segment: '$', depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value, depth } = visit;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) return { code: 'E073', detail: `${pathOf(visit)}: nested deeper than ${MAX_DEPTH} levels` };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (typeof item === 'object' && item !== null) stack.push({ value: item, parent: visit, segment: `[${i}]`, depth: depth + 1 });
      }
      continue;
    }
    const trackKeyed = isTrackMap(visit);
    for (const key of Object.keys(value)) {
      if (!trackKeyed && FORBIDDEN_KEYS.includes(key)) return { code: 'E074', detail: `${pathOf(visit)}: key "${key}"` };
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) stack.push({ value: item, parent: visit, segment: keySegment(key), depth: depth + 1 });
    }
  }
  return null;
}

/** The key of a car profile: its car number, or the integer driver_id of a file exported before car numbers were strings. */
export const carKeyOf = (d: { car_number?: string; driver_id: number }): string => d.car_number ?? String(d.driver_id);

/** Cross-field rules JSON Schema cannot say: unique car numbers, lap rows that point at an input. */
function checkReferences(env: SharedEnvelope): string | null {
  const ids = new Set<string>();
  for (let i = 0; i < env.drivers.length; i++) {
    const id = carKeyOf(env.drivers[i]);
    if (ids.has(id)) return `$.drivers[${i}].car_number: ${id} appears twice`;
    ids.add(id);
  }
  const people = new Set<string>();
  for (let i = 0; i < (env.people?.length ?? 0); i++) {
    const key = env.people![i].driver_key;
    if (people.has(key)) return `$.people[${i}].driver_key: ${key.slice(0, 60)} appears twice`;
    people.add(key);
  }
  if (env.laps) {
    const inputIndex = LAP_TABLE_COLUMNS.indexOf('input');
    for (let i = 0; i < env.laps.rows.length; i++) {
      const input = env.laps.rows[i][inputIndex] as number;
      if (input >= env.inputs.length) return `$.laps.rows[${i}][${inputIndex}]: input ${input} does not exist`;
    }
  }
  return null;
}

/** Validates an already-parsed value; null when it is a valid envelope. */
export function validateEnvelope(value: unknown): CodedMessage | null {
  const forbidden = findForbidden(value);
  if (forbidden) return coded(forbidden.code, forbidden.detail);
  const problem = envelopeShape.check(value);
  if (problem) return coded('E073', `$${problem.path.join('')}: ${problem.message}`);
  const reference = checkReferences(value as SharedEnvelope);
  return reference ? coded('E073', reference) : null;
}

/** UTF-8 byte length without allocating a copy of the text. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Reads a shared profile file: size (E071), JSON (E072), prototype keys (E074), shape (E073), in that order,
 * so the cheapest refusal comes first. Bytes must be UTF-8 (a BOM is allowed).
 */
export function readProfileJson(input: string | Uint8Array | ArrayBuffer, maxBytes: number = MAX_PROFILE_BYTES): ProfileReadResult {
  let text: string;
  if (typeof input === 'string') {
    if (input.length > maxBytes || utf8Length(input) > maxBytes) return { ok: false, error: coded('E071', `over ${maxBytes} bytes`) };
    text = input;
  } else {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (bytes.byteLength > maxBytes) return { ok: false, error: coded('E071', `${bytes.byteLength} bytes, limit ${maxBytes}`) };
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, error: coded('E072', 'not UTF-8 text') };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: coded('E072', e instanceof Error ? e.message.slice(0, 200) : undefined) };
  }
  const error = validateEnvelope(value);
  return error ? { ok: false, error } : { ok: true, envelope: upgradeEnvelope(value as SharedEnvelope) };
}

/**
 * A valid file exported before car numbers were strings, read as today's shape: every car gets car_number
 * (String(driver_id)) and class (null); a relative profile's driver_id becomes car_number. In place.
 */
export function upgradeEnvelope(env: SharedEnvelope): SharedEnvelope {
  for (const d of env.drivers as (DriverProfile & { car_number?: string })[]) {
    d.car_number ??= String(d.driver_id);
    d.class ??= null;
    const rel = d.relative as (NonNullable<DriverProfile['relative']> & { driver_id?: number }) | undefined;
    if (rel && rel.car_number === undefined) {
      rel.car_number = d.car_number;
      delete rel.driver_id;
    }
  }
  return env;
}

/** The JSON Schema (draft 2020-12) of the envelope, generated from the same shapes the reader checks. */
export function profileJsonSchema(): JsonSchema {
  const defs = new Map<string, JsonSchema>();
  const root = envelopeShape.schema(defs);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://performance-dna.local/profile-schema.json',
    title: 'Performance DNA envelope (performance-dna/1)',
    description:
      'The one export format of Performance DNA: profiles of drivers with the inputs they came from. ' +
      `Readers also refuse files over ${MAX_PROFILE_BYTES} bytes, the keys ${FORBIDDEN_KEYS.join(', ')} at any depth ` +
      '(except as track names in performance_metrics), ' +
      `nesting deeper than ${MAX_DEPTH}, duplicate car numbers (car_number, else driver_id), duplicate driver_key values and lap rows whose input does not exist.`,
    ...root,
    $defs: Object.fromEntries([...defs.entries()].sort(([a], [b]) => a.localeCompare(b))),
  };
}
