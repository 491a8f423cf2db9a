// The session's webhook outbox. Events worth a webhook or trigger are captured in the same
// transaction that appends them (nothing lost); alarms fan them out to the project's targets and
// deliver them, oldest first per target, retrying at 0 s, 5 s, 30 s, 2 min and 10 min (Retry-After on 429).
// A webhook is gateway-signed or flamecast-signed (webhook-flamecast.ts); triggers have their own body.
import { guardedFetch } from "../../src/shared/destinations/guard";
import {
  FLAMECAST_SIGNATURE_HEADER,
  signFlamecast,
  signTrigger,
  signWebhook,
  SIGNATURE_HEADER,
  TRIGGER_SIGNATURE_HEADER,
} from "../../src/shared/webhook-signature";
import { WEBHOOK_EVENT_TYPES } from "../../src/shared/schemas/webhooks";
import { formatOffset, parseOffset } from "../../src/shared/protocol/offsets";
import { SessionEvent, StoredEvent } from "../../src/shared/schemas/events";
import { TRIGGER_SOURCE_TYPES, triggerData, triggerEventOf, type CalledTool, type TriggerDelivery } from "../../src/shared/schemas/triggers";
import { decodeStored } from "../../src/shared/stored-json";
import type { WebhookDirectory, WebhookTarget } from "./ports";
import { flamecastDelivery, isFlamecastBody } from "./webhook-flamecast";

/** Wait before attempt n+1 after n failed attempts; the first attempt is immediate. */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_RETRY_AFTER_MS = 3_600_000;

/** Webhooks take these log events as they are; triggers are made from their own few (tool results too). */
const CAPTURED: ReadonlySet<string> = new Set([...WEBHOOK_EVENT_TYPES, ...TRIGGER_SOURCE_TYPES]);
/**
 * A captured event no webhook takes (a tool result, for triggers) waits this long for fan-out, so a
 * burst of tool calls costs one outbox run instead of one each (measured: an immediate run after
 * every call added about a third to an execute's p50, see the README).
 */
export const TRIGGER_ONLY_DELAY_MS = 1_000;
const WEBHOOK_TYPES_SQL = WEBHOOK_EVENT_TYPES.map((type) => `'${type}'`).join(", ");

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

  /**
   * When the alarm must run for webhooks and triggers: at once while captured events a webhook may
   * want await fan-out, a second after the oldest other capture, else the earliest pending attempt;
   * null when none.
   */
  nextDue(now: number): number | null {
    const { captured, retry } = this.sql
      .exec<{ captured: number | null; retry: number | null }>(
        `SELECT (SELECT MIN(CASE WHEN event_type IN (${WEBHOOK_TYPES_SQL}) THEN ?1 ELSE json_extract(event, '$.ts') + ?2 END) FROM webhook_outbox) AS captured,
                (SELECT MIN(next_attempt_at) FROM webhook_queue WHERE status = 'pending') AS retry`,
        now,
        TRIGGER_ONLY_DELAY_MS,
      )
      .one();
    if (captured === null || retry === null) return captured ?? retry;
    return Math.min(captured, retry);
  }

  /** Fans out captured events and delivers what is due; `nextDue` then says when to run again. */
  async run(session: { id: string; projectId: string }, now = Date.now()): Promise<void> {
    const targets = new Map((await this.webhooks.targets(session.projectId)).map((target) => [target.id, target]));
    this.fanOut(session.id, targets, now);
    for (const webhookId of this.pendingWebhooks()) {
      await this.deliverInOrder(session.id, webhookId, targets.get(webhookId), now);
    }
  }

  /**
   * Queues each captured event for every target that wants it. A gateway-signed webhook's queue row
   * holds the log event; a flamecast-signed one's and a trigger's hold the exact delivery body and the
   * name it goes out under, so retries send the same bytes, in the format the row was queued in.
   */
  private fanOut(sessionId: string, targets: Map<string, WebhookTarget>, now: number): void {
    const captured = this.sql.exec<{ event_seq: number; event_type: string; event: string }>("SELECT * FROM webhook_outbox ORDER BY event_seq").toArray();
    if (captured.length === 0) return;
    this.storage.transactionSync(() => {
      for (const row of captured) {
        let event: StoredEvent | null = null;
        let call: CalledTool | undefined;
        for (const target of targets.values()) {
          let queued: { type: string; body: string } | null;
          if (target.kind === "webhook") {
            if (!target.events.some((type) => type === row.event_type)) continue;
            if (target.signature === "gateway") queued = { type: row.event_type, body: row.event };
            else queued = flamecastDelivery(sessionId, (event ??= decodeStored(StoredEvent, row.event, "webhook event")));
          } else {
            event ??= decodeStored(StoredEvent, row.event, "webhook event");
            if (triggerEventOf(event) !== target.event) continue;
            // Looked up once per event, and only when a trigger wants a tool call: off the append's path.
            if (event.type === "tool_result" && call === undefined) call = this.calledTool(event.callId, row.event_seq);
            if (target.server_id !== null && call?.server !== target.server_id) continue;
            queued = { type: target.event, body: triggerBody(sessionId, target.id, target.event, event, call ?? null) };
          }
          if (!queued) continue;
          this.sql.exec(
            "INSERT OR IGNORE INTO webhook_queue (webhook_id, event_seq, event_type, event, next_attempt_at, status) VALUES (?, ?, ?, ?, ?, 'pending')",
            target.id,
            row.event_seq,
            queued.type,
            queued.body,
            now,
          );
        }
        this.sql.exec("DELETE FROM webhook_outbox WHERE event_seq = ?", row.event_seq);
      }
    });
  }

  /**
   * The tool_call a tool_result answers, read back from the log (the result event names no server or
   * tool). Walked from the result backwards by seq (the rowid), so it stops at the call, usually
   * a row or two earlier, however long the log is.
   */
  private calledTool(callId: string, beforeSeq: number): CalledTool {
    const [row] = this.sql
      .exec<{ body: string }>(
        "SELECT body FROM events WHERE seq < ? AND type = 'tool_call' AND json_extract(body, '$.callId') = ? ORDER BY seq DESC LIMIT 1",
        beforeSeq,
        callId,
      )
      .toArray();
    const call = row ? decodeStored(SessionEvent, row.body, "session event") : null;
    return call?.type === "tool_call" ? { tool: call.tool, server: call.server ?? null, input: call.input ?? null } : null;
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

  /**
   * The request for one attempt: a gateway-signed webhook's body and signature are made now, a
   * flamecast-signed one's and a trigger's body were made at fan-out (the row says which it holds).
   */
  private async request(sessionId: string, target: WebhookTarget, row: QueueRow): Promise<{ body: string; headers: Record<string, string> }> {
    if (target.kind === "trigger") {
      return { body: row.event, headers: { [TRIGGER_SIGNATURE_HEADER]: await signTrigger(target.secret, row.event), "x-codespar-event": target.event } };
    }
    if (isFlamecastBody(row.event)) return { body: row.event, headers: { [FLAMECAST_SIGNATURE_HEADER]: await signFlamecast(target.secret, row.event) } };
    const event = decodeStored(StoredEvent, row.event, "webhook event");
    const body = JSON.stringify({ sessionId, eventId: event.offset, timestamp: event.ts, event });
    return { body, headers: { [SIGNATURE_HEADER]: await signWebhook(target.secret, body) } };
  }

  /** One delivery attempt; true when delivered. */
  private async attempt(sessionId: string, target: WebhookTarget, row: QueueRow): Promise<boolean> {
    const { body, headers } = await this.request(sessionId, target, row);
    const attempt = row.attempt + 1;
    const startedMs = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    let retryAfterMs = 0;
    try {
      const res = await this.send(target.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "codespar-gateway-webhooks/1", ...headers },
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
      event_id: formatOffset(row.event_seq),
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

/** A trigger delivery's body, made once at fan-out (see TriggerDelivery in src/shared/schemas/triggers.ts). */
function triggerBody(sessionId: string, triggerId: string, name: TriggerDelivery["event"], event: StoredEvent, call: CalledTool): string {
  const delivery: TriggerDelivery = {
    id: `${sessionId}:${event.offset}`,
    event: name,
    trigger_id: triggerId,
    session_id: sessionId,
    event_id: event.offset,
    created_at: new Date(event.ts).toISOString(),
    data: triggerData(event, call),
  };
  return JSON.stringify(delivery);
}
