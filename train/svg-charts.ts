// Tiny inline-SVG charts for the validation report: no scripts, fonts or network, so the report opens
// offline from the models folder.

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2));

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

interface Axis {
  min: number;
  max: number;
  log: boolean;
}

function axis(values: readonly number[], log: boolean): Axis {
  const v = values.filter((x) => Number.isFinite(x) && (!log || x > 0));
  let min = Math.min(...v);
  let max = Math.max(...v);
  if (!v.length) [min, max] = [0, 1];
  if (min === max) [min, max] = [min - 0.5 * Math.abs(min || 1), max + 0.5 * Math.abs(max || 1)];
  return { min, max, log };
}

function scale(a: Axis, from: number, to: number): (x: number) => number {
  const f = (x: number) => (a.log ? Math.log10(Math.max(x, 1e-12)) : x);
  const lo = f(a.min);
  const hi = f(a.max);
  return (x) => from + ((f(x) - lo) / (hi - lo || 1)) * (to - from);
}

function ticks(a: Axis, n = 4): number[] {
  if (a.log) {
    const lo = Math.log10(a.min);
    const hi = Math.log10(a.max);
    return Array.from({ length: n + 1 }, (_, i) => 10 ** (lo + ((hi - lo) * i) / n));
  }
  return Array.from({ length: n + 1 }, (_, i) => a.min + ((a.max - a.min) * i) / n);
}

export interface Series {
  name: string;
  points: [number, number][];
  color: string;
  /** Draw as a line (learning curves) or as dots (scatter). */
  mode: 'line' | 'dots';
  radius?: number;
}

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  logX?: boolean;
  logY?: boolean;
  /** Draw y = x (predicted vs exact). */
  diagonal?: boolean;
  /** Whole-number ticks on x (epochs). */
  integerX?: boolean;
}

export function plot(series: readonly Series[], o: PlotOptions): string {
  const W = o.width ?? 360;
  const H = o.height ?? 260;
  const m = { l: 52, r: 10, t: 24, b: 38 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  let ax = axis(xs, !!o.logX);
  let ay = axis(ys, !!o.logY);
  if (o.diagonal) {
    const both = axis([...xs, ...ys], !!o.logX);
    ax = both;
    ay = { ...both, log: !!o.logY };
  }
  const sx = scale(ax, m.l, W - m.r);
  const sy = scale(ay, H - m.b, m.t);
  const parts: string[] = [];
  parts.push(`<text x="${W / 2}" y="15" text-anchor="middle" font-size="12" font-weight="bold">${esc(o.title)}</text>`);
  const xTicks = o.integerX ? [...new Set(ticks(ax).map(Math.round))] : ticks(ax);
  for (const t of xTicks) {
    parts.push(`<line x1="${sx(t)}" y1="${H - m.b}" x2="${sx(t)}" y2="${H - m.b + 4}" stroke="#444"/>`);
    parts.push(`<text x="${sx(t)}" y="${H - m.b + 15}" text-anchor="middle" font-size="9">${o.integerX ? String(t) : fmt(t)}</text>`);
  }
  for (const t of ticks(ay)) {
    parts.push(`<line x1="${m.l - 4}" y1="${sy(t)}" x2="${W - m.r}" y2="${sy(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.l - 6}" y="${sy(t) + 3}" text-anchor="end" font-size="9">${fmt(t)}</text>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 6}" text-anchor="middle" font-size="10">${esc(o.xLabel)}</text>`);
  parts.push(`<text x="12" y="${(m.t + H - m.b) / 2}" text-anchor="middle" font-size="10" transform="rotate(-90 12 ${(m.t + H - m.b) / 2})">${esc(o.yLabel)}</text>`);
  if (o.diagonal) parts.push(`<line x1="${sx(ax.min)}" y1="${sy(ax.min)}" x2="${sx(ax.max)}" y2="${sy(ax.max)}" stroke="#999" stroke-dasharray="4 3"/>`);
  series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (s.mode === 'line') {
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    } else {
      for (const [x, y] of pts) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="${s.radius ?? 2}" fill="${s.color}" fill-opacity="0.6"/>`);
    }
    parts.push(`<rect x="${m.l + 6}" y="${m.t + 6 + i * 13}" width="9" height="9" fill="${s.color}"/>`);
    parts.push(`<text x="${m.l + 19}" y="${m.t + 14 + i * 13}" font-size="9">${esc(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`;
}

/** Confusion matrix as a shaded grid: rows exact, columns predicted. */
export function confusionSvg(classes: readonly string[], cm: readonly (readonly number[])[], title: string): string {
  const cell = 64;
  const left = 120;
  const top = 76;
  const W = left + cell * classes.length + 10;
  const H = top + cell * classes.length + 10;
  const max = Math.max(1, ...cm.flat());
  const parts: string[] = [`<text x="${W / 2}" y="14" text-anchor="middle" font-size="12" font-weight="bold">${esc(title)}</text>`];
  parts.push(`<text x="${left + (cell * classes.length) / 2}" y="30" text-anchor="middle" font-size="10">predicted by the model</text>`);
  classes.forEach((c, j) => {
    // column labels on two lines ("Speed" / "Demon") so long names do not overlap
    const [first, ...rest] = c.split(' ');
    parts.push(`<text x="${left + j * cell + cell / 2}" y="${top - 20}" text-anchor="middle" font-size="9">${esc(first)}</text>`);
    parts.push(`<text x="${left + j * cell + cell / 2}" y="${top - 8}" text-anchor="middle" font-size="9">${esc(rest.join(' '))}</text>`);
    parts.push(`<text x="${left - 6}" y="${top + j * cell + cell / 2 + 3}" text-anchor="end" font-size="9">${esc(c)}</text>`);
  });
  cm.forEach((row, i) =>
    row.forEach((v, j) => {
      const a = v / max;
      const fill = i === j ? `rgba(44,160,44,${0.15 + 0.85 * a})` : v ? `rgba(214,39,40,${0.25 + 0.75 * a})` : '#fafafa';
      parts.push(`<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>`);
      parts.push(`<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" font-size="12">${v}</text>`);
    }),
  );
  parts.push(`<text x="10" y="${top + (cell * classes.length) / 2}" font-size="10" transform="rotate(-90 10 ${top + (cell * classes.length) / 2})" text-anchor="middle">exact rules</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

/** Grouped bars: one group per label, one bar per series (per-fold metrics). */
export function barsSvg(labels: readonly string[], series: readonly { name: string; values: number[]; color: string }[], title: string, yMin = 0, yMax = 1): string {
  const W = 520;
  const H = 240;
  const m = { l: 44, r: 10, t: 24, b: 30 };
  const gw = (W - m.l - m.r) / labels.length;
  const bw = (gw * 0.8) / series.length;
  const sy = (v: number) => H - m.b - ((Math.min(Math.max(v, yMin), yMax) - yMin) / (yMax - yMin)) * (H - m.t - m.b);
  const parts = [`<text x="${W / 2}" y="15" text-anchor="middle" font-size="12" font-weight="bold">${esc(title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const v = yMin + ((yMax - yMin) * i) / 4;
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${sy(v)}" y2="${sy(v)}" stroke="#eee"/><text x="${m.l - 4}" y="${sy(v) + 3}" font-size="9" text-anchor="end">${v.toFixed(3)}</text>`);
  }
  labels.forEach((lab, g) => {
    series.forEach((s, k) => {
      const x = m.l + g * gw + gw * 0.1 + k * bw;
      parts.push(`<rect x="${x.toFixed(1)}" y="${sy(s.values[g]).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${(H - m.b - sy(s.values[g])).toFixed(1)}" fill="${s.color}"><title>${esc(`${s.name} ${lab}: ${s.values[g].toFixed(4)}`)}</title></rect>`);
    });
    parts.push(`<text x="${m.l + g * gw + gw / 2}" y="${H - m.b + 14}" font-size="10" text-anchor="middle">${esc(lab)}</text>`);
  });
  series.forEach((s, k) => parts.push(`<rect x="${m.l + 6 + k * 120}" y="${m.t + 2}" width="9" height="9" fill="${s.color}"/><text x="${m.l + 19 + k * 120}" y="${m.t + 10}" font-size="9">${esc(s.name)}</text>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

export { esc };
