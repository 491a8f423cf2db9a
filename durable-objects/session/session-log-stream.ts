// The session's event log as a Durable Stream in JSON mode: catch-up pages for GET
// /v1/sessions/:id/events, and the live tail (the same broadcaster the generic streams use) fed
// after every committed append. A closed session is a closed stream. Its Stream-Total-Size is the
// tail's sequence number: the log holds one event per offset from 1 and never drops one.
import { LiveBroadcaster, type LiveLog } from "../lib/live-broadcaster";
import { formatOffset } from "../../src/shared/protocol/offsets";
import { failure, readPage, type LogInfo, type ReadFrom, type ReadReply } from "../../src/shared/protocol/durable-streams";
import { READ_PAGE_BYTES } from "../lib/record-store";
import type { EventLog } from "./event-log";

const encoder = new TextEncoder();
export const SESSION_LOG_CONTENT_TYPE = "application/json";

/** What the log stream needs to know about the session: its id (for ETags) and whether it is closed. */
export interface SessionLogState {
  sessionId: string;
  createdAt: string;
  closed: boolean;
}

export class SessionLogStream {
  readonly live: LiveBroadcaster;

  constructor(
    ctx: DurableObjectState,
    private readonly log: EventLog,
    private readonly state: () => SessionLogState | null,
  ) {
    this.live = new LiveBroadcaster(ctx, () => this.liveLog());
    log.watch((prevSeq) => this.live.appended(prevSeq));
  }

  read(from: ReadFrom, maxBytes = READ_PAGE_BYTES): ReadReply {
    const state = this.state();
    if (!state) return failure(404, "session_not_found", "Session not found");
    const tailSeq = this.log.lastSeq();
    const info: LogInfo & { totalSize: number } = {
      contentType: SESSION_LOG_CONTENT_TYPE,
      incarnation: `${state.sessionId}.${Date.parse(state.createdAt)}`,
      tailSeq,
      closed: state.closed,
      ttlSeconds: null,
      expiresAt: null,
      totalSize: tailSeq,
    };
    if (from === "now") return readPage(info, { afterSeq: tailSeq, endSeq: tailSeq, payload: new Uint8Array(0), upToDate: true });
    if (from > tailSeq) return failure(400, "offset_out_of_range", `Offset ${formatOffset(from)} is past the end of this log`);
    const page = this.log.page(from, tailSeq, maxBytes);
    return readPage(info, { afterSeq: from, endSeq: page.endSeq, payload: encoder.encode(page.payload), upToDate: page.endSeq >= tailSeq });
  }

  private liveLog(): LiveLog | null {
    const state = this.state();
    if (!state) return null;
    return {
      tailSeq: this.log.lastSeq(),
      closed: state.closed,
      page: (afterSeq, tailSeq, maxBytes) => {
        const page = this.log.page(afterSeq, tailSeq, maxBytes);
        return { endSeq: page.endSeq, payload: encoder.encode(page.payload) };
      },
    };
  }
}
