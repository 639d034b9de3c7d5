// What an analysis looks like on the wire between the worker and the page: the lap table as typed columns
// (lap-table.ts) and the clean-lap verdicts as one code per lap, never one object per lap. Structured clone
// copies typed arrays as blocks of bytes, so a season (or a million laps) arrives in one cheap message;
// `fromWire` gives the page LapRow views over those columns without copying them again.
import { LapTable, type LapTableData } from '../core/lap-table';
import type { IngestedSet } from '../core/analysis';
import type { ExclusionReason } from '../core/relative/clean-laps';
import type { Envelope } from '../core/types';
import type { AnalysisView } from './api';

export interface WireVerdicts {
  /** Code → reason; code 0 is a clean lap (null). */
  names: (ExclusionReason | null)[];
  codes: Uint8Array;
}

export type AnalysisWire = Omit<AnalysisView, 'laps' | 'table' | 'excludedBy' | 'cleaned'> & {
  lapTable: LapTableData;
  verdicts: WireVerdicts;
};

/** Laps already read, as they go to the worker for a re-analysis without the files (createDriverProfiles). */
export type IngestedWire = Omit<IngestedSet, 'laps' | 'table'> & { lapTable: LapTableData };

/** A lap table and its verdicts, as the page hands them to a worker for the race views (holdLaps). */
export interface HeldLapsWire {
  lapTable: LapTableData;
  verdicts: WireVerdicts;
}

/**
 * The lap table of a view's laps: the one they are views over when it has them (what the worker posted,
 * what the library stored), else one made from the laps (a view built by hand, from plain laps).
 */
export function tableOfView(view: Pick<AnalysisView, 'laps' | 'table'>): LapTable {
  return view.table && view.table.length === view.laps.length ? view.table : LapTable.fromRows(view.laps);
}

/** A set's laps in columns, for the wire. */
export function ingestedWire(set: IngestedSet): IngestedWire {
  const { laps, table, ...rest } = set;
  return { ...rest, lapTable: (table && table.length === laps.length ? table : LapTable.fromRows(laps)).data };
}

export function packVerdicts(excludedBy: readonly (ExclusionReason | null)[]): WireVerdicts {
  const names: (ExclusionReason | null)[] = [null];
  const codes = new Uint8Array(excludedBy.length);
  for (let i = 0; i < excludedBy.length; i++) {
    const v = excludedBy[i];
    if (v === null) continue;
    let c = names.indexOf(v);
    if (c < 0) c = names.push(v) - 1;
    codes[i] = c;
  }
  return { names, codes };
}

export function unpackVerdicts(v: WireVerdicts): (ExclusionReason | null)[] {
  const out = new Array<ExclusionReason | null>(v.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = v.names[v.codes[i]];
  return out;
}

/** The page's AnalysisView from what the worker posted: laps are views over the posted columns. */
export function fromWire(w: AnalysisWire): AnalysisView {
  const { lapTable, verdicts, ...rest } = w;
  const table = LapTable.from(lapTable);
  return { ...rest, laps: table.rows(), table, excludedBy: unpackVerdicts(verdicts) };
}

export interface EnvelopePredictions {
  modelVersion: string | null;
  /** Per envelope.drivers index; null where the model gave none. */
  drivers: (Envelope['drivers'][number]['predicted'] | null)[];
  /** Per envelope.people index. */
  people: (NonNullable<Envelope['people']>[number]['predicted'] | null)[];
}

export function predictedPatch(envelope: Envelope): EnvelopePredictions {
  return {
    modelVersion: envelope.model_version ?? null,
    drivers: envelope.drivers.map((d) => d.predicted ?? null),
    people: (envelope.people ?? []).map((p) => p.predicted ?? null),
  };
}

/** `envelope` with a predictions answer put in: new car and person objects where a prediction came. */
export function withPredicted(envelope: Envelope, p: EnvelopePredictions): Envelope {
  const out: Envelope = {
    ...envelope,
    model_version: p.modelVersion,
    drivers: envelope.drivers.map((d, i) => (p.drivers[i] ? { ...d, predicted: p.drivers[i]! } : d)),
  };
  if (envelope.people) out.people = envelope.people.map((q, i) => (p.people[i] ? { ...q, predicted: p.people[i]! } : q));
  return out;
}
