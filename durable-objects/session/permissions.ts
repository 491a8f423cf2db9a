// Permission requests raised by an agent and the answers to them. Every pending request is tracked
// so it can be answered (once) and long-polled by the agent.
import type { Decision, PermissionState } from "../../src/shared/schemas/agent";
import { storedValue } from "../../src/shared/stored-json";

export type { Decision, PermissionState };

type PermissionRow = {
  request_id: string;
  tool: string;
  input: string;
  status: "pending" | "answered";
  decision: Decision | null;
  message: string | null;
};

export class PermissionRequests {
  constructor(private readonly sql: SqlStorage) {}

  /** Records a request; a repeated request id keeps the first. */
  track(requestId: string, tool: string, input: unknown): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO permission_requests (request_id, tool, input, status, requested_at) VALUES (?, ?, ?, 'pending', ?)",
      requestId,
      tool,
      JSON.stringify(input ?? null),
      Date.now(),
    );
  }

  get(requestId: string): PermissionState | null {
    const row = this.sql.exec<PermissionRow>("SELECT * FROM permission_requests WHERE request_id = ?", requestId).toArray()[0];
    if (!row) return null;
    return { requestId: row.request_id, tool: row.tool, input: storedValue(row.input), status: row.status, decision: row.decision, message: row.message };
  }

  answer(requestId: string, decision: Decision, message: string | undefined): void {
    this.sql.exec(
      "UPDATE permission_requests SET status = 'answered', decision = ?, message = ?, answered_at = ? WHERE request_id = ? AND status = 'pending'",
      decision,
      message ?? null,
      Date.now(),
      requestId,
    );
  }

  pending(): PermissionState[] {
    return this.sql
      .exec<{ request_id: string }>("SELECT request_id FROM permission_requests WHERE status = 'pending' ORDER BY requested_at")
      .toArray()
      .flatMap((row) => this.get(row.request_id) ?? []);
  }
}
