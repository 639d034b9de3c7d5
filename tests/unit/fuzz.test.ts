// The fuzz corpus's small run (tests/fuzz/corpus.ts); `npm run fuzz` runs the larger one.
import { expect, it } from 'vitest';
import { runFuzz } from '../fuzz/corpus';

it('no crash, no silent loss, nothing silently wrong on 2 × 60 seeded cases', async () => {
  const c = await runFuzz(60, 2025);
  expect(c.examples).toEqual([]);
  expect(c).toMatchObject({ cases: 120, crashes: 0, silentLosses: 0, silentlyWrong: 0 });
}, 60_000);
