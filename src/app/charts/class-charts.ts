// Charts that group by class (multi-class files only; a file without CLASS keeps the plain charts).
import type { ChartConfiguration } from 'chart.js';
import { ARCHETYPES, type DriverProfile } from '../../core/types';
import { Chart, SERIES, withAlpha } from './chart-setup';
import { PROVISIONAL_LABEL } from './configs';
import { archetypeOf, provisionalOf, type ViewDefinition } from '../view/profile-view';
import { classCounts } from '../view/class-view';

/**
 * Archetype counts stacked by class: one bar per archetype, one colour per class. Provisional archetypes
 * (thin evidence) are a lighter segment of their class's colour, named "(provisional)" in the tooltip; the
 * legend lists the classes and one entry for the lighter segments.
 */
export function archetypeByClass(drivers: readonly DriverProfile[], def: ViewDefinition): ChartConfiguration<'bar'> {
  const labels: string[] = [...ARCHETYPES, 'No archetype'];
  const classes = classCounts(drivers).map((c) => c.cls);
  // One pass over the cars (not one per class and archetype): counts[class][archetype], firm and provisional.
  const zero = () => new Map(labels.map((a) => [a, 0]));
  const counts = new Map(classes.map((cls) => [cls, { firm: zero(), provisional: zero() }]));
  for (const d of drivers) {
    const row = d.class ? counts.get(d.class) : undefined;
    if (!row) continue;
    const a = archetypeOf(d, def);
    const part = a && provisionalOf(d, def) ? row.provisional : row.firm;
    const key = a ?? 'No archetype';
    part.set(key, (part.get(key) ?? 0) + 1);
  }
  const datasets = classes.map((cls, i) => ({
    label: cls,
    data: labels.map((a) => counts.get(cls)!.firm.get(a) ?? 0),
    backgroundColor: SERIES[i % SERIES.length],
    stack: 'cars',
  }));
  const provisional = classes
    .map((cls, i) => ({
      label: `${cls} (provisional)`,
      data: labels.map((a) => counts.get(cls)!.provisional.get(a) ?? 0),
      backgroundColor: withAlpha(SERIES[i % SERIES.length], 0.3),
      borderColor: SERIES[i % SERIES.length],
      borderWidth: 1.5,
      stack: 'cars',
    }))
    .filter((ds) => ds.data.some((n) => n > 0));
  const firstProvisional = provisional[0]?.label;
  return {
    type: 'bar',
    data: { labels, datasets: [...datasets, ...provisional] },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: {
          display: true,
          position: 'bottom',
          // the one "provisional" entry shows and hides the lighter segments of every class
          onClick: (e, item, legend) => {
            const chart = legend.chart;
            if (item.text !== PROVISIONAL_LABEL) return Chart.defaults.plugins.legend.onClick.call(legend, e, item, legend);
            const all = chart.data.datasets.flatMap((ds, i) => (String(ds.label).endsWith('(provisional)') ? [i] : []));
            const shown = all.some((i) => chart.isDatasetVisible(i));
            for (const i of all) chart.setDatasetVisibility(i, !shown);
            chart.update();
          },
          labels: {
            // the classes, and one entry (the first class's, renamed) that says what the lighter segments are
            filter: (item) => !item.text.endsWith('(provisional)'),
            generateLabels: (chart) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) =>
                item.text === firstProvisional ? { ...item, text: PROVISIONAL_LABEL, fillStyle: withAlpha('#999999', 0.3), strokeStyle: '#999999' } : item,
              ),
          },
        },
      },
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'cars' } },
        y: { stacked: true, ticks: { autoSkip: false } }, // every archetype named, also in a short chart
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
