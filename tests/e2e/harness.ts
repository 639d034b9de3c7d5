// The browser-test harness: real Debian Chromium (playwright-core, never a downloaded browser) against
// the built app served by `vite preview`. The build and the server start once per run in
// tests/e2e/global-setup.ts; a test file only launches a browser and opens pages.
//
//   import { describeBrowser, launch, openApp, screenshot } from './harness';
//   describeBrowser('start page', () => {
//     let browser: Browser;
//     beforeAll(async () => { browser = await launch(); });
//     afterAll(async () => { await browser?.close(); });
//     it('shows the drop zone', async () => {
//       const { page } = await openApp(browser);
//       await page.getByTestId('drop-zone').waitFor();
//     });
//   });
//
// Where /usr/bin/chromium is missing, `describeBrowser` skips with a one-line message; under CI=true it
// fails instead, so CI always runs the browser tests.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, inject, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium, PROJECT_ROOT } from './chromium';

// Launching and serving live in chromium.ts (no vitest there, so bench/ can use them too).
export { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumArgs, hasChromium, launch, launchPersistent, PROJECT_ROOT, WEBGPU_ARG } from './chromium';
export type { LaunchOptions } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the preview server, e.g. http://127.0.0.1:41234 (no trailing slash). */
    appUrl: string;
  }
}

export const ARTIFACTS_DIR = join(PROJECT_ROOT, 'test-artifacts');
export const SCREENSHOT_DIR = join(ARTIFACTS_DIR, 'screenshots');

/** `describe` that needs Chromium: skips with a message where it is missing, fails under CI=true. */
export function describeBrowser(name: string, body: () => void): void {
  if (hasChromium) {
    describe(`${name} (chromium)`, body);
  } else if (process.env.CI === 'true') {
    describe(`${name} (chromium)`, () => {
      it('needs Chromium under CI=true', () => {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
      });
    });
  } else {
    console.warn(`skipping "${name}": Chromium not found at ${CHROMIUM_PATH}`);
    describe.skip(`${name} (chromium)`, body);
  }
}

/** Origin of the preview server started by global-setup.ts. */
export function appUrl(): string {
  const url = inject('appUrl');
  if (!url) throw new Error('appUrl not provided: run e2e tests through vitest (tests/e2e/global-setup.ts)');
  return url;
}

export interface OpenedApp {
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested, in order (for the "only our origin" checks). */
  requests: string[];
  /** console errors and uncaught page errors. */
  errors: string[];
}

export interface OpenOptions {
  /** Hash route, e.g. '#/model'. */
  hash?: string;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Query string appended before the hash, e.g. '?backend=wasm'. */
  query?: string;
  /** 'block' keeps the service worker out, so that routes intercept every request (the SW's precache would answer first). */
  serviceWorkers?: 'allow' | 'block';
}

/**
 * Opens the app in a fresh context (or a page of the given persistent context) and waits until it has
 * mounted (`html[data-app-ready]`).
 */
export async function openApp(target: Browser | BrowserContext, opts: OpenOptions = {}): Promise<OpenedApp> {
  const isBrowser = 'newContext' in target;
  const context = isBrowser
    ? await (target as Browser).newContext({
        viewport: opts.viewport ?? { width: 1280, height: 900 },
        colorScheme: opts.colorScheme ?? 'light',
        serviceWorkers: opts.serviceWorkers ?? 'allow',
      })
    : (target as BrowserContext);
  const page = await context.newPage();
  if (!isBrowser && opts.viewport) await page.setViewportSize(opts.viewport);
  if (!isBrowser && opts.colorScheme) await page.emulateMedia({ colorScheme: opts.colorScheme });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  // A missing /favicon.ico is the browser's own request, not the app's: ignored.
  page.on('console', (m) => {
    if (m.type() === 'error' && !(m.location().url.endsWith('/favicon.ico') && m.text().includes('404'))) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${appUrl()}/${opts.query ?? ''}${opts.hash ?? ''}`);
  await page.waitForSelector('html[data-app-ready]', { timeout: 30_000 });
  return { page, context, requests, errors };
}

/** Saves a full-page PNG to test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: opts.fullPage ?? true });
  return path;
}

/** Every file under `dir` (recursive), sorted: what a folder drop or a webkitdirectory picker delivers. */
export function listFiles(dir: string, filter: (relPath: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (filter(relative(dir, p))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Sets files on the app's file input (`data-testid="file-input"`). */
export async function chooseFiles(page: Page, paths: string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(paths);
}

/** Only the requests that left the app's origin (should be none). */
export function foreignRequests(requests: string[]): string[] {
  const origin = new URL(appUrl()).origin;
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}
