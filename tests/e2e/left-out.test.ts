// Partial results in the app (issue 13): the overview says, in a visible warning block, which files the
// analysis left out and why, with their codes; the other files are analysed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyse, driverRows } from './app-flows';
import { describeBrowser, launch, openApp, screenshot } from './harness';

/** A generic CSV at VIR: `cars`, five laps each. */
function genericCsv(cars: number[]): string {
  const rows = ['NUMBER,LAP_TIME,S1,S2,S3,KPH,track'];
  for (const car of cars) for (let i = 0; i < 5; i++) rows.push(`${car},1:4${i}.${car}00,30.1,40.2,3${i}.5,14${i}.0,VIR`);
  return rows.join('\n') + '\n';
}

describeBrowser('partial results: left-out files on the overview', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await launch();
    dir = mkdtempSync(join(tmpdir(), 'dna-e2e-left-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('analyses the good files and lists the broken ones with their codes above the counts', async () => {
    const files = {
      'race1.csv': genericCsv([7, 21]),
      'race2.csv': genericCsv([7, 21, 33]),
      'notes.csv': 'remember the tyres\n',
      'cut_export.csv': 'NUMBER,LAP_TIME,S1,S2,S3,KPH,track\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 800 }]) {
      const { page, context, errors } = await openApp(browser, { viewport });
      await page.getByTestId('file-input').setInputFiles(Object.keys(files).map((n) => join(dir, n)));
      await page.locator('[data-testid="report-row"][data-path="race2.csv"]').waitFor();
      await analyse(page);
      const warning = page.getByTestId('left-out');
      await warning.waitFor();
      const text = (await warning.textContent()) ?? '';
      expect(text).toMatch(/2 files were left out of this analysis/);
      expect(text).toMatch(/E013\s+notes\.csv/);
      expect(text).toMatch(/E052\s+cut_export\.csv/);
      expect((await driverRows(page)).length).toBe(3);
      await screenshot(page, `left-out-overview-${viewport.width}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
