// Stream-Cursor (PROTOCOL.md 8.1): the number of 20-second intervals since 2024-10-09, never going
// backwards: a client cursor at or past the current interval gets a random 1..3600 s jump ahead.
const CURSOR_EPOCH_MS = Date.UTC(2024, 9, 9);
const CURSOR_INTERVAL_MS = 20_000;
const MAX_JITTER_S = 3_600;
const MIN_JITTER_S = 1;

export const currentCursor = (nowMs = Date.now()) => Math.floor((nowMs - CURSOR_EPOCH_MS) / CURSOR_INTERVAL_MS);

/** The cursor for a response to a request that echoed `clientCursor` (or none). */
export function responseCursor(clientCursor: string | undefined, nowMs = Date.now()): number {
  const current = currentCursor(nowMs);
  const client = clientCursor === undefined ? Number.NaN : Number.parseInt(clientCursor, 10);
  if (!Number.isSafeInteger(client) || client < current) return current;
  const jitterS = MIN_JITTER_S + Math.floor(Math.random() * (MAX_JITTER_S - MIN_JITTER_S + 1));
  return client + Math.max(1, Math.ceil((jitterS * 1000) / CURSOR_INTERVAL_MS));
}

/** A long-lived SSE reader's cursor: the current interval, or its jittered start if that is ahead. */
export const liveCursor = (startCursor: number, nowMs = Date.now()) => Math.max(startCursor, currentCursor(nowMs));
