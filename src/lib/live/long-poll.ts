// live=long-poll waits held by the Worker: the request joins its isolate's subscription to the log
// and wakes on the first frame past its offset, or answers 204 when LONG_POLL_TIMEOUT_MS passes.
import type { LiveFrame } from "../../shared/protocol/live-frame";
import { claim, join, leave, type LiveMember, type LogSource, type Subscription } from "./hub";
import type { SharedFrame } from "./shared-frame";
import { NO_SIGNAL_POLL_MS, Waiter } from "./waiter";

export type WaitOutcome =
  | { kind: "frame"; frame: LiveFrame }
  /** New data exists but not as one frame starting at the offset: read it. */
  | { kind: "behind" }
  | { kind: "closed" }
  | { kind: "gone" }
  | { kind: "timeout" };

class LongPollMember implements LiveMember {
  outcome: WaitOutcome | null = null;
  private readonly waiter = new Waiter();

  constructor(
    readonly source: LogSource,
    private readonly offset: number,
  ) {}

  onFrame(shared: SharedFrame): void {
    if (this.outcome) return;
    const frame = shared.frame;
    if (frame.gone) this.outcome = { kind: "gone" };
    else if (frame.tailSeq > this.offset) {
      this.outcome = frame.prevSeq === this.offset && frame.payload !== null ? { kind: "frame", frame } : { kind: "behind" };
    } else if (frame.closed && frame.tailSeq === this.offset) this.outcome = { kind: "closed" };
  }

  async run(sub: Subscription, timeoutMs: number): Promise<WaitOutcome> {
    const deadlineMs = Date.now() + timeoutMs;
    try {
      while (!this.outcome) {
        const leftMs = deadlineMs - Date.now();
        if (leftMs <= 0) return { kind: "timeout" };
        if (sub.needsOwner) {
          await claim(sub, this);
          continue;
        }
        await this.waiter.sleepFor(sub.changed ? leftMs : Math.min(leftMs, NO_SIGNAL_POLL_MS), sub.changed);
      }
      return this.outcome;
    } finally {
      leave(sub, this);
    }
  }
}

/** Waits for data after `offset` (the caller has just read up to it and found nothing new). */
export function waitForData(source: LogSource, offset: number, timeoutMs: number): Promise<WaitOutcome> {
  const member = new LongPollMember(source, offset);
  const sub = join(member);
  return member.run(sub, timeoutMs);
}
