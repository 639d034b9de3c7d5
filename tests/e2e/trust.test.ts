// Figures a coach can trust and no dead ends (issue 12), in real Chromium on the real season where it
// exists (else the shipped sample): the archetype card's bold archetype is the first rule that matched,
// no theoretical best is above a best lap, W065 is said at most once per analysis (and never on the
// sample), a reload or a link to a driver shows the driver, a shared profile without laps opens as the
// full car page, unknown routes say so, and at 360 px the car and its key figure stay in view.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyse, loadSeason, overviewReady, tableRows, type SeasonSource } from './app-flows';
import { describeBrowser, launch, openApp, screenshot, SCREENSHOT_DIR, type OpenedApp } from './harness';

/** "2:40.838" or "58.123" → seconds; null for a dash. */
function lapSeconds(text: string): number | null {
  const t = text.replace('*', '').trim();
  const m = /^(?:(\d+):)?(\d+(?:\.\d+)?)$/.exec(t);
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : null;
}

async function carIds(page: Page): Promise<string[]> {
  await page.locator('[data-testid="driver-table"][data-complete]').waitFor({ timeout: 30_000 });
  return (await tableRows(page, 'driver-table')).map((r) => r.data.driverId);
}

async function openDriver(page: Page, id: string): Promise<void> {
  await page.evaluate((i) => (location.hash = `#/driver/${encodeURIComponent(i)}`), id);
  await page.locator('main h1', { hasText: `Car #${id}` }).waitFor();
  await page.getByTestId('archetype-card').waitFor();
}

async function w065Lines(page: Page): Promise<number> {
  return page.locator('[data-testid="model-notice"] [data-code="W065"]').count();
}

describeBrowser('figures a coach can trust, and no dead ends', () => {
  let browser: Browser;
  let app: OpenedApp;
  let page: Page;
  let source: SeasonSource;
  let ids: string[];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdna-trust-'));
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
    source = await loadSeason(page);
    await analyse(page);
    ids = await carIds(page);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every archetype card: the bold archetype is the first rule that reaches its threshold; one confidence; no theoretical best above the best lap', async () => {
    let raceRows = 0;
    let cards = 0;
    const problems: string[] = [];
    for (const id of ids) {
      await openDriver(page, id);
      const rules = await page.getByTestId('archetype-rule').evaluateAll((rows) =>
        rows.map((r) => ({
          archetype: (r as HTMLElement).dataset.archetype!,
          passes: (r as HTMLElement).dataset.passes === 'true',
          chosen: (r as HTMLElement).dataset.chosen === 'true',
          weight: Number(getComputedStyle(r.querySelector('th')!).fontWeight),
        })),
      );
      const shown = (await page.getByTestId('driver-archetype').textContent()) ?? '';
      if (rules.length > 0) {
        cards++;
        const first = rules.find((r) => r.passes);
        const chosen = rules.filter((r) => r.chosen);
        const bold = rules.filter((r) => r.weight >= 600);
        if (chosen.length !== 1 || chosen[0].archetype !== first?.archetype) problems.push(`car ${id}: chosen ${chosen.map((r) => r.archetype)} but first rule met ${first?.archetype}`);
        if (bold.length !== 1 || bold[0].archetype !== chosen[0]?.archetype) problems.push(`car ${id}: bold ${bold.map((r) => r.archetype)}`);
        if (!shown.includes(chosen[0]?.archetype ?? '?')) problems.push(`car ${id}: headline "${shown}"`);
      }
      const card = (await page.getByTestId('archetype-card').textContent()) ?? '';
      if ((card.match(/Confidence/g) ?? []).length > 1) problems.push(`car ${id}: more than one confidence`);
      const times = await page
        .locator('[data-testid="race-table"] tbody tr')
        .evaluateAll((rows) => rows.map((r) => [r.children[4].textContent ?? '', r.children[5].textContent ?? '', r.children[0].textContent ?? '']));
      for (const [best, theoretical, race] of times) {
        const b = lapSeconds(best);
        const t = lapSeconds(theoretical);
        if (b === null || t === null) continue;
        raceRows++;
        if (t > b) problems.push(`car ${id} ${race.trim()}: theoretical ${theoretical} above best ${best}`);
      }
    }
    expect(problems).toEqual([]);
    expect(cards).toBe(ids.length);
    if (source === 'real') expect(raceRows).toBeGreaterThan(290); // 303 driver-race rows in the season
    await openDriver(page, ids[0]);
    await screenshot(page, 'trust-driver-1280');
  });

  it('W065 at most once per definition in each of three analyses in one tab', async () => {
    for (let run = 0; run < 3; run++) {
      await page.evaluate(() => (location.hash = '#/'));
      await page.getByTestId('analyze').waitFor();
      await analyse(page);
      await overviewReady(page);
      expect(await w065Lines(page), `analysis ${run + 1}`).toBeLessThanOrEqual(1);
      await page.getByLabel('Classic DNA').check();
      expect(await w065Lines(page), `analysis ${run + 1}, classic`).toBeLessThanOrEqual(1);
      await page.getByLabel('Relative DNA').check();
    }
    // the model is one line above the table, not a column of tags
    await expect(page.getByTestId('model-summary').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="driver-table"] thead th', { hasText: 'Model' }).count()).resolves.toBe(0);
    await screenshot(page, 'trust-overview-1280');
  });

  it('redraws the radar at once when the definition switches (no idle-callback wait)', async () => {
    await openDriver(page, ids[0]);
    await page.getByTestId('driver-radar').locator('canvas[data-drawn]').waitFor();
    const ms: number[] = [];
    for (const value of ['classic', 'relative', 'classic', 'relative']) {
      // In the page: from the click to the radar's canvas drawn again (its data-drawn attribute comes back).
      ms.push(
        await page.evaluate(
          (v) =>
            new Promise<number>((resolve) => {
              const box = document.querySelector('[data-testid="driver-radar"]')!;
              let removed = false;
              const t0 = performance.now();
              const obs = new MutationObserver(() => {
                const drawn = box.querySelector('canvas[data-drawn]');
                if (!drawn) removed = true;
                else if (removed) {
                  obs.disconnect();
                  resolve(performance.now() - t0);
                }
              });
              obs.observe(box, { attributes: true, subtree: true, childList: true, attributeFilter: ['data-drawn'] });
              document.querySelector<HTMLInputElement>(`input[name="definition"][value="${v}"]`)!.click();
            }),
          value,
        ),
      );
    }
    console.log(`definition switch to a drawn radar: ${ms.map((x) => Math.round(x)).join(', ')} ms`);
    // Regression guard, not the speed target (that is measured, see the report): waiting for the
    // requestIdleCallback timeout made every switch take about 1.1 s.
    expect(Math.max(...ms)).toBeLessThan(500);
  });

  it('a reload or a link to a driver shows that driver from the library, and unknown routes say so', async () => {
    await page.waitForFunction(() => performance.getEntriesByName('dna:analysis-kept').length > 0, null, { timeout: 30_000 });
    const id = ids[Math.min(1, ids.length - 1)];
    await page.evaluate((i) => (location.hash = `#/driver/${encodeURIComponent(i)}`), id);
    await page.reload();
    await page.waitForSelector('html[data-app-ready]');
    await page.locator('main h1', { hasText: `Car #${id}` }).waitFor({ timeout: 30_000 });
    await page.getByTestId('driver-radar').locator('canvas[data-drawn]').waitFor({ timeout: 30_000 });
    await page.reload();
    await page.waitForSelector('html[data-app-ready]');
    await page.evaluate(() => (location.hash = '#/overview'));
    await page.locator('[data-testid="driver-table"][data-complete]').waitFor({ timeout: 30_000 });

    await page.evaluate(() => (location.hash = '#/nowhere/at-all'));
    await expect(page.getByTestId('unknown-route').textContent()).resolves.toContain('#/nowhere/at-all');
    await page.evaluate(() => (location.hash = '#/track/Monza'));
    await expect(page.getByTestId('unknown-track').textContent()).resolves.toContain('Monza');
    await expect(page.locator('main').textContent()).resolves.not.toContain('every lap was clean');
  });

  it('at 360 px the car column and its key figure stay inside the table box, also scrolled sideways', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    try {
      await page.evaluate(() => (location.hash = '#/overview'));
      await overviewReady(page);
      const check = async (table: string, keyCell: string) => {
        const r = await page.locator(table).evaluate((t, key) => {
          const wrap = t.closest('.table-wrap') as HTMLElement;
          const row = t.querySelector('tbody tr')!;
          const car = row.children[0] as HTMLElement;
          const fig = row.querySelector(key) as HTMLElement;
          const box = wrap.getBoundingClientRect();
          const atStart = { car: car.getBoundingClientRect(), fig: fig.getBoundingClientRect() };
          wrap.scrollLeft = wrap.scrollWidth;
          const scrolled = car.getBoundingClientRect();
          wrap.scrollLeft = 0;
          return { box: { left: box.left, right: box.right }, carLeft: atStart.car.left, figRight: atStart.fig.right, scrolledCarLeft: scrolled.left };
        }, keyCell);
        expect(r.carLeft, `${table}: car column`).toBeGreaterThanOrEqual(r.box.left - 1);
        expect(r.figRight, `${table}: key figure`).toBeLessThanOrEqual(r.box.right + 1);
        expect(r.scrolledCarLeft, `${table}: car column when scrolled`).toBeGreaterThanOrEqual(r.box.left - 1);
      };
      await check('[data-testid="driver-table"]', '[data-testid="key-figure"]');
      await screenshot(page, 'trust-overview-360', { fullPage: false });
      await page.getByTestId('driver-table').screenshot({ path: join(SCREENSHOT_DIR, 'trust-overview-360-table.png') });
      await openDriver(page, ids[0]);
      await check('[data-testid="race-table"]', 'td:nth-child(2)');
      await page.getByTestId('driver-radar').locator('canvas[data-drawn]').waitFor();
      await page.getByTestId('lap-distribution').locator('canvas[data-drawn]').waitFor();
      await screenshot(page, 'trust-driver-360');
      // the parts a phone user reads, one image each (a full 360 px page is too tall to look at)
      for (const [testid, name] of [['archetype-card', 'card'], ['driver-radar', 'radar'], ['lap-distribution', 'laps'], ['race-table', 'races']] as const) {
        await page.getByTestId(testid).scrollIntoViewIfNeeded();
        await page.getByTestId(testid).screenshot({ path: join(SCREENSHOT_DIR, `trust-driver-360-${name}.png`) });
      }
      await page.evaluate(() => (location.hash = '#/model'));
      await page.getByTestId('model-info').waitFor();
      await page.getByTestId('model-card').first().waitFor({ timeout: 30_000 });
      const wide = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll('main *')]
          .filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > vw + 0.5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? '').slice(0, 40)}`);
        return { overflow: document.documentElement.scrollWidth - vw, out: out.slice(0, 5) };
      });
      expect(wide.overflow, `model page wider than 360 px: ${wide.out.join(' | ')}`).toBeLessThanOrEqual(0);
      await screenshot(page, 'trust-model-360');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    await page.evaluate(() => (location.hash = '#/model'));
    await page.getByTestId('model-side-by-side').waitFor({ timeout: 30_000 });
    await page.getByTestId('model-card').first().waitFor({ timeout: 30_000 });
    const modelText = (await page.locator('main').textContent()) ?? '';
    expect(modelText).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/); // no ISO dates
    expect(modelText).not.toMatch(/overall_reliability|track_sector_strength|archetype_accuracy/); // no raw keys
    await screenshot(page, 'trust-model-1280');
  });

  it('a shared profile exported without laps opens as the full car page, read-only, and draws its radar', async () => {
    await page.evaluate(() => (location.hash = '#/overview'));
    await overviewReady(page);
    const laps = page.getByTestId('export-include-laps').first();
    if (await laps.isChecked()) await laps.uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').first().click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(text).laps).toBeUndefined();
    const path = join(dir, download.suggestedFilename());
    writeFileSync(path, text);

    const fresh = await openApp(browser);
    try {
      const p = fresh.page;
      await p.getByTestId('file-input').setInputFiles(path);
      const view = p.getByTestId('import-view');
      await view.waitFor();
      await screenshot(p, 'trust-import-1280');
      await view.getByTestId('import-open-car').first().click();
      await p.getByTestId('read-only').waitFor();
      await p.getByTestId('driver-radar').locator('canvas[data-drawn]').waitFor({ timeout: 30_000 });
      await expect(p.getByTestId('race-table').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
      await p.getByTestId('track-pace-chart').locator('canvas[data-drawn]').waitFor({ timeout: 30_000 });
      await p.getByTestId('sector-gap-chart').locator('canvas[data-drawn]').waitFor({ timeout: 30_000 });
      await p.getByTestId('no-laps').waitFor();
      await screenshot(p, 'trust-shared-driver-1280');
      await p.setViewportSize({ width: 360, height: 780 });
      await screenshot(p, 'trust-shared-driver-360');
      expect(fresh.errors).toEqual([]);
    } finally {
      await fresh.context.close();
    }
  });

  it('the file report: a results file alone says which export is needed; a lap file is placed from its siblings', async () => {
    const fresh = await openApp(browser, { query: '?models=off' });
    try {
      const p = fresh.page;
      const results = join(dir, '03_Results GR Cup Race 1 Official_Anonymized.CSV');
      writeFileSync(results, 'POSITION;NUMBER;LAPS;TOTAL_TIME\n1;7;20;45:00.000\n2;9;20;45:03.000\n');
      await p.getByTestId('file-input').setInputFiles(results);
      await expect(p.getByTestId('no-lap-file').textContent()).resolves.toContain('23_AnalysisEnduranceWithSections');
      await screenshot(p, 'trust-results-only-1280');

      // one race's files picked with "Choose files" (no folder): the telemetry file's name says COTA
      const header = 'NUMBER;LAP_NUMBER;LAP_TIME;S1;S2;S3;KPH;TOP_SPEED;FLAG_AT_FL;CROSSING_FINISH_LINE_IN_PIT';
      const laps = [header, ...[1, 2, 3, 4, 5, 6].map((n) => `7;${n};2:1${n}.000;40.000;50.000;4${n}.000;150.0;200.0;GF;`)].join('\n');
      const lapPath = join(dir, '23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV');
      writeFileSync(lapPath, laps);
      const sibling = join(dir, 'COTA_lap_time_R1.csv');
      writeFileSync(sibling, 'Time;Track Temp\n10:00;30\n');
      await p.getByTestId('file-input').setInputFiles([lapPath, sibling]);
      const row = p.locator('[data-testid="report-row"][data-path="23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV"]');
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain('COTA');
      await expect(row.getByTestId('track-input').count()).resolves.toBe(0);
      await expect(row.locator('td.num').textContent()).resolves.toContain('6');
    } finally {
      await fresh.context.close();
    }
  });

  it('made no page error', () => {
    expect(app.errors).toEqual([]);
  });
});

describeBrowser("the app's own sample", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('raises no W065: the sample season lies inside the training ranges', async () => {
    const { page, context } = await openApp(browser);
    try {
      await page.getByTestId('sample-data').click();
      await page.getByTestId('validation-report').waitFor({ timeout: 60_000 });
      await analyse(page);
      expect(await w065Lines(page)).toBe(0);
      await page.getByLabel('Classic DNA').check();
      expect(await w065Lines(page)).toBe(0);
      await page.getByLabel('Relative DNA').check();
      await expect(page.locator('main').textContent()).resolves.not.toContain('W065');
      await screenshot(page, 'trust-sample-overview-1280');
    } finally {
      await context.close();
    }
  });
});
