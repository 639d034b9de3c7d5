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
