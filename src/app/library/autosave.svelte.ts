// "Every analysis is kept": whenever the session shows a new analysis result, it goes into the library
// (an analysis opened from the library is known there and not stored twice).
import { untrack } from 'svelte';
import type { Session } from '../session.svelte';
import { libraryState } from './library-state.svelte';

export function keepEveryAnalysis(session: Session): void {
  $effect.root(() => {
    $effect(() => {
      const analysis = session.analysis;
      // kept once complete: an exact result waiting for its predictions is kept when they have come
      if (analysis && !analysis.predictionsPending) untrack(() => void libraryState.keep(analysis));
    });
  });
}
