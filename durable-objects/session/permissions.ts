// Permission requests raised by an agent and the answers to them. Every pending request is tracked
// (with the options the agent offered) so it can be answered once, with one of those options, and
// long-polled by the agent.
import type { Decision, PermissionState } from "../../src/shared/schemas/agent";
import { z } from "zod";
import { PermissionOption } from "../../src/shared/schemas/events";
import { decodeStored, storedValue } from "../../src/shared/stored-json";

export type { Decision, PermissionState };
export type PermissionOption = z.infer<typeof PermissionOption>;
const PermissionOptions = z.array(PermissionOption);
export type OptionProblem = "option_unknown" | "option_mismatch";

type PermissionRow = {
  request_id: string;
  tool: string;
  input: string;
  status: "pending" | "answered";
  decision: Decision | null;
  option_id: string | null;
  message: string | null;
};

/**
 * The decisions an option's kind stands for (the Agent Client Protocol's four kinds); an option of
 * another kind may be answered with any decision.
 */
const DECISIONS_OF_KIND: Readonly<Record<string, readonly Decision[]>> = {
  allow_once: ["allow"],
  allow_always: ["allow_session"],
  reject_once: ["deny"],
  reject_always: ["deny"],
};

/** Why `optionId` cannot answer with `decision`, or null when it can. */
export function optionProblem(options: readonly PermissionOption[], optionId: string, decision: Decision): OptionProblem | null {
  const option = options.find((candidate) => candidate.optionId === optionId);
  if (!option) return "option_unknown";
  const allowed = DECISIONS_OF_KIND[option.kind];
  return allowed === undefined || allowed.includes(decision) ? null : "option_mismatch";
}

export class PermissionRequests {
  constructor(private readonly sql: SqlStorage) {}

  /** Records a request; a repeated request id keeps the first. */
  track(requestId: string, tool: string, input: unknown, options: readonly PermissionOption[] | undefined): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO permission_requests (request_id, tool, input, options, status, requested_at) VALUES (?, ?, ?, ?, 'pending', ?)",
      requestId,
      tool,
      JSON.stringify(input ?? null),
      JSON.stringify(options ?? []),
      Date.now(),
    );
  }

  get(requestId: string): PermissionState | null {
    const row = this.sql.exec<PermissionRow>("SELECT * FROM permission_requests WHERE request_id = ?", requestId).toArray()[0];
    if (!row) return null;
    return {
      requestId: row.request_id,
      tool: row.tool,
      input: storedValue(row.input),
      status: row.status,
      decision: row.decision,
      optionId: row.option_id,
      message: row.message,
    };
  }

  /** The options the agent offered with the request (none for requests from before options were kept). */
  options(requestId: string): PermissionOption[] {
    const row = this.sql.exec<{ options: string | null }>("SELECT options FROM permission_requests WHERE request_id = ?", requestId).toArray()[0];
    return row?.options ? decodeStored(PermissionOptions, row.options, "permission options") : [];
  }

  answer(requestId: string, decision: Decision, optionId: string | undefined, message: string | undefined): void {
    this.sql.exec(
      "UPDATE permission_requests SET status = 'answered', decision = ?, option_id = ?, message = ?, answered_at = ? WHERE request_id = ? AND status = 'pending'",
      decision,
      optionId ?? null,
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
