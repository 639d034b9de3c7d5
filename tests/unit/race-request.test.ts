// The race pages' one request for a race (app/race/race-request.ts): the answer, "not in the analysis",
// the worker's error, and a late answer for a race the page has left being dropped.
import { describe, expect, it } from 'vitest';
import { RACE_NOT_FOUND, requestRace, type RaceState } from '../../src/app/race/race-request';
import type { RaceData } from '../../src/core/race';
import type { AnalysisView } from '../../src/worker/api';

const view = {} as AnalysisView;
const race = (key: string) => ({ key, cars: [] }) as unknown as RaceData;

/** A bridge whose answers the test gives by hand, per key. */
function manualBridge() {
  const pending = new Map<string, { resolve: (d: RaceData | null) => void; reject: (e: unknown) => void }>();
  return {
    asked: [] as string[],
    raceData(_v: AnalysisView, key: string) {
      this.asked.push(key);
      return new Promise<RaceData | null>((resolve, reject) => pending.set(key, { resolve, reject }));
    },
    answer: (key: string, d: RaceData | null) => pending.get(key)!.resolve(d),
    fail: (key: string, e: unknown) => pending.get(key)!.reject(e),
  };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('requestRace', () => {
  it('shows the empty state at once, then the race', async () => {
    const b = manualBridge();
    const seen: RaceState[] = [];
    requestRace(b, view, 'a', (s) => seen.push(s));
    expect(seen).toEqual([{ data: null, failed: null }]);
    b.answer('a', race('a'));
    await settle();
    expect(seen[1]).toEqual({ data: race('a'), failed: null });
    expect(b.asked).toEqual(['a']);
  });

  it('says the race is not in the analysis when the worker has no such key, and passes on its error', async () => {
    const b = manualBridge();
    const missing: RaceState[] = [];
    requestRace(b, view, 'gone', (s) => missing.push(s));
    b.answer('gone', null);
    const broken: RaceState[] = [];
    requestRace(b, view, 'bad', (s) => broken.push(s));
    b.fail('bad', new Error('worker crashed'));
    await settle();
    expect(missing.at(-1)).toEqual({ data: null, failed: RACE_NOT_FOUND });
    expect(broken.at(-1)).toEqual({ data: null, failed: 'worker crashed' });
  });

  it('drops the answer for a race the page has left, even when it arrives after the new one', async () => {
    const b = manualBridge();
    let shown: RaceState | null = null;
    const leave = requestRace(b, view, 'first', (s) => (shown = s));
    leave();
    requestRace(b, view, 'second', (s) => (shown = s));
    b.answer('second', race('second'));
    await settle();
    b.answer('first', race('first'));
    b.fail('first', new Error('late'));
    await settle();
    expect(shown).toEqual({ data: race('second'), failed: null });
  });
});
