// D1 queries for the MCP server registry, and the one place stored credentials are sealed and opened.
import type { Env } from "../env";
import { decryptCredentials, encryptCredentials, requireCredentialsKey } from "../lib/credentials";
import { ApiError } from "../lib/errors";
import type { Server, ServerCreate } from "../shared/schemas/servers";

type ServerRecord = {
  id: string;
  name: string;
  url: string;
  rest_base_url: string | null;
  category: string;
  country: string;
  auth_type: Server["auth_type"];
  credentials: string | null;
  created_at: string;
};

/** A registration with its credentials opened: for calling the server, never for a response. */
export interface UpstreamServer {
  server: Server;
  headers: Record<string, string>;
  /** Set when stored credentials could not be opened (the secret changed or is missing). */
  credentialsError: string | null;
}

const COLUMNS = "id, name, url, rest_base_url, category, country, auth_type, credentials, created_at";

const toServer = (row: ServerRecord): Server => ({
  id: row.id,
  name: row.name,
  url: row.url,
  rest_base_url: row.rest_base_url,
  category: row.category,
  country: row.country,
  auth_type: row.auth_type,
  has_credentials: row.credentials !== null,
  created_at: row.created_at,
});

const sealContext = (projectId: string, id: string) => `${projectId}/${id}`;

export const serverNotFound = (id: string) => new ApiError(404, "server_not_found", `Server ${id} not found`);

export async function createServer(env: Env, orgId: string, projectId: string, input: ServerCreate): Promise<Server> {
  const headers = input.secret ? { authorization: `Bearer ${input.secret}` } : input.headers;
  const hasCredentials = headers !== undefined && Object.keys(headers).length > 0;
  const credentials = hasCredentials
    ? await encryptCredentials(requireCredentialsKey(env.SERVER_CREDENTIALS_KEY), sealContext(projectId, input.id), JSON.stringify(headers))
    : null;
  const row: ServerRecord = {
    id: input.id,
    name: input.name,
    url: input.url,
    rest_base_url: input.rest_base_url ?? null,
    category: input.category,
    country: input.country,
    auth_type: input.auth_type,
    credentials,
    created_at: new Date().toISOString(),
  };
  const result = await env.DB.prepare(
    `INSERT INTO servers (project_id, org_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, id) DO NOTHING`,
  )
    .bind(projectId, orgId, row.id, row.name, row.url, row.rest_base_url, row.category, row.country, row.auth_type, row.credentials, row.created_at)
    .run();
  if (result.meta.changes === 0) {
    throw new ApiError(409, "server_exists", `Server ${input.id} is already registered in this project; delete it first to replace it`);
  }
  return toServer(row);
}

async function records(db: D1Database, projectId: string, ids?: readonly string[]): Promise<ServerRecord[]> {
  if (ids && ids.length === 0) return [];
  const filter = ids ? ` AND id IN (SELECT value FROM json_each(?))` : "";
  const statement = db.prepare(`SELECT ${COLUMNS} FROM servers WHERE project_id = ?${filter} ORDER BY created_at, id`);
  const { results } = await (ids ? statement.bind(projectId, JSON.stringify(ids)) : statement.bind(projectId)).all<ServerRecord>();
  return results;
}

export async function listServers(db: D1Database, projectId: string): Promise<Server[]> {
  return (await records(db, projectId)).map(toServer);
}

export async function getServer(db: D1Database, projectId: string, id: string): Promise<Server> {
  const [row] = await records(db, projectId, [id]);
  if (!row) throw serverNotFound(id);
  return toServer(row);
}

export async function deleteServer(db: D1Database, projectId: string, id: string): Promise<void> {
  const result = await db.prepare("DELETE FROM servers WHERE project_id = ? AND id = ?").bind(projectId, id).run();
  if (result.meta.changes === 0) throw serverNotFound(id);
}

/** The project's registrations (all, or those named) with credentials opened, for outbound calls. */
export async function upstreamServers(env: Env, projectId: string, ids?: readonly string[]): Promise<UpstreamServer[]> {
  const rows = await records(env.DB, projectId, ids);
  return Promise.all(
    rows.map(async (row): Promise<UpstreamServer> => {
      const server = toServer(row);
      if (row.credentials === null) return { server, headers: {}, credentialsError: null };
      const secret = env.SERVER_CREDENTIALS_KEY;
      const plain = secret ? await decryptCredentials(secret, sealContext(projectId, row.id), row.credentials) : null;
      if (plain === null) return { server, headers: {}, credentialsError: "The server's stored credentials cannot be opened with the gateway's current key" };
      return { server, headers: parseHeaders(plain), credentialsError: null };
    }),
  );
}

function parseHeaders(plain: string): Record<string, string> {
  const value: unknown = JSON.parse(plain);
  const headers: Record<string, string> = {};
  if (typeof value === "object" && value !== null) {
    for (const [name, text] of Object.entries(value)) if (typeof text === "string") headers[name] = text;
  }
  return headers;
}
