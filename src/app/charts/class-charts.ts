// Charts that group by class (multi-class files only; a file without CLASS keeps the plain charts).
import type { ChartConfiguration } from 'chart.js';
import { ARCHETYPES, type DriverProfile } from '../../core/types';
import { SERIES } from './chart-setup';
import { archetypeOf, type ViewDefinition } from '../view/profile-view';
import { classCounts } from '../view/class-view';

/** Archetype counts stacked by class: one bar per archetype, one colour per class. */
export function archetypeByClass(drivers: readonly DriverProfile[], def: ViewDefinition): ChartConfiguration<'bar'> {
  const labels: string[] = [...ARCHETYPES, 'No archetype'];
  const classes = classCounts(drivers).map((c) => c.cls);
  // One pass over the cars (not one per class and archetype): counts[class][archetype].
  const counts = new Map(classes.map((cls) => [cls, new Map(labels.map((a) => [a, 0]))]));
  for (const d of drivers) {
    const row = d.class ? counts.get(d.class) : undefined;
    const a = archetypeOf(d, def) ?? 'No archetype';
    if (row) row.set(a, (row.get(a) ?? 0) + 1);
  }
  const datasets = classes.map((cls, i) => ({
    label: cls,
    data: labels.map((a) => counts.get(cls)!.get(a) ?? 0),
    backgroundColor: SERIES[i % SERIES.length],
    stack: 'cars',
  }));
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: true, position: 'bottom' } },
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'cars' } },
        y: { stacked: true },
      },
    },
  };
}

/** The colour of a class in the charts that group by class (the order of classCounts). */
export function classColour(classes: readonly string[], cls: string | null): string {
  const i = cls === null ? -1 : classes.indexOf(cls);
  return i < 0 ? SERIES[7] : SERIES[i % SERIES.length];
}

/**
 * Horizontal pace-gap bars, one per car, coloured and named by class (a legend entry per class). Each car's
 * gap is to its own class field, so bars of different classes are not a ranking between classes.
 */
export function classGapBars(rows: readonly { label: string; gap: number; cls: string | null }[], axisTitle: string): ChartConfiguration<'bar'> {
  const classes = [...new Set(rows.map((r) => r.cls ?? '–'))];
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: classes.map((cls, i) => ({
        label: cls,
        data: rows.map((r) => ((r.cls ?? '–') === cls ? r.gap : null)) as number[],
        backgroundColor: SERIES[i % SERIES.length],
        skipNull: true,
        grouped: false,
      })),
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: true, position: 'bottom' } },
      scales: { x: { title: { display: true, text: axisTitle } } },
    },
  };
}
