// What the session object holds for its tools: the MCP server catalog (tool lists cached for this
// session's lifetime in memory, with a short TTL), the connection and meta-tool directories, the
// test-mode mocks, and the execute RPC's test-mode refusals, so session-do.ts only delegates.
import type { ToolResult } from "../../src/shared/schemas/tools";
import { MockStore } from "./mocks";
import type { SessionPorts } from "./ports";
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
  /** The origin the last API call came in on: where connect links point when PUBLIC_URL is not set. */
  private seenOrigin: string | null = null;

  constructor(
    private readonly ports: Pick<SessionPorts, "servers" | "connections" | "metaTools">,
    sql: SqlStorage,
    private readonly publicUrl: string | undefined,
  ) {
    this.mocks = new MockStore(sql);
  }

  for(state: SessionState): SessionTools {
    return new SessionTools({
      orgId: state.row.org_id,
      projectId: state.row.project_id,
      userId: state.row.user_id,
      servers: state.row.servers,
      catalog: this.ports.servers,
      connections: this.ports.connections,
      metaTools: this.ports.metaTools,
      mocks: this.mocks,
      origin: this.publicUrl ? new URL(this.publicUrl).origin : this.seenOrigin,
    });
  }

  /** execute over HTTP (and MCP): test mode refuses unmocked and exhausted tools with 422 before anything is logged. */
  async execute(executor: ToolExecutor, state: SessionState, name: string, input: unknown, origin?: string): Promise<Result<ExecuteReply>> {
    if (origin) this.seenOrigin = origin;
    const tools = this.for(state);
    const refusal = tools.refusal(name);
    if (refusal) return refusal;
    const executed = await executor.execute(tools, name, input);
    return ok({ result: executed.result, rawData: executed.rawData });
  }
}
