// The one export format, `performance-dna/1` (docs/profile-schema.md). Every export, the CLI's and the
// app's, goes through here.
import type { ClassicProfile, DefinitionChoice, DriverProfile, Envelope, FileReport } from './types';

export const ENVELOPE_SCHEMA = 'performance-dna/1' as const;

export interface EnvelopeParts {
  definition: DefinitionChoice;
  reports: readonly FileReport[];
  classic: readonly ClassicProfile[];
  relative?: ReadonlyMap<number, unknown>;
  modelVersion?: string | null;
  now?: Date;
}

export function buildEnvelope(parts: EnvelopeParts): Envelope {
  const drivers: DriverProfile[] = parts.classic.map((p) => {
    const d: DriverProfile = { ...p };
    const rel = parts.relative?.get(p.driver_id);
    if (rel !== undefined) d.relative = rel;
    return d;
  });
  return {
    schema: ENVELOPE_SCHEMA,
    generated_at: (parts.now ?? new Date()).toISOString(),
    definition: parts.definition,
    model_version: parts.modelVersion ?? null,
    inputs: parts.reports
      .filter((r) => r.used)
      .map((r) => ({ file: r.path || r.file, track: r.track, race: r.race, rows: r.rowsAccepted, sha256: r.sha256 })),
    drivers,
  };
}
