// D1 queries for the MCP server registry, and the one place stored credentials are sealed and opened.
import type { Env } from "../env";
import { decryptCredentials, encryptCredentials, requireCredentialsKey } from "../lib/credentials";
import { ApiError } from "../lib/errors";
import { ConnectField, DEFAULT_CONNECT_FIELDS, OAuthSettings, type Server, type ServerCreate } from "../shared/schemas/servers";
import { decodeStored } from "../shared/stored-json";
import { z } from "zod";
import { liveConnectionsStatement, openLiveConnections, type LiveConnection, type LiveConnectionRecord } from "./connections";

type ServerRecord = {
  id: string;
  name: string;
  url: string;
  rest_base_url: string | null;
  category: string;
  country: string;
  auth_type: Server["auth_type"];
  credentials: string | null;
  oauth: string | null;
  oauth_client_secret: string | null;
  connect_fields: string | null;
  webhook_secret: string | null;
  created_at: string;
};

/** A registration with its credentials opened: for calling the server, never for a response. */
export interface UpstreamServer {
  server: Server;
  headers: Record<string, string>;
  /** Whose credential the headers are: a user's connection (its id), the project's, or none at all. */
  credential: { kind: "connection"; connectionId: string } | { kind: "project" } | { kind: "none" };
  /** Set when stored credentials could not be opened (the secret changed or is missing). */
  credentialsError: string | null;
  /** The user's live connection to the server, even one whose token has lapsed (services/upstreams.ts refreshes it). */
  connection: LiveConnection | null;
}

const COLUMNS =
  "id, name, url, rest_base_url, category, country, auth_type, credentials, oauth, oauth_client_secret, connect_fields, webhook_secret, created_at";
const StoredFields = z.array(ConnectField);

const toServer = (row: ServerRecord): Server => ({
  id: row.id,
  name: row.name,
  url: row.url,
  rest_base_url: row.rest_base_url,
  category: row.category,
  country: row.country,
  auth_type: row.auth_type,
  has_credentials: row.credentials !== null,
  oauth: row.oauth === null ? null : decodeStored(OAuthSettings, row.oauth, "OAuth settings"),
  connect_fields: row.connect_fields === null ? [...DEFAULT_CONNECT_FIELDS] : decodeStored(StoredFields, row.connect_fields, "connect fields"),
  has_webhook_secret: row.webhook_secret !== null,
  created_at: row.created_at,
});

/** Each sealed value names its row and its purpose, so one cannot be opened as another. */
const sealContext = (projectId: string, id: string, purpose?: "oauth-client" | "webhook") => (purpose ? `${projectId}/${id}#${purpose}` : `${projectId}/${id}`);

export const serverNotFound = (id: string) => new ApiError(404, "server_not_found", `Server ${id} not found`);

export async function createServer(env: Env, orgId: string, projectId: string, input: ServerCreate): Promise<Server> {
  const headers = input.secret ? { authorization: `Bearer ${input.secret}` } : input.headers;
  const hasCredentials = headers !== undefined && Object.keys(headers).length > 0;
  const seal = (purpose: "oauth-client" | "webhook" | undefined, plain: string) =>
    encryptCredentials(requireCredentialsKey(env.SERVER_CREDENTIALS_KEY), sealContext(projectId, input.id, purpose), plain);
  const credentials = hasCredentials ? await seal(undefined, JSON.stringify(headers)) : null;
  const { client_secret: clientSecret, ...oauth } = input.oauth ?? { client_secret: undefined };
  const row: ServerRecord = {
    id: input.id,
    name: input.name,
    url: input.url,
    rest_base_url: input.rest_base_url ?? null,
    category: input.category,
    country: input.country,
    auth_type: input.auth_type,
    credentials,
    oauth: input.oauth ? JSON.stringify(oauth) : null,
    oauth_client_secret: clientSecret ? await seal("oauth-client", clientSecret) : null,
    connect_fields: input.connect_fields ? JSON.stringify(input.connect_fields) : null,
    webhook_secret: input.webhook_secret ? await seal("webhook", input.webhook_secret) : null,
    created_at: new Date().toISOString(),
  };
  const result = await env.DB.prepare(
    `INSERT INTO servers (project_id, org_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, id) DO NOTHING`,
  )
    .bind(
      projectId,
      orgId,
      row.id,
      row.name,
      row.url,
      row.rest_base_url,
      row.category,
      row.country,
      row.auth_type,
      row.credentials,
      row.oauth,
      row.oauth_client_secret,
      row.connect_fields,
      row.webhook_secret,
      row.created_at,
    )
    .run();
  if (result.meta.changes === 0) {
    throw new ApiError(409, "server_exists", `Server ${input.id} is already registered in this project; delete it first to replace it`);
  }
  return toServer(row);
}

function recordsStatement(db: D1Database, projectId: string, ids?: readonly string[]): D1PreparedStatement {
  const filter = ids ? ` AND id IN (SELECT value FROM json_each(?))` : "";
  const statement = db.prepare(`SELECT ${COLUMNS} FROM servers WHERE project_id = ?${filter} ORDER BY created_at, id`);
  return ids ? statement.bind(projectId, JSON.stringify(ids)) : statement.bind(projectId);
}

async function records(db: D1Database, projectId: string, ids?: readonly string[]): Promise<ServerRecord[]> {
  if (ids && ids.length === 0) return [];
  return (await recordsStatement(db, projectId, ids).all<ServerRecord>()).results;
}

export async function listServers(db: D1Database, projectId: string): Promise<Server[]> {
  return (await records(db, projectId)).map(toServer);
}

export async function getServer(db: D1Database, projectId: string, id: string): Promise<Server> {
  const [row] = await records(db, projectId, [id]);
  if (!row) throw serverNotFound(id);
  return toServer(row);
}

/** Deleting a registration revokes its users' connections too: a server registered again under the id starts clean. */
export async function deleteServer(db: D1Database, projectId: string, id: string): Promise<void> {
  const now = new Date().toISOString();
  const [deleted] = await db.batch([
    db.prepare("DELETE FROM servers WHERE project_id = ? AND id = ?").bind(projectId, id),
    db
      .prepare("UPDATE connections SET status = 'revoked', revoked_at = ?, credentials = NULL WHERE project_id = ? AND server_id = ? AND status != 'revoked'")
      .bind(now, projectId, id),
  ]);
  if (!deleted || deleted.meta.changes === 0) throw serverNotFound(id);
}

const UNREADABLE = "The server's stored credentials cannot be opened with the gateway's current key";

async function openSealed(env: Env, context: string, sealed: string): Promise<string | null> {
  const secret = env.SERVER_CREDENTIALS_KEY;
  return secret ? decryptCredentials(secret, context, sealed) : null;
}

/**
 * The project's registrations (all, or those named) with credentials opened, for outbound calls.
 * With a user, that user's live connection to a server wins over the project's credential while its
 * token has not lapsed; `connection` carries it either way, for the caller to refresh. Servers and
 * connections are read side by side: this runs before every tool call.
 */
export async function upstreamServers(env: Env, projectId: string, ids?: readonly string[], userId?: string): Promise<UpstreamServer[]> {
  if (ids && ids.length === 0) return [];
  const [rows, connections] = await Promise.all([
    recordsStatement(env.DB, projectId, ids).all<ServerRecord>(),
    userId === undefined ? null : liveConnectionsStatement(env.DB, projectId, userId, ids).all<LiveConnectionRecord>(),
  ]);
  const live = await openLiveConnections(env, connections?.results ?? []);
  const nowIso = new Date().toISOString();
  return Promise.all(
    rows.results.map(async (row): Promise<UpstreamServer> => {
      const server = toServer(row);
      const connection = live.get(row.id) ?? null;
      if (connection && (connection.row.expires_at === null || connection.row.expires_at > nowIso)) {
        const credentialsError = connection.headers ? null : UNREADABLE;
        return { server, headers: connection.headers ?? {}, credential: { kind: "connection", connectionId: connection.row.id }, credentialsError, connection };
      }
      if (row.credentials === null) return { server, headers: {}, credential: { kind: "none" }, credentialsError: null, connection };
      const plain = await openSealed(env, sealContext(projectId, row.id), row.credentials);
      if (plain === null) return { server, headers: {}, credential: { kind: "project" }, credentialsError: UNREADABLE, connection };
      return { server, headers: parseHeaders(plain), credential: { kind: "project" }, credentialsError: null, connection };
    }),
  );
}

/** The secret that verifies a server's inbound webhooks, or null when none is set (or it cannot be opened). */
export async function openWebhookSecret(env: Env, projectId: string, serverId: string): Promise<string | null> {
  const [row] = await records(env.DB, projectId, [serverId]);
  return row?.webhook_secret ? openSealed(env, sealContext(projectId, serverId, "webhook"), row.webhook_secret) : null;
}

/** An OAuth server's client, with its secret opened, for the code exchange; null when the server has no OAuth settings. */
export async function openOAuthClient(env: Env, projectId: string, serverId: string): Promise<(OAuthSettings & { client_secret: string | null }) | null> {
  const [row] = await records(env.DB, projectId, [serverId]);
  if (!row?.oauth) return null;
  const clientSecret = row.oauth_client_secret ? await openSealed(env, sealContext(projectId, serverId, "oauth-client"), row.oauth_client_secret) : null;
  return { ...decodeStored(OAuthSettings, row.oauth, "OAuth settings"), client_secret: clientSecret };
}

export function parseHeaders(plain: string): Record<string, string> {
  const value: unknown = JSON.parse(plain);
  const headers: Record<string, string> = {};
  if (typeof value === "object" && value !== null) {
    for (const [name, text] of Object.entries(value)) if (typeof text === "string") headers[name] = text;
  }
  return headers;
}
