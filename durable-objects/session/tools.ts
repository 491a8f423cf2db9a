// The session's tool catalog: the built-in meta tools plus (later) its servers' tools, and the
// call itself. Names are `server/tool` (split on the first "/") or bare `codespar_*` meta tools.
import type { Connections, Tool } from "../../src/schemas/tools";

export const META_SERVER = "codespar";

export interface ToolOutcome {
  success: boolean;
  data: unknown;
  error: string | null;
  errorCode: string | null;
}

export function splitToolName(name: string): { server: string; tool: string } {
  const slash = name.indexOf("/");
  return slash === -1 ? { server: META_SERVER, tool: name } : { server: name.slice(0, slash), tool: name.slice(slash + 1) };
}

const BUILT_INS: readonly Tool[] = [
  {
    name: "codespar_list_tools",
    description: "List the tools this session can call, with their input schemas.",
    input_schema: { type: "object", properties: {}, additionalProperties: false },
    server: META_SERVER,
  },
];

const failure = (errorCode: string, error: string): ToolOutcome => ({ success: false, data: {}, error, errorCode });

export class SessionTools {
  constructor(private readonly servers: readonly string[]) {}

  list(): Tool[] {
    return [...BUILT_INS];
  }

  /** Servers named at creation; none is configured until the server registry exists, so none is connected. */
  connections(): Connections {
    return {
      servers: this.servers.map((id) => ({
        id,
        name: id,
        category: "uncategorized",
        country: "global",
        auth_type: "none",
        connected: false,
      })),
      tools: this.list(),
    };
  }

  async call(name: string, input: unknown): Promise<ToolOutcome> {
    if (!this.list().some((tool) => tool.name === name)) {
      return failure("tool_not_registered", `Tool not registered: ${name}`);
    }
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return failure("invalid_input", `Tool input for ${name} must be a JSON object`);
    }
    switch (name) {
      case "codespar_list_tools":
        return { success: true, data: { tools: this.list() }, error: null, errorCode: null };
      default:
        return failure("tool_not_registered", `Tool not registered: ${name}`);
    }
  }
}
