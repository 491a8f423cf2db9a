// Server-Sent Events: an incremental WHATWG-style frame parser and the Durable Streams JSON-mode
// interpretation of its frames (`event: data` = a JSON array of items, `event: control` = offsets).
import { bool, type Infer, object, opt, refine, str } from "./check";

export interface SseMessage {
  event: string;
  data: string;
}

/** Feeds decoded text in any chunking; returns the messages completed by each chunk. */
export class SseParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private skipLf = false;

  push(chunk: string): SseMessage[] {
    // A CR that ended the previous chunk may be the first half of a CRLF.
    const text = this.skipLf && chunk.startsWith("\n") ? chunk.slice(1) : chunk;
    this.skipLf = false;
    // The kept remainder holds no line break, so scanning resumes where the new text begins.
    const scanFrom = this.buffer.length;
    this.buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (;;) {
      const from = Math.max(start, scanFrom);
      const lf = this.buffer.indexOf("\n", from);
      const cr = this.buffer.indexOf("\r", from);
      if (lf < 0 && cr < 0) break;
      const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      let next = end + 1;
      if (end === cr) {
        if (next === this.buffer.length) this.skipLf = true;
        else if (this.buffer[next] === "\n") next += 1;
      }
      const message = this.line(this.buffer.slice(start, end));
      if (message) out.push(message);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === "") {
      if (this.data.length === 0) {
        this.event = "";
        return null;
      }
      const message = { event: this.event || "message", data: this.data.join("\n") };
      this.event = "";
      this.data = [];
      return message;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    return null;
  }
}

export const isDsControl = refine(
  object({ streamNextOffset: str, streamCursor: opt(str), upToDate: opt(bool), streamClosed: opt(bool) }),
  (control) => control.streamNextOffset !== "",
);
export type DsControl = Infer<typeof isDsControl>;

export type DsFrame =
  { kind: "data"; items: unknown[] } | { kind: "control"; control: DsControl } | { kind: "invalid"; reason: string } | { kind: "other"; event: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

/** Interprets one SSE message of a Durable Streams JSON-mode live read. */
export function interpretFrame(message: SseMessage): DsFrame {
  if (message.event !== "data" && message.event !== "control") return { kind: "other", event: message.event };
  const parsed = parseJson(message.data);
  if (!parsed.ok) return { kind: "invalid", reason: `${message.event} frame is not JSON` };
  if (message.event === "data") {
    return { kind: "data", items: Array.isArray(parsed.value) ? parsed.value : [parsed.value] };
  }
  if (!isDsControl(parsed.value)) return { kind: "invalid", reason: "control frame without streamNextOffset" };
  return { kind: "control", control: parsed.value };
}
