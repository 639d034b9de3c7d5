// Files in: a file whose track nothing names (a generic CSV picked with the file input, no folder, no
// track column) is marked E051 and asks for a track, and is analysed with the one typed in; files
// dropped on the drop zone are read like picked ones; "Try sample data" brings the shipped sample season;
// an exported profile (.json) dropped on the drop zone or picked with the file picker opens read-only in
// the import view, also when CSVs come with it (they go to the validation report).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SharedEnvelope } from '../../src/core/profile-schema';
import { writeBigLapFile } from '../../bench/big-file';
import { driverRows } from './app-flows';
import { describeBrowser, launch, openApp, PROJECT_ROOT, screenshot } from './harness';

/** Drops files (name, text, type) on the drop zone the way a browser delivers a drop of plain files. */
async function dropOnDropZone(page: Page, files: { name: string; text: string; type: string }[]): Promise<void> {
  const dt = await page.evaluateHandle((list) => {
    const d = new DataTransfer();
    for (const f of list) d.items.add(new File([f.text], f.name, { type: f.type }));
    return d;
  }, files);
  await page.getByTestId('drop-zone').dispatchEvent('dragenter', { dataTransfer: dt });
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
}

/** A generic CSV at VIR: `cars`, five laps each. */
function genericCsv(cars: number[]): string {
  const rows = ['NUMBER,LAP_TIME,S1,S2,S3,KPH,track'];
  for (const car of cars) for (let i = 0; i < 5; i++) rows.push(`${car},1:4${i}.${car}00,30.1,40.2,3${i}.5,14${i}.0,VIR`);
  return rows.join('\n') + '\n';
}

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
    const file = join(dir, 'laps.csv');
    writeFileSync(file, rows.join('\n') + '\n');

    const { page, context } = await openApp(browser);
    await page.getByTestId('file-input').setInputFiles(file);
    const row = page.locator('[data-testid="report-row"][data-path="laps.csv"]');
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
  it('opens an exported profile dropped on the drop zone read-only with its provenance, beside CSVs dropped with it', async () => {
    // an analysis of two cars, exported as the envelope JSON with its laps
    const { page, context } = await openApp(browser, { query: '?models=off' });
    await dropOnDropZone(page, [{ name: 'vir_two_cars.csv', text: genericCsv([5, 44]), type: 'text/csv' }]);
    await page.getByTestId('analyze').click();
    expect((await driverRows(page)).map((r) => r.id).sort((a, b) => a - b)).toEqual([5, 44]);
    await page.getByTestId('export-include-laps').first().check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').first().click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const exported = JSON.parse(text) as SharedEnvelope;
    const name = download.suggestedFilename();
    expect(name).toMatch(/\.json$/);

    // dropped alone: the import view, not the validation report (no E019)
    await page.evaluate(() => (location.hash = '#/'));
    await dropOnDropZone(page, [{ name, text, type: 'application/json' }]);
    const view = page.getByTestId('import-view');
    await view.waitFor();
    await expect(view.locator('#import-title').textContent()).resolves.toContain(name);
    const provenance = view.getByTestId('import-provenance');
    await expect(provenance.textContent()).resolves.toContain(exported.generated_at);
    await expect(provenance.textContent()).resolves.toContain(`with ${exported.laps!.rows.length} raw laps`);
    await expect(view.getByText('vir_two_cars.csv', { exact: true }).count()).resolves.toBe(1);
    const ids = await view.locator('[data-testid="import-drivers"] tr[data-driver-id]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.driverId)));
    expect(ids.sort((a, b) => a - b)).toEqual([5, 44]);
    await expect(view.getByTestId('import-error').count()).resolves.toBe(0);
    await expect(view.getByTestId('import-save').isVisible()).resolves.toBe(true); // read-only until saved
    await expect(page.locator(`[data-testid="report-row"][data-path="${name}"]`).count()).resolves.toBe(0);
    await expect(page.getByTestId('validation-report').textContent()).resolves.not.toContain('E019');
    await view.getByRole('button', { name: 'Close' }).click();

    // with a CSV and a second profile: the CSV to the report, the first profile (by path, as drops are
    // sorted) shown, the second named (W075)
    await dropOnDropZone(page, [
      { name: 'sonoma_more.csv', text: genericCsv([8]).replaceAll(',VIR', ',Sonoma'), type: 'text/csv' },
      { name, text, type: 'application/json' },
      { name: 'zz-copy.json', text, type: 'application/json' },
    ]);
    await page.locator('[data-testid="report-row"][data-path="sonoma_more.csv"][data-used="true"]').waitFor();
    await view.waitFor();
    await expect(view.locator('#import-title').textContent()).resolves.toContain(name);
    await expect(view.getByTestId('import-note').getAttribute('data-code')).resolves.toBe('W075');
    await expect(view.getByTestId('import-note').textContent()).resolves.toContain('zz-copy.json');
    for (const json of [name, 'zz-copy.json']) await expect(page.locator(`[data-testid="report-row"][data-path="${json}"]`).count()).resolves.toBe(0);
    await screenshot(page, 'import-dropped-with-csv');
    await view.getByRole('button', { name: 'Close' }).click();

    // picked with the main file picker: the import view too
    const path = join(dir, name);
    writeFileSync(path, text);
    await page.getByTestId('file-input').setInputFiles(path);
    await view.waitFor();
    await expect(view.getByTestId('import-provenance').textContent()).resolves.toContain(exported.generated_at);
    await expect(page.locator(`[data-testid="report-row"][data-path="${name}"]`).count()).resolves.toBe(0);
    await context.close();
  });

  it('shows how far it has read while it validates a big file: bytes, file n of N and laps so far', async () => {
    // a 200,000-lap file (~50 MB) from the seeded generator, in a COTA folder so its track is known
    const big = join(dir, 'big');
    mkdirSync(join(big, 'COTA'), { recursive: true });
    await writeBigLapFile(join(big, 'COTA', 'Synthetic_Big_Laps.CSV'), { laps: 200_000 });
    const { page, context } = await openApp(browser);
    await page.getByTestId('folder-input').setInputFiles(big);
    const counts = page.getByTestId('validation-counts');
    await counts.waitFor({ timeout: 30_000 });
    const text = (await counts.textContent()) ?? '';
    expect(text).toMatch(/^[\d.]+ [kMG]?B of [\d.]+ MB, file 1 of 1, [\d,]+ laps$/);
    await page.locator('[data-testid="report-row"]').first().waitFor({ timeout: 120_000 });
    // the counts go when the report is there; every lap was read
    await expect(counts.count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="report-row"]').first().textContent()).resolves.toMatch(/200,000|200000/);
    await context.close();
  });
});
