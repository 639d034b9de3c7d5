// Chart configurations of the race pages: lap-time trace (zoom and pan, caution laps shaded, the clean-lap
// cut drawn), race history, positions, box plots of clean laps, head-to-head. Registers the kept plugins
// (chartjs-plugin-zoom, chartjs-plugin-annotation, @sgratzl/chartjs-chart-boxplot) once; the race pages
// load this module on demand, so the overview's bundle does not carry them.
import { BoxAndWiskers, BoxPlotController } from '@sgratzl/chartjs-chart-boxplot';
import { LineController, ScatterController, type ChartConfiguration, type ChartDataset, type PointStyle } from 'chart.js';
import annotationPlugin, { type AnnotationOptions } from 'chartjs-plugin-annotation';
import zoomPlugin from 'chartjs-plugin-zoom';
import { maxOf, minOf } from '../../core/numeric';
import { DEFAULT_SLOW_FACTOR } from '../../core/relative/clean-laps';
import { MARK, type BoxStats, type CarHistory, type HeadToHead, type RaceCar } from '../../core/race';
import type { WeatherSeries } from '../../core/race/sheets';
import { Chart, withAlpha } from './chart-setup';
import { bestCleanLapS } from '../view/race-view';

Chart.register(LineController, ScatterController, BoxPlotController, BoxAndWiskers, zoomPlugin, annotationPlugin);

const ZOOM = {
  pan: { enabled: true, mode: 'x' as const },
  zoom: { wheel: { enabled: true }, pinch: { enabled: true }, mode: 'x' as const },
  limits: { x: { min: 'original' as const, max: 'original' as const } },
};

/** Point style of a lap: a filled dot for a clean lap, a hollow shape that names what made it unclean. */
function pointStyleOf(marks: number): PointStyle {
  if (marks & MARK.pitIn) return 'rect';
  if (marks & MARK.pitOut) return 'rectRot';
  if (marks & MARK.caution) return 'triangle';
  if (marks & MARK.restart) return 'star';
  return 'circle';
}

/** Lap numbers that most cars ended under caution: the shaded bands of the trace and the history. */
export function cautionLaps(cars: readonly RaceCar[]): number[] {
  const count = new Map<number, number>();
  const seen = new Map<number, number>();
  for (const c of cars) {
    c.lapNumber.forEach((n, i) => {
      seen.set(n, (seen.get(n) ?? 0) + 1);
      if (c.marks[i] & MARK.caution) count.set(n, (count.get(n) ?? 0) + 1);
    });
  }
  return [...count].filter(([n, k]) => k * 2 >= (seen.get(n) ?? 0)).map(([n]) => n).sort((a, b) => a - b);
}

function cautionBands(laps: readonly number[]): AnnotationOptions[] {
  return laps.map((n) => ({ type: 'box', xMin: n - 0.5, xMax: n + 0.5, backgroundColor: 'rgba(230, 159, 0, 0.15)', borderWidth: 0, drawTime: 'beforeDatasetsDraw' }));
}

export interface TraceInput {
  cars: readonly RaceCar[];
  colours: Map<string, string>;
  /** Draw each car's 107% cut (few cars) or only the fastest car's (the field). */
  cutsFor: readonly RaceCar[];
  /** Show every lap (cautions and pit laps at full height) instead of the range of racing laps. */
  allLaps: boolean;
  cautionLaps: readonly number[];
}

export function lapTrace(input: TraceInput): ChartConfiguration<'line'> {
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = input.cars.map((c) => {
    const colour = input.colours.get(c.key) ?? '#777';
    return {
      label: `#${c.key}`,
      data: c.lapNumber.map((n, i) => ({ x: n, y: c.lapTimeS[i] })).filter((p) => Number.isFinite(p.y)),
      borderColor: colour,
      backgroundColor: c.lapNumber.map((_, i) => (c.marks[i] & MARK.clean ? colour : 'transparent')).filter((_, i) => Number.isFinite(c.lapTimeS[i])),
      pointBorderColor: colour,
      pointStyle: c.marks.filter((_, i) => Number.isFinite(c.lapTimeS[i])).map(pointStyleOf),
      pointRadius: c.marks.filter((_, i) => Number.isFinite(c.lapTimeS[i])).map((m) => (m & MARK.clean ? 2.5 : 4)),
      borderWidth: input.cars.length > 8 ? 1 : 2,
      spanGaps: true,
    };
  });
  const cuts: AnnotationOptions[] = input.cutsFor.flatMap((c) => {
    const best = bestCleanLapS(c);
    if (best === null) return [];
    const cut = best * DEFAULT_SLOW_FACTOR;
    return [{
      type: 'line', yMin: cut, yMax: cut, borderColor: input.colours.get(c.key) ?? '#777', borderDash: [6, 4], borderWidth: 1,
      label: { display: true, content: `#${c.key} cut ${cut.toFixed(1)} s`, position: 'end', font: { size: 10 }, backgroundColor: 'rgba(0,0,0,0.55)' },
    } satisfies AnnotationOptions];
  });
  let yMin: number | undefined;
  let yMax: number | undefined;
  if (!input.allLaps) {
    const clean = input.cars.flatMap((c) => c.lapTimeS.filter((t, i) => c.marks[i] & MARK.clean && Number.isFinite(t)));
    if (clean.length) {
      const lo = minOf(clean);
      yMin = Math.floor(lo - 0.5);
      yMax = Math.ceil(lo * (DEFAULT_SLOW_FACTOR + 0.03));
    }
  }
  return {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        legend: { display: input.cars.length <= 12, position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } },
        zoom: ZOOM,
        annotation: { annotations: [...cautionBands(input.cautionLaps), ...cuts] },
      },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'lap' }, ticks: { precision: 0 } },
        y: { type: 'linear', min: yMin, max: yMax, title: { display: true, text: 'lap time (s)' } },
      },
    },
  };
}

export function historyChart(
  history: readonly CarHistory[],
  colours: Map<string, string>,
  what: 'gap' | 'position',
  cautions: readonly number[],
  referenceLabel: string,
  /** Upper end of the gap axis (s): a car more than a lap down leaves the chart; zoom out to see it. */
  gapLimitS?: number,
): ChartConfiguration<'line'> {
  const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = history.map((h) => ({
    label: `#${h.key}`,
    data: h.lapNumber.map((n, i) => ({ x: n, y: what === 'gap' ? h.gapS[i] : h.position[i] })).filter((p) => Number.isFinite(p.y)),
    borderColor: colours.get(h.key) ?? '#777',
    backgroundColor: colours.get(h.key) ?? '#777',
    pointRadius: 0,
    borderWidth: history.length > 8 ? 1.25 : 2,
    stepped: what === 'position' ? 'after' : false,
  }));
  return {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        legend: { display: history.length <= 12, position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } },
        zoom: ZOOM,
        annotation: { annotations: cautionBands(cautions) },
      },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'lap' }, ticks: { precision: 0 } },
        y:
          what === 'gap'
            ? { type: 'linear', reverse: true, max: gapLimitS, title: { display: true, text: `gap to ${referenceLabel} (s)` } }
            : { type: 'linear', reverse: true, min: 1, ticks: { stepSize: 1, precision: 0 }, title: { display: true, text: 'position' } },
      },
    },
  };
}

export function cleanLapBoxes(rows: readonly { key: string; stats: BoxStats }[], colours: Map<string, string>): ChartConfiguration<'boxplot'> {
  // the axis spans the laps, not zero to the laps (the plugin's default would start at 0)
  const lo = minOf(rows.map((r) => r.stats.min));
  const hi = maxOf(rows.map((r) => r.stats.max));
  return {
    type: 'boxplot',
    data: {
      labels: rows.map((r) => `#${r.key}`),
      datasets: [
        {
          label: 'clean laps (s)',
          data: rows.map((r) => ({
            min: r.stats.min, max: r.stats.max, q1: r.stats.q1, q3: r.stats.q3, median: r.stats.median, mean: r.stats.mean,
            whiskerMin: r.stats.whiskerLo, whiskerMax: r.stats.whiskerHi, outliers: r.stats.outliers, items: [],
          })),
          backgroundColor: rows.map((r) => withAlphaAny(colours.get(r.key) ?? '#777777', 0.35)),
          borderColor: rows.map((r) => colours.get(r.key) ?? '#777777'),
          borderWidth: 1.5,
          outlierRadius: 2.5,
          meanRadius: 0,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { min: Math.floor(lo - 0.2), max: Math.ceil(hi + 0.2), title: { display: true, text: 'clean lap time (s)' } } },
    },
  } as ChartConfiguration<'boxplot'>;
}

/** withAlpha for #rrggbb; an hsl() colour gets its alpha the CSS way. */
function withAlphaAny(colour: string, alpha: number): string {
  return colour.startsWith('#') ? withAlpha(colour, alpha) : colour.replace(/\)$/, ` / ${alpha})`);
}

export function headToHeadChart(h: HeadToHead, colourA: string, colourB: string): ChartConfiguration<'bar' | 'line'> {
  const laps = h.laps.filter((l) => Number.isFinite(l.deltaS) || Number.isFinite(l.gapS));
  return {
    type: 'bar',
    data: {
      labels: laps.map((l) => String(l.lapNumber)),
      datasets: [
        {
          type: 'bar',
          label: `lap delta, #${h.a} − #${h.b} (s)`,
          data: laps.map((l) => l.deltaS),
          // the bar takes the colour of the car that was faster on that lap
          backgroundColor: laps.map((l) => (l.deltaS < 0 ? colourA : colourB)),
          yAxisID: 'y',
        },
        {
          type: 'line',
          label: `gap, #${h.a} behind #${h.b} (s)`,
          data: laps.map((l) => l.gapS),
          borderColor: '#555555',
          backgroundColor: '#555555',
          pointRadius: 0,
          borderWidth: 2,
          yAxisID: 'y2',
        },
      ],
    },
    options: {
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } }, zoom: ZOOM },
      scales: {
        x: { title: { display: true, text: 'lap' } },
        y: { title: { display: true, text: 'lap delta (s)' }, suggestedMin: -2, suggestedMax: 2 },
        y2: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'gap (s)' } },
      },
    },
  } as ChartConfiguration<'bar' | 'line'>;
}

/** Air and track temperature over the race (minutes from the first reading), rain as shaded readings. */
export function weatherChart(w: WeatherSeries): ChartConfiguration<'line'> {
  const t0 = w.timeUtcS[0] ?? 0;
  const minutes = w.timeUtcS.map((t) => (t - t0) / 60);
  const point = (ys: number[]) => minutes.map((x, i) => ({ x, y: ys[i] })).filter((p) => Number.isFinite(p.y));
  const wet: AnnotationOptions[] = [];
  w.rain.forEach((r, i) => {
    if (r > 0) wet.push({ type: 'box', xMin: minutes[i] - 0.5, xMax: minutes[i] + 0.5, backgroundColor: 'rgba(86, 180, 233, 0.25)', borderWidth: 0, drawTime: 'beforeDatasetsDraw' });
  });
  return {
    type: 'line',
    data: {
      datasets: [
        { label: `air (°${w.unit})`, data: point(w.airTemp), borderColor: '#0072B2', backgroundColor: '#0072B2', pointRadius: 0, borderWidth: 2 },
        { label: `track (°${w.unit})`, data: point(w.trackTemp), borderColor: '#D55E00', backgroundColor: '#D55E00', pointRadius: 0, borderWidth: 2 },
      ],
    },
    options: {
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } }, annotation: { annotations: wet } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'minutes from the first reading' } },
        y: { type: 'linear', title: { display: true, text: `temperature (°${w.unit})` } },
      },
    },
  };
}
