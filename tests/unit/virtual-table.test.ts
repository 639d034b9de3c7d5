// The virtualized tables (components/VirtualTable.svelte) render the rows of rowWindow only: the rows in
// view plus OVERSCAN either side, whatever the number of rows; scrolling moves the window down the rows.
import { describe, expect, it } from 'vitest';
import { rowWindow, widestCh } from '../../src/app/view/virtual-table';
import { sortPeople, type PersonRow } from '../../src/app/view/people-view';

const ROW = 38;
const OVERSCAN = 8;

describe('rowWindow', () => {
  it('renders at most ~60 of 5,000 rows at the top of a 900 px box, and the spacer keeps the full height', () => {
    const w = rowWindow(5000, ROW, 0, 900, OVERSCAN);
    // ceil(900/38) = 24 rows meet the box, +1 for a partly shown row, +8 below; none above the first
    expect(w).toEqual({ start: 0, end: 33, topPx: 0, bottomPx: (5000 - 33) * ROW });
    expect(w.end - w.start).toBeLessThanOrEqual(60);
    expect(w.topPx + (w.end - w.start) * ROW + w.bottomPx).toBe(5000 * ROW);
  });

  it('scrolled to row 3,000, renders rows 2,992 to 3,032 (the view and 8 either side)', () => {
    const w = rowWindow(5000, ROW, 3000 * ROW, 900, OVERSCAN);
    expect(w.start).toBe(2992);
    expect(w.end).toBe(3000 + 25 + 8);
    expect(w.topPx).toBe(2992 * ROW);
    expect(w.topPx + (w.end - w.start) * ROW + w.bottomPx).toBe(5000 * ROW);
  });

  it('at the bottom it ends at the last row; a scroll offset past the end is clamped', () => {
    const w = rowWindow(5000, ROW, 10_000_000, 900, OVERSCAN);
    expect(w.end).toBe(5000);
    expect(w.bottomPx).toBe(0);
    expect(w.start).toBe(4999 - OVERSCAN);
  });

  it('a short table renders every row; an empty one none', () => {
    expect(rowWindow(12, ROW, 0, 900, OVERSCAN)).toEqual({ start: 0, end: 12, topPx: 0, bottomPx: 0 });
    expect(rowWindow(0, ROW, 0, 900, OVERSCAN)).toEqual({ start: 0, end: 0, topPx: 0, bottomPx: 0 });
  });
});

describe('widestCh', () => {
  it('is the longest text over all rows, 5 % wider, plus the extra', () => {
    expect(widestCh(['Barber', 'Circuit of the Americas', 'VIR'])).toBe(Math.ceil(23 * 1.05));
    expect(widestCh(['ab'], 4)).toBe(Math.ceil(2 * 1.05 + 4));
    expect(widestCh([])).toBe(0);
  });
});

describe('sortPeople', () => {
  const row = (label: string, paceGapPct: number | null): PersonRow => ({
    key: `name:${label}`,
    label,
    cars: ['1'],
    classes: [],
    races: 1,
    cleanLaps: 5,
    paceGapPct,
    archetype: null,
    provisional: null,
    lowConfidence: false,
  });
  const rows = [row('Cy', 1.5), row('Al', null), row('Bo', -0.5), row('Di', 1.5)];

  it('sorts every row by pace, ties by name, missing pace last in both directions', () => {
    expect(sortPeople(rows, 'paceGapPct', 'asc').map((r) => r.label)).toEqual(['Bo', 'Cy', 'Di', 'Al']);
    expect(sortPeople(rows, 'paceGapPct', 'desc').map((r) => r.label)).toEqual(['Cy', 'Di', 'Bo', 'Al']);
    expect(sortPeople(rows, 'label', 'desc').map((r) => r.label)).toEqual(['Di', 'Cy', 'Bo', 'Al']);
  });

  it('sorts all 5,000 rows, not a window of them', () => {
    const many = Array.from({ length: 5000 }, (_, i) => row(`P${String(i).padStart(4, '0')}`, (i * 7919) % 5000));
    const sorted = sortPeople(many, 'paceGapPct', 'desc');
    expect(sorted).toHaveLength(5000);
    expect(sorted[0].paceGapPct).toBe(4999);
    expect(sorted[4999].paceGapPct).toBe(0);
  });
});
