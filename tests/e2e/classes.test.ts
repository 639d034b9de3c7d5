// Classes in the app, on a small hand-made multi-class race (two classes, three cars each, two named drivers
// per car): the overview's class column, counts per class and class filter; the car page's class field and
// who drove which laps; a one-class season (the shipped sample: CLASS "Am" on every car) keeps the overview of before, with
// no class column and no class filter. The track of each file can be renamed and typed in the file check.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { overviewReady, tableRows } from './app-flows';
import { describeBrowser, launch, openApp } from './harness';

// the IMSA header as the collector's files write it
const HEADER =
  'NUMBER, DRIVER_NUMBER, LAP_NUMBER, LAP_TIME, LAP_IMPROVEMENT, CROSSING_FINISH_LINE_IN_PIT, S1, S1_IMPROVEMENT, S2, S2_IMPROVEMENT, S3, S3_IMPROVEMENT, KPH, ELAPSED, HOUR,S1_LARGE,S2_LARGE,S3_LARGE,TOP_SPEED,DRIVER_NAME,PIT_TIME,CLASS,GROUP,TEAM,MANUFACTURER,FLAG_AT_FL,';

/** Car → class, base lap time (s), its two drivers. GTP ~100 s a lap, GTD ~110 s. */
const CARS: { car: string; cls: string; base: number; drivers: [string, string] }[] = [
  { car: '7', cls: 'GTP', base: 100.0, drivers: ['Ann Able', 'Ben Brook'] },
  { car: '31', cls: 'GTP', base: 100.4, drivers: ['Cy Crane', 'Di Dale'] },
  { car: '01', cls: 'GTP', base: 100.8, drivers: ['Ed Eng', 'Flo Fern'] },
  { car: '04', cls: 'GTD', base: 110.0, drivers: ['Gus Gale', 'Hal Hart'] },
  { car: '4', cls: 'GTD', base: 110.5, drivers: ['Ida Ives', 'Jo Jett'] },
  { car: '57', cls: 'GTD', base: 111.0, drivers: ['Kim Kay', 'Lu Lane'] },
];

function lapTime(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${(s - 60 * m).toFixed(3).padStart(6, '0')}`;
}

/** Twelve laps per car: driver 1 laps 1–6, driver 2 laps 7–12 (0.5 s slower); lap-to-lap noise from the lap number. */
function multiClassCsv(): string {
  const rows = [HEADER];
  for (const c of CARS) {
    for (let lap = 1; lap <= 12; lap++) {
      const second = lap > 6;
      const t = c.base + (second ? 0.5 : 0) + ((lap * 7) % 5) * 0.1 + (lap === 1 ? 8 : 0);
      const s1 = 30;
      const s2 = 40;
      const s3 = +(t - s1 - s2).toFixed(3);
      rows.push(
        [c.car, second ? 2 : 1, lap, lapTime(t), 0, '', s1.toFixed(3), 0, s2.toFixed(3), 0, s3.toFixed(3), 0, '150.0', '', '', '', '', '', '',
          c.drivers[second ? 1 : 0], '', c.cls, '', 'Team', 'Make', 'GF', ''].join(','),
      );
    }
  }
  return rows.join('\n') + '\n';
}

describeBrowser('classes', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await launch();
    dir = mkdtempSync(join(tmpdir(), 'dna-classes-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a multi-class race: class column, counts per class, class filter, the car against its class and its drivers', async () => {
    const file = join(dir, 'sebring-race-laps.csv');
    writeFileSync(file, multiClassCsv());
    const { page, context, errors } = await openApp(browser);
    await page.getByTestId('file-input').setInputFiles(file);
    const row = page.locator('[data-testid="report-row"][data-path="sebring-race-laps.csv"]');
    await row.waitFor();
    await expect(row.getAttribute('data-used')).resolves.toBe('true');
    // the track can be renamed and typed: Sebring is a known technical circuit
    await expect(row.getByTestId('track-type-text').textContent()).resolves.toContain('technical');
    await row.getByTestId('track-edit').click();
    await expect(row.getByTestId('track-type').inputValue()).resolves.toBe('technical');
    await page.getByTestId('analyze').click();
    await page.getByTestId('driver-row').first().waitFor({ timeout: 60_000 });
    await overviewReady(page);

    // counts per class, one class per car in the table
    await expect(page.getByTestId('class-counts').textContent()).resolves.toMatch(/GTD\s*3.*GTP\s*3/s);
    const classes = (await tableRows(page, 'driver-table')).map((r) => [r.data.driverId, r.data.class]);
    expect(Object.fromEntries(classes)).toEqual(Object.fromEntries(CARS.map((c) => [c.car, c.cls])));

    // the class filter keeps only the cars of that class
    await page.getByTestId('class-filter').selectOption('GTP');
    await page.locator('[data-testid="driver-table"][data-complete]').waitFor();
    const gtp = (await tableRows(page, 'driver-table')).map((r) => r.data.driverId);
    expect(gtp.sort()).toEqual(['01', '31', '7']);
    await page.getByTestId('class-filter').selectOption('');

    // car 4 (GTD): compared with the GTD field only, second of three by pace; its two drivers side by side
    await page.goto(page.url().replace(/#.*$/, '#/driver/4'));
    await page.getByTestId('class-field').waitFor();
    await expect(page.getByTestId('car-class').textContent()).resolves.toBe('GTD');
    await expect(page.getByTestId('class-field').textContent()).resolves.toMatch(/2 of 3/);
    await expect(page.getByTestId('class-field').textContent()).resolves.toContain('Gap to the GTD field');
    const drivers = await page.getByTestId('car-driver-row').evaluateAll((rs) => rs.map((r) => r.textContent ?? ''));
    expect(drivers).toHaveLength(2);
    expect(drivers[0]).toContain('Ida Ives');
    expect(drivers[0]).toContain('1–6');
    expect(drivers[1]).toContain('Jo Jett');
    expect(drivers[1]).toContain('7–12');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a one-class season (the sample: CLASS Am on every car, as the GR Cup) shows no class column, filter or counts', async () => {
    const { page, context } = await openApp(browser);
    await page.getByTestId('sample-data').click();
    await page.getByTestId('validation-report').waitFor({ timeout: 60_000 });
    await page.getByTestId('analyze').click();
    await page.getByTestId('driver-row').first().waitFor({ timeout: 120_000 });
    await overviewReady(page);
    await expect(page.getByTestId('driver-class').count()).resolves.toBe(0);
    await expect(page.getByTestId('class-filter').count()).resolves.toBe(0);
    await expect(page.getByTestId('class-counts').count()).resolves.toBe(0);
    await expect(page.getByRole('columnheader', { name: 'Class' }).count()).resolves.toBe(0);
    await context.close();
  });
});
