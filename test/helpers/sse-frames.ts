// An incremental reader of named SSE frames for the polled streams (tool-call status, log tail):
// each frame is exactly one `event:` line and one single-line `data:` line, or a `:` comment, and
// frames end in exactly "\n\n". Reads give up after a deadline instead of hanging the test.
import { expect } from "vitest";

export type Frame = { kind: "event"; event: string; data: unknown; atMs: number } | { kind: "comment"; text: string; atMs: number };

export class FrameReader {
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<unknown>;
  private pending: Promise<ReadableStreamReadResult<unknown>> | null = null;
  ended = false;

  constructor(response: Response) {
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    if (!response.body) throw new Error("no body");
    this.reader = response.body.getReader();
  }

  /** The next frame, or null when the stream ends; throws after `timeoutMs` without one. */
  async next(timeoutMs = 10_000): Promise<Frame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const boundary = this.buffer.indexOf("\n\n");
      if (boundary >= 0) {
        const block = this.buffer.slice(0, boundary);
        this.buffer = this.buffer.slice(boundary + 2);
        return parseFrame(block);
      }
      if (this.ended) {
        expect(this.buffer, "the stream ended inside a frame").toBe("");
        return null;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE frame within ${timeoutMs} ms (buffered: ${JSON.stringify(this.buffer)})`);
      this.pending ??= this.reader.read();
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left));
      const read = await Promise.race([this.pending, timer]);
      if (read === "timeout") continue;
      this.pending = null;
      if (read.done) this.ended = true;
      else if (read.value instanceof Uint8Array) this.buffer += this.decoder.decode(read.value, { stream: true });
      else throw new Error("the SSE body gave something other than bytes");
    }
  }

  /** The next named event, skipping comments (heartbeats). */
  async nextEvent(timeoutMs = 10_000): Promise<Extract<Frame, { kind: "event" }> | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = await this.next(Math.max(1, deadline - Date.now()));
      if (frame === null || frame.kind === "event") return frame;
    }
  }

  /** Whether nothing but comments arrives within `ms`. */
  async quietFor(ms: number): Promise<boolean> {
    try {
      const frame = await this.nextEvent(ms);
      return frame === null;
    } catch {
      return true;
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}

function parseFrame(block: string): Frame {
  expect(block).not.toContain("\r");
  const atMs = Date.now();
  const lines = block.split("\n");
  if (lines.every((line) => line.startsWith(":"))) return { kind: "comment", text: block, atMs };
  expect(lines, block).toHaveLength(2);
  const [eventLine = "", dataLine = ""] = lines;
  const event = /^event: ([a-z_]+)$/.exec(eventLine)?.[1];
  expect(event, eventLine).toBeDefined();
  expect(dataLine.startsWith("data: "), dataLine).toBe(true);
  return { kind: "event", event: event ?? "", data: JSON.parse(dataLine.slice("data: ".length)), atMs };
}
