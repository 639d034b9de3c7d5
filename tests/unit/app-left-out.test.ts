// The overview's list of files an analysis left out (issue 13).
import { describe, expect, it } from 'vitest';
import { coded } from '../../src/core/errors';
import type { FileReport } from '../../src/core/types';
import { leftOutFiles } from '../../src/app/view/left-out';

const report = (path: string, over: Partial<FileReport> = {}): FileReport => ({
  file: path, path, kind: 'lap-analysis', track: 'barber', trackSource: 'folder', race: 'Race 1', delimiter: ';', encoding: 'utf-8',
  bytes: 10, sha256: null, rowsRead: 1, rowsAccepted: 1, rowsRejected: {}, rowProblems: [], columnsFound: [], columnsMissing: [],
  used: true, errors: [], warnings: [], ...over,
});

describe('leftOutFiles', () => {
  it('lists files with errors and lap files the user unticked, with codes; not recognised non-lap exports', () => {
    const validated = [
      report('a.csv'),
      report('b.csv'),
      report('notes.csv', { kind: null, used: false, errors: [coded('E013', 'notes.csv')] }),
      report('empty.csv', { used: false, errors: [coded('E052', 'empty.csv')] }),
      report('weather.csv', { kind: 'weather', used: false, warnings: [coded('W020')] }),
      report('mine.csv'),
    ];
    const analysed = [report('a.csv'), report('b.csv', { used: false, errors: [coded('E053', 'b.csv')] })];
    expect(leftOutFiles(validated, analysed, new Set(['mine.csv']))).toEqual([
      { path: 'b.csv', code: 'E053', reason: 'No usable lap: every lap was rejected' },
      { path: 'notes.csv', code: 'E013', reason: expect.stringMatching(/^No delimiter found/) },
      { path: 'empty.csv', code: 'E052', reason: 'No lap rows in file' },
      { path: 'mine.csv', code: 'I002', reason: 'Left out in the check step' },
    ]);
  });
  it('is empty when every file was used', () => {
    expect(leftOutFiles([report('a.csv')], [report('a.csv')], new Set())).toEqual([]);
  });
});
