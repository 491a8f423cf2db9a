// Row shapes of the D1 tenancy tables and their mapping to API objects.
import { DEFAULT_USER_ID } from "../shared/schemas/connections";
import type { Environment } from "../shared/ids";
import { RuntimeConfig } from "../shared/schemas/runtime";
import type { ApiKey, Project } from "../shared/schemas/tenancy";
import { decodeStored } from "../shared/stored-json";
import type { SessionRow, SessionStatus } from "../shared/schemas/sessions";

export interface ProjectRecord {
  id: string;
  org_id: string;
  name: string;
  slug: string;
  environment: Environment;
  is_default: number;
  created_at: string;
  default_runtime: string | null;
}

export interface ApiKeyRecord {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  environment: Environment;
  /** JSON array of scope strings (src/lib/scopes.ts). */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionRecord {
  id: string;
  org_id: string;
  project_id: string;
  user_id: string | null;
  servers: string;
  status: SessionStatus;
  created_at: string;
  closed_at: string | null;
}

export const toProject = (row: ProjectRecord): Project => ({
  ...row,
  is_default: row.is_default === 1,
  default_runtime: row.default_runtime ? decodeStored(RuntimeConfig, row.default_runtime, "project runtime") : null,
});

export const toApiKey = (row: ApiKeyRecord): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  environment: row.environment,
  scopes: parseScopes(row.scopes),
  created_at: row.created_at,
  last_used_at: row.last_used_at,
  revoked_at: row.revoked_at,
});

/** Stored scopes; anything unreadable grants nothing rather than everything. */
export function parseScopes(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
  } catch {
    return [];
  }
}

/** Sessions indexed before user ids were always strings have null: they belong to the default user. */
export const toSessionRow = (row: SessionRecord): SessionRow => ({ ...row, user_id: row.user_id ?? DEFAULT_USER_ID, servers: parseServers(row.servers) });

function parseServers(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
}
