// A frame from a log's object as every reader in the isolate shares it: the SSE bytes for readers
// at exactly the frame's start are encoded once per (format, cursor) and the same bytes go to all.
import type { LiveFrame } from "../../shared/protocol/live-frame";
import { pageEvents, type SseFormat } from "./sse-encode";

const EMPTY = new Uint8Array(0);

/** Isolate-wide counters: frames received, SSE encodings made, and chunks handed to readers. */
export const frameCounters = { frames: 0, encodes: 0, deliveries: 0 };

export class SharedFrame {
  private readonly encoded = new Map<string, Uint8Array>();

  constructor(readonly frame: LiveFrame) {
    frameCounters.frames += 1;
  }

  /** The data event (if any) and control event that take a reader from prevSeq to tailSeq. */
  sse(format: SseFormat, cursor: number): Uint8Array {
    const key = `${format}|${cursor}`;
    let bytes = this.encoded.get(key);
    if (!bytes) {
      frameCounters.encodes += 1;
      const { frame } = this;
      bytes = pageEvents(format, frame.payload ?? EMPTY, { nextSeq: frame.tailSeq, cursor, upToDate: true, closed: frame.closed });
      this.encoded.set(key, bytes);
    }
    frameCounters.deliveries += 1;
    return bytes;
  }
}
