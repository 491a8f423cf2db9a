// Recorded tool calls: one row per execute, the source of GET /logs and of send's tool_calls.
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
};

export interface CompletedToolCall {
  record: ToolCallRecord;
  error: string | null;
  calledAt: string;
}

export class ToolCallStore {
  constructor(private readonly sql: SqlStorage) {}

  insert(call: CompletedToolCall, seq: number): void {
    const { record } = call;
    this.sql.exec(
      `INSERT INTO tool_calls (id, seq, tool_name, server_id, status, duration_ms, input, output, error, error_code, called_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    );
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
        called_at: row.called_at,
      }));
  }
}
