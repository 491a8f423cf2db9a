// The one execute path: every tool call, from the API or from a turn, is logged as tool_call then
// tool_result and recorded for GET /logs, the result row and its event committed together. Each
// call gets an idempotency key (passed to server tools that take one) and is written to the
// project-wide index as it is recorded (tool-call-index.ts says when, and retries what fails).
import type { ToolResult } from "../../src/shared/schemas/tools";
import { elapsedMs } from "../../src/shared/elapsed";
import { randomBase62 } from "../../src/shared/ids";
import type { EventLog } from "./event-log";
import { INDEX_BACKSTOP_MS, type ToolCallIndexOutbox } from "./tool-call-index";
import type { CompletedToolCall, ToolCallStore } from "./tool-calls";
import { splitToolName, type SessionTools } from "./tools";

export interface ExecutedTool extends CompletedToolCall {
  result: ToolResult;
  /** The exact JSON text of result.data when it must be returned byte for byte (a mock), else null. */
  rawData: string | null;
}

export class ToolExecutor {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly log: EventLog,
    private readonly calls: ToolCallStore,
    private readonly index: ToolCallIndexOutbox,
  ) {}

  async execute(tools: SessionTools, name: string, input: unknown): Promise<ExecutedTool> {
    const id = `tc_${randomBase62(16)}`;
    const idempotencyKey = crypto.randomUUID();
    const { server, tool } = splitToolName(name);
    const calledAt = new Date().toISOString();
    this.log.append([{ type: "tool_call", callId: id, tool: name, server, input }]);
    const startedMs = performance.now();
    const outcome = await tools.call(name, input, idempotencyKey);
    const durationMs = elapsedMs(startedMs);
    const record = {
      id,
      tool_name: name,
      server_id: server,
      status: outcome.success ? ("success" as const) : ("error" as const),
      duration_ms: durationMs,
      input,
      output: outcome.data,
      error_code: outcome.errorCode,
    };
    const completed = { record, error: outcome.error, calledAt };
    this.storage.transactionSync(() => {
      this.log.append([
        { type: "tool_result", callId: id, output: outcome.data, isError: !outcome.success, durationMs, errorCode: outcome.errorCode ?? undefined },
      ]);
      this.calls.insert(completed, this.log.lastSeq(), { idempotencyKey, indexDueAt: Date.now() + INDEX_BACKSTOP_MS });
      this.index.captured();
    });
    await this.index.afterCall(id, name, input, outcome.data);
    const result: ToolResult = {
      success: outcome.success,
      data: outcome.data,
      error: outcome.error,
      duration: durationMs,
      server,
      tool,
      tool_call_id: id,
      called_at: calledAt,
    };
    return { ...completed, result, rawData: outcome.rawData ?? null };
  }
}
