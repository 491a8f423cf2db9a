// The per-project session index in D1: what listing filters, sorts and pages on. Each session's
// Durable Object stays the source of truth; create and close write here before they answer.
import type { SessionRow, SessionStatus } from "../shared/schemas/sessions";
import { toSessionRow, type SessionRecord } from "./rows";

const COLUMNS = "id, org_id, project_id, user_id, servers, status, created_at, closed_at";

export function indexSession(db: D1Database, row: SessionRow) {
  return db
    .prepare(`INSERT OR IGNORE INTO sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .bind(row.id, row.org_id, row.project_id, row.user_id, JSON.stringify(row.servers), row.status, row.created_at, row.closed_at)
    .run();
}

export function indexSessionStatus(db: D1Database, row: Pick<SessionRow, "id" | "status" | "closed_at">) {
  return db.prepare("UPDATE sessions SET status = ?, closed_at = ? WHERE id = ?").bind(row.status, row.closed_at, row.id).run();
}

/**
 * Newest first. `before` is the id of the last session of the previous page (what next_before
 * returned), or an ISO timestamp; ties on created_at are broken by id so no row is skipped.
 */
export async function listSessions(db: D1Database, projectId: string, query: { status?: SessionStatus; limit: number; before?: string }) {
  const conditions = ["project_id = ?1"];
  const params: (string | number)[] = [projectId];
  if (query.status) {
    params.push(query.status);
    conditions.push(`status = ?${params.length}`);
  }
  if (query.before?.startsWith("ses_")) {
    params.push(query.before);
    const p = params.length;
    conditions.push(`(created_at, id) < (SELECT created_at, id FROM sessions WHERE id = ?${p} AND project_id = ?1)`);
  } else if (query.before) {
    // Compare instants, not strings: "…:43Z" and "…:43.000Z" are the same time but sort apart.
    params.push(new Date(query.before).toISOString());
    conditions.push(`created_at < ?${params.length}`);
  }
  params.push(query.limit + 1);
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM sessions WHERE ${conditions.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ?${params.length}`)
    .bind(...params)
    .all<SessionRecord>();
  const page = results.slice(0, query.limit).map(toSessionRow);
  const more = results.length > query.limit;
  return { rows: page, nextBefore: more ? (page.at(-1)?.id ?? null) : null };
}
