// API keys of the caller's organization: create (full key shown once), list, revoke.
import { createRoute, z } from "@hono/zod-openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "../db/tenancy";
import { forgetResolvedKeys } from "../middleware/auth";
import { BEARER, createRouter, ERR, json, jsonBody } from "../lib/router";
import { ApiKeyCreate, ApiKeyCreated, ApiKeyList } from "../schemas/tenancy";

export const apiKeys = createRouter();

apiKeys.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["API keys"],
    summary: "List API keys (never the keys themselves)",
    security: BEARER,
    responses: { 200: json(ApiKeyList, "The organization's keys"), 401: ERR[401] },
  }),
  async (c) => c.json({ keys: await listApiKeys(c.env.DB, c.get("principal").orgId) }, 200),
);

apiKeys.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["API keys"],
    summary: "Create an API key; `env` defaults to the current project's environment",
    security: BEARER,
    request: jsonBody(ApiKeyCreate),
    responses: { 201: json(ApiKeyCreated, "Created; full_key is shown only here"), 400: ERR[400], 401: ERR[401] },
  }),
  async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    return c.json(await createApiKey(c.env.DB, principal.orgId, body.name, body.env ?? principal.project.environment), 201);
  },
);

apiKeys.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["API keys"],
    summary: "Revoke an API key (idempotent; effective at once)",
    security: BEARER,
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: "Revoked" }, 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    await revokeApiKey(c.env.DB, c.get("principal").orgId, c.req.valid("param").id);
    forgetResolvedKeys();
    return c.body(null, 204);
  },
);
