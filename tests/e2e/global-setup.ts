// Once per e2e run: build the app into test-artifacts/e2e-dist (not dist/, so a build running beside the
// tests is not disturbed), serve it with `vite preview` on a free port and hand the origin to the tests
// (`inject('appUrl')`, see harness.ts). E2E_SKIP_BUILD=1 reuses the previous build while iterating.
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp, hasChromium, isBuilt, PROJECT_ROOT, serveApp } from './chromium';

export const E2E_OUT_DIR = join(PROJECT_ROOT, 'test-artifacts', 'e2e-dist');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!hasChromium && process.env.CI !== 'true') {
    // The tests skip themselves (describeBrowser); no need to build.
    project.provide('appUrl', '');
    return async () => {};
  }
  if (process.env.E2E_SKIP_BUILD !== '1' || !isBuilt(E2E_OUT_DIR)) {
    const ms = await buildApp(E2E_OUT_DIR);
    console.log(`e2e: built the app in ${(ms / 1000).toFixed(1)} s`);
  }
  const server = await serveApp(E2E_OUT_DIR);
  project.provide('appUrl', server.url);
  return server.close;
}
