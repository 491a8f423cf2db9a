// sendStream's response: the prompt's turn read from the session log, from the record before the
// prompt was submitted, by the live tail's own reader (SseReader: the isolate's subscription to the
// log, catch-up reads, `: ping` heartbeats, the MAX_READER_LAG_BYTES bound, the end on the request's
// abort signal), with the records projected into send frames by TurnTranscript, the same
// projection `send` waits on in the session object. No one writes these frames but the projection
// of the log, so a managed turn and an external agent's turn stream alike, and a stream outlives a
// restart of the session object (the reader resubscribes; a requeued turn streams again).
import { encodeSendFrame, TurnTranscript, type SendFrame } from "../../shared/protocol/send-frames";
import { SSE_HEADERS } from "../../shared/protocol/sse";
import { SessionEvent } from "../../shared/schemas/events";
import type { LogSource } from "./hub";
import { failureError } from "../errors";
import { EMPTY, type Ending, type SseEncoding } from "./sse-encoding";
import { MAX_READER_LAG_BYTES, SseReader } from "./sse-reader";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The `error` frame a stream ends with when it cannot follow its turn to the end. */
function cutShort(why: Ending): SendFrame {
  if (why === "lagging") {
    const message = `The client fell more than ${MAX_READER_LAG_BYTES} bytes behind; the turn goes on in the session's events`;
    return { type: "error", error: "reader_lagging", message };
  }
  return { type: "error", error: "session_closed", message: "The session's log ended before the turn did" };
}

/** Send frames for the log records a reader reads: one turn's, until it ends. */
class SendFrames implements SseEncoding {
  readonly rotates = false;

  constructor(private readonly transcript: TurnTranscript) {}

  get complete(): boolean {
    return this.transcript.end !== null;
  }

  page(payload: Uint8Array): Uint8Array {
    if (payload.byteLength === 0 || this.complete) return EMPTY;
    const records: unknown = JSON.parse(`[${decoder.decode(payload)}]`);
    let frames = "";
    for (const record of Array.isArray(records) ? records : []) {
      const event = SessionEvent.safeParse(record);
      if (event.success) for (const frame of this.transcript.feed(event.data)) frames += encodeSendFrame(frame);
      if (this.complete) break;
    }
    return frames === "" ? EMPTY : encoder.encode(frames);
  }

  closedAt(): Uint8Array {
    return EMPTY;
  }

  last(why: Ending): Uint8Array {
    return this.complete || why === "denied" ? EMPTY : encoder.encode(encodeSendFrame(cutShort(why)));
  }
}

/** The turn a sendStream follows: its prompt, the log record before it was submitted, the runtime's iteration cap. */
export interface StreamedTurn {
  promptId: string;
  afterSeq: number;
  maxIterations: number | null;
}

/** `heartbeatMs` only for tests: pings go out after this much quiet (HEARTBEAT_INTERVAL_MS otherwise). */
export async function sendStreamResponse(source: LogSource, turn: StreamedTurn, signal: AbortSignal, heartbeatMs?: number): Promise<Response> {
  const first = await source.read(turn.afterSeq);
  if (!first.ok) throw failureError(first.error);
  const encoding = new SendFrames(new TurnTranscript(turn.promptId, turn.maxIterations));
  const reader = new SseReader(source, first.value.info, first.value.page, 0, { signal, encoding, heartbeatMs });
  return new Response(reader.stream, { status: 200, headers: SSE_HEADERS });
}

/** A prompt the session refused (its queue is full): a stream of one `error` frame. */
export function refusedStreamResponse(code: string, message: string): Response {
  return new Response(encodeSendFrame({ type: "error", error: code, message }), { status: 200, headers: SSE_HEADERS });
}
