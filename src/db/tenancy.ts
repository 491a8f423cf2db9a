// D1 queries for organizations, projects and API keys. Keys are looked up by their SHA-256 hash.
// Every query a key makes is bounded to its organization and environment (a `Realm`): another
// environment's projects and keys are as invisible to it as another organization's.
import { sha256Hex } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { apiKeyPrefix, newApiKey, newApiKeyId, newOrganizationId, newProjectId, randomHex, type Environment } from "../shared/ids";
import { FULL_ACCESS } from "../shared/scopes";
import type { ProjectUpdate } from "../shared/schemas/tenancy";
import { parseScopes, toApiKey, toProject, type ApiKeyRecord, type ProjectRecord } from "./rows";

const PROJECT_COLUMNS = "id, org_id, name, slug, environment, is_default, created_at, default_runtime";
const KEY_COLUMNS = "id, org_id, name, prefix, environment, scopes, created_at, last_used_at, revoked_at";

/** What a key may manage: its organization, in its own environment. */
export interface Realm {
  orgId: string;
  environment: Environment;
}

export const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63) || "project";

/** Everything auth needs in one query: the key, its organization and the selected project. */
export interface PrincipalRecord {
  key_id: string;
  key_hash: string;
  key_environment: Environment;
  scopes: string;
  revoked_at: string | null;
  last_used_at: string | null;
  org_id: string;
  org_name: string;
  project_id: string | null;
  project_name: string | null;
  project_environment: Environment | null;
  project_runtime: string | null;
}

export function findPrincipal(db: D1Database, keyHash: string, projectId: string | null) {
  return db
    .prepare(
      `SELECT k.id AS key_id, k.key_hash, k.environment AS key_environment, k.scopes, k.revoked_at, k.last_used_at,
              o.id AS org_id, o.name AS org_name,
              p.id AS project_id, p.name AS project_name, p.environment AS project_environment,
              p.default_runtime AS project_runtime
         FROM api_keys k
         JOIN organizations o ON o.id = k.org_id
         LEFT JOIN projects p ON p.org_id = k.org_id AND p.deleted_at IS NULL
              AND (p.id = ?2 OR (?2 IS NULL AND p.is_default = 1 AND p.environment = k.environment))
        WHERE k.key_hash = ?1`,
    )
    .bind(keyHash, projectId)
    .first<PrincipalRecord>();
}

export function touchApiKey(db: D1Database, keyId: string, now: string) {
  return db.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").bind(now, keyId).run();
}

function insertProject(db: D1Database, orgId: string, name: string, slug: string, environment: Environment, isDefault: boolean) {
  const record: ProjectRecord = {
    id: newProjectId(),
    org_id: orgId,
    name,
    slug,
    environment,
    is_default: isDefault ? 1 : 0,
    created_at: new Date().toISOString(),
    default_runtime: null,
  };
  const statement = db
    .prepare(`INSERT INTO projects (${PROJECT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`)
    .bind(record.id, record.org_id, record.name, record.slug, record.environment, record.is_default, record.created_at);
  return { record, statement };
}

async function insertApiKey(db: D1Database, realm: Realm, name: string, scopes: readonly string[], fullKey = newApiKey(realm.environment)) {
  const record: ApiKeyRecord = {
    id: newApiKeyId(),
    org_id: realm.orgId,
    name,
    prefix: apiKeyPrefix(fullKey),
    environment: realm.environment,
    scopes: JSON.stringify(scopes),
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  const statement = db
    .prepare(`INSERT INTO api_keys (id, org_id, name, prefix, key_hash, environment, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .bind(record.id, record.org_id, name, record.prefix, await sha256Hex(fullKey), record.environment, record.scopes, record.created_at);
  return { created: { ...toApiKey(record), full_key: fullKey }, statement };
}

export async function createOrganization(db: D1Database, input: { name: string; project_name: string; environment: Environment; key_name: string }) {
  const organization = { id: newOrganizationId(), name: input.name, created_at: new Date().toISOString() };
  const project = insertProject(db, organization.id, input.project_name, slugify(input.project_name), input.environment, true);
  const key = await insertApiKey(db, { orgId: organization.id, environment: input.environment }, input.key_name, [FULL_ACCESS]);
  await db.batch([
    db.prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)").bind(organization.id, organization.name, organization.created_at),
    project.statement,
    key.statement,
  ]);
  return { organization, project: toProject(project.record), api_key: key.created };
}

export async function listProjects(db: D1Database, realm: Realm) {
  const { results } = await db
    .prepare(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE org_id = ? AND environment = ? AND deleted_at IS NULL ORDER BY created_at, id`)
    .bind(realm.orgId, realm.environment)
    .all<ProjectRecord>();
  return results.map(toProject);
}

export async function getProject(db: D1Database, realm: Realm, projectId: string) {
  const row = await db
    .prepare(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE org_id = ? AND environment = ? AND id = ? AND deleted_at IS NULL`)
    .bind(realm.orgId, realm.environment, projectId)
    .first<ProjectRecord>();
  if (!row) throw new ApiError(404, "project_not_found", `Project ${projectId} not found`);
  return toProject(row);
}

export async function createProject(db: D1Database, realm: Realm, input: { name: string; slug?: string }) {
  const slug = input.slug ?? slugify(input.name);
  const { record, statement } = insertProject(db, realm.orgId, input.name, slug, realm.environment, false);
  try {
    await statement.run();
  } catch (error) {
    if (String(error).includes("UNIQUE")) {
      throw new ApiError(409, "project_slug_taken", `A project with slug "${slug}" already exists`);
    }
    throw error;
  }
  return toProject(record);
}

export async function updateProject(db: D1Database, realm: Realm, projectId: string, patch: ProjectUpdate) {
  const project = await getProject(db, realm, projectId);
  const runtime = patch.default_runtime === undefined ? undefined : patch.default_runtime && JSON.stringify(patch.default_runtime);
  const update = db
    .prepare(
      "UPDATE projects SET name = COALESCE(?1, name), slug = COALESCE(?2, slug), default_runtime = CASE WHEN ?3 THEN ?4 ELSE default_runtime END WHERE id = ?5",
    )
    .bind(patch.name ?? null, patch.slug ?? null, runtime !== undefined ? 1 : 0, runtime ?? null, projectId);
  // One default per organization and environment (a unique index): the old one steps down in the same batch.
  const statements =
    patch.is_default && !project.is_default
      ? [
          db
            .prepare("UPDATE projects SET is_default = 0 WHERE org_id = ? AND environment = ? AND is_default = 1 AND deleted_at IS NULL")
            .bind(realm.orgId, project.environment),
          db.prepare("UPDATE projects SET is_default = 1 WHERE id = ?").bind(projectId),
          update,
        ]
      : [update];
  try {
    await db.batch(statements);
  } catch (error) {
    if (patch.slug !== undefined && String(error).includes("UNIQUE")) {
      throw new ApiError(409, "project_slug_taken", `A project with slug "${patch.slug}" already exists`);
    }
    throw error;
  }
  return getProject(db, realm, projectId);
}

/** Soft delete: the project's sessions stay stored but become unreachable with its id. */
export async function deleteProject(db: D1Database, realm: Realm, projectId: string) {
  const project = await getProject(db, realm, projectId);
  if (project.is_default) {
    throw new ApiError(409, "default_project", "The default project cannot be deleted");
  }
  await db.prepare("UPDATE projects SET deleted_at = ? WHERE id = ?").bind(new Date().toISOString(), projectId).run();
}

export async function listApiKeys(db: D1Database, realm: Realm) {
  const { results } = await db
    .prepare(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE org_id = ? AND environment = ? ORDER BY created_at, id`)
    .bind(realm.orgId, realm.environment)
    .all<ApiKeyRecord>();
  return results.map(toApiKey);
}

export async function createApiKey(db: D1Database, realm: Realm, name: string, scopes: readonly string[], fullKey?: string) {
  const key = await insertApiKey(db, realm, name, scopes, fullKey);
  await key.statement.run();
  return key.created;
}

/**
 * The operator's way into another environment of an organization (e.g. its first live key): a key
 * with `scopes`, and the environment's default project if it has none yet.
 */
export async function createEnvironmentKey(db: D1Database, realm: Realm, name: string, scopes: readonly string[]) {
  const org = await db.prepare("SELECT id FROM organizations WHERE id = ?").bind(realm.orgId).first<{ id: string }>();
  if (!org) throw new ApiError(404, "organization_not_found", `Organization ${realm.orgId} not found`);
  const existing = await db
    .prepare(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE org_id = ? AND environment = ? AND is_default = 1 AND deleted_at IS NULL`)
    .bind(realm.orgId, realm.environment)
    .first<ProjectRecord>();
  const key = await insertApiKey(db, realm, name, scopes);
  if (existing) {
    await key.statement.run();
    return { project: toProject(existing), api_key: key.created };
  }
  const slug = `default-${realm.environment}`;
  const taken = await db.prepare("SELECT 1 FROM projects WHERE org_id = ? AND slug = ? AND deleted_at IS NULL").bind(realm.orgId, slug).first();
  const project = insertProject(db, realm.orgId, "Default", taken ? `${slug}-${randomHex(3)}` : slug, realm.environment, true);
  await db.batch([project.statement, key.statement]);
  return { project: toProject(project.record), api_key: key.created };
}

/**
 * Idempotent: revoking a revoked key keeps its first revocation time. `mayRevoke` sees the key's
 * scopes first (a key may revoke only keys it covers). Returns the key's hash.
 */
export async function revokeApiKey(db: D1Database, realm: Realm, keyId: string, mayRevoke: (scopes: string[]) => void) {
  const target = await db
    .prepare("SELECT scopes FROM api_keys WHERE org_id = ? AND environment = ? AND id = ?")
    .bind(realm.orgId, realm.environment, keyId)
    .first<{ scopes: string }>();
  if (!target) throw new ApiError(404, "api_key_not_found", `API key ${keyId} not found`);
  mayRevoke(parseScopes(target.scopes));
  const row = await db
    .prepare("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE org_id = ? AND environment = ? AND id = ? RETURNING key_hash")
    .bind(new Date().toISOString(), realm.orgId, realm.environment, keyId)
    .first<{ key_hash: string }>();
  if (!row) throw new ApiError(404, "api_key_not_found", `API key ${keyId} not found`);
  return row.key_hash;
}
