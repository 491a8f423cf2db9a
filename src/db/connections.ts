// D1 queries for per-user connections and their connect links: the one place a user's credential is
// sealed and opened. A link is a pending connection plus a single-use token (stored hashed) that
// expires; completing it connects the row and retires the user's older connection to that server.
import type { Env } from "../env";
import { decryptCredentials, encryptCredentials, requireCredentialsKey } from "../lib/credentials";
import { sha256Hex } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { randomBase62, randomHex } from "../shared/ids";
import type { ConnectionRow, ConnectionStatus } from "../shared/schemas/connections";
import { decodeStored } from "../shared/stored-json";
import { z } from "zod";

export const CONNECT_LINK_TTL_MS = 10 * 60_000;

type ConnectionRecord = {
  id: string;
  org_id: string;
  project_id: string;
  server_id: string;
  user_id: string;
  auth_type: string;
  status: ConnectionStatus;
  display_name: string | null;
  metadata: string;
  connection_metadata: string;
  credentials: string | null;
  created_at: string;
  connected_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
};

type LinkRecord = {
  token_hash: string;
  connection_id: string;
  project_id: string;
  redirect_uri: string;
  scopes: string;
  code_verifier: string | null;
  expires_at: string;
  used_at: string | null;
};

/** What a connection's sealed credential holds: the headers to send, and for OAuth the refresh token. */
const Sealed = z.object({ headers: z.record(z.string(), z.string()), refresh_token: z.string().optional() });
export type SealedCredential = z.infer<typeof Sealed>;
const JsonObject = z.record(z.string(), z.unknown());

/** A pending or connected row whose expiry has passed reads "expired"; the stored status never says so. */
const STATUS_SQL = "CASE WHEN status != 'revoked' AND expires_at IS NOT NULL AND expires_at <= ?1 THEN 'expired' ELSE status END";
const COLUMNS = `id, org_id, project_id, server_id, user_id, auth_type, ${STATUS_SQL} AS status, display_name, metadata, connection_metadata, credentials, created_at, connected_at, revoked_at, expires_at`;

const toRow = (record: ConnectionRecord): ConnectionRow => ({
  id: record.id,
  user_id: record.user_id,
  server_id: record.server_id,
  auth_type: record.auth_type,
  status: record.status,
  display_name: record.display_name,
  metadata: decodeStored(JsonObject, record.metadata, "connection metadata"),
  connection_metadata: decodeStored(JsonObject, record.connection_metadata, "connection metadata"),
  created_at: record.created_at,
  connected_at: record.connected_at,
  revoked_at: record.revoked_at,
  expires_at: record.expires_at,
});

const sealContext = (record: Pick<ConnectionRecord, "project_id" | "server_id" | "id">) => `${record.project_id}/${record.server_id}/${record.id}`;
const newConnectionId = () => `ca_${randomHex(8)}`;
const now = () => new Date().toISOString();

export const connectionNotFound = (id: string) => new ApiError(404, "connection_not_found", `Connection ${id} not found`);

async function record(db: D1Database, where: string, ...values: unknown[]): Promise<ConnectionRecord | null> {
  return db
    .prepare(`SELECT ${COLUMNS} FROM connections WHERE ${where}`)
    .bind(now(), ...values)
    .first<ConnectionRecord>();
}

interface NewConnection {
  orgId: string;
  projectId: string;
  serverId: string;
  userId: string;
  authType: string;
  displayName?: string;
  connectionMetadata?: Record<string, unknown>;
}

const insertStatement = (db: D1Database, row: ConnectionRecord) =>
  db
    .prepare(
      `INSERT INTO connections (id, org_id, project_id, server_id, user_id, auth_type, status, display_name, metadata, connection_metadata, credentials, created_at, connected_at, revoked_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      row.id,
      row.org_id,
      row.project_id,
      row.server_id,
      row.user_id,
      row.auth_type,
      row.status,
      row.display_name,
      row.metadata,
      row.connection_metadata,
      row.credentials,
      row.created_at,
      row.connected_at,
      row.revoked_at,
      row.expires_at,
    );

/** The user's other live connections to the server stop being used the moment a new one connects. */
const retireOthers = (db: D1Database, row: Pick<ConnectionRecord, "project_id" | "server_id" | "user_id" | "id">, at: string) =>
  db
    .prepare(
      "UPDATE connections SET status = 'revoked', revoked_at = ?, credentials = NULL WHERE project_id = ? AND server_id = ? AND user_id = ? AND status = 'connected' AND id != ?",
    )
    .bind(at, row.project_id, row.server_id, row.user_id, row.id);

const seal = async (env: Env, row: Pick<ConnectionRecord, "project_id" | "server_id" | "id">, credential: SealedCredential) =>
  encryptCredentials(requireCredentialsKey(env.SERVER_CREDENTIALS_KEY), sealContext(row), JSON.stringify(credential));

/** A new row; `status` "connected" takes its sealed credential, "pending" waits for its link. */
function newRecord(
  input: NewConnection,
  at: string,
  state: { status: "connected"; credentials: string } | { status: "pending"; expiresAt: string },
  id = newConnectionId(),
): ConnectionRecord {
  const connected = state.status === "connected";
  return {
    id,
    org_id: input.orgId,
    project_id: input.projectId,
    server_id: input.serverId,
    user_id: input.userId,
    auth_type: input.authType,
    status: state.status,
    display_name: input.displayName ?? null,
    metadata: "{}",
    connection_metadata: JSON.stringify(input.connectionMetadata ?? {}),
    credentials: connected ? state.credentials : null,
    created_at: at,
    connected_at: connected ? at : null,
    revoked_at: null,
    expires_at: connected ? null : state.expiresAt,
  };
}

/** A server-side connect (no link): connected at once. */
export async function createConnection(env: Env, input: NewConnection, credential: SealedCredential): Promise<ConnectionRow> {
  const at = now();
  const id = newConnectionId();
  const sealed = await seal(env, { project_id: input.projectId, server_id: input.serverId, id }, credential);
  const row = newRecord(input, at, { status: "connected", credentials: sealed }, id);
  await env.DB.batch([insertStatement(env.DB, row), retireOthers(env.DB, row, at)]);
  return toRow(row);
}

/** A pending connection and its link token (returned once; only its hash is kept). */
export async function createConnectLink(
  db: D1Database,
  input: NewConnection & { redirectUri: string; scopes: readonly string[] },
): Promise<{ token: string; connection: ConnectionRow }> {
  const token = `cl_${randomBase62(32)}`;
  const at = now();
  const expiresAt = new Date(Date.now() + CONNECT_LINK_TTL_MS).toISOString();
  const row = newRecord(input, at, { status: "pending", expiresAt });
  await db.batch([
    insertStatement(db, row),
    db
      .prepare("INSERT INTO connect_links (token_hash, connection_id, project_id, redirect_uri, scopes, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(await sha256Hex(token), row.id, row.project_id, input.redirectUri, JSON.stringify(input.scopes), expiresAt),
  ]);
  return { token, connection: toRow(row) };
}

export interface OpenLink {
  tokenHash: string;
  connection: ConnectionRow & { project_id: string; org_id: string };
  redirectUri: string;
  scopes: string[];
  /** Sealed; set once the OAuth redirect has been made. */
  codeVerifier: string | null;
}

const linkGone = () => new ApiError(410, "connect_link_used", "This connect link was already used or has expired; ask for a new one");

/** An unused, unexpired link, or 404 (no such link) / 410 (used or expired). */
export async function openConnectLink(db: D1Database, token: string): Promise<OpenLink> {
  const link = await db
    .prepare("SELECT * FROM connect_links WHERE token_hash = ?")
    .bind(await sha256Hex(token))
    .first<LinkRecord>();
  if (!link) throw new ApiError(404, "connect_link_not_found", "No such connect link");
  if (link.used_at !== null || link.expires_at <= now()) throw linkGone();
  const connection = await record(db, "id = ? AND project_id = ?", link.connection_id, link.project_id);
  if (connection?.status !== "pending") throw linkGone();
  return {
    tokenHash: link.token_hash,
    connection: { ...toRow(connection), project_id: connection.project_id, org_id: connection.org_id },
    redirectUri: link.redirect_uri,
    scopes: decodeStored(z.array(z.string()), link.scopes, "link scopes"),
    codeVerifier: link.code_verifier,
  };
}

/** Remembers the PKCE verifier for the callback, sealed to the link. */
export async function rememberVerifier(env: Env, link: OpenLink, verifier: string): Promise<void> {
  const sealed = await encryptCredentials(requireCredentialsKey(env.SERVER_CREDENTIALS_KEY), `${link.tokenHash}#pkce`, verifier);
  await env.DB.prepare("UPDATE connect_links SET code_verifier = ? WHERE token_hash = ? AND used_at IS NULL").bind(sealed, link.tokenHash).run();
}

export async function openVerifier(env: Env, link: OpenLink): Promise<string | null> {
  if (!link.codeVerifier || !env.SERVER_CREDENTIALS_KEY) return null;
  return decryptCredentials(env.SERVER_CREDENTIALS_KEY, `${link.tokenHash}#pkce`, link.codeVerifier);
}

/**
 * Uses the link up (exactly once, even under concurrent submits) and connects its row with the
 * credential; `expiresAt` is the credential's own expiry (an OAuth access token's), if any.
 */
export async function completeConnectLink(
  env: Env,
  link: OpenLink,
  credential: SealedCredential,
  extra: { metadata?: Record<string, unknown>; expiresAt?: string | null } = {},
): Promise<ConnectionRow> {
  const at = now();
  const claimed = await env.DB.prepare("UPDATE connect_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")
    .bind(at, link.tokenHash, at)
    .run();
  if (claimed.meta.changes === 0) throw linkGone();
  const row = { project_id: link.connection.project_id, server_id: link.connection.server_id, user_id: link.connection.user_id, id: link.connection.id };
  await env.DB.batch([
    env.DB.prepare(
      "UPDATE connections SET status = 'connected', credentials = ?, metadata = ?, connected_at = ?, expires_at = ? WHERE id = ? AND status = 'pending'",
    ).bind(await seal(env, row, credential), JSON.stringify(extra.metadata ?? {}), at, extra.expiresAt ?? null, row.id),
    retireOthers(env.DB, row, at),
  ]);
  const done = await record(env.DB, "id = ?", row.id);
  if (!done) throw connectionNotFound(row.id);
  return toRow(done);
}

export async function listConnections(
  db: D1Database,
  projectId: string,
  filter: { userId?: string; serverId?: string; status?: ConnectionStatus },
): Promise<ConnectionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM (SELECT ${COLUMNS} FROM connections WHERE project_id = ?2) WHERE (?3 IS NULL OR user_id = ?3) AND (?4 IS NULL OR server_id = ?4) AND (?5 IS NULL OR status = ?5)
       ORDER BY created_at DESC, id LIMIT 500`,
    )
    .bind(now(), projectId, filter.userId ?? null, filter.serverId ?? null, filter.status ?? null)
    .all<ConnectionRecord>();
  return results.map(toRow);
}

export async function getConnection(db: D1Database, projectId: string, id: string): Promise<ConnectionRow> {
  const row = await record(db, "id = ? AND project_id = ?", id, projectId);
  if (!row) throw connectionNotFound(id);
  return toRow(row);
}

/** Revoking is immediate: the credential is erased, so no later call can use it. Revoking twice is a no-op. */
export async function revokeConnection(db: D1Database, projectId: string, id: string): Promise<ConnectionRow> {
  await db
    .prepare("UPDATE connections SET status = 'revoked', revoked_at = ?, credentials = NULL WHERE id = ? AND project_id = ? AND status != 'revoked'")
    .bind(now(), id, projectId)
    .run();
  return getConnection(db, projectId, id);
}

/** A connection by id alone, for routes that carry it in their path instead of an API key (inbound webhooks). */
export async function findConnection(
  db: D1Database,
  id: string,
): Promise<{ id: string; org_id: string; project_id: string; server_id: string; user_id: string; status: ConnectionStatus } | null> {
  const row = await record(db, "id = ?", id);
  return row ? { id: row.id, org_id: row.org_id, project_id: row.project_id, server_id: row.server_id, user_id: row.user_id, status: row.status } : null;
}

/**
 * A user's live connection to a server, opened: the headers to send (null when the seal cannot be
 * opened), and for OAuth the refresh token and when the access token lapses. `expires_at` may have
 * passed: the caller refreshes it, or reads the connection as expired.
 */
export interface LiveConnection {
  row: Pick<ConnectionRecord, "id" | "project_id" | "server_id" | "user_id" | "expires_at">;
  headers: Record<string, string> | null;
  refreshToken: string | null;
}

export type LiveConnectionRecord = Pick<ConnectionRecord, "id" | "project_id" | "server_id" | "user_id" | "expires_at" | "credentials">;

/** The user's live connections to the named servers (every server when `serverIds` is undefined), newest first; see openLiveConnections. */
export function liveConnectionsStatement(db: D1Database, projectId: string, userId: string, serverIds: readonly string[] | undefined): D1PreparedStatement {
  return db
    .prepare(
      `SELECT id, project_id, server_id, user_id, expires_at, credentials FROM connections
       WHERE project_id = ?1 AND user_id = ?2 AND status = 'connected' AND (?3 IS NULL OR server_id IN (SELECT value FROM json_each(?3)))
       ORDER BY connected_at DESC, id`,
    )
    .bind(projectId, userId, serverIds ? JSON.stringify(serverIds) : null);
}

/** Opens what liveConnectionsStatement read: the newest live connection per server. */
export async function openLiveConnections(env: Env, records: readonly LiveConnectionRecord[]): Promise<Map<string, LiveConnection>> {
  const found = new Map<string, LiveConnection>();
  for (const record of records) {
    if (found.has(record.server_id) || record.credentials === null) continue;
    const plain = env.SERVER_CREDENTIALS_KEY ? await decryptCredentials(env.SERVER_CREDENTIALS_KEY, sealContext(record), record.credentials) : null;
    const sealed = plain === null ? null : Sealed.safeParse(JSON.parse(plain));
    const row = { id: record.id, project_id: record.project_id, server_id: record.server_id, user_id: record.user_id, expires_at: record.expires_at };
    found.set(
      record.server_id,
      sealed?.success ? { row, headers: sealed.data.headers, refreshToken: sealed.data.refresh_token ?? null } : { row, headers: null, refreshToken: null },
    );
  }
  return found;
}

/** Stores a refreshed credential, unless the connection was revoked meanwhile. */
export async function storeRefreshed(env: Env, live: LiveConnection, credential: SealedCredential, expiresAt: string | null): Promise<void> {
  await env.DB.prepare("UPDATE connections SET credentials = ?, expires_at = ? WHERE id = ? AND status = 'connected'")
    .bind(await seal(env, live.row, credential), expiresAt, live.row.id)
    .run();
}

/** Each server's connection state for one user, for the manage-connections meta tool: newest row per server. */
export async function userConnections(db: D1Database, projectId: string, userId: string): Promise<Map<string, ConnectionRow>> {
  const rows = await listConnections(db, projectId, { userId });
  const latest = new Map<string, ConnectionRow>();
  for (const row of rows)
    if (!latest.has(row.server_id) || (row.status === "connected" && latest.get(row.server_id)?.status !== "connected")) latest.set(row.server_id, row);
  return latest;
}
