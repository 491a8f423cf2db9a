// API keys of the caller's organization and environment: create (full key shown once), list, revoke.
import { createRoute, z } from "@hono/zod-openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "../db/tenancy";
import { ApiError } from "../lib/errors";
import { covers } from "../shared/scopes";
import { callerRealm, forgetResolvedKeys, ownEnvironment } from "../middleware/auth";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { ApiKeyCreate, ApiKeyCreated, ApiKeyList } from "../shared/schemas/tenancy";
import { scoped } from "../middleware/scope";

export const apiKeys = createRouter();

/** A key may grant, or revoke, only what its own scopes cover: never more power than itself. */
function withinCaller(held: readonly string[], scopes: readonly string[], verb: "grant" | "revoke"): void {
  const beyond = scopes.filter((scope) => !covers(held, scope));
  if (beyond.length === 0) return;
  const what = verb === "grant" ? "grant more than it holds" : "revoke a key with more power than itself";
  throw new ApiError(403, "insufficient_scope", `A key cannot ${what}: this key does not hold ${beyond.join(", ")}`);
}

apiKeys.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["API keys"],
    summary: "List API keys (never the keys themselves)",
    ...scoped("keys", "read"),
    responses: { 200: json(ApiKeyList, "The organization's keys"), 401: ERR[401] },
  }),
  async (c) => c.json({ keys: await listApiKeys(c.env.DB, callerRealm(c)) }, 200),
);

apiKeys.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["API keys"],
    summary: "Create an API key in the caller's environment, with at most the caller's scopes (by default exactly those)",
    ...scoped("keys", "write"),
    request: jsonBody(ApiKeyCreate),
    responses: { 201: json(ApiKeyCreated, "Created; full_key is shown only here"), 400: ERR[400], 401: ERR[401], 403: ERR[403] },
  }),
  async (c) => {
    const body = c.req.valid("json");
    ownEnvironment(c, body.env);
    const scopes = body.scopes ?? c.get("principal").scopes;
    withinCaller(c.get("principal").scopes, scopes, "grant");
    return c.json(await createApiKey(c.env.DB, callerRealm(c), body.name, [...new Set(scopes)]), 201);
  },
);

apiKeys.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["API keys"],
    summary: "Revoke an API key (idempotent; effective at once); only a key the caller's scopes cover",
    ...scoped("keys", "write"),
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: "Revoked" }, 401: ERR[401], 403: ERR[403], 404: ERR[404] },
  }),
  async (c) => {
    await revokeApiKey(c.env.DB, callerRealm(c), c.req.valid("param").id, (target) => withinCaller(c.get("principal").scopes, target, "revoke"));
    forgetResolvedKeys();
    return c.body(null, 204);
  },
);
