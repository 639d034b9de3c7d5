// The local-first app in real Chromium, on one persistent profile (as an installed app would have):
// installable, works offline after one visit, keeps every analysis across a reload and a browser
// restart, exports and imports profiles without loss, refuses hostile files with a code and stores
// nothing, takes files from the OS (launchQueue, share target), prompts for updates, and never sends a
// request to another origin during the whole run.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SharedEnvelope } from '../../src/core/profile-schema';
import { analyse, driverRows, type TableRow } from './app-flows';
import { E2E_OUT_DIR } from './global-setup';
import { appUrl, describeBrowser, foreignRequests, launchPersistent, openApp, PROJECT_ROOT, screenshot, type OpenedApp } from './harness';

/** Every URL any page, worker or the service worker of the run asked for. */
const allRequests: string[] = [];
const cspViolations: string[] = [];
/** Origin of the update test's second deployment. */
let privateOrigin = '';

async function startBrowser(profileDir: string): Promise<BrowserContext> {
  const context = await launchPersistent(profileDir);
  context.on('request', (r) => allRequests.push(r.url()));
  await context.exposeBinding('__reportCsp', (_src, text: string) => void cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportCsp(t: string): void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return context;
}

/** Resolves once the page is controlled by an activated service worker (so everything is precached). */
async function waitForServiceWorker(page: Page): Promise<void> {
  // (page.waitForFunction does not await an async predicate: poll from here instead)
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          return !!navigator.serviceWorker.controller && reg?.active?.state === 'activated';
        }),
      { timeout: 60_000, interval: 250 },
    )
    .toBe(true);
}

async function libraryCount(page: Page): Promise<number> {
  await page.getByTestId('library-list').waitFor({ state: 'attached' });
  return page.getByTestId('library-item').count();
}

/** The envelope stored for a library entry, read from IndexedDB directly (not through the app). */
async function storedEnvelope(page: Page, id: string): Promise<SharedEnvelope | null> {
  return page.evaluate(
    (key) =>
      new Promise<SharedEnvelope | null>((ok, fail) => {
        const open = indexedDB.open('performance-dna-library');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('payloads').objectStore('payloads').get(key);
          get.onsuccess = () => {
            ok(get.result?.envelope ?? null);
            db.close();
          };
          get.onerror = () => fail(get.error);
        };
      }),
    id,
  );
}

async function exportJson(page: Page, opts: { laps: boolean }): Promise<{ text: string; name: string }> {
  const checkbox = page.getByTestId('export-include-laps').first();
  if ((await checkbox.isChecked()) !== opts.laps) await checkbox.click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').first().click()]);
  return { text: readFileSync((await download.path())!, 'utf8'), name: download.suggestedFilename() };
}

async function openFirstLibraryItem(page: Page): Promise<void> {
  await page.getByTestId('library-item').first().getByTestId('library-open').click();
  await page.getByTestId('driver-row').first().waitFor({ timeout: 60_000 });
}

const byId = (rows: TableRow[]) => [...rows].sort((a, b) => a.id - b.id);

describeBrowser('PWA: offline, library, export/import, installability', () => {
  let profileDir: string;
  let filesDir: string;
  let context: BrowserContext;
  let app: OpenedApp;
  let page: Page;
  let rowsAfterAnalysis: TableRow[];
  let exported: { text: string; name: string };

  beforeAll(async () => {
    profileDir = mkdtempSync(join(tmpdir(), 'pdna-profile-'));
    filesDir = mkdtempSync(join(tmpdir(), 'pdna-files-'));
    context = await startBrowser(profileDir);
    app = await openApp(context);
    page = app.page;
  });

  afterAll(async () => {
    await context?.close();
    for (const dir of [profileDir, filesDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is installable: Chromium reports no installability errors, and the manifest has handlers for files and shares', async () => {
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; data?: string };
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}');
    expect(parsed).toMatchObject({ name: 'Performance DNA', short_name: 'PerfDNA', display: 'standalone' });
    expect(parsed.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    expect(parsed.file_handlers[0].accept).toEqual({ 'text/csv': ['.csv'], 'application/json': ['.json'] });
    expect(parsed.share_target).toMatchObject({ action: '/share-target', method: 'POST', enctype: 'multipart/form-data' });
    await cdp.detach();
  });

  it('works offline after one online visit: reload and analyse the sample data with no network', async () => {
    await waitForServiceWorker(page);
    await context.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('html[data-app-ready]');
      await page.getByTestId('sample-data').click();
      await page.getByTestId('validation-report').waitFor({ timeout: 60_000 });
      await analyse(page);
      rowsAfterAnalysis = await driverRows(page);
      expect(rowsAfterAnalysis.length).toBeGreaterThan(0);
      // The browser's own /favicon.ico request is answered from the precache (no offline console error).
      expect(await page.evaluate(async () => {
        const res = await fetch('/favicon.ico');
        return `${res.status} ${res.headers.get('content-type')}`;
      })).toMatch(/^200 image\//);
      expect(app.errors.filter((e) => /favicon/i.test(e))).toEqual([]);
      // kept in the library automatically, offline too
      await page.goto(`${appUrl()}/#/`);
      await expect.poll(() => libraryCount(page), { timeout: 15_000 }).toBe(1);
      // written by the worker that computed it (its laps and profiles are serialised off the page's thread)
      expect(await page.evaluate(() => (performance.getEntriesByName('dna:analysis-kept')[0] as PerformanceMark | undefined)?.detail)).toEqual({ by: 'worker' });
      await screenshot(page, 'library-offline');
    } finally {
      await context.setOffline(false);
    }
  });

  it('keeps the analysis across a reload with the same profiles', async () => {
    await page.reload();
    await page.waitForSelector('html[data-app-ready]');
    await expect.poll(() => libraryCount(page), { timeout: 15_000 }).toBe(1);
    await openFirstLibraryItem(page);
    expect(byId(await driverRows(page))).toEqual(byId(rowsAfterAnalysis));
    exported = await exportJson(page, { laps: true });
    expect(exported.name).toMatch(/^performance-dna-.*\.json$/);
  });

  it('keeps the analysis across a browser restart with the same profile data', async () => {
    await page.goto(`${appUrl()}/#/`);
    const id = await page.getByTestId('library-item').first().getAttribute('data-id');
    const before = await storedEnvelope(page, id!);
    expect(before).not.toBeNull();
    await context.close();

    context = await startBrowser(profileDir);
    app = await openApp(context);
    page = app.page;
    await expect.poll(() => libraryCount(page), { timeout: 15_000 }).toBe(1);
    expect(await storedEnvelope(page, id!)).toEqual(before);
    await openFirstLibraryItem(page);
    expect(byId(await driverRows(page))).toEqual(byId(rowsAfterAnalysis));
    const again = JSON.parse((await exportJson(page, { laps: true })).text) as SharedEnvelope;
    expect(again).toEqual(JSON.parse(exported.text));
  });

  it('export then import gives equal profiles, shown read-only with provenance, stored on request', async () => {
    const sent = JSON.parse(exported.text) as SharedEnvelope;
    expect(sent.laps?.rows.length).toBeGreaterThan(0);
    const path = join(filesDir, exported.name);
    writeFileSync(path, exported.text);

    await page.goto(`${appUrl()}/#/`);
    await page.getByTestId('import-input').setInputFiles(path);
    const view = page.getByTestId('import-view');
    await view.waitFor();
    await expect(view.getByTestId('import-provenance').textContent()).resolves.toContain(sent.generated_at);
    for (const input of sent.inputs) await expect(view.getByText(input.file, { exact: true }).count()).resolves.toBe(1);
    const shownIds = await view.locator('[data-testid="import-drivers"] tr[data-driver-id]').evaluateAll((rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.driverId)),
    );
    expect(shownIds.sort((a, b) => a - b)).toEqual(sent.drivers.map((d) => d.driver_id).sort((a, b) => a - b));
    expect(await libraryCount(page)).toBe(1); // not stored until asked
    await screenshot(page, 'import-view');

    await view.getByTestId('import-save').click();
    await view.getByTestId('import-saved').waitFor();
    await expect.poll(() => libraryCount(page)).toBe(2);
    const importedId = await page.getByTestId('library-item').first().getAttribute('data-id');
    const stored = await storedEnvelope(page, importedId!);
    expect(stored!.drivers).toEqual(sent.drivers);
    expect(stored!.inputs).toEqual(sent.inputs);
    expect(stored!.generated_at).toBe(sent.generated_at);
  });

  it('refuses malformed and hostile profile files with a coded message and stores nothing', async () => {
    const valid = exported.text;
    const cases: [string, string, string][] = [
      ['bad.json', '{"schema": "performance-dna/1", "drivers": [', 'E072'],
      ['proto.json', valid.replace('{', '{"__proto__": {"polluted": true},'), 'E074'],
      ['constructor.json', valid.replace('"driver_id"', '"constructor": {"prototype": {"polluted": true}}, "driver_id"'), 'E074'],
      ['unknown.json', valid.replace('{', '{"extra": 1,'), 'E073'],
      ['types.json', valid.replace(/"driver_id": \d+/, '"driver_id": "7"'), 'E073'],
      ['html.json', valid.replace(/"file": "[^"]*"/, '"file": "<img src=x onerror=alert(1)>"').replace('"schema"', '"x<script>": 1, "schema"'), 'E073'],
      ['large.json', `{"schema": "performance-dna/1", "pad": "${'x'.repeat(21 * 1024 * 1024)}"}`, 'E071'],
    ];
    const count = await libraryCount(page);
    for (const [name, text, code] of cases) {
      const path = join(filesDir, name);
      writeFileSync(path, text);
      await page.getByTestId('import-input').setInputFiles(path);
      await expect.poll(() => page.getByTestId('import-view').textContent(), { timeout: 15_000 }).toContain(name);
      await expect(page.getByTestId('import-error').getAttribute('data-code'), name).resolves.toBe(code);
      await expect(page.getByTestId('import-save').count()).resolves.toBe(0);
      expect(await libraryCount(page)).toBe(count);
    }
    await screenshot(page, 'import-refused');

    // an accepted file whose text looks like markup shows that text, literally
    const markup = '<img src=x onerror="document.title=1">';
    const path = join(filesDir, 'markup.json');
    writeFileSync(path, valid.replace(/"file": "[^"]*"/, `"file": ${JSON.stringify(markup)}`));
    await page.getByTestId('import-input').setInputFiles(path);
    await page.getByTestId('import-save').waitFor();
    await expect(page.getByTestId('import-view').getByText(markup, { exact: true }).count()).resolves.toBe(1);
    await page.getByTestId('import-view').getByRole('button', { name: 'Close' }).click();
    await expect(page.evaluate(() => ({}) as Record<string, unknown>).then((o) => o.polluted)).resolves.toBeUndefined();
    // the refused markup was never parsed as HTML
    await expect(page.locator('img[src="x"]').count()).resolves.toBe(0);
  });

  it('opens a profile shared to the app (share target → service worker → import view)', async () => {
    await waitForServiceWorker(page);
    const status = await page.evaluate(async (text) => {
      const form = new FormData();
      form.append('files', new File([text], 'shared-profile.json', { type: 'application/json' }));
      const res = await fetch('/share-target', { method: 'POST', body: form });
      return { status: res.status, url: res.url };
    }, exported.text);
    expect(status.status).toBe(200);
    expect(new URL(status.url).search).toBe('?share-target=1');
    await page.goto(`${appUrl()}/?share-target=1`);
    const view = page.getByTestId('import-view');
    await view.waitFor({ timeout: 15_000 });
    await expect(view.textContent()).resolves.toContain('shared-profile.json');
    // the query is dropped and the shared file read once
    expect(new URL(page.url()).search).toBe('');
  });

  it('opens files the OS launched the app with (launchQueue)', async () => {
    const launched = await context.newPage();
    await launched.addInitScript((text) => {
      // Chromium has a native (read-only) launchQueue: replace it with one that delivers a file at once
      Object.defineProperty(window, 'launchQueue', {
        configurable: true,
        value: {
          setConsumer(consumer: (p: { files: { getFile(): Promise<File> }[] }) => void) {
            consumer({ files: [{ getFile: async () => new File([text], 'opened-from-os.json', { type: 'application/json' }) }] });
          },
        },
      });
    }, exported.text);
    await launched.goto(`${appUrl()}/`);
    const view = launched.getByTestId('import-view');
    await view.waitFor({ timeout: 15_000 });
    await expect(view.textContent()).resolves.toContain('opened-from-os.json');
    await launched.close();
  });

  it('re-analyses a stored analysis from its laps, without the files, to the same profiles', async () => {
    await page.goto(`${appUrl()}/#/`);
    const analysed = page.locator('[data-testid="library-item"]', { hasNot: page.locator('.tag', { hasText: 'imported' }) }).first();
    await analysed.getByTestId('library-reanalyse').click();
    await page.getByTestId('driver-row').first().waitFor({ timeout: 60_000 });
    expect(byId(await driverRows(page))).toEqual(byId(rowsAfterAnalysis));
  });

  it('deletes and renames entries of the library', async () => {
    await page.goto(`${appUrl()}/#/`);
    const before = await libraryCount(page);
    const first = page.getByTestId('library-item').first();
    await first.getByTestId('library-rename').click();
    await page.getByTestId('library-rename-input').fill('Renamed in the test');
    await page.getByTestId('library-rename-input').press('Enter');
    await expect.poll(() => page.getByTestId('library-item-name').first().textContent()).toBe('Renamed in the test');
    await page.getByTestId('library-item').first().getByTestId('library-delete').click();
    await page.getByTestId('library-item').first().getByTestId('library-delete-confirm').click();
    await expect.poll(() => libraryCount(page)).toBe(before - 1);
    await expect(page.getByTestId('library-storage').textContent()).resolves.toMatch(/Using .* of .*/);
  });

  it('prompts when a new version is waiting, and reloads into it on request', async () => {
    // A second deployment of the same build, served from a private copy, so that "a new version" can be
    // published by changing its sw.js without touching the build other test files are using.
    const dir = mkdtempSync(join(tmpdir(), 'pdna-dist-'));
    cpSync(E2E_OUT_DIR, dir, { recursive: true });
    const { preview } = await import('vite');
    const server = await preview({ root: PROJECT_ROOT, logLevel: 'warn', build: { outDir: dir }, preview: { host: '127.0.0.1', port: 0 } });
    const origin = server.resolvedUrls!.local[0].replace(/\/$/, '');
    privateOrigin = origin;
    const updating = await context.newPage();
    try {
      await updating.goto(`${origin}/`);
      await updating.waitForSelector('html[data-app-ready]');
      await waitForServiceWorker(updating);
      await expect(updating.getByTestId('update-prompt').count()).resolves.toBe(0);
      // The new version: one precache revision changed, same length (the preview server knows each
      // file's size from its start).
      const swPath = join(dir, 'sw.js');
      const original = readFileSync(swPath, 'utf8');
      const changed = original.replace(/("?url"?:\s*"index\.html",\s*"?revision"?:\s*")([0-9a-f])/, (_m, head: string, c: string) => `${head}${c === '0' ? '1' : '0'}`);
      expect(changed).not.toBe(original);
      expect(changed.length).toBe(original.length);
      writeFileSync(swPath, changed);

      await updating.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const prompt = updating.getByTestId('update-prompt');
      await prompt.waitFor({ timeout: 30_000 });
      await screenshot(updating, 'update-prompt', { fullPage: false });
      await Promise.all([updating.waitForEvent('load', { timeout: 30_000 }), prompt.getByRole('button', { name: 'Reload' }).click()]);
      await updating.waitForSelector('html[data-app-ready]');
      await expect(updating.getByTestId('update-prompt').count()).resolves.toBe(0);
      const waiting = await updating.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting);
      expect(waiting).toBe(false);
    } finally {
      await updating.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sent every request of the run to its own origin, and broke no Content Security Policy rule', () => {
    expect(allRequests.length).toBeGreaterThan(20);
    expect(allRequests.some((u) => u.endsWith('/sw.js'))).toBe(true);
    // (the update test's second deployment, on another port, is the app too)
    expect(foreignRequests(allRequests).filter((u) => !privateOrigin || !u.startsWith(`${privateOrigin}/`))).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(app.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
