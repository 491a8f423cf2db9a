// Waiting for a prompt's turn inside the session object (`send` as JSON): each waiter's turn is a
// TurnTranscript (src/shared/protocol/send-frames.ts) fed from the log itself, after each append
// commits, so a managed turn, an external agent's turn, a cancel and a cleared queue all settle
// their waiters the same way: by what the log says, from the one place every append passes.
// `sendStream` uses the same projection in the Worker over the live tail (src/lib/live/send-stream.ts).
import { TurnTranscript, type TurnEnd } from "../../src/shared/protocol/send-frames";
import { formatOffset, parseOffset } from "../../src/shared/protocol/offsets";
import type { EventLog } from "./event-log";

/** Events read per page when the waiters catch up with the log. */
const FEED_PAGE_EVENTS = 256;

interface Waiting {
  transcript: TurnTranscript;
  settle(end: TurnEnd): void;
}

export class TurnWaiters {
  private readonly waiting = new Map<string, Waiting>();
  /** The last log record the waiters have seen. */
  private readSeq = 0;
  private scheduled = false;

  constructor(private readonly log: EventLog) {
    // Told inside the append (maybe inside a transaction): read the committed events afterwards.
    log.watch(() => this.appended());
  }

  /** Resolves when `promptId`'s turn ends; call before the prompt is submitted. */
  wait(promptId: string, maxIterations: number | null): Promise<TurnEnd> {
    if (this.waiting.size === 0) this.readSeq = this.log.lastSeq();
    return new Promise((settle) => this.waiting.set(promptId, { transcript: new TurnTranscript(promptId, maxIterations), settle }));
  }

  /** Stops waiting (the prompt was never accepted). */
  forget(promptId: string): void {
    this.waiting.delete(promptId);
  }

  private appended(): void {
    if (this.scheduled || this.waiting.size === 0) return;
    this.scheduled = true;
    queueMicrotask(() => this.feed());
  }

  private feed(): void {
    this.scheduled = false;
    while (this.waiting.size > 0) {
      const page = this.log.read(formatOffset(this.readSeq), FEED_PAGE_EVENTS);
      if (!page || page.events.length === 0) return;
      this.readSeq = parseOffset(page.nextOffset) ?? this.log.lastSeq();
      for (const event of page.events) {
        for (const [promptId, waiter] of this.waiting) {
          waiter.transcript.feed(event);
          const end = waiter.transcript.end;
          if (!end) continue;
          this.waiting.delete(promptId);
          waiter.settle(end);
        }
      }
      if (page.upToDate) return;
    }
  }
}
