// Recorded tool calls: one row per execute, the source of GET /logs and of send's tool_calls. A row
// also holds its pending write to the project-wide index (index_due_at) until D1 has it.
import type { ToolCallRecord, ToolCallRow } from "../../src/shared/schemas/tools";
import { storedValue } from "../../src/shared/stored-json";

type ToolCallRecordRow = {
  id: string;
  tool_name: string;
  server_id: string;
  status: "success" | "error";
  duration_ms: number;
  input: string;
  output: string;
  error: string | null;
  error_code: string | null;
  called_at: string;
  idempotency_key: string | null;
  index_attempts: number;
  index_due_at: number | null;
};

/** A row still to be written to the project-wide index. */
export type PendingIndexRow = Omit<ToolCallRecordRow, "index_due_at">;

export interface CompletedToolCall {
  record: ToolCallRecord;
  error: string | null;
  calledAt: string;
}

export class ToolCallStore {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * `idempotencyKey`: the gateway's key for the call (a uuid, passed to server tools that take one);
   * `indexDueAt`: when the alarm writes the row to the index should the write right after this one not happen.
   */
  insert(call: CompletedToolCall, seq: number, index: { idempotencyKey: string; indexDueAt: number }): void {
    const { record } = call;
    this.sql.exec(
      `INSERT INTO tool_calls (id, seq, tool_name, server_id, status, duration_ms, input, output, error, error_code, called_at, idempotency_key, index_due_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      record.id,
      seq,
      record.tool_name,
      record.server_id,
      record.status,
      record.duration_ms,
      JSON.stringify(record.input ?? null),
      JSON.stringify(record.output ?? null),
      call.error,
      record.error_code,
      call.calledAt,
      index.idempotencyKey,
      index.indexDueAt,
    );
  }

  /** Rows awaiting the index: the named ones, or those due by `now`, oldest first. */
  pendingIndex(now: number, limit: number, ids?: readonly string[]): PendingIndexRow[] {
    const rows = ids
      ? this.sql.exec<ToolCallRecordRow>(
          "SELECT * FROM tool_calls WHERE index_due_at IS NOT NULL AND id IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?",
          JSON.stringify(ids),
          limit,
        )
      : this.sql.exec<ToolCallRecordRow>("SELECT * FROM tool_calls WHERE index_due_at <= ? ORDER BY seq LIMIT ?", now, limit);
    return rows.toArray();
  }

  nextIndexDue(): number | null {
    return this.sql.exec<{ t: number | null }>("SELECT MIN(index_due_at) AS t FROM tool_calls WHERE index_due_at IS NOT NULL").one().t;
  }

  /** The index has these rows (or gave up on them: `dueAt` null); else they are tried again at `dueAt`. */
  setIndexState(id: string, attempts: number, dueAt: number | null): void {
    this.sql.exec("UPDATE tool_calls SET index_attempts = ?, index_due_at = ? WHERE id = ?", attempts, dueAt, id);
  }

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM tool_calls").one().n;
  }

  /** Oldest first, as a log reads. */
  list(sessionId: string, limit: number): ToolCallRow[] {
    return this.sql
      .exec<ToolCallRecordRow>("SELECT * FROM tool_calls ORDER BY seq LIMIT ?", limit)
      .toArray()
      .map((row) => ({
        id: row.id,
        session_id: sessionId,
        tool_name: row.tool_name,
        tool: row.tool_name,
        server_id: row.server_id,
        server: row.server_id,
        status: row.status,
        duration_ms: row.duration_ms,
        input: storedValue(row.input),
        output: storedValue(row.output),
        error: row.error,
        error_code: row.error_code,
        idempotency_key: row.idempotency_key,
        called_at: row.called_at,
      }));
  }
}
