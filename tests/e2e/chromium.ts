// Debian Chromium and the built app, without vitest: what the e2e harness (harness.ts, global-setup.ts)
// and the browser benchmark (bench/browser.ts) share. Never lets playwright download a browser.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

/** stack.md: without the background-networking flags Chromium floods the closed network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Gives headless Chromium a (SwiftShader, fallback) WebGPU adapter. */
export const WEBGPU_ARG = '--enable-unsafe-webgpu';

export interface LaunchOptions {
  /** Add --enable-unsafe-webgpu (a software WebGPU adapter on a machine without GPU). */
  webgpu?: boolean;
  /** Extra Chromium flags. */
  args?: string[];
}

export function chromiumArgs(opts: LaunchOptions = {}): string[] {
  return [...CHROMIUM_ARGS, ...(opts.webgpu ? [WEBGPU_ARG] : []), ...(opts.args ?? [])];
}

/** A headless Chromium with the house flags. */
export function launch(opts: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(opts) });
}

/**
 * A persistent (non-incognito) context on a profile folder: what installability checks and
 * browser-restart tests need (stack.md). Close the context to close the browser.
 */
export function launchPersistent(
  userDataDir: string,
  opts: LaunchOptions & { viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(opts),
    viewport: opts.viewport ?? { width: 1280, height: 900 },
  });
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** `vite build` of the app into outDir (not dist/, so a build beside it is not disturbed). */
export async function buildApp(outDir: string): Promise<number> {
  const { build } = await import('vite');
  const t0 = Date.now();
  // The build users get: under vitest NODE_ENV is 'test', and Vite then counts the build as not production,
  // so vite-plugin-svelte compiled every component in dev mode (component tags, ownership and location
  // checks): the overview's first render took ~28-30 ms of main-thread CPU there against ~20-25 ms in the
  // shipped build (real season), so the long-task checks measured an app nobody runs.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // BENCH_NO_MINIFY=1: readable function names in a profile (bench/browser.ts BENCH_PROFILE); never in tests
    const minify = process.env.BENCH_NO_MINIFY ? { minify: false } : {};
    await build({ root: PROJECT_ROOT, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true, ...minify } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return Date.now() - t0;
}

export function isBuilt(outDir: string): boolean {
  return existsSync(join(outDir, 'index.html'));
}

/** `vite preview` of a build on a free port; returns the origin and a close function. */
export async function serveApp(outDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const { preview } = await import('vite');
  const port = await freePort();
  const server = await preview({
    root: PROJECT_ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
