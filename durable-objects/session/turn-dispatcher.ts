// Runs queued prompts one at a time for the managed runtime. It answers nobody directly: a turn's
// output is its events in the log, and whoever waits on a prompt reads that (transcript.ts).
import type { EventLog } from "./event-log";
import type { PromptQueue, QueueItem } from "./prompt-queue";
import type { TurnOutcome } from "./runtime/turn-runner";

export type RunTurn = (item: QueueItem, signal: AbortSignal) => Promise<TurnOutcome>;

export class TurnDispatcher {
  private running: { promptId: string; controller: AbortController } | null = null;
  private pumping = false;

  constructor(
    private readonly queue: PromptQueue,
    private readonly log: EventLog,
    private readonly runTurn: RunTurn,
  ) {}

  /** Starts queued prompts until the queue is empty, paused, or handed to an external agent. */
  async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let item = this.queue.start(); item; item = this.queue.start()) {
        const controller = new AbortController();
        this.running = { promptId: item.promptId, controller };
        const outcome = await this.runTurn(item, controller.signal).catch((error: unknown) => this.crashed(item.promptId, error));
        this.running = null;
        const status = outcome.ok ? "completed" : outcome.code === "turn_aborted" ? "cancelled" : "failed";
        this.queue.finish(item.promptId, status);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Whether this instance is running the queue; while it is, a running prompt is its turn. */
  get busy(): boolean {
    return this.pumping;
  }

  /** Aborts the running turn of `promptId`; false when that prompt is not running here. */
  abort(promptId: string, reason: string): boolean {
    if (this.running?.promptId !== promptId) return false;
    this.running.controller.abort(reason);
    return true;
  }

  /** A turn that threw instead of ending (it could not even start): the log says it failed. */
  private crashed(promptId: string, error: unknown): TurnOutcome {
    const message = error instanceof Error ? error.message : String(error);
    this.log.append([
      { type: "error", code: "turn_failed", message, retryable: false },
      { type: "turn_complete", promptId, success: false },
    ]);
    return { ok: false, code: "turn_failed", message, retryable: false };
  }
}
