// The lap summary a page reads (core/lap-summary.ts): the one the worker sent with the analysis, or, for
// a view that has none (an analysis stored before the worker sent one, a view built by hand), the same
// summary made once here from the view's lap table and kept for the view.
import { lapSummary, type LapSummary } from '../../core/lap-summary';
import { tableOfView } from '../../worker/analysis-wire';
import type { AnalysisView } from '../../worker/api';

const made = new WeakMap<AnalysisView, LapSummary>();

export function lapSummaryOf(view: AnalysisView): LapSummary {
  if (view.lapSummary) return view.lapSummary;
  let s = made.get(view);
  if (!s) made.set(view, (s = lapSummary(tableOfView(view), view.excludedBy)));
  return s;
}
