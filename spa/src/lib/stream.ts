// The live read loop: SSE over fetch (for the Authorization header), resumed from the last
// control frame's streamNextOffset after every disconnect, with backoff and a stall watchdog.
import { backoffMs } from "./timing";
import { type DsControl, interpretFrame, SseParser } from "./sse";

export interface BatchPosition {
  base: string;
  index: number;
}

export type LinkState = "connecting" | "live" | "reconnecting";
export type StreamEnd = "closed" | "stopped" | "aborted" | "unauthorized";

export interface StreamOptions {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  url: (offset: string) => string;
  /** The bearer token to use for the next connection. */
  token: () => string;
  /**
   * One `event: data` frame's items. `position` says where they sit: `base` is the offset the batch
   * began at (the connection's start offset, then each control frame's streamNextOffset) and `index`
   * the first item's place among the items received since that offset.
   */
  onItems: (items: unknown[], position: BatchPosition) => void;
  onControl?: (control: DsControl) => void;
  onState: (state: LinkState) => void;
  /** A 401/403/404/410: renew the token; true to retry, false when access is gone for good. */
  onDenied: (status: number) => Promise<boolean>;
  /** Stop reading after this control frame (a snapshot that is up to date). */
  stopAfter?: (control: DsControl) => boolean;
  startOffset?: string;
  stallTimeoutMs?: number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** No byte (data, control or keepalive comment) for this long means the connection is dead. */
export const STALL_TIMEOUT_MS = 75_000;
/** A cleanly ended response shorter than this is not reconnected at once. */
export const MIN_CLEAN_CONNECTION_MS = 1_000;
const DENIED = new Set([401, 403, 404, 410]);

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

type Outcome = { end: StreamEnd } | { retry: "clean" | "renewed" | "error" };

/** Runs until the stream is closed, access is lost, `stopAfter` says so, or `signal` aborts. */
export async function runStream(options: StreamOptions, signal: AbortSignal): Promise<{ end: StreamEnd; offset: string }> {
  const sleep = options.sleep ?? abortableSleep;
  let offset = options.startOffset ?? "-1";
  let attempt = 0;
  options.onState("connecting");
  while (!signal.aborted) {
    const startedAt = Date.now();
    const outcome = await connectOnce(options, signal, offset, (next) => {
      offset = next;
      attempt = 0;
    });
    if (signal.aborted) break;
    if ("end" in outcome) return { end: outcome.end, offset };
    if (outcome.retry === "clean") {
      // Reconnect at once, unless responses keep ending immediately (then pace them quietly).
      if (Date.now() - startedAt < MIN_CLEAN_CONNECTION_MS) await sleep(backoffMs(0, options.random), signal);
      continue;
    }
    // A fresh token is tried at once, but only once in a row: a server that keeps refusing backs off.
    if (outcome.retry === "renewed" && attempt === 0) {
      attempt = 1;
      continue;
    }
    options.onState("reconnecting");
    await sleep(backoffMs(attempt, options.random), signal);
    attempt += 1;
  }
  return { end: "aborted", offset };
}

async function connectOnce(options: StreamOptions, signal: AbortSignal, offset: string, advance: (next: string) => void): Promise<Outcome> {
  const connection = new AbortController();
  const abort = (): void => connection.abort();
  signal.addEventListener("abort", abort, { once: true });
  const stallMs = options.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  let stalled = false;
  const onStall = (): void => {
    stalled = true;
    abort();
  };
  let stall = setTimeout(onStall, stallMs);
  const alive = (): void => {
    clearTimeout(stall);
    stall = setTimeout(onStall, stallMs);
  };
  let sawControl = false;
  try {
    const response = await options.fetch(options.url(offset), {
      headers: { authorization: `Bearer ${options.token()}`, accept: "text/event-stream" },
      signal: connection.signal,
      cache: "no-store",
      credentials: "omit",
    });
    if (DENIED.has(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      return (await options.onDenied(response.status)) ? { retry: "renewed" } : { end: "unauthorized" };
    }
    if (!response.ok || !response.body) return { retry: "error" };
    options.onState("live");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    // Ends a pending read when the connection is given up (stall, abort), whatever the body does.
    connection.signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined), { once: true });
    const parser = new SseParser();
    let base = offset;
    let index = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      alive();
      for (const message of parser.push(value)) {
        const frame = interpretFrame(message);
        if (frame.kind === "data") {
          options.onItems(frame.items, { base, index });
          index += frame.items.length;
        } else if (frame.kind === "control") {
          sawControl = true;
          base = frame.control.streamNextOffset;
          index = 0;
          advance(frame.control.streamNextOffset);
          options.onControl?.(frame.control);
          if (frame.control.streamClosed) return { end: "closed" };
          if (options.stopAfter?.(frame.control)) return { end: "stopped" };
        }
      }
    }
    // The server ends SSE responses on purpose now and then; a response that made progress resumes at once.
    return { retry: sawControl && !stalled ? "clean" : "error" };
  } catch {
    return { retry: "error" };
  } finally {
    clearTimeout(stall);
    signal.removeEventListener("abort", abort);
    connection.abort();
  }
}
