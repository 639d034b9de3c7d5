// Steps the app's browser tests share: bring a season in (the real one where ../shared/data/gr-cup
// exists, else the shipped synthetic sample), analyse it, read the driver table.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { hasRealData, REAL_DATA_DIR } from '../helpers/real-data';
import { listFiles } from './harness';

/** Car numbers of the real lap files, read straight from the NUMBER column (not through the app's code). */
export function realCarNumbers(): number[] {
  const cars = new Set<number>();
  for (const path of listFiles(REAL_DATA_DIR, (p) => /23_AnalysisEnduranceWithSections/i.test(p))) {
    const lines = readFileSync(path, 'latin1').split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = lines[0].replace(/^\uFEFF/, '').split(';').map((h) => h.trim());
    const col = header.indexOf('NUMBER');
    for (const line of lines.slice(1)) {
      const n = Number(line.split(';')[col]);
      if (Number.isInteger(n)) cars.add(n);
    }
  }
  return [...cars].sort((a, b) => a - b);
}

export type SeasonSource = 'real' | 'sample';

/**
 * Brings the season in: the real folder through the folder picker (the nested Track/Race N/ layout,
 * as a user picks it), or "Try sample data" where the real data is absent. Waits for the report.
 */
export async function loadSeason(page: Page): Promise<SeasonSource> {
  if (hasRealData) {
    await page.getByTestId('folder-input').setInputFiles(REAL_DATA_DIR);
  } else {
    await page.getByTestId('sample-data').click();
  }
  await page.getByTestId('validation-report').waitFor({ timeout: 60_000 });
  return hasRealData ? 'real' : 'sample';
}

/** Clicks Analyse and waits for the whole overview (see overviewReady). */
export async function analyse(page: Page): Promise<void> {
  await page.getByTestId('analyze').click();
  await page.getByTestId('driver-row').first().waitFor({ timeout: 120_000 });
  await overviewReady(page);
  // the exact dashboard comes first; the model's predictions fill in after it
  await page.locator('[data-testid="counts"][data-predictions="done"]').waitFor({ timeout: 120_000 });
}

/**
 * Waits until the overview is complete: the driver table (its rows in view, VirtualTable.svelte) and the
 * chart, drawn when the page is idle (ChartCanvas.svelte).
 */
export async function overviewReady(page: Page): Promise<void> {
  await page.locator('[data-testid="driver-table"][data-complete]').waitFor({ timeout: 30_000 });
  await page.getByTestId('archetype-chart').locator('canvas[data-drawn]').waitFor({ timeout: 30_000 });
}

export interface TableRow {
  id: number;
  archetype: string;
  predicted: string;
}

/** Rows of a virtualized table: its data attributes and the text of its cells. */
export interface ScrolledRow {
  data: Record<string, string>;
  cells: string[];
}

/**
 * Every row of a virtualized table (VirtualTable.svelte renders only the rows in view), in table order:
 * scrolls its box from the top to the bottom a screen at a time, as a user would, and reads the rows
 * rendered at each stop by their aria-rowindex. Fails when the rows read are not exactly the rows that the
 * table's aria-rowcount announces (header row included), or when a stop rendered more than `maxRendered`.
 */
export async function tableRows(page: Page, testid: string, maxRendered = 80): Promise<ScrolledRow[]> {
  await page.locator(`[data-testid="${testid}"][data-complete]`).waitFor({ timeout: 10_000 });
  return page.getByTestId(testid).evaluate(async (table, max) => {
    const box = table.closest('.table-wrap') as HTMLElement;
    const total = Number(table.getAttribute('aria-rowcount')) - 1;
    const byIndex = new Map<number, { data: Record<string, string>; cells: string[] }>();
    const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const start = box.scrollTop;
    box.scrollTop = 0;
    box.dispatchEvent(new Event('scroll'));
    await frame();
    for (let guard = 0; guard < 10_000; guard++) {
      const rendered = [...table.querySelectorAll('tbody tr[aria-rowindex]')] as HTMLElement[];
      if (rendered.length > max) throw new Error(`${rendered.length} rows rendered at once (at most ${max})`);
      for (const r of rendered) {
        byIndex.set(Number(r.getAttribute('aria-rowindex')), { data: { ...r.dataset } as Record<string, string>, cells: [...r.children].map((c) => c.textContent ?? '') });
      }
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) break;
      box.scrollTop += Math.max(1, box.clientHeight - 40);
      box.dispatchEvent(new Event('scroll'));
      await frame();
    }
    box.scrollTop = start;
    box.dispatchEvent(new Event('scroll'));
    const rows = [...byIndex.entries()].sort((a, b) => a[0] - b[0]);
    const indexes = rows.map(([i]) => i).join(',');
    const expected = Array.from({ length: total }, (_, i) => i + 2).join(',');
    if (indexes !== expected) throw new Error(`rows read by scrolling [${indexes}] are not rows 2..${total + 1} of aria-rowcount`);
    return rows.map(([, r]) => r);
  }, maxRendered);
}

/** Every row of the driver table (scrolled through: the table renders the rows in view only). */
export async function driverRows(page: Page): Promise<TableRow[]> {
  const rows = await tableRows(page, 'driver-table');
  return rows.map((r) => ({ id: Number(r.data.driverId), archetype: r.data.archetype ?? '', predicted: r.data.predicted ?? '' }));
}

/** Rows of a virtualized table in the DOM now, and the number of rows the table holds (aria-rowcount). */
export async function tableCounts(page: Page, testid: string): Promise<{ rendered: number; rows: number }> {
  return page.getByTestId(testid).evaluate((t) => ({
    rendered: t.querySelectorAll('tbody tr[aria-rowindex]').length,
    rows: Number(t.getAttribute('aria-rowcount')) - 1,
  }));
}

/** True when a chart's canvas has drawn something (any non-transparent pixel). */
export async function canvasHasInk(page: Page, testid: string): Promise<boolean> {
  // charts are drawn in a task of their own after the page renders (ChartCanvas.svelte)
  await page.getByTestId(testid).locator('canvas[data-drawn]').waitFor({ timeout: 10_000 });
  return page.getByTestId(testid).locator('canvas').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });
}
