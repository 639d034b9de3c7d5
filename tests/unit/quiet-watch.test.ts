// QuietWatch (src/app/idle.ts): background chores (the service worker's first precache) wait until the
// page has had no validation or analysis for a while; opening the app counts as work just done.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuietWatch } from '../../src/app/idle';

afterEach(() => vi.useRealTimers());

describe('QuietWatch', () => {
  it('counts the time since the last work ended, and nothing while work runs', async () => {
    let t = 1000;
    const w = new QuietWatch(() => t);
    expect(w.waitLeft(1500)).toBe(1500); // just opened
    t = 1600;
    expect(w.waitLeft(1500)).toBe(900);
    let finish!: () => void;
    const job = w.track(new Promise<void>((r) => (finish = r)));
    expect(w.waitLeft(1500)).toBeNull();
    t = 5000;
    expect(w.waitLeft(1500)).toBeNull(); // however long it runs
    finish();
    await job;
    expect(w.waitLeft(1500)).toBe(1500);
    t = 6600;
    expect(w.waitLeft(1500)).toBe(0);
    // a failed call ends the work too
    await w.track(Promise.reject(new Error('x'))).catch(() => {});
    expect(w.waitLeft(1500)).toBe(1500);
  });

  it('whenQuiet resolves only after a validation and the quiet time that follows it', async () => {
    vi.useFakeTimers();
    const w = new QuietWatch(() => Date.now());
    let quiet = false;
    void w.whenQuiet(1500, 100).then(() => (quiet = true));
    await vi.advanceTimersByTimeAsync(500);
    let finish!: () => void;
    const job = w.track(new Promise<void>((r) => (finish = r)));
    await vi.advanceTimersByTimeAsync(3000); // the validation runs 3 s
    expect(quiet).toBe(false);
    finish();
    await job;
    await vi.advanceTimersByTimeAsync(1400);
    expect(quiet).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(quiet).toBe(true);
  });
});
