// The session's webhook outbox. Events worth a webhook are captured in the same transaction that
// appends them (nothing lost); alarms fan them out to the project's webhooks and deliver them,
// oldest first per endpoint, retrying at 0 s, 5 s, 30 s, 2 min and 10 min (Retry-After on 429).
import { guardedFetch } from "../../src/shared/destinations/guard";
import { signWebhook, SIGNATURE_HEADER } from "../../src/shared/webhook-signature";
import { WEBHOOK_EVENT_TYPES } from "../../src/shared/schemas/webhooks";
import { parseOffset } from "../../src/shared/protocol/offsets";
import { StoredEvent } from "../../src/shared/schemas/events";
import { decodeStored } from "../../src/shared/stored-json";
import type { WebhookDirectory, WebhookTarget } from "./ports";

/** Wait before attempt n+1 after n failed attempts; the first attempt is immediate. */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_RETRY_AFTER_MS = 3_600_000;

const CAPTURED: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);

type QueueRow = { id: number; webhook_id: string; event_seq: number; event_type: string; event: string; attempt: number; next_attempt_at: number };

export class WebhookOutbox {
  /** Deliveries obey the destinations rule at the point of sending too, and never follow redirects. */
  private readonly send: typeof fetch;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly webhooks: WebhookDirectory,
    allowLoopback: boolean,
  ) {
    this.send = guardedFetch(allowLoopback);
  }

  private get sql() {
    return this.storage.sql;
  }

  /** Call inside the append's transaction. Returns whether anything was captured. */
  capture(events: readonly StoredEvent[]): boolean {
    let captured = false;
    for (const event of events) {
      if (!CAPTURED.has(event.type)) continue;
      this.sql.exec(
        "INSERT OR IGNORE INTO webhook_outbox (event_seq, event_type, event) VALUES (?, ?, ?)",
        parseOffset(event.offset),
        event.type,
        JSON.stringify(event),
      );
      captured = true;
    }
    return captured;
  }

  /** When the alarm must run for webhooks: at once while captured events await fan-out, else the earliest pending attempt; null when none. */
  nextDue(now: number): number | null {
    if (this.sql.exec("SELECT 1 FROM webhook_outbox LIMIT 1").toArray().length > 0) return now;
    return this.sql.exec<{ t: number | null }>("SELECT MIN(next_attempt_at) AS t FROM webhook_queue WHERE status = 'pending'").one().t;
  }

  /** Fans out captured events and delivers what is due; `nextDue` then says when to run again. */
  async run(session: { id: string; projectId: string }, now = Date.now()): Promise<void> {
    const targets = new Map((await this.webhooks.targets(session.projectId)).map((target) => [target.id, target]));
    this.fanOut(targets, now);
    for (const webhookId of this.pendingWebhooks()) {
      await this.deliverInOrder(session.id, webhookId, targets.get(webhookId), now);
    }
  }

  private fanOut(targets: Map<string, WebhookTarget>, now: number): void {
    const captured = this.sql.exec<{ event_seq: number; event_type: string; event: string }>("SELECT * FROM webhook_outbox ORDER BY event_seq").toArray();
    if (captured.length === 0) return;
    this.storage.transactionSync(() => {
      for (const row of captured) {
        for (const target of targets.values()) {
          if (!target.events.some((type) => type === row.event_type)) continue;
          this.sql.exec(
            "INSERT OR IGNORE INTO webhook_queue (webhook_id, event_seq, event_type, event, next_attempt_at, status) VALUES (?, ?, ?, ?, ?, 'pending')",
            target.id,
            row.event_seq,
            row.event_type,
            row.event,
            now,
          );
        }
        this.sql.exec("DELETE FROM webhook_outbox WHERE event_seq = ?", row.event_seq);
      }
    });
  }

  private pendingWebhooks(): string[] {
    return this.sql
      .exec<{ webhook_id: string }>("SELECT DISTINCT webhook_id FROM webhook_queue WHERE status = 'pending'")
      .toArray()
      .map((row) => row.webhook_id);
  }

  /** Per-endpoint ordering: a later event waits until the one before it is delivered or given up. */
  private async deliverInOrder(sessionId: string, webhookId: string, target: WebhookTarget | undefined, now: number): Promise<void> {
    if (!target) {
      this.sql.exec("UPDATE webhook_queue SET status = 'failed' WHERE webhook_id = ? AND status = 'pending'", webhookId);
      return;
    }
    for (;;) {
      const head = this.sql
        .exec<QueueRow>("SELECT * FROM webhook_queue WHERE webhook_id = ? AND status = 'pending' ORDER BY event_seq LIMIT 1", webhookId)
        .toArray()[0];
      if (!head || head.next_attempt_at > now) return;
      if (!(await this.attempt(sessionId, target, head))) return;
    }
  }

  /** One delivery attempt; true when delivered. */
  private async attempt(sessionId: string, target: WebhookTarget, row: QueueRow): Promise<boolean> {
    const event = decodeStored(StoredEvent, row.event, "webhook event");
    const body = JSON.stringify({ sessionId, eventId: event.offset, timestamp: event.ts, event });
    const attempt = row.attempt + 1;
    const startedMs = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    let retryAfterMs = 0;
    try {
      const res = await this.send(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "codespar-gateway-webhooks/1",
          [SIGNATURE_HEADER]: await signWebhook(target.secret, body),
        },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = res.status;
      if (res.status === 429) retryAfterMs = Math.min(Number(res.headers.get("retry-after") ?? 0) * 1000 || 0, MAX_RETRY_AFTER_MS);
      await res.body?.cancel();
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    const delivered = status !== null && status >= 200 && status < 300;
    const exhausted = !delivered && attempt >= MAX_ATTEMPTS;
    const outcome = delivered ? "delivered" : exhausted ? "failed" : "retrying";
    const nextAt = Date.now() + (retryAfterMs || (RETRY_DELAYS_MS[attempt - 1] ?? 0));
    this.sql.exec(
      "UPDATE webhook_queue SET attempt = ?, status = ?, next_attempt_at = ? WHERE id = ?",
      attempt,
      delivered ? "delivered" : exhausted ? "failed" : "pending",
      nextAt,
      row.id,
    );
    await this.webhooks.logDelivery(target.id, {
      session_id: sessionId,
      event_id: event.offset,
      event_type: row.event_type,
      attempt,
      outcome,
      status_code: status,
      error: error ?? (delivered ? null : `HTTP ${status}`),
      duration_ms: Date.now() - startedMs,
    });
    return delivered || exhausted;
  }
}
