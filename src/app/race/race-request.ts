// Asking the worker for one race (bridge.raceData) on behalf of a page: the answer, "not in the
// analysis", or the worker's error goes to `show`, unless the page moved on first (the returned
// function drops a late answer). race-loader.svelte.ts runs it from a page's effect.
import type { RaceData } from '../../core/race';
import type { AnalysisView } from '../../worker/api';

export interface RaceState {
  /** The race, once it has arrived; null meanwhile and when there is none. */
  data: RaceData | null;
  /** Why there is no race; null otherwise. */
  failed: string | null;
}

export interface RaceBridge {
  raceData(view: AnalysisView, key: string): Promise<RaceData | null>;
}

export const RACE_NOT_FOUND = 'This race is not in the analysis.';

/** Shows the empty state at once, then the answer; call the result to ignore an answer still to come. */
export function requestRace(bridge: RaceBridge, view: AnalysisView, key: string, show: (s: RaceState) => void): () => void {
  let gone = false;
  show({ data: null, failed: null });
  bridge
    .raceData(view, key)
    .then((data) => {
      if (!gone) show(data ? { data, failed: null } : { data: null, failed: RACE_NOT_FOUND });
    })
    .catch((e: unknown) => {
      if (!gone) show({ data: null, failed: e instanceof Error ? e.message : String(e) });
    });
  return () => {
    gone = true;
  };
}
