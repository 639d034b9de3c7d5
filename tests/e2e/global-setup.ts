// Once per e2e run: build the app into test-artifacts/e2e-dist (not dist/, so a build running beside the
// tests is not disturbed), serve it with `vite preview` on a free port and hand the origin to the tests
// (`inject('appUrl')`, see harness.ts). E2E_SKIP_BUILD=1 reuses the previous build while iterating.
// E2E_OUT_DIR=test-artifacts/e2e-dist-alice (relative to the project root, or an absolute folder outside
// it) builds there instead, so two people running the e2e tests in one checkout do not empty each
// other's build.
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp, hasChromium, isBuilt, PROJECT_ROOT, serveApp } from './chromium';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');

/**
 * The build folder: E2E_OUT_DIR or test-artifacts/e2e-dist. The build empties it first, so a folder that
 * could hold anything else is refused: the project itself (outside test-artifacts/), a folder above it,
 * or a non-empty folder outside the project that is not a previous build.
 */
export function e2eOutDir(value: string | undefined = process.env.E2E_OUT_DIR): string {
  if (!value) return join(ARTIFACTS, 'e2e-dist');
  const dir = resolve(PROJECT_ROOT, value);
  const inside = (parent: string, child: string) => {
    const rel = relative(parent, child);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  const refuse = (why: string) => new Error(`E2E_OUT_DIR=${value}: ${why}; use a folder under test-artifacts/ or outside the project`);
  if (dir === PROJECT_ROOT || inside(dir, PROJECT_ROOT)) throw refuse('it holds the project');
  if (inside(ARTIFACTS, dir)) return dir;
  if (inside(PROJECT_ROOT, dir)) throw refuse('it is a folder of the project');
  if (existsSync(dir) && readdirSync(dir).length > 0 && !isBuilt(dir)) throw refuse('it is not empty and holds no previous build');
  return dir;
}

export const E2E_OUT_DIR = e2eOutDir();

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!hasChromium && process.env.CI !== 'true') {
    // The tests skip themselves (describeBrowser); no need to build.
    project.provide('appUrl', '');
    return async () => {};
  }
  if (process.env.E2E_SKIP_BUILD !== '1' || !isBuilt(E2E_OUT_DIR)) {
    const ms = await buildApp(E2E_OUT_DIR);
    console.log(`e2e: built the app in ${(ms / 1000).toFixed(1)} s (${relative(PROJECT_ROOT, E2E_OUT_DIR) || E2E_OUT_DIR})`);
  }
  const server = await serveApp(E2E_OUT_DIR);
  project.provide('appUrl', server.url);
  return server.close;
}
