// What the race calls of the worker answer when it does not hold the lap table they name (the bridge then
// sends it with holdLaps). Its own module so the main thread imports this value without the worker's code.
export const NOT_HELD = 'not-held' as const;
