// An SSE response fed by polling D1 (about once a second) rather than by a session object's live
// socket: the tool-call status streams and the project's log tail. A `: heartbeat` comment goes out
// whenever nothing else was written for HEARTBEAT_INTERVAL_MS; writes wait for the client to read
// (a native pipe), so a slow reader holds no queue. The loop ends when the source says so, when the
// client goes away, or when the poll budget is spent: a Worker invocation may make about 1,000 D1
// queries, so a stream polls every second for its first 2 minutes, then every 3 s, and closes
// after POLL_BUDGET polls (about 40 minutes); clients reconnect.
import { HEARTBEAT_INTERVAL_MS, SSE_HEADERS } from "../../shared/protocol/sse";

export const FAST_POLL_MS = 1_000;
const FAST_POLLS = 120;
const SLOW_POLL_MS = 3_000;
/** Polls per stream, below the per-invocation D1 query limit with room for the handler's own queries. */
export const POLL_BUDGET = 900;
/** Consecutive failed polls after which the stream gives up (D1 unavailable). */
const MAX_POLL_FAILURES = 5;

export interface PollStep {
  /** Whole SSE frames (`event: ...\ndata: ...\n\n`) to write. */
  frames: string[];
  /** True when the stream has said everything: it closes after these frames. */
  end?: boolean;
}

export interface PolledSseOptions {
  /** The request's signal: aborted when the client disconnects. */
  signal?: AbortSignal;
  heartbeatMs?: number;
}

const encoder = new TextEncoder();

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** `first` is written before the response's first poll; `poll` runs until it ends the stream. */
export function polledSse(first: PollStep, poll: () => Promise<PollStep>, options: PolledSseOptions = {}): Response {
  const pipe = new IdentityTransformStream();
  void run(pipe.writable.getWriter(), first, poll, options);
  return new Response(pipe.readable, { status: 200, headers: SSE_HEADERS });
}

async function run(writer: WritableStreamDefaultWriter<Uint8Array>, first: PollStep, poll: () => Promise<PollStep>, options: PolledSseOptions) {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS;
  // The client is gone when the request's signal says so or the response is cancelled: stop polling at once.
  const gone = new AbortController();
  if (options.signal?.aborted) gone.abort();
  options.signal?.addEventListener("abort", () => gone.abort(), { once: true });
  writer.closed.catch(() => gone.abort());
  const { signal } = gone;
  let lastWriteMs = Date.now();
  const write = async (text: string) => {
    await writer.write(encoder.encode(text));
    lastWriteMs = Date.now();
  };
  try {
    if (first.frames.length > 0) await write(first.frames.join(""));
    let ended = first.end === true;
    let failures = 0;
    for (let polls = 0; !ended && polls < POLL_BUDGET && !signal.aborted; polls += 1) {
      const intervalMs = polls < FAST_POLLS ? FAST_POLL_MS : SLOW_POLL_MS;
      // Heartbeats keep their own schedule between polls, however far apart those are.
      for (let waited = 0; waited < intervalMs && !signal.aborted;) {
        const step = Math.min(intervalMs - waited, Math.max(1, heartbeatMs - (Date.now() - lastWriteMs)));
        await sleep(step, signal);
        waited += step;
        if (Date.now() - lastWriteMs >= heartbeatMs) await write(`: heartbeat ${Date.now()}\n\n`);
      }
      if (signal.aborted) break;
      let next: PollStep;
      try {
        next = await poll();
        failures = 0;
      } catch (cause) {
        failures += 1;
        console.error("polled SSE: a poll failed", cause instanceof Error ? cause.message : String(cause));
        if (failures >= MAX_POLL_FAILURES) break;
        continue;
      }
      if (next.frames.length > 0) await write(next.frames.join(""));
      ended = next.end === true;
    }
  } catch {
    // The client went away: the write was refused. Nothing to tell anyone.
  } finally {
    await writer.close().catch(() => {});
  }
}
