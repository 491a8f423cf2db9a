// The session's tool catalog and the call itself: the gateway's own tools (bare `codespar_*` names,
// built-in-tools.ts) plus the tools of the session's registered MCP servers (`server/tool`, split on
// the first "/"). In test mode (the session was created with mocks) calls are answered from the
// mocks, never upstream. Gateway refusals come back as `{code, message, ...}` outputs.
import { isBuiltIn, META_SERVER } from "../../src/shared/builtin-tools";
import { fail, type Failure } from "../../src/shared/result";
import { BuiltInTools, codeOutcome, type BuiltInDeps, type ToolOutcome } from "./built-in-tools";
import { withIdempotencyKey } from "./idempotency";
import type { MockStore } from "./mocks";
import type { ServerState } from "./ports";
import type { McpCallResult } from "../../src/shared/mcp-client";
import type { Connections, ServerConnection, Tool } from "../../src/shared/schemas/tools";

export function splitToolName(name: string): { server: string; tool: string } {
  const slash = name.indexOf("/");
  return slash === -1 ? { server: META_SERVER, tool: name } : { server: name.slice(0, slash), tool: name.slice(slash + 1) };
}

/** The session contract fixes this one's `data` as {} (wire-contract.md); other refusals carry {code, message}. */
const notRegistered = (name: string): ToolOutcome => ({ success: false, data: {}, error: `Tool not registered: ${name}`, errorCode: "tool_not_registered" });
const invalidInput = (name: string) => codeOutcome("invalid_input", `Tool input for ${name} must be a JSON object`);
const asObject = (input: unknown): Record<string, unknown> | null =>
  typeof input === "object" && input !== null && !Array.isArray(input) ? Object.fromEntries(Object.entries(input)) : null;

function toConnection(state: ServerState): ServerConnection {
  const server = state.server;
  return {
    id: state.id,
    name: server?.name ?? state.id,
    category: server?.category ?? "uncategorized",
    country: server?.country ?? "global",
    auth_type: server?.auth_type ?? "none",
    connected: state.connected,
  };
}

/** An MCP tools/call result as ToolResult fields: structured content when the tool gives it, else its content blocks. */
function fromCallResult(result: McpCallResult): ToolOutcome {
  const data = result.structuredContent ?? { content: result.content };
  if (!result.isError) return { success: true, data, error: null, errorCode: null };
  const text = result.content
    .map((block) => (typeof block === "object" && block !== null && "text" in block && typeof block.text === "string" ? block.text : ""))
    .filter(Boolean)
    .join("\n");
  return { success: false, data, error: text || "The tool reported an error", errorCode: "tool_error" };
}

/** What the built-ins take, less what SessionTools supplies itself, plus the test-mode mocks. */
export type SessionToolsDeps = Omit<BuiltInDeps, "callServer" | "listAll"> & { mocks: MockStore };

export class SessionTools {
  private readonly servers: string[];
  private readonly builtIns: BuiltInTools;

  constructor(private readonly deps: SessionToolsDeps) {
    this.servers = [...new Set(deps.servers)];
    this.builtIns = new BuiltInTools({
      ...deps,
      servers: this.servers,
      callServer: (name, args, idempotencyKey) => this.callServer(name, args, idempotencyKey),
      listAll: () => this.list(),
    });
  }

  async list(): Promise<Tool[]> {
    return (await this.connections()).tools;
  }

  /** Each server's real state; tools are the gateway's own plus the servers' tools (test mode: plus the mocked ones). */
  async connections(): Promise<Connections> {
    const states = await this.deps.catalog.states(this.deps.projectId, this.servers, this.deps.userId);
    const serverTools = states.flatMap((state) => state.tools);
    const own = await this.builtIns.list(serverTools);
    const tools = this.deps.mocks.inTestMode() ? [...own, ...this.mockedTools(serverTools, own)] : [...own, ...serverTools];
    return { servers: states.map(toConnection), tools };
  }

  /** Test mode's answers for execute over HTTP that are errors rather than tool results (422). */
  refusal(name: string): { ok: false; error: Failure } | null {
    if (!this.deps.mocks.inTestMode()) return null;
    const answer = this.deps.mocks.peek(name);
    if (answer.kind === "exhausted") {
      return fail(422, "mocks_exhausted", `The mock sequence for ${name} is exhausted: all ${answer.used} responses were used`);
    }
    if (answer.kind === "not_mocked" && !isBuiltIn(name)) {
      return fail(422, "tool_not_mocked", `Tool ${name} has no mock, and this session is in test mode (created with mocks)`, { tool_name: name });
    }
    return null;
  }

  /** A mock is taken before the first await, so concurrent calls cannot take the same sequence step. */
  async call(name: string, input: unknown, idempotencyKey?: string): Promise<ToolOutcome> {
    const args = asObject(input);
    if (this.deps.mocks.inTestMode()) {
      if (!args) return invalidInput(name);
      const answer = this.deps.mocks.take(name);
      if (answer.kind === "response") return { success: true, data: JSON.parse(answer.raw), error: null, errorCode: null, rawData: answer.raw };
      if (answer.kind === "exhausted") return codeOutcome("mocks_exhausted", `The mock sequence for ${name} is exhausted`);
      // The gateway's own tools answer in test mode too (they never reach a server).
      if (!isBuiltIn(name)) return codeOutcome("tool_not_mocked", `Tool ${name} has no mock, and this session is in test mode`, { tool_name: name });
    }
    if (!name.includes("/")) {
      if (!args) return isBuiltIn(name) ? invalidInput(name) : notRegistered(name);
      return (await this.builtIns.call(name, args, idempotencyKey)) ?? notRegistered(name);
    }
    return this.callServer(name, args, idempotencyKey);
  }

  private async callServer(name: string, args: Record<string, unknown> | null, idempotencyKey?: string): Promise<ToolOutcome> {
    const { server, tool } = splitToolName(name);
    if (!this.servers.includes(server)) return notRegistered(name);
    const opened = await this.deps.catalog.open(this.deps.projectId, server, this.deps.userId);

    const { state } = opened;
    if (!state.server) return notRegistered(name);
    if (!state.connected) return codeOutcome("server_unreachable", `Server ${server} is not reachable: ${state.error ?? "unknown error"}`);
    if (!state.tools.some((known) => known.name === name)) return notRegistered(name);
    if (!args) return invalidInput(name);
    const keyed = withIdempotencyKey(state.tools.find((known) => known.name === name)?.input_schema, args, idempotencyKey);
    const called = await opened.call(tool, keyed);
    if (!called.ok) return codeOutcome(called.kind === "rpc" ? "tool_error" : "server_unreachable", called.message);
    return fromCallResult(called.result);
  }

  /** Mocked tools as a model or MCP client sees them: the real server's description and schema when it lists the tool. */
  private mockedTools(serverTools: Tool[], own: readonly Tool[]): Tool[] {
    const known = new Map(serverTools.map((tool) => [tool.name, tool]));
    return this.deps.mocks
      .tools()
      .filter((name) => !own.some((tool) => tool.name === name))
      .map((name) => known.get(name) ?? { name, description: "Mocked in test mode", input_schema: { type: "object" }, server: splitToolName(name).server });
  }
}
