// D1 queries for the project's commerce meta tool routes (codespar_pay -> asaas/create_payment), and
// the lookup a session makes when a bare commerce name is called.
import { ApiError } from "../lib/errors";
import { isCommerceMetaTool, type CommerceMetaTool, type MetaTool, type MetaToolPut } from "../shared/schemas/meta-tools";
import { serverNotFound } from "./servers";

type MetaToolRow = { name: CommerceMetaTool; server: string; tool: string; updated_at: string };

/** Only mappings whose server registration still exists (the one they were made for) are visible. */
const LIVE = "JOIN servers s ON s.project_id = m.project_id AND s.id = m.server_id AND s.created_at = m.server_created_at";
const COLUMNS = "m.name AS name, m.server_id AS server, m.tool AS tool, m.updated_at AS updated_at";

const metaToolNotFound = (name: string) =>
  new ApiError(404, "meta_tool_not_found", `${name} is not routed to a tool in this project; PUT /v1/meta-tools/${name} to route it`);

/**
 * Routes `name` to `server/tool`, replacing any earlier route. One statement reads the server and
 * writes the route, so a server deleted meanwhile cannot leave a route to nothing.
 */
export async function upsertMetaTool(db: D1Database, orgId: string, projectId: string, name: CommerceMetaTool, input: MetaToolPut): Promise<MetaTool> {
  const now = new Date().toISOString();
  const row = await db
    .prepare(
      `INSERT INTO meta_tools (project_id, name, org_id, server_id, server_created_at, tool, created_at, updated_at)
       SELECT s.project_id, ?, ?, s.id, s.created_at, ?, ?, ? FROM servers s WHERE s.project_id = ? AND s.id = ?
       ON CONFLICT (project_id, name) DO UPDATE SET
         server_id = excluded.server_id, server_created_at = excluded.server_created_at, tool = excluded.tool, updated_at = excluded.updated_at
       RETURNING name, server_id AS server, tool, updated_at`,
    )
    .bind(name, orgId, input.tool, now, now, projectId, input.server)
    .first<MetaToolRow>();
  if (!row) throw serverNotFound(input.server);
  return row;
}

export async function listMetaTools(db: D1Database, projectId: string): Promise<MetaTool[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM meta_tools m ${LIVE} WHERE m.project_id = ? ORDER BY m.name`).bind(projectId).all<MetaToolRow>();
  return results;
}

export async function getMetaTool(db: D1Database, projectId: string, name: CommerceMetaTool): Promise<MetaTool> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM meta_tools m ${LIVE} WHERE m.project_id = ? AND m.name = ?`).bind(projectId, name).first<MetaToolRow>();
  if (!row) throw metaToolNotFound(name);
  return row;
}

/** Removes the route; a hidden one (its server deleted) is cleared too, but answers 404 as it was not visible. */
export async function deleteMetaTool(db: D1Database, projectId: string, name: CommerceMetaTool): Promise<void> {
  const [visible] = await db.batch([
    db.prepare(`SELECT 1 AS live FROM meta_tools m ${LIVE} WHERE m.project_id = ? AND m.name = ?`).bind(projectId, name),
    db.prepare("DELETE FROM meta_tools WHERE project_id = ? AND name = ?").bind(projectId, name),
  ]);
  if (!visible || visible.results.length === 0) throw metaToolNotFound(name);
}

/**
 * Where a session sends a call to the bare name `name`: the routed server and its tool, or null
 * (not a commerce meta tool, not routed, or its server is gone), which stays "Tool not registered".
 */
export async function resolveMetaTool(db: D1Database, projectId: string, name: string): Promise<{ server: string; tool: string } | null> {
  if (!isCommerceMetaTool(name)) return null;
  const row = await db
    .prepare(`SELECT m.server_id AS server, m.tool AS tool FROM meta_tools m ${LIVE} WHERE m.project_id = ? AND m.name = ?`)
    .bind(projectId, name)
    .first<{ server: string; tool: string }>();
  return row ? { server: row.server, tool: row.tool } : null;
}
