// Test helpers for Durable Streams: calls to /v1/stream/<path> through SELF, and an incremental SSE
// reader that yields `event: data` / `event: control` events (data lines joined) as they arrive.
import { SELF } from "cloudflare:test";
import { z } from "zod";

export interface SseEvent {
  type: string;
  data: string;
}

export function streamFetch(key: string, method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) {
  return SELF.fetch(`http://gateway.test/v1/stream/${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...init.headers },
    body: init.body,
  });
}

export const uniquePath = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

/** Parses SSE events out of a byte stream as they arrive; comments (`: ping`) are counted, not returned. */
export class SseEvents {
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private ended = false;
  pings = 0;
  readonly chunks: Uint8Array[] = [];

  /** `onCancel` stands for the client's disconnect signal where a test holds the reader directly. */
  constructor(
    private readonly reader: ReadableStreamDefaultReader<unknown>,
    private readonly onCancel: () => void = () => {},
  ) {}

  static of(response: Response): SseEvents {
    if (!response.body) throw new Error(`no body (status ${response.status})`);
    return new SseEvents(response.body.getReader());
  }

  get done(): boolean {
    return this.ended;
  }

  /** The next event, or null when the stream ends first. */
  async next(): Promise<SseEvent | null> {
    for (;;) {
      const boundary = this.buffer.indexOf("\n\n");
      if (boundary >= 0) {
        const block = this.buffer.slice(0, boundary);
        this.buffer = this.buffer.slice(boundary + 2);
        const lines = block.split("\n");
        if (lines.every((line) => line.startsWith(":"))) {
          this.pings += 1;
          continue;
        }
        const type =
          lines
            .find((line) => line.startsWith("event:"))
            ?.slice("event:".length)
            .trim() ?? "message";
        const data = lines
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice("data:".length))
          .join("\n");
        return { type, data };
      }
      if (this.ended) return null;
      // A connection the server cut (a reader dropped for lagging) ends the stream like a close.
      const { done, value } = await this.reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (done) {
        this.ended = true;
        continue;
      }
      if (!(value instanceof Uint8Array)) throw new Error(`an SSE body chunk is not bytes: ${typeof value}`);
      this.chunks.push(value);
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Collects events until `stop` says so (inclusive), the stream ends, or `timeoutMs` passes. */
  async until(stop: (event: SseEvent, all: SseEvent[]) => boolean, timeoutMs = 5_000): Promise<SseEvent[]> {
    const events: SseEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${events.length} events: ${JSON.stringify(events).slice(0, 500)}`);
      let timer = 0;
      const event = await Promise.race([
        this.next(),
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), left);
        }),
      ]);
      clearTimeout(timer);
      if (event === "timeout") continue;
      if (event === null) return events;
      events.push(event);
      if (stop(event, events)) return events;
    }
  }

  async cancel(): Promise<void> {
    this.onCancel();
    await this.reader.cancel().catch(() => {});
  }
}

const Messages = z.array(z.unknown());

/** The messages in data events and the offset of the last control event. */
export function jsonMessages(events: readonly SseEvent[]): { messages: unknown[]; lastOffset: string | null } {
  const messages: unknown[] = [];
  let lastOffset: string | null = null;
  for (const event of events) {
    const parsed = Messages.safeParse(event.type === "data" ? JSON.parse(event.data) : []);
    if (parsed.success) messages.push(...parsed.data);
    if (event.type === "control") lastOffset = control(event).streamNextOffset;
  }
  return { messages, lastOffset };
}

/** A control event's fields; loose, so a test comparing it whole sees any other field too. */
const Control = z.looseObject({
  streamNextOffset: z.string(),
  streamCursor: z.string().optional(),
  upToDate: z.boolean().optional(),
  streamClosed: z.boolean().optional(),
});

export const control = (event: SseEvent): z.output<typeof Control> => Control.parse(JSON.parse(event.data));
