// Server-Sent Events on the wire: one `event:` line, one single-line `data:` line, frames ended by
// exactly "\n\n", and `: ping` heartbeats written between whole frames (by the live reader, src/lib/live/sse-reader.ts) so idle timers never fire.
export const HEARTBEAT_INTERVAL_MS = 15_000;
export const PING_FRAME = ": ping\n\n";

export const sseFrame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
} as const;
