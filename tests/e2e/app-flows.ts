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
}

/**
 * Waits until the overview is complete: it renders in stages (OverviewPage.svelte), the table's rows
 * in chunks (DriverTable.svelte) and the chart when the page is idle (ChartCanvas.svelte).
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

export async function driverRows(page: Page): Promise<TableRow[]> {
  // the table renders its first rows with the page and the rest a task later (DriverTable.svelte)
  await page.locator('[data-testid="driver-table"][data-complete]').waitFor({ timeout: 10_000 });
  return page.getByTestId('driver-row').evaluateAll((rows) =>
    rows.map((r) => ({
      id: Number((r as HTMLElement).dataset.driverId),
      archetype: (r as HTMLElement).dataset.archetype ?? '',
      predicted: (r as HTMLElement).dataset.predicted ?? '',
    })),
  );
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
