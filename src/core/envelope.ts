// The one export format, `performance-dna/1` (docs/profile-schema.md). Every export, the CLI's and the
// app's, goes through here.
import { carNumberId, compareCarNumbers } from './classic-dna';
import type { EnvelopeStint } from './race/envelope-stints';
import type { PersonProfile } from './relative/people';
import type { RelativeProfile } from './relative';
import type { ClassicProfile, DefinitionChoice, DriverProfile, Envelope, FileReport } from './types';

export const ENVELOPE_SCHEMA = 'performance-dna/1' as const;

export interface EnvelopeParts {
  definition: DefinitionChoice;
  reports: readonly FileReport[];
  classic: readonly ClassicProfile[];
  relative?: ReadonlyMap<string, RelativeProfile>;
  /** Stints of each car over every race (core/race stintsByCar); with the relative definition. */
  stints?: ReadonlyMap<string, EnvelopeStint[]>;
  /** People (relative/people.ts); written only when there is at least one. */
  people?: readonly PersonProfile[];
  /** Class of each car (classic-dna carClasses); cars without one get null. */
  classes?: ReadonlyMap<string, string>;
  modelVersion?: string | null;
  now?: Date;
}

export function buildEnvelope(parts: EnvelopeParts): Envelope {
  // Every car number of either definition gets a driver: a car whose laps all fail the classic filter
  // still has its relative profile, with the classic fields empty and a reason.
  const classic = new Map(parts.classic.map((p) => [p.car_number, p]));
  const ids = [...new Set([...classic.keys(), ...(parts.relative?.keys() ?? [])])].sort(compareCarNumbers);
  const drivers: DriverProfile[] = ids.map((id) => {
    const d: DriverProfile = { ...(classic.get(id) ?? noClassic(id, parts.relative?.get(id))) };
    d.class = parts.classes?.get(id) ?? d.class ?? null;
    const rel = parts.relative?.get(id);
    if (rel !== undefined) d.relative = rel;
    const stints = parts.stints?.get(id);
    if (stints !== undefined) d.stints = stints;
    return d;
  });
  const envelope: Envelope = {
    schema: ENVELOPE_SCHEMA,
    generated_at: (parts.now ?? new Date()).toISOString(),
    definition: parts.definition,
    model_version: parts.modelVersion ?? null,
    inputs: parts.reports
      .filter((r) => r.used)
      .map((r) => ({ file: r.path || r.file, track: r.track, race: r.race, rows: r.rowsAccepted, sha256: r.sha256 })),
    drivers,
  };
  if (parts.people && parts.people.length > 0) envelope.people = [...parts.people];
  return envelope;
}

/** Classic fields of a car the classic definition has nothing for (all laps filtered, or not computed). */
export function noClassic(carNumber: string, rel: RelativeProfile | undefined, reason = 'no lap passed the classic filter (30–300 s, 50–400 km/h)'): ClassicProfile {
  const tracks = rel ? [...new Set(rel.races.map((r) => r.track))] : [];
  return {
    driver_id: carNumberId(carNumber), car_number: carNumber, class: null, tracks_raced: tracks, total_races: tracks.length, performance_metrics: {},
    dna_signature: null, dna_signature_reason: reason, sector_balance_score: null, archetype: null,
  };
}
