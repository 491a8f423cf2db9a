// One SSE reader held by the Worker: its own offset, a bounded queue of shared frame bytes, catch-up
// reads (a page per pull, so a slow client is never read ahead), `: ping` keepalives, and a clean
// end: on close of the log, about every 60 s with a final control event, or when it falls more than
// MAX_READER_LAG_BYTES behind (queued frames are dropped; it resumes from its last control offset),
// or when a periodic access recheck says no (a revoked share link: nothing more is sent).
// What it writes for the records is its encoding (sse-encoding.ts): Durable Streams events, or a
// send stream's frames (send-stream.ts), which shares all of the above except rotation.
import type { LogInfo, LogPage, ReadReply } from "../../shared/protocol/durable-streams";
import { concatBytes } from "../../shared/bytes";
import { liveCursor } from "../streams/cursor";
import { HEARTBEAT_INTERVAL_MS, PING_FRAME } from "../../shared/protocol/sse";
import { claim, join, leave, type LiveMember, type LogSource, type Subscription } from "./hub";
import type { SharedFrame } from "./shared-frame";
import { Waiter } from "./waiter";
import { controlEvent, sseFormat } from "./sse-encode";
import { EMPTY, StreamEvents, type Ending, type SseEncoding } from "./sse-encoding";

export const SSE_ROTATE_MS = 60_000;
export const MAX_READER_LAG_BYTES = 1024 * 1024;
/** Timed work (pings, rotation) is checked on a per-reader tick, not a timer per wait. */
const MAX_TICK_MS = 5_000;
const MIN_TICK_MS = 10;
/**
 * While frames keep coming to a subscription with many readers, a reader re-checks its queue on its
 * own timer every coalescing window instead of awaiting the owner's signal (a timer wake is far
 * cheaper in workerd than a promise followed across requests); after TIMER_MODE_EMPTY_CHECKS empty
 * checks it goes back to awaiting the signal, so idle readers cost nothing. Each timer is jittered
 * (0.75-1.25 windows) so readers woken together by one signal drift apart instead of expiring in
 * one burst that holds up the runtime's HTTP writes.
 */
const TIMER_MODE_MIN_MS = 20;
const TIMER_MODE_EMPTY_CHECKS = 3;
const TIMER_JITTER_MIN = 0.75;
const TIMER_JITTER_SPAN = 0.5;
/** A reader whose client stopped reading is torn down this long after its rotation was due. */
const STALLED_GRACE_MS = 15_000;

const encoder = new TextEncoder();
const PING = encoder.encode(PING_FRAME);

export interface SseOptions {
  rotateMs?: number;
  heartbeatMs?: number;
  maxLagBytes?: number;
  /** Asked every `everyMs` while the response is open; false (or a failure) ends it at once, unsent frames dropped. */
  recheck?: { everyMs: number; allowed: () => Promise<boolean> };
  /** The request's signal: aborted when the client disconnects (a write would only notice later). */
  signal?: AbortSignal;
  /** What to write for the records read; Durable Streams events when absent. */
  encoding?: SseEncoding;
}

export class SseReader implements LiveMember {
  readonly stream: ReadableStream<Uint8Array>;
  private readonly encoding: SseEncoding;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly rotateMs: number;
  private readonly heartbeatMs: number;
  private readonly maxLagBytes: number;
  private readonly deadlineMs: number;
  private readonly recheck: SseOptions["recheck"];
  private nextCheckMs: number;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private offset: number;
  private needCatchUp = false;
  private catchingUp = false;
  private ending: Ending | null = null;
  private finished = false;
  private readonly waiter = new Waiter();
  private sub: Subscription | null = null;
  private lastWriteMs = Date.now();
  /** Empty timer checks left before going back to awaiting the owner's signal (0: awaiting it). */
  private timerChecks = 0;
  private stallTimer = 0;

  constructor(
    readonly source: LogSource,
    info: LogInfo,
    first: LogPage,
    private readonly startCursor: number,
    options: SseOptions = {},
  ) {
    this.encoding = options.encoding ?? new StreamEvents(sseFormat(info.contentType));
    this.rotateMs = options.rotateMs ?? SSE_ROTATE_MS;
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS;
    this.maxLagBytes = options.maxLagBytes ?? MAX_READER_LAG_BYTES;
    this.deadlineMs = Date.now() + this.rotateMs;
    this.recheck = options.recheck;
    this.nextCheckMs = this.recheck ? Date.now() + this.recheck.everyMs : Number.POSITIVE_INFINITY;
    this.offset = first.endSeq;
    // A native pipe: each write goes straight to the response, without a JS stream's pull machinery.
    const pipe = new IdentityTransformStream();
    this.stream = pipe.readable;
    const writer = pipe.writable.getWriter();
    this.writer = writer;
    const closedAtTail = info.closed && first.upToDate;
    this.push(this.encoding.page(first.payload, { nextSeq: first.endSeq, cursor: startCursor, upToDate: first.upToDate, closed: closedAtTail }));
    if (this.encoding.complete) this.end("complete");
    else if (closedAtTail) this.end("closed");
    else {
      this.needCatchUp = !first.upToDate;
      this.sub = join(this);
    }
    if (this.encoding.rotates) this.stallTimer = setTimeout(() => this.abort(writer), this.rotateMs + STALLED_GRACE_MS);
    const recheckMs = this.recheck?.everyMs ?? MAX_TICK_MS;
    this.waiter.start(Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, this.heartbeatMs / 3, this.rotateMs / 4, recheckMs)));
    options.signal?.addEventListener("abort", () => this.abort(writer));
    void this.run(writer);
  }

  /** Runs in whichever request owns the subscription's socket: plain data only (the loop wakes on `changed`). */
  onFrame(shared: SharedFrame): void {
    if (this.finished || this.ending !== null || this.catchingUp) return;
    const frame = shared.frame;
    if (frame.access && this.recheck) this.nextCheckMs = 0;
    if (frame.gone) {
      this.end("gone");
    } else if (this.needCatchUp || frame.tailSeq < this.offset) {
      // a read is due anyway, or the frame is old news
    } else if (frame.tailSeq === this.offset) {
      if (!frame.closed) return;
      this.push(this.encoding.closedAt(this.offset));
      this.end("closed");
    } else if (frame.prevSeq === this.offset && frame.payload !== null) {
      const control = { nextSeq: frame.tailSeq, cursor: liveCursor(this.startCursor), upToDate: true, closed: frame.closed };
      this.push(this.encoding.page(frame.payload, control, shared));
      this.offset = frame.tailSeq;
      if (this.encoding.complete) this.end("complete");
      else if (frame.closed) this.end("closed");
    } else {
      this.needCatchUp = true;
    }
  }

  private push(bytes: Uint8Array): void {
    if (bytes.byteLength === 0 || this.ending !== null) return;
    if (this.queue.length > 0 && this.queuedBytes + bytes.byteLength > this.maxLagBytes) {
      this.queue = [];
      this.queuedBytes = 0;
      this.end("lagging");
      return;
    }
    this.queue.push(bytes);
    this.queuedBytes += bytes.byteLength;
  }

  /** Decides how the response ends (the first reason wins) and queues the encoding's last words. */
  private end(why: Ending): void {
    if (this.ending !== null) return;
    this.ending = why;
    const last = why === "complete" ? EMPTY : this.encoding.last(why);
    if (last.byteLength > 0) {
      this.queue.push(last);
      this.queuedBytes += last.byteLength;
    }
    // A response that does not rotate has no rotation deadline to tear it down by: if its client
    // stopped reading, its last writes never finish, so it is aborted a grace period from here.
    if (!this.encoding.rotates && !this.finished) this.stallTimer = setTimeout(() => this.abort(this.writer), STALLED_GRACE_MS);
  }

  /** The reader's loop, in its own request: write what is queued, else do timed work or wait. */
  private async run(writer: WritableStreamDefaultWriter<Uint8Array>): Promise<void> {
    // One write in flight at a time: the loop goes back to waiting without resuming after each
    // write, and a client that stops reading holds the next write back (its queue then fills).
    let writing: Promise<void> | null = null;
    try {
      for (;;) {
        if (this.queue.length > 0) {
          if (writing) await writing;
          // Everything queued goes out as one write: a reader that fell behind catches up at once.
          const chunks = this.queue;
          this.queue = [];
          this.queuedBytes = 0;
          this.lastWriteMs = Date.now();
          writing = writer.write(chunks.length === 1 && chunks[0] ? chunks[0] : concatBytes(chunks));
          writing.catch(() => {}); // a failed write is seen when awaited; not an unhandled rejection meanwhile
          this.timerChecks = TIMER_MODE_EMPTY_CHECKS;
          continue;
        }
        if (this.ending !== null || this.finished) break;
        await this.step();
      }
      this.finish();
      await writing;
      await writer.close();
    } catch {
      // the client went away (or the reader was aborted): nothing more to send
      this.finish();
    }
  }

  /** One round of the loop with nothing queued: own the socket, catch up, recheck, rotate, ping or wait. */
  private async step(): Promise<void> {
    if (this.sub?.needsOwner) return claim(this.sub, this);
    if (this.needCatchUp) return this.catchUp();
    const now = Date.now();
    if (this.recheck && now >= this.nextCheckMs) {
      this.nextCheckMs = now + this.recheck.everyMs;
      if (!(await this.recheck.allowed().catch(() => false))) this.deny();
      return;
    }
    if (this.encoding.rotates && now >= this.deadlineMs) {
      const upToDate = (this.sub?.tailSeq ?? 0) <= this.offset;
      this.push(encoder.encode(controlEvent({ nextSeq: this.offset, cursor: liveCursor(this.startCursor), upToDate, closed: false })));
      this.end("rotate");
    } else if (now - this.lastWriteMs >= this.heartbeatMs) {
      this.push(PING);
    } else {
      const windowMs = this.sub?.coalesceMs ?? 0;
      if (this.timerChecks > 0 && windowMs >= TIMER_MODE_MIN_MS) {
        this.timerChecks -= 1;
        await this.waiter.sleepFor(windowMs * (TIMER_JITTER_MIN + Math.random() * TIMER_JITTER_SPAN), null);
      } else {
        this.timerChecks = 0;
        await this.waiter.sleep(this.sub?.changed ?? null);
      }
    }
  }

  /** One page from the reader's offset, read in the reader's own request. */
  private async catchUp(): Promise<void> {
    this.needCatchUp = false;
    this.catchingUp = true;
    let reply: ReadReply | null;
    try {
      reply = await this.source.read(this.offset);
    } catch {
      reply = null;
    } finally {
      this.catchingUp = false;
    }
    if (!reply || !reply.ok) {
      this.end("gone");
      return;
    }
    const { info, page } = reply.value;
    const closedAtTail = info.closed && page.upToDate;
    if (page.endSeq > this.offset || closedAtTail) {
      const cursor = liveCursor(this.startCursor);
      this.push(this.encoding.page(page.payload, { nextSeq: page.endSeq, cursor, upToDate: page.upToDate, closed: closedAtTail }));
    }
    this.offset = page.endSeq;
    if (this.encoding.complete) this.end("complete");
    else if (closedAtTail) this.end("closed");
    else this.needCatchUp = !page.upToDate || (this.sub?.tailSeq ?? 0) > this.offset;
  }

  /** Access was withdrawn (a revoked share): nothing more goes out, the response ends. */
  private deny(): void {
    this.queue = [];
    this.queuedBytes = 0;
    this.end("denied");
  }

  /** The client went away or stopped reading long ago: drop everything and end the response. */
  private abort(writer: WritableStreamDefaultWriter<Uint8Array>): void {
    if (this.finished) return;
    this.finish();
    this.queue = [];
    writer.abort(new Error("SSE reader ended")).catch(() => {});
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.stallTimer);
    this.waiter.stop();
    if (this.sub) leave(this.sub, this);
    this.sub = null;
  }
}
