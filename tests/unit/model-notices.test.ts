// W065 is said once per definition and analysis (src/worker/model-service.ts), and the ~90 recognised
// non-lap files of a season folder make one W020 line (src/app/session.svelte.ts).
import { describe, expect, it } from 'vitest';
import { coded } from '../../src/core/errors';
import { extrapolationSummary } from '../../src/worker/model-service';
import { setAsideSummary } from '../../src/app/files/set-aside';
import type { FileReport } from '../../src/core/types';

describe('extrapolation summary (W065)', () => {
  it('groups per-driver lines into one line per definition, naming the cars', () => {
    const perDriver = [
      coded('W065', 'car 7, relative: track_pace_gap_pct_mean'),
      coded('W065', 'car 12, relative: track_sector_strength_s1_mean'),
      coded('W065', 'car 7, classic: log_best_lap_mean'),
    ];
    const lines = extrapolationSummary(perDriver, 16);
    expect(lines.map((l) => l.code)).toEqual(['W065', 'W065']);
    expect(lines.map((l) => l.detail)).toEqual(['relative: 2 of 16 cars (#7, #12)', 'classic: 1 of 16 cars (#7)']);
  });

  it('says nothing when every prediction is inside the training ranges', () => {
    expect(extrapolationSummary([], 16)).toEqual([]);
  });
});

describe('files set aside (W020)', () => {
  const report = (path: string, kind: string, w020: boolean) =>
    ({ path, kind, warnings: w020 ? [coded('W020', `${path}: ${kind}`)] : [], errors: [] }) as unknown as FileReport;

  it('one line for all recognised non-lap files, counted by kind', () => {
    const reports = [
      report('a.csv', 'results', true),
      report('b.csv', 'weather', true),
      report('c.csv', 'results', true),
      report('laps.csv', 'lap-analysis', false),
    ];
    const line = setAsideSummary(reports)!;
    expect(line.code).toBe('W020');
    expect(line.detail).toBe('3 files recognised and set aside (results 2, weather 1)');
  });

  it('nothing when no file was set aside', () => {
    expect(setAsideSummary([report('laps.csv', 'lap-analysis', false)])).toBeNull();
  });
});
