// Files in: a file whose track nothing names (a generic CSV picked with the file input, no folder, no
// track column) is marked E051 and asks for a track, and is analysed with the one typed in; files
// dropped on the drop zone are read like picked ones; "Try sample data" brings the shipped sample season.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { driverRows } from './app-flows';
import { describeBrowser, launch, openApp, PROJECT_ROOT } from './harness';

describeBrowser('files in: drop and unknown track', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await launch();
    dir = mkdtempSync(join(tmpdir(), 'dna-e2e-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the track of a file nothing names, then analyses it with the one given', async () => {
    // two cars, five laps each, in the seed's generic format
    const rows = ['NUMBER,LAP_TIME,S1,S2,S3,KPH'];
    for (const car of [7, 21]) for (let i = 0; i < 5; i++) rows.push(`${car},1:4${i}.${car}00,30.1,40.2,3${i}.5,14${i}.0`);
    const file = join(dir, 'club_day.csv');
    writeFileSync(file, rows.join('\n') + '\n');

    const { page, context } = await openApp(browser);
    await page.getByTestId('file-input').setInputFiles(file);
    const row = page.locator('[data-testid="report-row"][data-path="club_day.csv"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('E051');
    await expect(page.getByTestId('analyze').isDisabled()).resolves.toBe(true);
    await row.getByTestId('track-input').fill('Laguna Seca');
    await expect(page.getByTestId('analyze').isEnabled()).resolves.toBe(true);
    await page.getByTestId('analyze').click();
    await page.getByTestId('driver-row').first().waitFor();
    expect((await driverRows(page)).map((r) => r.id).sort((a, b) => a - b)).toEqual([7, 21]);
    await expect(page.locator('a[href="#/track/Laguna%20Seca"]').count()).resolves.toBe(1);
    await context.close();
  });

  it('takes files dropped on the drop zone', async () => {
    const { page, context } = await openApp(browser);
    const csv = 'NUMBER,LAP_TIME,S1,S2,S3,KPH,track\n9,1:40.000,30,40,30,140,VIR\n9,1:41.000,30,41,30,139,VIR\n';
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], 'vir_generic.csv', { type: 'text/csv' }));
      return d;
    }, csv);
    await page.getByTestId('drop-zone').dispatchEvent('dragenter', { dataTransfer: dt });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
    const row = page.locator('[data-testid="report-row"][data-path="vir_generic.csv"]');
    await row.waitFor();
    await expect(row.getAttribute('data-used')).resolves.toBe('true');
    await expect(row.textContent()).resolves.toContain('VIR');
    await context.close();
  });

  it('"Try sample data" loads the shipped synthetic season and analyses it', async () => {
    const index = JSON.parse(readFileSync(join(PROJECT_ROOT, 'public/sample/index.json'), 'utf8')) as { files: string[]; drivers: number };
    const { page, context } = await openApp(browser);
    await page.getByTestId('sample-data').click();
    await page.getByTestId('validation-report').waitFor();
    await expect(page.getByTestId('usable-count').textContent()).resolves.toBe(String(index.files.length));
    await page.getByTestId('analyze').click();
    await page.getByTestId('driver-row').first().waitFor();
    expect(await driverRows(page)).toHaveLength(index.drivers);
    await context.close();
  });
});
