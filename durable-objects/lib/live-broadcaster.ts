// The object side of the live tail: Worker isolates subscribe over hibernatable WebSockets (one per
// isolate, however many readers it serves); after a write commits, one frame per batch of appends
// goes to every subscribed isolate. Broadcasting runs in a microtask, so it is never inside the
// write's transaction, and the output gate holds the frames until the write is durable.
import { encodeFrame, FRAME_INLINE_MAX_BYTES, type LiveFrame } from "../../src/shared/protocol/live-frame";

/** What the broadcaster reads from the log it serves. */
export interface LiveLog {
  tailSeq: number;
  closed: boolean;
  /** Records (afterSeq, tailSeq] up to about `maxBytes`, as a read page would carry them. */
  page(afterSeq: number, tailSeq: number, maxBytes: number): { endSeq: number; payload: Uint8Array };
}

export class LiveBroadcaster {
  private pendingFrom: number | null = null;
  private scheduled = false;

  /** `log()` returns null when the log does not exist (any more). */
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly log: () => LiveLog | null,
  ) {}

  /** Accepts a subscription (the object's `fetch` is only for this) and greets it with the current tail. */
  accept(request: Request): Response {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send(this.helloFrame());
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Records were appended after `prevSeq` (or the log was closed at `prevSeq`); broadcast after commit. */
  appended(prevSeq: number): void {
    this.pendingFrom = this.pendingFrom === null ? prevSeq : Math.min(this.pendingFrom, prevSeq);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Who may read changed (a share was revoked): subscribers' readers re-check their access at once. */
  accessChanged(): void {
    const log = this.log();
    if (!log) return;
    this.sendAll(encodeFrame({ prevSeq: log.tailSeq, tailSeq: log.tailSeq, closed: log.closed, gone: false, payload: null, access: true }));
  }

  /** The log was deleted or expired: every subscriber's readers end, and the sockets close. */
  gone(): void {
    const frame = encodeFrame({ prevSeq: 0, tailSeq: 0, closed: true, gone: true, payload: null });
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(frame);
        socket.close(1000, "gone");
      } catch {
        // already closing
      }
    }
  }

  /** Subscribers never need to talk back; a close from the Worker is acknowledged. */
  closed(socket: WebSocket, code: number): void {
    try {
      socket.close(code === 1005 ? 1000 : code, "bye");
    } catch {
      // already closed
    }
  }

  private helloFrame(): Uint8Array {
    const log = this.log();
    if (!log) return encodeFrame({ prevSeq: 0, tailSeq: 0, closed: true, gone: true, payload: null });
    return encodeFrame({ prevSeq: log.tailSeq, tailSeq: log.tailSeq, closed: log.closed, gone: false, payload: null });
  }

  private flush(): void {
    this.scheduled = false;
    const prevSeq = this.pendingFrom;
    this.pendingFrom = null;
    const sockets = this.ctx.getWebSockets();
    if (prevSeq === null || sockets.length === 0) return;
    const log = this.log();
    if (!log) return this.gone();
    let payload: Uint8Array | null = new Uint8Array(0);
    if (log.tailSeq > prevSeq) {
      const page = log.page(prevSeq, log.tailSeq, FRAME_INLINE_MAX_BYTES);
      payload = page.endSeq === log.tailSeq && page.payload.byteLength <= FRAME_INLINE_MAX_BYTES ? page.payload : null;
    }
    const frame: LiveFrame = { prevSeq, tailSeq: log.tailSeq, closed: log.closed, gone: false, payload };
    this.sendAll(encodeFrame(frame), sockets);
  }

  private sendAll(bytes: Uint8Array, sockets = this.ctx.getWebSockets()): void {
    for (const socket of sockets) {
      try {
        socket.send(bytes);
      } catch {
        // a socket that is closing misses the frame; its isolate re-syncs from the tail on reconnect
      }
    }
  }
}
