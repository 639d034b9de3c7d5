// One race's data for a page (race, head-to-head), asked for again whenever the analysis or the race
// changes (race-request.ts). Call it while a component initialises: it sets up an $effect.
import type { AnalysisView } from '../../worker/api';
import { raceKeyOf, type RaceRef } from '../view/race-view';
import { requestRace, type RaceBridge, type RaceState } from './race-request';

export interface RaceSource {
  readonly analysis: AnalysisView | null;
  readonly bridge: RaceBridge;
}

export function loadRace(source: RaceSource, ref: () => RaceRef): Readonly<RaceState> {
  let state = $state.raw<RaceState>({ data: null, failed: null });
  $effect(() => {
    const view = source.analysis;
    const key = raceKeyOf(ref());
    if (!view) return;
    return requestRace(source.bridge, view, key, (s) => (state = s));
  });
  return {
    get data() {
      return state.data;
    },
    get failed() {
      return state.failed;
    },
  };
}
