// The project's webhooks (gateway- or flamecast-signed) and their delivery log.
import { createRoute, z } from "@hono/zod-openapi";
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks } from "../db/webhooks";
import { ApiError } from "../lib/errors";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { checkUpstream, loopbackAllowed } from "../shared/destinations/guard";
import { Webhook, WebhookCreate, WebhookDeliveryList, WebhookList } from "../shared/schemas/webhooks";
import { scoped } from "../middleware/scope";

const IdParam = z.object({ id: z.string() });
export const webhooks = createRouter();

webhooks.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Webhooks"],
    summary: "Register a webhook for this project (events default to all four kinds; signature to gateway)",
    description:
      'signature "gateway" signs X-Gateway-Signature over the gateway\'s body; "flamecast" sends @flamecast/protocol\'s WebhookPayload signed X-Flamecast-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>, a finished turn as end_turn.',
    ...scoped("webhooks", "write"),
    request: jsonBody(WebhookCreate),
    responses: { 201: json(Webhook, "Registered; the secret is never shown again"), 400: ERR[400], 401: ERR[401] },
  }),
  async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    // Deliveries POST to this URL from inside our network: the same destinations rule as MCP servers.
    const verdict = checkUpstream(new URL(body.url), loopbackAllowed(c.env));
    if (!verdict.ok) throw new ApiError(400, "url_not_allowed", `url: ${verdict.reason}`);
    return c.json(await createWebhook(c.env.DB, principal.orgId, principal.project.id, body), 201);
  },
);

webhooks.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Webhooks"],
    summary: "List this project's webhooks",
    ...scoped("webhooks", "read"),
    responses: { 200: json(WebhookList, "Webhooks"), 401: ERR[401] },
  }),
  async (c) => c.json({ webhooks: await listWebhooks(c.env.DB, c.get("principal").project.id) }, 200),
);

webhooks.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["Webhooks"],
    summary: "Delete a webhook; its pending deliveries are dropped",
    ...scoped("webhooks", "write"),
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    await deleteWebhook(c.env.DB, c.get("principal").project.id, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

webhooks.openapi(
  createRoute({
    method: "get",
    path: "/{id}/deliveries",
    tags: ["Webhooks"],
    summary: "The delivery log, newest first: one row per attempt",
    ...scoped("webhooks", "read"),
    request: { params: IdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    responses: { 200: json(WebhookDeliveryList, "Attempts"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const deliveries = await listWebhookDeliveries(c.env.DB, c.get("principal").project.id, c.req.valid("param").id, c.req.valid("query").limit);
    return c.json({ deliveries }, 200);
  },
);
