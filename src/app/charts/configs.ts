// Chart configurations built from view data. Pure: no DOM; ChartCanvas.svelte draws them.
import type { ChartConfiguration } from 'chart.js';
import { ARCHETYPE_COLOURS, Chart, REASON_COLOURS, SERIES, withAlpha } from './chart-setup';
import type { Histogram } from '../view/laps-view';
import { REASON_TEXT } from '../view/laps-view';

/** What the lighter part of an archetype bar stands for (the legend, the tooltip and the page's note). */
export const PROVISIONAL_LABEL = 'provisional (thin evidence)';

/**
 * Cars per archetype. Where some archetypes are provisional (one race, few clean laps) they are a lighter
 * segment of their bar with its own legend entry and tooltip, beside the firm ones.
 */
export function archetypeBar(counts: { label: string; count: number; provisional?: number }[]): ChartConfiguration<'bar'> {
  const colours = counts.map((c) => ARCHETYPE_COLOURS[c.label] ?? SERIES[0]);
  const anyProvisional = counts.some((c) => (c.provisional ?? 0) > 0);
  const datasets = anyProvisional
    ? [
        { label: 'firm', data: counts.map((c) => c.count - (c.provisional ?? 0)), backgroundColor: colours, stack: 'cars' },
        {
          label: PROVISIONAL_LABEL,
          data: counts.map((c) => c.provisional ?? 0),
          backgroundColor: colours.map((c) => withAlpha(c, 0.3)),
          borderColor: colours,
          borderWidth: 1.5,
          stack: 'cars',
        },
      ]
    : [{ label: 'Drivers', data: counts.map((c) => c.count), backgroundColor: colours }];
  return {
    type: 'bar',
    data: { labels: counts.map((c) => c.label), datasets },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: {
          display: anyProvisional,
          position: 'bottom',
          // the legend says firm or provisional, not an archetype: grey swatches, solid and light
          labels: {
            generateLabels: (chart) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => ({
                ...item,
                fillStyle: item.text === PROVISIONAL_LABEL ? withAlpha('#999999', 0.3) : '#999999',
                strokeStyle: '#999999',
              })),
          },
        },
      },
      scales: {
        x: { stacked: anyProvisional, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'drivers' } },
        y: { stacked: anyProvisional, ticks: { autoSkip: false } },
      },
    },
  };
}

export interface RadarInput {
  labels: string[];
  /** `provisional`: the archetype and figures rest on thin evidence: a dashed, lighter outline, "(provisional)" in the legend. */
  series: { label: string; scores: (number | null)[]; provisional?: boolean }[];
}

/** A long axis label on two lines ("Lap-to-lap steadiness" → ["Lap-to-lap", "steadiness"]). */
export function wrapLabel(label: string): string | string[] {
  if (label.length <= 12 || !label.includes(' ')) return label;
  const words = label.split(' ');
  const half = Math.ceil(words.length / 2);
  return [words.slice(0, half).join(' '), words.slice(half).join(' ')];
}

export function radar(input: RadarInput): ChartConfiguration<'radar'> {
  return {
    type: 'radar',
    data: {
      labels: input.labels.map(wrapLabel),
      datasets: input.series.map((s, i) => ({
        label: s.provisional ? `${s.label} (provisional)` : s.label,
        data: s.scores as number[],
        borderColor: SERIES[i % SERIES.length],
        backgroundColor: withAlpha(SERIES[i % SERIES.length], s.provisional ? 0.06 : 0.15),
        pointBackgroundColor: s.provisional ? 'transparent' : SERIES[i % SERIES.length],
        borderDash: s.provisional ? [6, 4] : [],
        borderWidth: 2,
        fill: true,
        spanGaps: true,
      })),
    },
    options: {
      // one car shows a legend only to say its outline is provisional
      plugins: { legend: { display: input.series.length > 1 || input.series.some((s) => s.provisional), position: 'bottom' } },
      layout: { padding: 4 },
      scales: {
        r: {
          min: 0,
          max: 100,
          ticks: { stepSize: 25, backdropColor: 'transparent', font: { size: 9 } },
          // Narrow screens (a 326 px card at 360 px): smaller labels, so "Adaptability" is not clipped.
          pointLabels: { padding: 4, font: (ctx) => ({ size: ctx.chart.width < 420 ? 10 : 12 }) },
        },
      },
    },
  };
}

/** Horizontal bars of a signed percentage (pace gap per track, sector gaps): lower is better. */
export function gapBars(labels: string[], series: { label: string; values: (number | null)[] }[], axisTitle: string): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.values as number[],
        backgroundColor: SERIES[i % SERIES.length],
      })),
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: series.length > 1, position: 'bottom' } },
      scales: { x: { title: { display: true, text: axisTitle } } },
    },
  };
}

export function lapHistogramChart(h: Histogram): ChartConfiguration<'bar'> {
  const labels = h.edges.map((e) => e.toFixed(h.binS < 0.1 ? 2 : h.binS < 1 ? 1 : 0));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: h.series.map((s) => ({
        label: s.key === 'clean' ? 'clean' : REASON_TEXT[s.key],
        data: s.counts,
        backgroundColor: REASON_COLOURS[s.key] ?? SERIES[0],
        stack: 'laps',
        barPercentage: 1,
        categoryPercentage: 0.95,
      })),
    },
    options: {
      plugins: { legend: { position: 'bottom' } },
      scales: {
        x: { stacked: true, ticks: { maxTicksLimit: 8 }, title: { display: true, text: `lap time (s), ${h.rule === 'freedman-diaconis' ? 'Freedman–Diaconis bins' : 'bins'} of ${Number(h.binS.toPrecision(3))} s` } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'laps' } },
      },
    },
  };
}

export function countBars(labels: string[], counts: number[], colours: string[], axisTitle: string): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: { labels, datasets: [{ label: axisTitle, data: counts, backgroundColor: colours }] },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: axisTitle } } },
    },
  };
}
