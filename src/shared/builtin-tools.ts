// The gateway's own tools, listed beside the servers' under server "codespar": the built-in meta
// tools every session has, and the commerce meta tools a project has routed to a server's tool.
import { discoverInputJsonSchema, DISCOVER_TOOL, type MetaTool } from "./schemas/meta-tools";
import { MANAGE_CONNECTIONS_TOOL, manageConnectionsJsonSchema } from "./schemas/manage-connections";
import type { Tool } from "./schemas/tools";

export const META_SERVER = "codespar";
export const LIST_TOOLS = "codespar_list_tools";

export const BUILT_IN_TOOLS: readonly Tool[] = [
  {
    name: LIST_TOOLS,
    description: "List the tools this session can call, with their input schemas.",
    input_schema: { type: "object", properties: {}, additionalProperties: false },
    server: META_SERVER,
  },
  {
    name: DISCOVER_TOOL,
    description: "Find the best tool for a use case among the project's servers, ranked, with a plan and known pitfalls.",
    input_schema: discoverInputJsonSchema(),
    server: META_SERVER,
  },
  {
    name: MANAGE_CONNECTIONS_TOOL,
    description: "List or check the user's connections to the project's servers, or start a connect link for one (initiate).",
    input_schema: manageConnectionsJsonSchema(),
    server: META_SERVER,
  },
];

export const isBuiltIn = (name: string) => BUILT_IN_TOOLS.some((tool) => tool.name === name);

/** A routed commerce meta tool as listings show it: the target's description and schema when it is known. */
export function routedTool(mapping: Pick<MetaTool, "name" | "server" | "tool">, target: Tool | undefined): Tool {
  return {
    name: mapping.name,
    description: target ? `${target.description} (routed to ${mapping.server}/${mapping.tool})` : `Routed to ${mapping.server}/${mapping.tool}`,
    input_schema: target?.input_schema ?? { type: "object" },
    server: META_SERVER,
  };
}
