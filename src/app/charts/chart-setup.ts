// Chart.js with only the pieces the pages use (tree-shaken: no `chart.js/auto`), and colours taken from
// the page's CSS variables so charts follow light and dark.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  RadarController,
  RadialLinearScale,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, RadarController, RadialLinearScale, PointElement, LineElement, Filler, Legend, Tooltip);

// Deterministic, cheap rendering: no animation (keeps main-thread tasks short and screenshots stable).
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.responsive = true;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
// Tick labels as plain numbers: Chart.js's default formats through Intl.NumberFormat, whose first use
// costs ~10 ms per chart on the main thread (measured); our axes need no locale grouping.
const plainNumber = (value: number | string): string => (typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : value);
Chart.defaults.scales.linear.ticks.callback = plainNumber;
Chart.defaults.scales.radialLinear.ticks.callback = plainNumber;

export { Chart };

/** Series colours, readable on light and dark backgrounds (Okabe-Ito, colour-blind safe). */
export const SERIES = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];

export const ARCHETYPE_COLOURS: Record<string, string> = {
  'Speed Demon': '#D55E00',
  'Consistency Master': '#009E73',
  'Track Specialist': '#0072B2',
  'Balanced Racer': '#E69F00',
  'No archetype': '#999999',
};

export const REASON_COLOURS: Record<string, string> = {
  clean: '#0072B2',
  'no-time': '#777777',
  'first-lap': '#56B4E9',
  caution: '#E69F00',
  'pit-in': '#CC79A7',
  'pit-out': '#AA4499',
  restart: '#F0E442',
  outlier: '#000000',
  slow: '#D55E00',
};

/**
 * Text and grid colours per scheme: the same values as --fg-muted and --grid in app.css. Kept here
 * rather than read with getComputedStyle, which forces a style recalculation of the whole page for
 * every chart (36 ms on the overview, measured).
 */
const THEME = {
  light: { text: '#4a5260', grid: 'rgba(0, 0, 0, 0.12)' },
  dark: { text: '#aab3c0', grid: 'rgba(255, 255, 255, 0.14)' },
} as const;

/** Applies a scheme's text and grid colours to Chart.js defaults. */
export function applyTheme(scheme: 'light' | 'dark'): void {
  Chart.defaults.color = THEME[scheme].text;
  Chart.defaults.borderColor = THEME[scheme].grid;
}

export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
