// The session's durable prompt queue: queued -> running -> completed | failed | cancelled, one
// running at a time, bounded length. Every change appends a full `queue_updated` snapshot in the
// same transaction, so the log always tells the queue's story; `changed` runs there too (the
// session plans its alarm from the queue inside that write).
import { User } from "../../src/shared/schemas/events";
import type { PromptUser, QueueItem, QueueSnapshot } from "../../src/shared/schemas/queue";
import { decodeStored } from "../../src/shared/stored-json";
import type { EventLog } from "./event-log";

export const MAX_QUEUE_LENGTH = 100;

export type { PromptUser, QueueItem, QueueSnapshot };

export type PromptStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

type PromptRow = {
  prompt_id: string;
  text: string;
  user: string | null;
  status: PromptStatus;
  enqueued_at: number;
};

export type SubmitOutcome = { kind: "accepted" | "existing"; promptId: string; status: PromptStatus; position: number } | { kind: "full" };

export type CancelOutcome = "removed" | "running" | "finished" | "not_found";

export class PromptQueue {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly log: EventLog,
    /** Called inside every change's transaction, after the change. */
    private readonly changed: () => void = () => {},
  ) {}

  private get sql() {
    return this.storage.sql;
  }

  /** Idempotent on promptId: resubmitting answers with the prompt's current state. */
  submit(input: { promptId: string; text: string; user?: PromptUser }): SubmitOutcome {
    const existing = this.status(input.promptId);
    if (existing) return { kind: "existing", promptId: input.promptId, status: existing, position: this.position(input.promptId) };
    if (this.queued().length >= MAX_QUEUE_LENGTH) return { kind: "full" };
    return this.storage.transactionSync(() => {
      const sortKey = this.sql.exec<{ k: number }>("SELECT COALESCE(MAX(sort_key), 0) + 1 AS k FROM prompts").one().k;
      const enqueuedAt = Date.now();
      this.sql.exec(
        "INSERT INTO prompts (prompt_id, text, user, status, sort_key, enqueued_at) VALUES (?, ?, ?, 'queued', ?, ?)",
        input.promptId,
        input.text,
        input.user ? JSON.stringify(input.user) : null,
        sortKey,
        enqueuedAt,
      );
      const position = this.position(input.promptId);
      this.log.append([{ type: "prompt_queued", promptId: input.promptId, text: input.text, user: input.user, position }]);
      this.appendSnapshot();
      this.changed();
      return { kind: "accepted" as const, promptId: input.promptId, status: "queued" as const, position };
    });
  }

  status(promptId: string): PromptStatus | null {
    return this.sql.exec<{ status: PromptStatus }>("SELECT status FROM prompts WHERE prompt_id = ?", promptId).toArray()[0]?.status ?? null;
  }

  /** The next prompt, now running; null while paused, while another runs, or when none waits. */
  start(): QueueItem | null {
    if (this.paused() || this.running()) return null;
    const next = this.queued()[0];
    if (!next) return null;
    this.mutate(() => this.sql.exec("UPDATE prompts SET status = 'running', started_at = ? WHERE prompt_id = ?", Date.now(), next.promptId));
    return next;
  }

  finish(promptId: string, status: "completed" | "failed" | "cancelled"): void {
    this.mutate(() =>
      this.sql.exec("UPDATE prompts SET status = ?, finished_at = ? WHERE prompt_id = ? AND status IN ('queued', 'running')", status, Date.now(), promptId),
    );
  }

  /** A running prompt goes back to the front of the queue (lost lease, interrupted turn). */
  requeueFront(promptId: string): void {
    this.mutate(() =>
      this.sql.exec(
        "UPDATE prompts SET status = 'queued', started_at = NULL, sort_key = (SELECT COALESCE(MIN(sort_key), 1) - 1 FROM prompts WHERE status = 'queued') WHERE prompt_id = ?",
        promptId,
      ),
    );
  }

  /** Queued prompts are removed here; a running one is reported so its runner can abort it. */
  cancel(promptId: string): CancelOutcome {
    const status = this.status(promptId);
    if (status === null) return "not_found";
    if (status === "running") return "running";
    if (status !== "queued") return "finished";
    this.finish(promptId, "cancelled");
    return "removed";
  }

  /** `order` must be exactly the queued ids; returns false (and changes nothing) otherwise. */
  reorder(order: readonly string[]): boolean {
    const queued = this.queued().map((item) => item.promptId);
    const same = order.length === queued.length && new Set(order).size === order.length && order.every((id) => queued.includes(id));
    if (!same) return false;
    this.mutate(() => order.forEach((id, index) => this.sql.exec("UPDATE prompts SET sort_key = ? WHERE prompt_id = ?", index + 1, id)));
    return true;
  }

  setPaused(paused: boolean): void {
    this.mutate(() => this.sql.exec("UPDATE queue_state SET paused = ? WHERE id = 1", paused ? 1 : 0));
  }

  clear(): number {
    const count = this.queued().length;
    if (count > 0) this.mutate(() => this.sql.exec("UPDATE prompts SET status = 'cancelled', finished_at = ? WHERE status = 'queued'", Date.now()));
    return count;
  }

  snapshot(): QueueSnapshot {
    const items = this.queued();
    const running = this.running();
    return { processing: running !== null, paused: this.paused(), running, items, size: items.length };
  }

  /** Whether a prompt runs, or waits and may start (the queue is not paused). */
  hasWork(): boolean {
    return (
      this.sql
        .exec<{ work: number }>(
          "SELECT EXISTS (SELECT 1 FROM prompts WHERE status = 'running' OR (status = 'queued' AND (SELECT paused FROM queue_state WHERE id = 1) = 0)) AS work",
        )
        .one().work === 1
    );
  }

  running(): QueueItem | null {
    const row = this.sql.exec<PromptRow>("SELECT prompt_id, text, user, status, enqueued_at FROM prompts WHERE status = 'running'").toArray()[0];
    return row ? toItem(row, 0) : null;
  }

  private queued(): QueueItem[] {
    return this.sql
      .exec<PromptRow>("SELECT prompt_id, text, user, status, enqueued_at FROM prompts WHERE status = 'queued' ORDER BY sort_key")
      .toArray()
      .map(toItem);
  }

  private position(promptId: string): number {
    return Math.max(
      0,
      this.queued().findIndex((item) => item.promptId === promptId),
    );
  }

  private paused(): boolean {
    return this.sql.exec<{ paused: number }>("SELECT paused FROM queue_state WHERE id = 1").one().paused === 1;
  }

  private mutate(change: () => void): void {
    this.storage.transactionSync(() => {
      change();
      this.appendSnapshot();
      this.changed();
    });
  }

  private appendSnapshot(): void {
    this.log.append([{ type: "queue_updated", ...this.snapshot() }]);
  }
}

function toItem(row: PromptRow, position: number): QueueItem {
  const item: QueueItem = { promptId: row.prompt_id, text: row.text, enqueuedAt: row.enqueued_at, position };
  if (row.user) item.user = decodeStored(User, row.user, "prompt author");
  return item;
}
