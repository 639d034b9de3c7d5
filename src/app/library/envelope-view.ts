// A shared profile file (the envelope alone, exported without laps) as a dashboard the pages can show
// read-only: every figure of the car pages (radar, per-track pace, sectors, races table) is in the
// envelope; only the lap-time distribution needs laps, and the driver page says so. Pure.
import type { Envelope } from '../../core/types';
import type { AnalysisView } from '../../worker/api';

export function viewFromEnvelope(envelope: Envelope): AnalysisView {
  return {
    envelope,
    reports: [],
    laps: [],
    excludedBy: [],
    rulesByFile: {},
    columns: [],
    classicRejected: {},
    errors: [],
    model: { state: 'off', notices: [], backend: null, versions: {}, timings: {} },
    timings: { readMs: 0, profilesMs: 0, modelMs: 0, totalMs: 0 },
  };
}
