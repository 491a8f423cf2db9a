// The project's outbound triggers (CodeSpar's /v1/triggers): create (the whsec_ secret shown once),
// list, get, delete, and their delivery log. Deliveries go through the session webhook outbox.
import { createRoute, z } from "@hono/zod-openapi";
import { getServer } from "../db/servers";
import { createTrigger, deleteTrigger, getTrigger, listTriggerDeliveries, listTriggers } from "../db/webhooks";
import { ApiError } from "../lib/errors";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { checkUpstream, loopbackAllowed } from "../shared/destinations/guard";
import { BUILT_IN_SERVER, Trigger, TriggerCreate, TriggerCreated, TriggerList } from "../shared/schemas/triggers";
import { WebhookDeliveryList } from "../shared/schemas/webhooks";
import { scoped } from "../middleware/scope";

const IdParam = z.object({ id: z.string().max(64).meta({ example: "trg_0123456789abcdef" }) });
export const triggers = createRouter();

// A trigger is a webhook target with CodeSpar's signature and one event: the webhooks scopes cover it.
triggers.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Triggers"],
    summary: "Create an outbound trigger; the answer carries its whsec_ signing secret, shown this once",
    ...scoped("webhooks", "write"),
    request: jsonBody(TriggerCreate),
    responses: {
      201: json(TriggerCreated, "Created; store the secret now, it is never shown again"),
      400: ERR[400],
      401: ERR[401],
      404: ERR[404],
    },
  }),
  async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    // Deliveries POST to this URL from inside our network: the same destinations rule as webhooks.
    const verdict = checkUpstream(new URL(body.webhook_url), loopbackAllowed(c.env));
    if (!verdict.ok) throw new ApiError(400, "url_not_allowed", `webhook_url: ${verdict.reason}`);
    // A filter naming no server of the project would silently never fire: refuse it now.
    if (body.server_id !== undefined && body.server_id !== BUILT_IN_SERVER) await getServer(c.env.DB, principal.project.id, body.server_id);
    return c.json(await createTrigger(c.env.DB, principal.orgId, principal.project.id, body), 201);
  },
);

triggers.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Triggers"],
    summary: "List this project's triggers, oldest first (secrets are never shown)",
    ...scoped("webhooks", "read"),
    responses: { 200: json(TriggerList, "Triggers"), 401: ERR[401] },
  }),
  async (c) => {
    const rows = await listTriggers(c.env.DB, c.get("principal").project.id);
    return c.json({ data: rows, triggers: rows }, 200);
  },
);

triggers.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["Triggers"],
    summary: "Get one trigger (without its secret)",
    ...scoped("webhooks", "read"),
    request: { params: IdParam },
    responses: { 200: json(Trigger, "The trigger"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => c.json(await getTrigger(c.env.DB, c.get("principal").project.id, c.req.valid("param").id), 200),
);

triggers.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["Triggers"],
    summary: "Delete a trigger; its pending deliveries are dropped",
    ...scoped("webhooks", "write"),
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    await deleteTrigger(c.env.DB, c.get("principal").project.id, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

triggers.openapi(
  createRoute({
    method: "get",
    path: "/{id}/deliveries",
    tags: ["Triggers"],
    summary: "The trigger's delivery log, newest first: one row per attempt",
    ...scoped("webhooks", "read"),
    request: { params: IdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    responses: { 200: json(WebhookDeliveryList, "Attempts"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const deliveries = await listTriggerDeliveries(c.env.DB, c.get("principal").project.id, c.req.valid("param").id, c.req.valid("query").limit);
    return c.json({ deliveries }, 200);
  },
);
