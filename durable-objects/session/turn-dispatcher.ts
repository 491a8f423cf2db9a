// Runs queued prompts one at a time for the managed runtime, and connects each prompt to whoever
// waits for its turn (send / sendStream): frames go only to that prompt's waiter.
import type { SendFrame } from "../../src/shared/protocol/send-frames";
import type { PromptQueue, QueueItem } from "./prompt-queue";
import type { TurnOutcome } from "./runtime/turn-runner";

export type RunTurn = (item: QueueItem, emit: (frame: SendFrame) => void, signal: AbortSignal) => Promise<TurnOutcome>;

interface Waiter {
  emit(frame: SendFrame): void;
  settle(outcome: TurnOutcome): void;
}

export class TurnDispatcher {
  private readonly waiters = new Map<string, Waiter>();
  private running: { promptId: string; controller: AbortController } | null = null;
  private pumping = false;

  constructor(
    private readonly queue: PromptQueue,
    private readonly runTurn: RunTurn,
  ) {}

  /** Resolves with the prompt's turn outcome; `emit` receives that turn's frames as they happen. */
  wait(promptId: string, emit: (frame: SendFrame) => void = () => {}): Promise<TurnOutcome> {
    return new Promise((resolve) => this.waiters.set(promptId, { emit, settle: resolve }));
  }

  emitTo(promptId: string, frame: SendFrame): void {
    this.waiters.get(promptId)?.emit(frame);
  }

  settle(promptId: string, outcome: TurnOutcome): void {
    const waiter = this.waiters.get(promptId);
    this.waiters.delete(promptId);
    waiter?.settle(outcome);
  }

  /** Starts queued prompts until the queue is empty, paused, or handed to an external agent. */
  async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let item = this.queue.start(); item; item = this.queue.start()) {
        const controller = new AbortController();
        this.running = { promptId: item.promptId, controller };
        const outcome = await this.runTurn(item, (frame) => this.emitTo(item.promptId, frame), controller.signal).catch(
          (error: unknown): TurnOutcome => ({ ok: false, code: "turn_failed", message: String(error), retryable: false }),
        );
        this.running = null;
        const status = outcome.ok ? "completed" : outcome.code === "turn_aborted" ? "cancelled" : "failed";
        this.queue.finish(item.promptId, status);
        this.settle(item.promptId, outcome);
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
}
