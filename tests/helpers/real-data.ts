// Real data lives beside the project at ../shared/data/gr-cup. Tests that need it use `describeReal`:
// where the folder is missing they skip with a one-line message, except under CI=true, where a missing
// folder is a failure so that CI always runs them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'vitest';

export const REAL_DATA_DIR = resolve(import.meta.dirname, '../../../shared/data/gr-cup');
export const hasRealData = existsSync(REAL_DATA_DIR);

export function describeReal(name: string, body: () => void): void {
  if (hasRealData) {
    describe(`${name} (real data)`, body);
  } else if (process.env.CI === 'true') {
    describe(`${name} (real data)`, () => {
      it('needs ../shared/data/gr-cup under CI=true', () => {
        throw new Error(`real data folder missing: ${REAL_DATA_DIR}`);
      });
    });
  } else {
    console.warn(`skipping "${name}": real data not found at ${REAL_DATA_DIR}`);
    describe.skip(`${name} (real data)`, body);
  }
}

/** The shared multi-class seasons (../shared/data/imsa-2025, wec-2025), each with its own skip. */
export const SERIES_DIRS = {
  imsa: resolve(import.meta.dirname, '../../../shared/data/imsa-2025'),
  wec: resolve(import.meta.dirname, '../../../shared/data/wec-2025'),
} as const;

/** As describeReal, for one shared season folder. */
export function describeSeries(series: keyof typeof SERIES_DIRS, name: string, body: (dir: string) => void): void {
  const dir = SERIES_DIRS[series];
  if (existsSync(dir)) {
    describe(`${name} (${series} data)`, () => body(dir));
  } else if (process.env.CI === 'true') {
    describe(`${name} (${series} data)`, () => {
      it(`needs ${dir} under CI=true`, () => {
        throw new Error(`real data folder missing: ${dir}`);
      });
    });
  } else {
    console.warn(`skipping "${name}": ${series} data not found at ${dir}`);
    describe.skip(`${name} (${series} data)`, () => body(dir));
  }
}
