// What an SSE reader (sse-reader.ts) writes for the records it reads: its encoding. Durable
// Streams data and control events for log reads (live=sse), or a projection of the records, as a
// send stream's frames are (send-stream.ts); the reader's queue, lag bound, pings and abort path
// are the same for both.
import type { SharedFrame } from "./shared-frame";
import { controlEvent, pageEvents, type ControlState, type SseFormat } from "./sse-encode";

const encoder = new TextEncoder();

export type Ending = "closed" | "gone" | "rotate" | "lagging" | "denied" | "complete";

/** What a reader writes for the log it follows. */
export interface SseEncoding {
  /** Whether the response ends about every rotateMs with a control event its client resumes from. */
  readonly rotates: boolean;
  /** True once the response has said everything it will: it ends after writing it. */
  readonly complete: boolean;
  /**
   * The events taking the reader over `payload` (JSON records, comma-joined) to `control.nextSeq`;
   * `shared` is the isolate's copy of a live frame when the records came as one.
   */
  page(payload: Uint8Array, control: ControlState, shared?: SharedFrame): Uint8Array;
  /** The log was closed exactly at the reader's offset. */
  closedAt(nextSeq: number): Uint8Array;
  /** Last words when the response ends before it is complete (nothing for a denied reader). */
  last(why: Ending): Uint8Array;
}

export const EMPTY = new Uint8Array(0);

/** Durable Streams SSE (PROTOCOL.md 5.7): data events and control events; a live frame's bytes are shared by every reader at its offset. */
export class StreamEvents implements SseEncoding {
  readonly rotates = true;
  readonly complete = false;
  constructor(private readonly format: SseFormat) {}

  page(payload: Uint8Array, control: ControlState, shared?: SharedFrame): Uint8Array {
    return shared ? shared.sse(this.format, control.cursor) : pageEvents(this.format, payload, control);
  }

  closedAt(nextSeq: number): Uint8Array {
    return encoder.encode(controlEvent({ nextSeq, cursor: 0, upToDate: true, closed: true }));
  }

  last(): Uint8Array {
    return EMPTY;
  }
}
