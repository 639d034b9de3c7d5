// models/registry.json: every version with its definition, status and headline metrics, and the `latest`
// version per definition (no symlinks: the app is served statically and reads this file first). Paths
// are relative to models/. Pure operations here; train/models-cli.ts does the file I/O.
import { DnaError } from '../core/errors';
import type { Definition } from '../core/types';
import type { SeedMetrics } from './metadata';

export const REGISTRY_SCHEMA = 'performance-dna-registry/1' as const;

export interface RegistryEntry {
  version: string;
  definition: Definition;
  /** Folder of the version, relative to models/. */
  path: string;
  created: string;
  status: 'passed' | 'failed';
  /** Held-out figures, real and virtual drivers together (metadata.validation_metrics). */
  metrics: SeedMetrics;
  /** Held-out real drivers only. */
  metrics_real: SeedMetrics;
  /** sha256 of the version's metadata.json, which holds the sha256 of every other file. */
  metadata_sha256: string;
}

export interface RegistryEvent {
  action: 'promote' | 'rollback';
  definition: Definition;
  from: string | null;
  to: string;
  at: string;
}

export interface Registry {
  schema: typeof REGISTRY_SCHEMA;
  latest: Record<Definition, string | null>;
  versions: RegistryEntry[];
  history: RegistryEvent[];
}

export function emptyRegistry(): Registry {
  return { schema: REGISTRY_SCHEMA, latest: { classic: null, relative: null }, versions: [], history: [] };
}

export function parseRegistry(json: unknown): Registry {
  const r = json as Registry;
  if (!r || r.schema !== REGISTRY_SCHEMA || !Array.isArray(r.versions) || !r.latest || !Array.isArray(r.history)) {
    throw new Error(`not a ${REGISTRY_SCHEMA} file`);
  }
  return r;
}

export function findVersion(reg: Registry, version: string): RegistryEntry {
  const e = reg.versions.find((v) => v.version === version);
  if (!e) throw new DnaError('E068', version);
  return e;
}

/** `classic-v3` after classic-v1 and classic-v2 (numbers never reused, failed ones included). */
export function nextVersion(reg: Registry, definition: Definition): string {
  const re = new RegExp(`^${definition}-v(\\d+)$`);
  const n = Math.max(0, ...reg.versions.map((v) => re.exec(v.version)).filter((m) => m).map((m) => Number(m![1])));
  return `${definition}-v${n + 1}`;
}

export function addVersion(reg: Registry, entry: RegistryEntry): Registry {
  if (reg.versions.some((v) => v.version === entry.version)) throw new Error(`version ${entry.version} already registered`);
  return { ...reg, versions: [...reg.versions, entry] };
}

/** Makes a passed version the latest of its definition (a failed candidate is refused with E066). */
export function promote(reg: Registry, version: string, at: Date = new Date()): Registry {
  const e = findVersion(reg, version);
  if (e.status !== 'passed') throw new DnaError('E066', `${version} is a failed candidate and cannot become latest`);
  const from = reg.latest[e.definition];
  if (from === version) return reg;
  return {
    ...reg,
    latest: { ...reg.latest, [e.definition]: version },
    history: [...reg.history, { action: 'promote', definition: e.definition, from, to: version, at: at.toISOString() }],
  };
}

/**
 * Returns `latest` of a definition (default: the definition of the last promotion) to the version it
 * replaced: the `from` of the last promotion that made the current latest. Repeated rollbacks walk back.
 */
export function rollback(reg: Registry, definition?: Definition, at: Date = new Date()): Registry {
  const def = definition ?? [...reg.history].reverse().find((h) => h.action === 'promote')?.definition;
  if (!def) throw new DnaError('E069', 'no promotion recorded');
  const current = reg.latest[def];
  const event = [...reg.history].reverse().find((h) => h.action === 'promote' && h.definition === def && h.to === current);
  if (!current || !event || !event.from) throw new DnaError('E069', `${def}: no earlier version to return to`);
  return {
    ...reg,
    latest: { ...reg.latest, [def]: event.from },
    history: [...reg.history, { action: 'rollback', definition: def, from: current, to: event.from, at: at.toISOString() }],
  };
}

/** Metrics where a lower value is better; every other metric is better higher. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['dna_mae']);

export interface MetricComparison {
  metric: string;
  a: number;
  b: number;
  better: 'a' | 'b' | 'equal';
}

export function compareMetrics(a: SeedMetrics, b: SeedMetrics): MetricComparison[] {
  return (Object.keys(a) as (keyof SeedMetrics)[]).map((metric) => {
    const x = a[metric];
    const y = b[metric];
    const lower = LOWER_IS_BETTER.has(metric);
    const better = Math.abs(x - y) < 1e-12 ? 'equal' : (x < y) === lower ? 'a' : 'b';
    return { metric, a: x, b: y, better };
  });
}
