// What the session object holds for its tools: the MCP server catalog (tool lists cached for this
// session's lifetime in memory, with a short TTL), the test-mode mocks, and the execute RPC's
// test-mode refusals, so session-do.ts only delegates.
import type { ToolResult } from "../../src/shared/schemas/tools";
import { MockStore } from "./mocks";
import type { ServerDirectory } from "./ports";
import { ok, type Result } from "../../src/shared/result";
import type { SessionState } from "./session-meta";
import type { ToolExecutor } from "./tool-executor";
import { SessionTools } from "./tools";

export interface ExecuteReply {
  result: ToolResult;
  /** The exact JSON text of result.data when it must be returned byte for byte (a mock), else null. */
  rawData: string | null;
}

export class SessionToolbox {
  readonly mocks: MockStore;
  constructor(
    private readonly catalog: ServerDirectory,
    sql: SqlStorage,
  ) {
    this.mocks = new MockStore(sql);
  }

  for(state: SessionState): SessionTools {
    return new SessionTools({ projectId: state.row.project_id, servers: state.row.servers, catalog: this.catalog, mocks: this.mocks });
  }

  /** execute over HTTP (and MCP): test mode refuses unmocked and exhausted tools with 422 before anything is logged. */
  async execute(executor: ToolExecutor, state: SessionState, name: string, input: unknown): Promise<Result<ExecuteReply>> {
    const tools = this.for(state);
    const refusal = tools.refusal(name);
    if (refusal) return refusal;
    const executed = await executor.execute(tools, name, input);
    return ok({ result: executed.result, rawData: executed.rawData });
  }
}
