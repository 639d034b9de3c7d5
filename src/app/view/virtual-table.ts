// The arithmetic of a virtualized table (components/VirtualTable.svelte): with one fixed row height, the
// rows in view follow from the scroll offset alone, so only those rows plus a few either side are in the
// DOM, whatever the number of rows. Pure functions; the component measures and renders.

export interface RowWindow {
  /** Index of the first row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Height of the rows above `start` (a spacer row keeps the scroll height). */
  topPx: number;
  /** Height of the rows from `end` on. */
  bottomPx: number;
}

/**
 * The rows to render for a scroll offset: those that meet the viewport (`viewportPx` high, starting
 * `scrollTopPx` down the rows) and `overscan` rows either side, so that Tab to the next link and a short
 * scroll find a rendered row before the next frame.
 */
export function rowWindow(count: number, rowPx: number, scrollTopPx: number, viewportPx: number, overscan: number): RowWindow {
  if (count <= 0 || rowPx <= 0) return { start: 0, end: 0, topPx: 0, bottomPx: 0 };
  const first = Math.min(count - 1, Math.max(0, Math.floor(scrollTopPx / rowPx)));
  const inView = Math.max(1, Math.ceil(Math.max(0, viewportPx) / rowPx) + 1);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + inView + overscan);
  return { start, end, topPx: start * rowPx, bottomPx: (count - end) * rowPx };
}

/**
 * A column's minimum width in `ch` from the longest text it holds over all rows (not only the rendered
 * ones), so that its width does not change as rows scroll in and out. Text lengths only: one pass over
 * the rows, no layout.
 */
export function widestCh(texts: Iterable<string>, extraCh = 0): number {
  let most = 0;
  for (const t of texts) if (t.length > most) most = t.length;
  return most === 0 ? 0 : Math.ceil(most * 1.05 + extraCh);
}
