// Bearer auth: API keys everywhere under /v1 (viewer tokens on the few routes viewer-auth.ts allows).
// An API key resolves the caller's organization, key and project (x-codespar-project,
// else the organization's default). Resolutions are cached per isolate for AUTH_CACHE_TTL_S, which
// bounds how long a revoked key keeps working on other isolates; the revoking isolate forgets at once.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { parseScopes } from "../db/rows";
import { findPrincipal, touchApiKey, type Realm } from "../db/tenancy";
import type { AppEnv, Env, Principal } from "../env";
import { constantTimeEqual, sha256Hex } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { RuntimeConfig } from "../shared/schemas/runtime";
import { decodeStored } from "../shared/stored-json";
import type { Environment } from "../shared/ids";
import { resolveViewer } from "./viewer-auth";

const PROJECT_HEADER = /^prj_[A-Za-z0-9]{16}$/;
/** last_used_at is written at most this often per key, so busy keys do not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

const MAX_CACHED_KEYS = 10_000;
const cache = new Map<string, { principal: Principal; expiresAtMs: number }>();

/** Forget every cached resolution (after a key is revoked or a project deleted in this isolate). */
export const forgetResolvedKeys = () => cache.clear();

const unauthorized = () => new ApiError(401, "unauthorized", "Missing or invalid API key: send Authorization: Bearer csk_...");

async function resolve(db: D1Database, keyHash: string, projectId: string | null): Promise<Principal> {
  const row = await findPrincipal(db, keyHash, projectId);
  // The lookup is by hash; the constant-time check keeps the final comparison free of timing signal.
  if (!row || row.revoked_at !== null || !(await constantTimeEqual(row.key_hash, keyHash))) throw unauthorized();
  if (!row.project_id || !row.project_name || row.project_environment !== row.key_environment) {
    const which = projectId ?? "The default project";
    throw new ApiError(404, "project_not_found", projectId ? `Project ${which} not found` : `${which} is not available to a ${row.key_environment} key`);
  }
  return {
    orgId: row.org_id,
    orgName: row.org_name,
    keyId: row.key_id,
    keyHash,
    keyEnvironment: row.key_environment,
    scopes: parseScopes(row.scopes),
    keyLastUsedAt: row.last_used_at,
    project: {
      id: row.project_id,
      name: row.project_name,
      environment: row.project_environment,
      defaultRuntime: row.project_runtime ? decodeStored(RuntimeConfig, row.project_runtime, "project runtime") : null,
    },
  };
}

/**
 * The principal of an API key (`csk_...`) in `projectId` (null: the organization's default project),
 * through the per-isolate cache; 401 for an unknown or revoked key. Also what the shortener checks a
 * token with.
 */
export async function principalForKey(env: Env, token: string, projectId: string | null): Promise<Principal> {
  const keyHash = await sha256Hex(token);
  const cacheKey = `${keyHash}|${projectId ?? ""}`;
  const now = Date.now();
  const cached = cache.get(cacheKey);
  if (cached && cached.expiresAtMs > now) return cached.principal;
  const principal = await resolve(env.DB, keyHash, projectId);
  if (cache.size >= MAX_CACHED_KEYS) cache.clear();
  cache.set(cacheKey, { principal, expiresAtMs: now + Number(env.AUTH_CACHE_TTL_S) * 1000 });
  return principal;
}

/** The organization and environment the caller's key manages (src/db/tenancy.ts queries are bounded to it). */
export const callerRealm = (c: Context<AppEnv>): Realm => ({ orgId: c.get("principal").orgId, environment: c.get("principal").keyEnvironment });

/** A key acts only in its own environment: naming another one is refused, not silently redirected. */
export function ownEnvironment(c: Context<AppEnv>, requested: Environment | undefined): Environment {
  const own = c.get("principal").keyEnvironment;
  if (requested !== undefined && requested !== own) {
    throw new ApiError(403, "environment_not_allowed", `A csk_${own}_ key manages only the ${own} environment; use a ${requested} key for ${requested}`);
  }
  return own;
}

/** Provider webhooks carry no API key: their signature, checked by the route, is their credential. */
const PUBLIC_PREFIX = "/v1/webhooks/inbound/";

export const apiKeyAuth = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.path.startsWith(PUBLIC_PREFIX)) return next();
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (bearer && !bearer.startsWith("csk_") && bearer.split(".").length === 3) {
    const resolved = await resolveViewer(c, bearer);
    c.set("principal", resolved.principal);
    c.set("viewer", resolved.viewer);
    return next();
  }
  const token = bearer?.startsWith("csk_") ? bearer : undefined;
  if (!token) throw unauthorized();
  const header = c.req.header("x-codespar-project")?.trim() || null;
  if (header !== null && !PROJECT_HEADER.test(header)) {
    throw new ApiError(400, "invalid_project_header", "x-codespar-project must look like prj_ followed by 16 letters or digits");
  }
  const principal = await principalForKey(c.env, token, header);
  const now = Date.now();
  const lastUsed = principal.keyLastUsedAt ? Date.parse(principal.keyLastUsedAt) : 0;
  if (now - lastUsed > LAST_USED_RESOLUTION_MS) {
    principal.keyLastUsedAt = new Date(now).toISOString();
    c.executionCtx.waitUntil(touchApiKey(c.env.DB, principal.keyId, principal.keyLastUsedAt));
  }
  c.set("principal", principal);
  await next();
});
