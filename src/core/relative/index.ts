// The relative definition (dna-spec §3, docs/relative-dna.md): laps in, one RelativeProfile per car number
// out. Pure: the caller passes the reference population (models/relative-reference.json) in.
export { lapTable, PROVISIONAL_MIN_CLEAN_LAPS, provisionalReason, referenceFromLaps, relativeProfileOf, relativeProfiles, relativeRaces } from './profile';
export type { RelativeOptions, RelativeProfile } from './profile';
export { ALL_REASONS, CLEAN_LAP_RULES, cleanLaps, DEFAULT_SLOW_FACTOR } from './clean-laps';
export type { CleanLapRule, CleanLapsResult, ExclusionReason, LapVerdict, RuleSkip } from './clean-laps';
export { FIELD_TOP_K, MIN_CLEAN_LAPS, PACE_FRACTION } from './race-metrics';
export type { RelativeRace, Sector } from './race-metrics';
export type { RelativeDna, RelativeTrackFigure } from './relative-dna';
export { ARCHETYPE_RULES, ARCHETYPE_Z_THRESHOLD, classifyArchetype } from './archetypes';
export type { ArchetypeResult, ArchetypeTraits } from './archetypes';
export { buildReference, checkReference, REFERENCE_SCHEMA } from './reference';
export type { RelativeReference, MeasureStats } from './reference';
export { RELATIVE_FORMULAS, relativeFormulas } from './formulas';
export type { RelativeFormulaKey } from './formulas';
export {
  attendanceInvariance,
  classicValidity,
  largestArchetypeShare,
  leaveOneTrackOutRho,
  raceToRaceR,
  relativeValidity,
} from './validity';
export type { ValidityFigures } from './validity';
