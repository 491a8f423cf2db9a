// D1 queries for the project-wide tool-call index: the session objects' writes (idempotent per call
// id, so a retried batch changes nothing), one call by id, and the rows the live log tail replays
// and follows in `seq` order.
import { z } from "zod";
import { ToolCallLogEntry, type LogStreamQuery, type ToolCallIndexEntry } from "../shared/schemas/tool-status";
import { decodeStored } from "../shared/stored-json";

const ENTRY_COLUMNS = [
  "tool_call_id",
  "org_id",
  "project_id",
  "session_id",
  "server_id",
  "tool_name",
  "status",
  "error",
  "error_code",
  "idempotency_key",
  "external_reference",
  "tool_kind",
  "provider_id",
  "payment_id",
  "verification_id",
  "provider_status",
  "hosted_url",
  "duration_ms",
  "called_at",
] as const satisfies readonly (keyof ToolCallIndexEntry)[];

const INSERT = `INSERT INTO tool_call_index (${ENTRY_COLUMNS.join(", ")}, indexed_at) VALUES (${ENTRY_COLUMNS.map(() => "?").join(", ")}, ?)
  ON CONFLICT (tool_call_id) DO NOTHING`;

export type IndexedToolCall = ToolCallIndexEntry & { seq: number };

export async function recordToolCalls(db: D1Database, entries: readonly ToolCallIndexEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const indexedAt = new Date().toISOString();
  await db.batch(entries.map((entry) => db.prepare(INSERT).bind(...ENTRY_COLUMNS.map((column) => entry[column]), indexedAt)));
}

/** The call, if it is this project's. */
export async function findToolCall(db: D1Database, projectId: string, id: string): Promise<IndexedToolCall | null> {
  return db
    .prepare(`SELECT seq, ${ENTRY_COLUMNS.join(", ")} FROM tool_call_index WHERE tool_call_id = ? AND project_id = ?`)
    .bind(id, projectId)
    .first<IndexedToolCall>();
}

export type LogFilter = Pick<LogStreamQuery, "server" | "status" | "tool">;

const LogJson = z.array(ToolCallLogEntry.extend({ seq: z.number().int() }));
type LogPage = { newest: number; rows: z.infer<typeof LogJson> };

function where(filter: LogFilter): { clause: string; binds: unknown[] } {
  const clauses = ["project_id = ?"];
  const binds: unknown[] = [];
  if (filter.server !== undefined) {
    clauses.push("server_id = ?");
    binds.push(filter.server);
  }
  if (filter.status !== undefined) {
    clauses.push("status = ?");
    binds.push(filter.status);
  }
  if (filter.tool !== undefined) {
    // `server/tool` whole, or the tool part alone (a bare meta tool name is its own tool part).
    clauses.push("(tool_name = ? OR substr(tool_name, instr(tool_name, '/') + 1) = ?)");
    binds.push(filter.tool, filter.tool);
  }
  return { clause: clauses.join(" AND "), binds };
}

const ROW_JSON = `json_object('seq', seq, 'id', tool_call_id, 'session_id', session_id, 'tool', tool_name, 'tool_name', tool_name,
  'server', server_id, 'server_id', server_id, 'status', status, 'duration_ms', duration_ms, 'error', error, 'error_code', error_code,
  'idempotency_key', idempotency_key, 'called_at', called_at)`;

/**
 * One statement, so one snapshot (and one query of a stream's budget): the project's newest index
 * position, and the matching rows `after` it (oldest first) or, without `after`, the newest ones.
 */
async function logPage(db: D1Database, projectId: string, filter: LogFilter, limit: number, after: number | null): Promise<LogPage> {
  const { clause, binds } = where(filter);
  const range = after === null ? "ORDER BY seq DESC" : "AND seq > ? ORDER BY seq";
  const row = await db
    .prepare(
      `SELECT COALESCE((SELECT MAX(seq) FROM tool_call_index WHERE project_id = ?), 0) AS newest,
         (SELECT json_group_array(${ROW_JSON}) FROM (SELECT * FROM tool_call_index WHERE ${clause} ${range} LIMIT ?)) AS rows`,
    )
    .bind(projectId, projectId, ...binds, ...(after === null ? [] : [after]), limit)
    .first<{ newest: number; rows: string }>();
  const rows = row ? decodeStored(LogJson, row.rows, "tool-call log rows") : [];
  return { newest: row?.newest ?? 0, rows: rows.sort((a, b) => a.seq - b.seq) };
}

/** The `limit` newest matching rows, oldest first, and the position the live tail continues from. */
export const recentLogRows = (db: D1Database, projectId: string, filter: LogFilter, limit: number) => logPage(db, projectId, filter, limit, null);

/** Matching rows indexed after `after`, oldest first (at most `limit`). */
export const logRowsAfter = (db: D1Database, projectId: string, filter: LogFilter, after: number, limit: number) =>
  logPage(db, projectId, filter, limit, after);

/** Drops the index-only `seq` from a row. */
export const toLogEntry = ({ seq: _seq, ...entry }: LogPage["rows"][number]): ToolCallLogEntry => entry;
