// D1 queries for webhooks, outbound triggers and their shared delivery log. Both are targets of the
// session outbox; a trigger's secret is generated here and returned by create only.
import { ApiError } from "../lib/errors";
import { randomBase62, randomHex } from "../shared/ids";
import type { WebhookTarget } from "../../durable-objects/session/ports";
import { z } from "zod";
import { TriggerEventType, type Trigger, type TriggerCreate } from "../shared/schemas/triggers";
import { WEBHOOK_EVENT_TYPES, WebhookEventType, WebhookSignature, type Webhook, type WebhookCreate, type WebhookDelivery } from "../shared/schemas/webhooks";
import { decodeStored } from "../shared/stored-json";

type WebhookRow = { id: string; url: string; events: string; signature: string; created_at: string; secret: string };
type TriggerRow = Trigger & { secret: string };
type TriggerRecord = Omit<TriggerRow, "event"> & { event: string };

/** A signature this version does not know fails loudly rather than being sent some other way. */
function decodeSignature(row: WebhookRow): WebhookSignature {
  const signature = WebhookSignature.safeParse(row.signature);
  if (!signature.success) throw new Error(`The stored webhook ${row.id} has an unknown signature ${row.signature}`);
  return signature.data;
}

const toTarget = (row: WebhookRow): WebhookTarget & { kind: "webhook" } => ({
  kind: "webhook",
  id: row.id,
  url: row.url,
  events: decodeStored(z.array(WebhookEventType), row.events, "webhook events"),
  signature: decodeSignature(row),
  created_at: row.created_at,
  secret: row.secret,
});
const withoutSecret = ({ id, url, events, signature, created_at }: WebhookTarget & { kind: "webhook" }): Webhook => ({
  id,
  url,
  events,
  signature,
  created_at,
});

export async function createWebhook(db: D1Database, orgId: string, projectId: string, input: WebhookCreate) {
  const row: WebhookRow = {
    id: `whk_${randomHex(8)}`,
    url: input.url,
    secret: input.secret,
    events: JSON.stringify(input.events ?? WEBHOOK_EVENT_TYPES),
    signature: input.signature,
    created_at: new Date().toISOString(),
  };
  await db
    .prepare("INSERT INTO webhooks (id, org_id, project_id, url, secret, events, signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(row.id, orgId, projectId, row.url, row.secret, row.events, row.signature, row.created_at)
    .run();
  return withoutSecret(toTarget(row));
}

async function webhookRows(db: D1Database, projectId: string) {
  const { results } = await db
    .prepare("SELECT id, url, events, signature, created_at, secret FROM webhooks WHERE project_id = ? AND deleted_at IS NULL ORDER BY created_at")
    .bind(projectId)
    .all<WebhookRow>();
  return results.map(toTarget);
}

/** The project's live webhooks and triggers, secrets included: for signing deliveries only. */
export async function webhookTargets(db: D1Database, projectId: string): Promise<WebhookTarget[]> {
  const [hooks, triggers] = await Promise.all([webhookRows(db, projectId), triggerRows(db, projectId)]);
  return [
    ...hooks,
    ...triggers.map((row): WebhookTarget => ({
      kind: "trigger",
      id: row.id,
      url: row.webhook_url,
      event: row.event,
      server_id: row.server_id,
      secret: row.secret,
    })),
  ];
}

export async function listWebhooks(db: D1Database, projectId: string): Promise<Webhook[]> {
  return (await webhookRows(db, projectId)).map(withoutSecret);
}

async function requireWebhook(db: D1Database, projectId: string, id: string) {
  const row = await db.prepare("SELECT id FROM webhooks WHERE id = ? AND project_id = ? AND deleted_at IS NULL").bind(id, projectId).first();
  if (!row) throw new ApiError(404, "webhook_not_found", `Webhook ${id} not found`);
}

export async function deleteWebhook(db: D1Database, projectId: string, id: string) {
  await requireWebhook(db, projectId, id);
  await db.prepare("UPDATE webhooks SET deleted_at = ? WHERE id = ?").bind(new Date().toISOString(), id).run();
}

const TRIGGER_COLUMNS = "id, name, event, webhook_url, server_id, created_at, secret";
const TRIGGER_SECRET_CHARS = 32;

/** Stored event names are read through the schema: a row this version cannot deliver fails loudly, not silently. */
function decodeTrigger(row: TriggerRecord): TriggerRow {
  const event = TriggerEventType.safeParse(row.event);
  if (!event.success) throw new Error(`The stored trigger ${row.id} has an unknown event ${row.event}`);
  return { ...row, event: event.data };
}

const withoutTriggerSecret = ({ id, name, event, webhook_url, server_id, created_at }: TriggerRow): Trigger => ({
  id,
  name,
  event,
  webhook_url,
  server_id,
  created_at,
});

async function triggerRows(db: D1Database, projectId: string, id?: string): Promise<TriggerRow[]> {
  const byId = id === undefined ? "" : " AND id = ?";
  const statement = db.prepare(`SELECT ${TRIGGER_COLUMNS} FROM triggers WHERE project_id = ? AND deleted_at IS NULL${byId} ORDER BY created_at, id`);
  const { results } = await (id === undefined ? statement.bind(projectId) : statement.bind(projectId, id)).all<TriggerRecord>();
  return results.map(decodeTrigger);
}

/** The only answer that carries the secret: the caller stores it now or deletes and creates again. */
export async function createTrigger(db: D1Database, orgId: string, projectId: string, input: TriggerCreate): Promise<Trigger & { secret: string }> {
  const row: TriggerRow = {
    id: `trg_${randomHex(8)}`,
    name: input.name,
    event: input.event,
    webhook_url: input.webhook_url,
    server_id: input.server_id ?? null,
    created_at: new Date().toISOString(),
    secret: `whsec_${randomBase62(TRIGGER_SECRET_CHARS)}`,
  };
  await db
    .prepare("INSERT INTO triggers (id, org_id, project_id, name, event, webhook_url, server_id, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(row.id, orgId, projectId, row.name, row.event, row.webhook_url, row.server_id, row.secret, row.created_at)
    .run();
  return { ...withoutTriggerSecret(row), secret: row.secret };
}

export async function listTriggers(db: D1Database, projectId: string): Promise<Trigger[]> {
  return (await triggerRows(db, projectId)).map(withoutTriggerSecret);
}

/** Another project's trigger is as absent as one never made: 404 either way. */
export async function getTrigger(db: D1Database, projectId: string, id: string): Promise<Trigger> {
  const [row] = await triggerRows(db, projectId, id);
  if (!row) throw new ApiError(404, "trigger_not_found", `Trigger ${id} not found`);
  return withoutTriggerSecret(row);
}

/** Sessions stop delivering to it at their next outbox run; its pending deliveries are dropped. */
export async function deleteTrigger(db: D1Database, projectId: string, id: string): Promise<void> {
  await getTrigger(db, projectId, id);
  await db.prepare("UPDATE triggers SET deleted_at = ? WHERE id = ? AND project_id = ?").bind(new Date().toISOString(), id, projectId).run();
}

export async function listTriggerDeliveries(db: D1Database, projectId: string, id: string, limit: number): Promise<WebhookDelivery[]> {
  await getTrigger(db, projectId, id);
  return deliveriesOf(db, id, limit);
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
  return deliveriesOf(db, id, limit);
}

async function deliveriesOf(db: D1Database, targetId: string, limit: number): Promise<WebhookDelivery[]> {
  const { results } = await db
    .prepare(
      "SELECT id, session_id, event_id, event_type, attempt, outcome, status_code, error, duration_ms, created_at FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
    )
    .bind(targetId, limit)
    .all<WebhookDelivery>();
  return results;
}
