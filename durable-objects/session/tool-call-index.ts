// Each finished tool call's write to the project-wide index (D1, through the ToolCallIndex port).
// The row is marked pending in the same transaction that records the call, with an alarm as the
// backstop; the executor then writes it at once. A failed write stays pending and the alarm
// retries it at 5 s, 30 s, 2 min, then every 10 min, so nothing is lost to a D1 hiccup or a crash.
import { toolCallReferences } from "../../src/shared/provider-events";
import type { ToolCallIndexEntry } from "../../src/shared/schemas/tool-status";
import { storedValue } from "../../src/shared/stored-json";
import type { ToolCallIndex } from "./ports";
import type { PendingIndexRow, ToolCallStore } from "./tool-calls";

export const INDEX_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000] as const;
/** When the alarm writes a just-recorded call should the executor's own write never run (the object was evicted). */
export const INDEX_BACKSTOP_MS = 30_000;
/** About a week of retries 10 minutes apart; past it the row stays only in the session (GET /logs) and is reported. */
export const MAX_INDEX_ATTEMPTS = 1_000;
const MAX_BATCH = 50;

export interface SessionIdentity {
  id: string;
  org_id: string;
  project_id: string;
}

export function indexEntry(row: PendingIndexRow, session: SessionIdentity): ToolCallIndexEntry {
  const input = storedValue(row.input);
  const output = storedValue(row.output);
  return {
    tool_call_id: row.id,
    org_id: session.org_id,
    project_id: session.project_id,
    session_id: session.id,
    server_id: row.server_id,
    tool_name: row.tool_name,
    status: row.status,
    error: row.error,
    error_code: row.error_code,
    idempotency_key: row.idempotency_key,
    ...toolCallReferences(row.tool_name, input, output),
    duration_ms: row.duration_ms,
    called_at: row.called_at,
  };
}

export class ToolCallIndexOutbox {
  constructor(
    private readonly calls: ToolCallStore,
    private readonly index: ToolCallIndex,
    private readonly session: () => SessionIdentity | null,
    /** Plans the object's alarm again (synchronously, in the write that changed the pending rows). */
    private readonly plan: () => void,
  ) {}

  /** Call inside the transaction that recorded a call: its backstop alarm commits in that same write. */
  captured(): void {
    this.plan();
  }

  /** When the alarm must run for the index, or null when nothing is pending. */
  nextDue(): number | null {
    return this.calls.nextIndexDue();
  }

  /**
   * Writes a just-recorded call. One whose status a client asks for next (a payment or a
   * verification) is in the index before its caller hears back; any other is written just after,
   * off the reply's path (a D1 write is about a fifth of an execute on local workerd, see the README).
   */
  async afterCall(id: string, toolName: string, input: unknown, output: unknown): Promise<void> {
    const written = this.flush([id]);
    if (toolCallReferences(toolName, input, output).tool_kind !== "other") await written;
  }

  /** Writes the named rows (afterCall), or every row that is due (the alarm). Never throws. */
  async flush(ids?: readonly string[], now = Date.now()): Promise<void> {
    const session = this.session();
    const rows = this.calls.pendingIndex(now, MAX_BATCH, ids);
    if (!session || rows.length === 0) return;
    let failure: string | null = null;
    try {
      await this.index.record(rows.map((row) => indexEntry(row, session)));
    } catch (cause) {
      failure = cause instanceof Error ? cause.message : "the write failed";
    }
    for (const row of rows) {
      const attempts = row.index_attempts + 1;
      if (failure === null) this.calls.setIndexState(row.id, attempts, null);
      else if (attempts >= MAX_INDEX_ATTEMPTS) this.calls.setIndexState(row.id, attempts, null);
      else this.calls.setIndexState(row.id, attempts, Date.now() + (INDEX_RETRY_DELAYS_MS[attempts - 1] ?? INDEX_RETRY_DELAYS_MS[3]));
    }
    if (failure !== null) {
      const dropped = rows.filter((row) => row.index_attempts + 1 >= MAX_INDEX_ATTEMPTS).length;
      console.error(`tool-call index: ${rows.length} row(s) of session ${session.id} not written (${failure})${dropped ? `; gave up on ${dropped}` : ""}`);
    }
    this.plan();
  }
}
