// Durations as the API and the log report them: milliseconds, to the microsecond.

/** Milliseconds since `startedMs`, a `performance.now()` reading. */
export const elapsedMs = (startedMs: number): number => Math.round((performance.now() - startedMs) * 1000) / 1000;
