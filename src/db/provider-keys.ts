// D1 queries for a project's own model-provider keys, and the one place they are sealed and opened.
import type { ProjectProviderKey } from "../../durable-objects/session/ports";
import type { Env } from "../env";
import { decryptCredentials, encryptCredentials, requireCredentialsKey } from "../lib/credentials";
import { ApiError } from "../lib/errors";
import type { NetworkProvider, ProviderKey } from "../shared/schemas/provider-keys";

type ProviderKeyRecord = { provider: NetworkProvider; credentials: string; created_at: string; updated_at: string };

const sealContext = (projectId: string, provider: NetworkProvider) => `${projectId}/provider/${provider}`;
const toProviderKey = (row: ProviderKeyRecord): ProviderKey => ({
  provider: row.provider,
  configured: true,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export async function putProviderKey(env: Env, orgId: string, projectId: string, provider: NetworkProvider, apiKey: string): Promise<ProviderKey> {
  const sealed = await encryptCredentials(requireCredentialsKey(env.SERVER_CREDENTIALS_KEY), sealContext(projectId, provider), apiKey);
  const now = new Date().toISOString();
  const row = await env.DB.prepare(
    `INSERT INTO provider_keys (project_id, provider, org_id, credentials, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
     ON CONFLICT (project_id, provider) DO UPDATE SET credentials = excluded.credentials, updated_at = excluded.updated_at
     RETURNING provider, credentials, created_at, updated_at`,
  )
    .bind(projectId, provider, orgId, sealed, now)
    .first<ProviderKeyRecord>();
  if (!row) throw new Error("provider key upsert returned no row");
  return toProviderKey(row);
}

export async function listProviderKeys(db: D1Database, projectId: string): Promise<ProviderKey[]> {
  const { results } = await db
    .prepare("SELECT provider, credentials, created_at, updated_at FROM provider_keys WHERE project_id = ? ORDER BY provider")
    .bind(projectId)
    .all<ProviderKeyRecord>();
  return results.map(toProviderKey);
}

export async function deleteProviderKey(db: D1Database, projectId: string, provider: NetworkProvider): Promise<void> {
  const row = await db.prepare("DELETE FROM provider_keys WHERE project_id = ? AND provider = ? RETURNING provider").bind(projectId, provider).first();
  if (!row) throw new ApiError(404, "provider_key_not_found", `This project has no ${provider} key`);
}

export async function hasProviderKey(db: D1Database, projectId: string, provider: NetworkProvider): Promise<boolean> {
  return (await db.prepare("SELECT 1 FROM provider_keys WHERE project_id = ? AND provider = ?").bind(projectId, provider).first()) !== null;
}

/**
 * The project's own key for a turn. "unreadable" means it was sealed under another
 * SERVER_CREDENTIALS_KEY: the turn then fails rather than falling back to the operator's key.
 */
export async function openProviderKey(env: Env, projectId: string, provider: NetworkProvider): Promise<ProjectProviderKey> {
  const row = await env.DB.prepare("SELECT credentials FROM provider_keys WHERE project_id = ? AND provider = ?")
    .bind(projectId, provider)
    .first<{ credentials: string }>();
  if (!row) return { kind: "absent" };
  const apiKey = env.SERVER_CREDENTIALS_KEY ? await decryptCredentials(env.SERVER_CREDENTIALS_KEY, sealContext(projectId, provider), row.credentials) : null;
  return apiKey === null ? { kind: "unreadable" } : { kind: "key", apiKey };
}
