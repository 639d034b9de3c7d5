import { defineConfig } from 'vitest/config';

// One runner for everything: unit and integration tests run in Node; tests/e2e drive Debian's Chromium
// through playwright-core against the built app (they skip with a message where Chromium is missing,
// and fail under CI=true). The e2e project's globalSetup builds and serves the app once, and only runs
// when an e2e file is part of the run (`npx vitest run tests/unit/...` builds nothing).
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 180_000,
          // One Chromium at a time: two on this 2-core machine make the timing checks (long tasks) noisy.
          fileParallelism: false,
        },
      },
    ],
  },
});
