// Coded warnings of "every series" in the app, on small hand-made files dropped as one folder (as a user
// drops a season): W028, an unknown FLAG_AT_FL value counted as caution and reported once per file; W029,
// a circuit the app does not know, named from its folder, mixed unless given. The warning is read where the
// user sees it: the file's row in the file check and the log; the caution count on the track page.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { overviewReady } from './app-flows';
import { describeBrowser, launch, openApp, screenshot, type OpenedApp } from './harness';

const HEADER = 'NUMBER,LAP_NUMBER,LAP_TIME,S1,S2,S3,KPH,FLAG_AT_FL';
/** Flags of laps 1–10 of each car: two unknown values (PURPLE twice, ORANGE once) among green and the finish. */
const FLAGS = ['GF', 'GF', 'GF', 'PURPLE', 'PURPLE', 'GF', 'GF', 'ORANGE', 'GF', 'FF'];

/** Cars 5 and 6, ten laps each of about 100 s; `flags` per lap (all green when not given). */
function lapsCsv(flags: readonly string[] = FLAGS.map(() => 'GF')): string {
  const rows = [HEADER];
  for (const [car, base] of [[5, 100], [6, 100.6]] as const) {
    for (let lap = 1; lap <= 10; lap++) {
      const t = base + ((lap * 3) % 4) * 0.1;
      rows.push([car, lap, t.toFixed(3), '30.000', '40.000', (t - 70).toFixed(3), '140.0', flags[lap - 1]].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

describeBrowser('coded warnings W028 and W029', () => {
  let browser: Browser;
  let dir: string;
  let app: OpenedApp;
  let page: Page;
  const flagPath = 'season/Sebring/flag-laps.csv';
  const guessPath = 'season/09-thunderhill-raceway-park/laps.csv';

  beforeAll(async () => {
    browser = await launch();
    dir = mkdtempSync(join(tmpdir(), 'dna-warnings-'));
    mkdirSync(join(dir, 'season', 'Sebring'), { recursive: true });
    mkdirSync(join(dir, 'season', '09-thunderhill-raceway-park'), { recursive: true });
    writeFileSync(join(dir, flagPath), lapsCsv(FLAGS));
    writeFileSync(join(dir, guessPath), lapsCsv());
    app = await openApp(browser, { viewport: { width: 1280, height: 900 } });
    page = app.page;
    await page.getByTestId('folder-input').setInputFiles(join(dir, 'season'));
    await page.getByTestId('validation-report').waitFor({ timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const row = (path: string) => page.locator(`[data-testid="report-row"][data-path="${path}"]`);

  it('W028: one warning for the file, naming each unknown value with its laps, and the laps counted as caution', async () => {
    await row(flagPath).waitFor();
    await expect(row(flagPath).getAttribute('data-used')).resolves.toBe('true');
    const w028 = row(flagPath).locator('.tag.warn', { hasText: 'W028' });
    // once per file, though four laps carry an unknown flag; both values named with their lap counts (2 cars)
    await expect(w028.count()).resolves.toBe(1);
    await expect(w028.isVisible()).resolves.toBe(true);
    const text = (await w028.locator('..').textContent()) ?? '';
    expect(text).toContain('Unknown FLAG_AT_FL value: counted as caution');
    expect(text).toContain('PURPLE (4 laps)');
    expect(text).toContain('ORANGE (2 laps)');
    // the green file has none
    await expect(row(guessPath).locator('.tag.warn', { hasText: 'W028' }).count()).resolves.toBe(0);
    await screenshot(page, 'warnings-file-check-1280');
  });

  it('W029: the unknown circuit is named from its folder, marked guessed, mixed until the user types it', async () => {
    const r = row(guessPath);
    await expect(r.getAttribute('data-used')).resolves.toBe('true');
    const w029 = r.locator('.tag.warn', { hasText: 'W029' });
    await expect(w029.count()).resolves.toBe(1);
    await expect(w029.isVisible()).resolves.toBe(true);
    await expect(w029.locator('..').textContent()).resolves.toContain('"Thunderhill Raceway Park" (type mixed unless given)');
    await expect(r.getByTestId('track-guessed').isVisible()).resolves.toBe(true);
    await expect(r.getByTestId('track-name').inputValue()).resolves.toBe('Thunderhill Raceway Park');
    await expect(r.getByTestId('track-type').inputValue()).resolves.toBe('mixed');
    await expect(r.getByTestId('track-type-source').textContent()).resolves.toBe('default');
    await r.getByTestId('track-type').selectOption('high_speed');
    await expect(r.getByTestId('track-type-source').textContent()).resolves.toBe('yours');
    // both warnings are in the log too
    await page.getByTestId('log-panel').locator('summary').click();
    const log = (await page.getByTestId('log-panel').locator('pre').textContent()) ?? '';
    expect(log).toMatch(/W028/);
    expect(log).toMatch(/W029/);
  });

  it('after the analysis: the unknown-flag laps are cautions at Sebring (and the lap after each a restart)', async () => {
    await page.getByTestId('analyze').click();
    await page.getByTestId('driver-row').first().waitFor({ timeout: 60_000 });
    await overviewReady(page);
    await page.goto(page.url().replace(/#.*$/, '#/track/Sebring'));
    const chart = page.getByTestId('unclean-reasons');
    await chart.waitFor();
    // per car: laps 4, 5 (PURPLE) and 8 (ORANGE) caution; 6 and 9 restart; lap 1 the first lap
    const label = (await chart.getAttribute('aria-label')) ?? '';
    expect(label).toMatch(/caution[^,]* 6(,|$)/);
    expect(label).toMatch(/restart after caution 4(,|$)/);
    expect(label).toMatch(/lap 1 2(,|$)/);
    expect(app.errors).toEqual([]);
  });
});
