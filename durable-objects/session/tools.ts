// The session's tool catalog and the call itself: built-in meta tools (bare `codespar_*` names) plus
// the tools of the session's registered MCP servers (`server/tool`, split on the first "/"). In test
// mode (the session was created with mocks) calls are answered from the mocks, never upstream.
import { fail, type Failure } from "../../src/shared/result";
import type { MockStore } from "./mocks";
import type { ServerDirectory, ServerState } from "./ports";
import type { McpCallResult } from "../../src/shared/mcp-client";
import type { Connections, ServerConnection, Tool } from "../../src/shared/schemas/tools";

export const META_SERVER = "codespar";
const LIST_TOOLS = "codespar_list_tools";

export interface ToolOutcome {
  success: boolean;
  data: unknown;
  error: string | null;
  errorCode: string | null;
  /** The exact JSON text of `data` when it must go back byte for byte (a mock response). */
  rawData?: string;
}

export function splitToolName(name: string): { server: string; tool: string } {
  const slash = name.indexOf("/");
  return slash === -1 ? { server: META_SERVER, tool: name } : { server: name.slice(0, slash), tool: name.slice(slash + 1) };
}

const BUILT_INS: readonly Tool[] = [
  {
    name: LIST_TOOLS,
    description: "List the tools this session can call, with their input schemas.",
    input_schema: { type: "object", properties: {}, additionalProperties: false },
    server: META_SERVER,
  },
];

const failure = (errorCode: string, error: string): ToolOutcome => ({ success: false, data: {}, error, errorCode });
const notRegistered = (name: string) => failure("tool_not_registered", `Tool not registered: ${name}`);
const invalidInput = (name: string) => failure("invalid_input", `Tool input for ${name} must be a JSON object`);
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

export interface SessionToolsDeps {
  projectId: string;
  servers: readonly string[];
  catalog: ServerDirectory;
  mocks: MockStore;
}

export class SessionTools {
  private readonly servers: string[];

  constructor(private readonly deps: SessionToolsDeps) {
    this.servers = [...new Set(deps.servers)];
  }

  async list(): Promise<Tool[]> {
    return (await this.connections()).tools;
  }

  /** Each server's real state; tools are the built-ins plus the servers' tools (test mode: plus the mocked ones). */
  async connections(): Promise<Connections> {
    const states = await this.deps.catalog.states(this.deps.projectId, this.servers);
    const serverTools = states.flatMap((state) => state.tools);
    const tools = this.deps.mocks.inTestMode() ? [...BUILT_INS, ...this.mockedTools(serverTools)] : [...BUILT_INS, ...serverTools];
    return { servers: states.map(toConnection), tools };
  }

  /** Test mode's answers for execute over HTTP that are errors rather than tool results (422). */
  refusal(name: string): { ok: false; error: Failure } | null {
    if (!this.deps.mocks.inTestMode()) return null;
    const answer = this.deps.mocks.peek(name);
    if (answer.kind === "exhausted") {
      return fail(422, "mocks_exhausted", `The mock sequence for ${name} is exhausted: all ${answer.used} responses were used`);
    }
    if (answer.kind === "not_mocked" && name !== LIST_TOOLS) {
      return fail(422, "tool_not_mocked", `Tool ${name} has no mock, and this session is in test mode (created with mocks)`, { tool_name: name });
    }
    return null;
  }

  /** A mock is taken before the first await, so concurrent calls cannot take the same sequence step. */
  async call(name: string, input: unknown): Promise<ToolOutcome> {
    const args = asObject(input);
    if (this.deps.mocks.inTestMode()) {
      if (!args) return invalidInput(name);
      const answer = this.deps.mocks.take(name);
      if (answer.kind === "response") return { success: true, data: JSON.parse(answer.raw), error: null, errorCode: null, rawData: answer.raw };
      if (answer.kind === "exhausted") return failure("mocks_exhausted", `The mock sequence for ${name} is exhausted`);
      if (name !== LIST_TOOLS) return failure("tool_not_mocked", `Tool ${name} has no mock, and this session is in test mode`);
    }
    if (!name.includes("/")) {
      if (name !== LIST_TOOLS) return notRegistered(name);
      return args ? { success: true, data: { tools: await this.list() }, error: null, errorCode: null } : invalidInput(name);
    }
    return this.callServer(name, args);
  }

  private async callServer(name: string, args: Record<string, unknown> | null): Promise<ToolOutcome> {
    const { server, tool } = splitToolName(name);
    if (!this.servers.includes(server)) return notRegistered(name);
    const [state] = await this.deps.catalog.states(this.deps.projectId, [server]);
    if (!state?.server) return notRegistered(name);
    if (!state.connected) return failure("server_unreachable", `Server ${server} is not reachable: ${state.error ?? "unknown error"}`);
    if (!state.tools.some((known) => known.name === name)) return notRegistered(name);
    if (!args) return invalidInput(name);
    const called = await this.deps.catalog.call(this.deps.projectId, server, tool, args);
    if (!called.ok) return failure(called.kind === "rpc" ? "tool_error" : "server_unreachable", called.message);
    return fromCallResult(called.result);
  }

  /** Mocked tools as a model or MCP client sees them: the real server's description and schema when it lists the tool. */
  private mockedTools(serverTools: Tool[]): Tool[] {
    const known = new Map(serverTools.map((tool) => [tool.name, tool]));
    return this.deps.mocks
      .tools()
      .filter((name) => !BUILT_INS.some((tool) => tool.name === name))
      .map((name) => known.get(name) ?? { name, description: "Mocked in test mode", input_schema: { type: "object" }, server: splitToolName(name).server });
  }
}
