// The race links of the car and race pages (view/race-view.ts racesOf): read from the lap table's columns
// they must be the races and lap counts the laps themselves give.
import { describe, expect, it } from 'vitest';
import { LapTable } from '../../src/core/lap-table';
import { racesOf } from '../../src/app/view/race-view';
import { lap } from '../helpers/relative-laps';

describe('racesOf', () => {
  const laps = [
    lap({ carNumber: 3, lapNumber: 1, lapTimeS: 100 }),
    lap({ carNumber: 3, lapNumber: 2, lapTimeS: 99 }),
    lap({ carNumber: 7, lapNumber: 1, lapTimeS: 98 }),
    lap({ carNumber: 3, lapNumber: 1, lapTimeS: 101, track: 'COTA', fileIndex: 1 }),
    lap({ carNumber: 7, lapNumber: 1, lapTimeS: 97, track: 'COTA', fileIndex: 1 }),
    lap({ carNumber: 7, lapNumber: 2, lapTimeS: 96, track: 'COTA', fileIndex: 1 }),
  ];
  const table = LapTable.fromRows(laps);

  it('gives every race with its laps, in order of first appearance, from the table as from the laps', () => {
    // counted by hand: file 0 barber 3 laps, file 1 COTA 3 laps
    const expected = [
      { file: 0, track: 'barber', race: 'Race 1', laps: 3 },
      { file: 1, track: 'COTA', race: 'Race 1', laps: 3 },
    ];
    expect(racesOf(laps)).toEqual(expected);
    expect(racesOf(table)).toEqual(expected);
  });

  it('counts one car only when asked, and nothing for a car the table does not have', () => {
    expect(racesOf(table, '7')).toEqual([
      { file: 0, track: 'barber', race: 'Race 1', laps: 1 },
      { file: 1, track: 'COTA', race: 'Race 1', laps: 2 },
    ]);
    expect(racesOf(table, '7')).toEqual(racesOf(laps, '7'));
    expect(racesOf(table, '99')).toEqual([]);
  });
});
