// D1 queries for webhooks and their delivery log.
import { ApiError } from "../lib/errors";
import { randomHex } from "../shared/ids";
import type { WebhookTarget } from "../../durable-objects/session/ports";
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, WebhookEventType, type Webhook, type WebhookDelivery } from "../shared/schemas/webhooks";
import { decodeStored } from "../shared/stored-json";

type WebhookRow = { id: string; url: string; events: string; created_at: string; secret: string };

const toTarget = (row: WebhookRow): WebhookTarget => ({
  id: row.id,
  url: row.url,
  events: decodeStored(z.array(WebhookEventType), row.events, "webhook events"),
  created_at: row.created_at,
  secret: row.secret,
});
const withoutSecret = ({ secret: _secret, ...webhook }: WebhookTarget): Webhook => webhook;

export async function createWebhook(db: D1Database, orgId: string, projectId: string, input: { url: string; secret: string; events?: WebhookEventType[] }) {
  const row: WebhookRow = {
    id: `whk_${randomHex(8)}`,
    url: input.url,
    secret: input.secret,
    events: JSON.stringify(input.events ?? WEBHOOK_EVENT_TYPES),
    created_at: new Date().toISOString(),
  };
  await db
    .prepare("INSERT INTO webhooks (id, org_id, project_id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(row.id, orgId, projectId, row.url, row.secret, row.events, row.created_at)
    .run();
  return withoutSecret(toTarget(row));
}

/** The project's live webhooks, secrets included: for signing deliveries only. */
export async function webhookTargets(db: D1Database, projectId: string): Promise<WebhookTarget[]> {
  const { results } = await db
    .prepare("SELECT id, url, events, created_at, secret FROM webhooks WHERE project_id = ? AND deleted_at IS NULL ORDER BY created_at")
    .bind(projectId)
    .all<WebhookRow>();
  return results.map(toTarget);
}

export async function listWebhooks(db: D1Database, projectId: string): Promise<Webhook[]> {
  return (await webhookTargets(db, projectId)).map(withoutSecret);
}

async function requireWebhook(db: D1Database, projectId: string, id: string) {
  const row = await db.prepare("SELECT id FROM webhooks WHERE id = ? AND project_id = ? AND deleted_at IS NULL").bind(id, projectId).first();
  if (!row) throw new ApiError(404, "webhook_not_found", `Webhook ${id} not found`);
}

export async function deleteWebhook(db: D1Database, projectId: string, id: string) {
  await requireWebhook(db, projectId, id);
  await db.prepare("UPDATE webhooks SET deleted_at = ? WHERE id = ?").bind(new Date().toISOString(), id).run();
}

export function logWebhookDelivery(db: D1Database, webhookId: string, delivery: Omit<WebhookDelivery, "id" | "created_at">) {
  return db
    .prepare(
      "INSERT INTO webhook_deliveries (id, webhook_id, session_id, event_id, event_type, attempt, outcome, status_code, error, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(
      `whd_${randomHex(8)}`,
      webhookId,
      delivery.session_id,
      delivery.event_id,
      delivery.event_type,
      delivery.attempt,
      delivery.outcome,
      delivery.status_code,
      delivery.error,
      delivery.duration_ms,
      new Date().toISOString(),
    )
    .run();
}

export async function listWebhookDeliveries(db: D1Database, projectId: string, id: string, limit: number): Promise<WebhookDelivery[]> {
  await requireWebhook(db, projectId, id);
  const { results } = await db
    .prepare(
      "SELECT id, session_id, event_id, event_type, attempt, outcome, status_code, error, duration_ms, created_at FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
    )
    .bind(id, limit)
    .all<WebhookDelivery>();
  return results;
}
