// The session's own tools under server "codespar": codespar_list_tools, codespar_discover (ranked
// search over the project's servers' tools), codespar_manage_connections (the session user's
// connection state, and connect links), and the commerce meta tools the project routed to one of
// the session's servers' tools. Answers are ToolOutcomes, like a server tool's.
import { BUILT_IN_TOOLS, LIST_TOOLS, routedTool } from "../../src/shared/builtin-tools";
import { discover, type DiscoverCandidate } from "../../src/shared/discover";
import { RedirectUri } from "../../src/shared/schemas/connections";
import {
  ManageConnectionsInput,
  MANAGE_CONNECTIONS_TOOL,
  type ConnectionInstructions,
  type ConnectionStatusRow,
  type ManageConnectionsResult,
} from "../../src/shared/schemas/manage-connections";
import { DiscoverInput, DISCOVER_TOOL, type MetaTool } from "../../src/shared/schemas/meta-tools";
import type { Server } from "../../src/shared/schemas/servers";
import type { Tool } from "../../src/shared/schemas/tools";
import type { ConnectionDirectory, MetaToolDirectory, ServerDirectory } from "./ports";
import type { z } from "zod";

export interface ToolOutcome {
  success: boolean;
  data: unknown;
  error: string | null;
  errorCode: string | null;
  /** The exact JSON text of `data` when it must go back byte for byte (a mock response). */
  rawData?: string;
}

/** A gateway code as a tool result: `data` carries `{code, message, ...}` too, so turns and logs see it. */
export const codeOutcome = (code: string, message: string, extra: Record<string, unknown> = {}): ToolOutcome => ({
  success: false,
  data: { code, message, ...extra },
  error: message,
  errorCode: code,
});
const done = (data: unknown): ToolOutcome => ({ success: true, data, error: null, errorCode: null });

function invalidInput(name: string, error: z.ZodError): ToolOutcome {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return codeOutcome("invalid_input", `Tool input for ${name} is invalid: ${where}${issue?.message ?? "unexpected shape"}`);
}

export interface BuiltInDeps {
  orgId: string;
  projectId: string;
  userId: string;
  servers: readonly string[];
  catalog: ServerDirectory;
  connections: ConnectionDirectory;
  metaTools: MetaToolDirectory;
  /** The gateway's public origin for connect links; null leaves them relative to it. */
  origin: string | null;
  /** Calls `server/tool` exactly as execute would (the routed commerce tools use it). */
  callServer: (name: string, args: Record<string, unknown>, idempotencyKey?: string) => Promise<ToolOutcome>;
  /** The session's whole tool list (for codespar_list_tools). */
  listAll: () => Promise<Tool[]>;
}

const difficulty = (server: Server): ConnectionStatusRow["difficulty"] =>
  server.auth_type === "cert" ? "hard" : server.auth_type === "oauth" || server.connect_fields.length > 1 ? "medium" : "easy";

export class BuiltInTools {
  constructor(private readonly deps: BuiltInDeps) {}

  /** The routed commerce tools whose target server is one of the session's. */
  async routed(): Promise<MetaTool[]> {
    return (await this.deps.metaTools.list(this.deps.projectId)).filter((mapping) => this.deps.servers.includes(mapping.server));
  }

  /** Built-ins, then the routed commerce tools (described by their targets when `serverTools` lists them). */
  async list(serverTools: readonly Tool[]): Promise<Tool[]> {
    const byName = new Map(serverTools.map((tool) => [tool.name, tool]));
    const routed = (await this.routed()).map((mapping) => routedTool(mapping, byName.get(`${mapping.server}/${mapping.tool}`)));
    return [...BUILT_IN_TOOLS, ...routed];
  }

  /** null when `name` is not one of the session's own tools. */
  async call(name: string, args: Record<string, unknown>, idempotencyKey?: string): Promise<ToolOutcome | null> {
    if (name === LIST_TOOLS) return done({ tools: await this.deps.listAll() });
    if (name === DISCOVER_TOOL) return this.discover(args);
    if (name === MANAGE_CONNECTIONS_TOOL) return this.manageConnections(args);
    const mapping = (await this.routed()).find((candidate) => candidate.name === name);
    return mapping ? this.deps.callServer(`${mapping.server}/${mapping.tool}`, args, idempotencyKey) : null;
  }

  private async discover(args: Record<string, unknown>): Promise<ToolOutcome> {
    const input = DiscoverInput.safeParse(args);
    if (!input.success) return invalidInput(DISCOVER_TOOL, input.error);
    const states = await this.deps.catalog.states(this.deps.projectId, undefined, this.deps.userId);
    const candidates = states.flatMap((state): DiscoverCandidate[] => {
      const server = state.server;
      if (!server) return [];
      const status = server.auth_type === "none" ? "not_required" : state.connected ? "connected" : "disconnected";
      return state.tools.map((tool) => ({
        server_id: server.id,
        server_name: server.name,
        category: server.category,
        country: server.country,
        tool_name: tool.name,
        description: tool.description,
        input_schema: tool.input_schema,
        connection_status: status,
      }));
    });
    return done(discover(input.data, candidates));
  }

  private async manageConnections(args: Record<string, unknown>): Promise<ToolOutcome> {
    const parsed = ManageConnectionsInput.safeParse(args);
    if (!parsed.success) return invalidInput(MANAGE_CONNECTIONS_TOOL, parsed.error);
    const input = parsed.data;
    const action = input.action ?? (input.server_id ? "status" : "list");
    const servers = await this.deps.catalog.registrations(this.deps.projectId);
    const rows = await this.statusRows(servers);
    const result: ManageConnectionsResult = { action, connections: [], status: null, initiate: null };
    if (action === "list") {
      const country = input.country?.toLowerCase();
      result.connections = rows.filter((row) => {
        const server = servers.find((candidate) => candidate.id === row.server_id);
        return !country || !server || server.country.toLowerCase() === country || server.country === "global";
      });
      return done(result);
    }
    if (!input.server_id) return codeOutcome("invalid_input", `Tool input for ${MANAGE_CONNECTIONS_TOOL} is invalid: server_id is required for ${action}`);
    const server = servers.find((candidate) => candidate.id === input.server_id);
    const row = rows.find((candidate) => candidate.server_id === input.server_id);
    if (!server || !row) return codeOutcome("server_not_found", `Server ${input.server_id} is not registered in this project`);
    if (action === "status") return done({ ...result, status: row });
    const redirect = this.returnTo(input.return_to);
    if (redirect === null) return codeOutcome("invalid_input", "return_to must be an https URL, http on localhost, or a path on this gateway");
    return done({ ...result, initiate: await this.initiate(server, row, redirect) });
  }

  private async statusRows(servers: readonly Server[]): Promise<ConnectionStatusRow[]> {
    const own = new Map((await this.deps.connections.forUser(this.deps.projectId, this.deps.userId)).map((row) => [row.server_id, row]));
    return servers.map((server) => {
      const connection = own.get(server.id);
      const status: ConnectionStatusRow["status"] =
        server.auth_type === "none"
          ? "not_required"
          : connection?.status === "connected" || server.has_credentials
            ? "connected"
            : connection?.status === "expired"
              ? "expired"
              : "disconnected";
      return {
        server_id: server.id,
        display_name: server.name,
        auth_type: server.auth_type,
        status,
        difficulty: difficulty(server),
        connection_metadata: connection?.status === "connected" ? connection.connection_metadata : {},
        connected_at: connection?.status === "connected" ? connection.connected_at : null,
      };
    });
  }

  /** An absolute https (or localhost) URL, or a path on this gateway; default: the gateway's "connected" page. */
  private returnTo(returnTo: string | undefined): string | null {
    const origin = this.deps.origin ?? "";
    if (returnTo === undefined) return `${origin}/connect/done`;
    if (returnTo.startsWith("/") && !returnTo.startsWith("//")) return `${origin}${returnTo}`;
    return RedirectUri.safeParse(returnTo).success ? returnTo : null;
  }

  private async initiate(server: Server, row: ConnectionStatusRow, redirectUri: string): Promise<ConnectionInstructions> {
    const base = { server_id: server.id, display_name: server.name, auth_type: server.auth_type, difficulty: row.difficulty, status: row.status };
    if (server.auth_type === "none") {
      return {
        ...base,
        connect_url: "",
        instructions: [],
        required_secrets: [],
        known_pitfalls: [],
        next_action: `${server.name} needs no connection: call its tools directly`,
      };
    }
    const link = await this.deps.connections.startLink({
      orgId: this.deps.orgId,
      projectId: this.deps.projectId,
      serverId: server.id,
      userId: this.deps.userId,
      authType: server.auth_type,
      redirectUri,
    });
    const oauth = server.auth_type === "oauth";
    const secrets = oauth ? [] : server.connect_fields.map((field) => ({ name: field.label ?? field.name, ...(field.hint ? { hint: field.hint } : {}) }));
    return {
      ...base,
      connect_url: `${this.deps.origin ?? ""}/connect/${link.token}`,
      instructions: oauth
        ? [
            "Open connect_url in the user's browser",
            `Sign in to ${server.name} and approve the access it asks for`,
            "The page returns the user to the app when done",
          ]
        : [
            "Open connect_url in the user's browser",
            `Enter ${secrets.map((secret) => secret.name).join(", ")} for ${server.name}`,
            "The page returns the user to the app when done",
          ],
      required_secrets: secrets,
      known_pitfalls: [
        `The link works once and expires at ${link.expiresAt}`,
        ...(row.status === "connected" ? ["The user is already connected; connecting again replaces that connection"] : []),
      ],
      next_action: `Send the user to connect_url, then call ${MANAGE_CONNECTIONS_TOOL} with action "status" and server_id "${server.id}" to confirm`,
    };
  }
}
