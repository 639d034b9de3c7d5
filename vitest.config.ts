import { defineConfig } from 'vitest/config';

// One runner for everything: unit and integration tests run in Node; tests/e2e drive Debian's Chromium
// through playwright-core against the built app (they skip with a message where Chromium is missing,
// and fail under CI=true).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
