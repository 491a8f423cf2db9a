// POST /v1/webhooks/inbound/:server_id/:connection_id: a provider's webhook for one of a project's
// servers. Public (no API key; src/middleware/auth.ts exempts the prefix): the connection names the
// project, and the body must carry `X-Webhook-Signature: sha256=<hex HMAC-SHA256(webhook_secret,
// raw body)>` with the server's webhook_secret. The raw body is kept; its events are normalized
// (src/shared/provider-events.ts) and stored once each, for the tool-call status routes.
// In /openapi.json under the webhookSignature scheme; the body is read raw (the signature covers
// its bytes), so the route declares no body schema for the framework to parse.
import { findConnection } from "../db/connections";
import { correlatedToolCalls, storeDelivery } from "../db/provider-events";
import { getServer, openWebhookSecret } from "../db/servers";
import { sha256Hex } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { INBOUND_SIGNATURE_HEADER, verifyInboundSignature } from "../lib/inbound-signature";
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, ERR, json } from "../lib/router";
import { jsonDepth, MAX_JSON_DEPTH } from "../middleware/json-depth";
import { normalizeInbound } from "../shared/provider-events";
import { InboundWebhookReply } from "../shared/schemas/tool-status";
import { SERVER_ID } from "../shared/schemas/servers";

const MAX_ID_CHARS = 64;

export const inboundWebhooks = createRouter();

const endpointNotFound = () => new ApiError(404, "webhook_endpoint_not_found", "No such server and connection to receive webhooks for");

/** The connection's project, when the connection is of this server and the server is still registered there. */
async function target(db: D1Database, serverId: string, connectionId: string) {
  if (!SERVER_ID.test(serverId) || serverId.length > MAX_ID_CHARS || connectionId.length > MAX_ID_CHARS) throw endpointNotFound();
  const connection = await findConnection(db, connectionId);
  if (!connection || connection.server_id !== serverId) throw endpointNotFound();
  try {
    await getServer(db, connection.project_id, serverId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw endpointNotFound();
    throw error;
  }
  return { orgId: connection.org_id, projectId: connection.project_id, serverId, connectionId };
}

function parseBody(bytes: Uint8Array, raw: string): unknown {
  // Checked here whatever the Content-Type, since the depth middleware looks only at JSON types.
  if (jsonDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ApiError(400, "json_too_deep", `The JSON body nests arrays/objects more than ${MAX_JSON_DEPTH} levels deep`);
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
}

inboundWebhooks.openapi(
  createRoute({
    method: "post",
    path: "/{server_id}/{connection_id}",
    tags: ["Tool calls"],
    summary: "A provider's webhook for one connection of a server (signed with the server's webhook_secret; no API key)",
    security: [{ webhookSignature: [] }],
    // Ids are checked in the handler, so a malformed one is the same 404 as an unknown one.
    request: { params: z.object({ server_id: z.string(), connection_id: z.string() }) },
    responses: { 200: json(InboundWebhookReply, "Received; each event stored once and matched to tool calls"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const found = await target(c.env.DB, c.req.valid("param").server_id, c.req.valid("param").connection_id);
    const secret = await openWebhookSecret(c.env, found.projectId, found.serverId);
    if (secret === null) {
      throw new ApiError(
        401,
        "webhook_secret_not_configured",
        `Server ${found.serverId} has no webhook_secret to verify its webhooks with (or it cannot be opened); register it with one`,
      );
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (!(await verifyInboundSignature(secret, bytes, c.req.header(INBOUND_SIGNATURE_HEADER)))) {
      throw new ApiError(
        401,
        "webhook_signature_invalid",
        `${INBOUND_SIGNATURE_HEADER} must be sha256=<hex HMAC-SHA256 of the raw body with the server's webhook_secret>`,
      );
    }
    const raw = new TextDecoder().decode(bytes);
    const normalized = normalizeInbound(parseBody(bytes, raw), found.serverId);
    if (!normalized.ok) throw new ApiError(400, "validation_failed", `Invalid body: ${normalized.reason}`);
    const incoming = await Promise.all(
      normalized.events.map(async ({ event, item }) => ({
        event,
        dedupeKey: event.provider_event_id ? `event:${event.provider_event_id}` : `sha256:${await sha256Hex(JSON.stringify(item))}`,
      })),
    );
    const stored = await storeDelivery(c.env.DB, found, { body: raw, contentType: c.req.header("content-type") ?? null }, incoming);
    const matches = await correlatedToolCalls(
      c.env.DB,
      found.projectId,
      found.serverId,
      incoming.map(({ event }) => event),
    );
    const reply: InboundWebhookReply = {
      received: incoming.length,
      events: incoming.map(({ event }, i) => ({
        id: stored[i]?.id ?? "",
        event_type: event.event_type,
        kind: event.kind,
        status: event.status,
        duplicate: stored[i]?.duplicate ?? false,
        tool_call_ids: matches[i] ?? [],
      })),
    };
    return c.json(reply, 200);
  },
);
