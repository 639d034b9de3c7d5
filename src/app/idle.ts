// Giving the page its turn: work that can wait a moment runs in tasks of its own, so no single task keeps
// the main thread past the 50 ms budget (issue 5). `yieldToPage` ends the current task (input and paint
// may run before the rest); `whenIdle` waits for a moment the page has nothing else to do (keeping an
// analysis in the library, drawing a chart). requestIdleCallback where the browser has it (Safari does
// not), else the next task.

/** Lets the page handle input and paint before the next piece of work (a new task). */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Resolves in an idle period, or after `timeoutMs` at the latest. */
export function whenIdle(timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 0);
  });
}

/**
 * The page's foreground work (a validation, an analysis) as it comes and goes, so that chores that can wait
 * (the service worker's first precache: ~0.5 s of CPU on a 2-core machine) start only once the page has
 * been quiet for a moment, not beside a drop made as soon as the app opened (issue 10).
 */
export class QuietWatch {
  private busy = 0;
  private lastEnd: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.lastEnd = now(); // opening the app counts as work just done
  }

  /** `p`, counted as foreground work until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.busy++;
    return p.finally(() => {
      this.busy--;
      this.lastEnd = this.now();
    });
  }

  /** How long until the page has been quiet for `quietMs` (0: now); null while work runs. */
  waitLeft(quietMs: number): number | null {
    if (this.busy > 0) return null;
    return Math.max(0, this.lastEnd + quietMs - this.now());
  }

  /** Resolves once no work has run for `quietMs`, checking again every `pollMs` while work runs. */
  async whenQuiet(quietMs: number, pollMs = 250): Promise<void> {
    for (;;) {
      const left = this.waitLeft(quietMs);
      if (left === 0) return;
      await new Promise((r) => setTimeout(r, left ?? pollMs));
    }
  }
}

export const pageWork = new QuietWatch();
