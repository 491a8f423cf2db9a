// D1 queries for inbound provider webhooks: each verified delivery's raw body and its normalized
// events (a redelivery stored once), and the correlation of events with tool calls, both ways: by
// idempotency key / external reference anywhere in the project, by provider id within one server.
import type { ProviderEvent } from "../shared/provider-events";
import { eventStatus, type EventKind } from "../shared/provider-status";
import { randomBase62 } from "../shared/ids";
import type { ToolCallIndexEntry } from "../shared/schemas/tool-status";
import type { CorrelatedEvent } from "../shared/status-result";

export interface InboundTarget {
  orgId: string;
  projectId: string;
  serverId: string;
  connectionId: string;
}

export interface IncomingEvent {
  event: ProviderEvent;
  /** The provider's event id, else a hash of the event's body: what makes a redelivery a duplicate. */
  dedupeKey: string;
}

const EVENT_COLUMNS = [
  "event_type",
  "kind",
  "provider",
  "provider_action",
  "provider_event_id",
  "payment_id",
  "verification_id",
  "status",
  "provider_status",
  "idempotency_key",
  "external_reference",
  "hosted_url",
] as const satisfies readonly (keyof ProviderEvent)[];

const INSERT_EVENT = `INSERT INTO provider_events (id, delivery_id, org_id, project_id, server_id, connection_id, dedupe_key, ${EVENT_COLUMNS.join(", ")}, received_at)
  VALUES (${Array.from({ length: 7 + EVENT_COLUMNS.length + 1 }, () => "?").join(", ")})
  ON CONFLICT (project_id, server_id, dedupe_key) DO NOTHING`;

/** Stores the delivery and its new events; each event's id, and whether it had been received before. */
export async function storeDelivery(
  db: D1Database,
  target: InboundTarget,
  raw: { body: string; contentType: string | null },
  events: readonly IncomingEvent[],
): Promise<Array<{ id: string; duplicate: boolean }>> {
  const receivedAt = new Date().toISOString();
  const deliveryId = `iwh_${randomBase62(16)}`;
  const ids = events.map(() => `pev_${randomBase62(16)}`);
  const { orgId, projectId, serverId, connectionId } = target;
  const results = await db.batch([
    db
      .prepare(
        "INSERT INTO inbound_webhooks (id, org_id, project_id, server_id, connection_id, content_type, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(deliveryId, orgId, projectId, serverId, connectionId, raw.contentType, raw.body, receivedAt),
    ...events.map(({ event, dedupeKey }, i) =>
      db
        .prepare(INSERT_EVENT)
        .bind(ids[i], deliveryId, orgId, projectId, serverId, connectionId, dedupeKey, ...EVENT_COLUMNS.map((column) => event[column]), receivedAt),
    ),
  ]);
  const duplicates = events.map(({ dedupeKey }, i) => ((results[i + 1]?.meta.changes ?? 0) > 0 ? null : dedupeKey));
  const earlier = new Map<string, string>();
  if (duplicates.some((key) => key !== null)) {
    const { results: rows } = await db
      .prepare("SELECT id, dedupe_key FROM provider_events WHERE project_id = ? AND server_id = ? AND dedupe_key IN (SELECT value FROM json_each(?))")
      .bind(projectId, serverId, JSON.stringify(duplicates.filter((key) => key !== null)))
      .all<{ id: string; dedupe_key: string }>();
    for (const row of rows) earlier.set(row.dedupe_key, row.id);
  }
  return duplicates.map((key, i) => (key === null ? { id: ids[i] ?? "", duplicate: false } : { id: earlier.get(key) ?? ids[i] ?? "", duplicate: true }));
}

const present = (values: readonly (string | null)[]) => JSON.stringify(values.filter((value): value is string => value !== null));

type EventRecord = CorrelatedEvent & { kind: EventKind; provider_status: string | null };

type CallReferences = Pick<
  ToolCallIndexEntry,
  "project_id" | "server_id" | "idempotency_key" | "external_reference" | "provider_id" | "payment_id" | "verification_id"
>;

/**
 * The events about a call of `kind`, oldest first (the newest 100). Events whose own kind could not
 * be told apart count when their status words read as `kind` (a generic `{status: "paid"}`).
 */
export async function correlatedEvents(db: D1Database, call: CallReferences, kind: "payment" | "verification"): Promise<CorrelatedEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT kind, event_type, received_at, provider, provider_action, payment_id, verification_id, status, provider_status, hosted_url
       FROM provider_events
       WHERE project_id = ?1 AND kind IN (?2, 'other') AND (
         idempotency_key IN (SELECT value FROM json_each(?3))
         OR external_reference IN (SELECT value FROM json_each(?3))
         OR (server_id = ?4 AND (payment_id IN (SELECT value FROM json_each(?5)) OR verification_id IN (SELECT value FROM json_each(?5))))
       )
       ORDER BY seq DESC LIMIT 100`,
    )
    .bind(
      call.project_id,
      kind,
      present([call.idempotency_key, call.external_reference]),
      call.server_id,
      present([call.payment_id, call.verification_id, call.provider_id]),
    )
    .all<EventRecord>();
  const events: CorrelatedEvent[] = [];
  for (const { kind: own, provider_status: providerStatus, ...event } of results.reverse()) {
    if (own !== "other") {
      events.push(event);
      continue;
    }
    const status = eventStatus(kind, event.provider_action, providerStatus);
    if (status !== null) events.push({ ...event, status });
  }
  return events;
}

/** For each event, the tool calls it correlates with so far (the first 10 each), in one query, for the webhook's answer. */
export async function correlatedToolCalls(db: D1Database, projectId: string, serverId: string, events: readonly ProviderEvent[]): Promise<string[][]> {
  const keys = events.map((event) => ({
    refs: [event.idempotency_key, event.external_reference].filter((value) => value !== null),
    ids: [event.payment_id, event.verification_id].filter((value) => value !== null),
  }));
  const { results } = await db
    .prepare(
      `SELECT e.key AS i, t.tool_call_id FROM json_each(?2) AS e JOIN tool_call_index AS t ON t.project_id = ?1 AND (
         t.idempotency_key IN (SELECT value FROM json_each(e.value, '$.refs'))
         OR t.external_reference IN (SELECT value FROM json_each(e.value, '$.refs'))
         OR (t.server_id = ?3 AND (t.provider_id IN (SELECT value FROM json_each(e.value, '$.ids'))
             OR t.payment_id IN (SELECT value FROM json_each(e.value, '$.ids'))
             OR t.verification_id IN (SELECT value FROM json_each(e.value, '$.ids'))))
       )
       ORDER BY e.key, t.seq`,
    )
    .bind(projectId, JSON.stringify(keys), serverId)
    .all<{ i: number; tool_call_id: string }>();
  const matched = events.map((): string[] => []);
  for (const row of results) {
    const list = matched[row.i];
    if (list && list.length < 10) list.push(row.tool_call_id);
  }
  return matched;
}
