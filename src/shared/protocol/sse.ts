// Server-Sent Events on the wire: one `event:` line, one single-line `data:` line, frames ended by
// exactly "\n\n", and `: ping` heartbeats merged in between whole frames so idle timers never fire.
const encoder = new TextEncoder();

export const HEARTBEAT_INTERVAL_MS = 15_000;
export const PING_FRAME = ": ping\n\n";

export const sseFrame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
} as const;

/**
 * Passes `source` through (each chunk must be whole frames) and writes a ping whenever it has been
 * quiet for `intervalMs`. Cancelling the result cancels the source.
 */
export function withHeartbeat(source: ReadableStream<Uint8Array>, intervalMs = HEARTBEAT_INTERVAL_MS): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let timer = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => controller.enqueue(encoder.encode(PING_FRAME)), intervalMs);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        clearInterval(timer);
        controller.close();
        return;
      }
      controller.enqueue(value);
    },
    async cancel(reason) {
      clearInterval(timer);
      await reader.cancel(reason);
    },
  });
}
