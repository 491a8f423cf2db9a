// The tools of registered MCP servers, as sessions and /v1/tools see them: registrations come from
// D1 on every look (a deleted server is gone at once), tool lists from `tools/list`, cached briefly
// per registration. A reachable server's list is kept longer than a failure, so a server that comes
// back is noticed within seconds; a call that cannot reach its server drops the entry at once.
// A server that needs a credential and has none for the caller (no user connection, no project
// secret) is not connected and is never called: the user has to connect it first.
import { listServers, type UpstreamServer } from "../db/servers";
import { callableServers } from "./upstreams";
import type { OpenServer, ServerCall, ServerDirectory, ServerState } from "../../durable-objects/session/ports";
import type { Env } from "../env";
import type { Server } from "../shared/schemas/servers";
import type { Tool } from "../shared/schemas/tools";
import { loopbackAllowed } from "../shared/destinations/guard";
import { callTool, listTools, McpClientError, type McpTarget } from "../shared/mcp-client";

export const TOOLS_CACHE_TTL_MS = 60_000;
export const DOWN_CACHE_TTL_MS = 5_000;
/** Bounds the cache of one Worker isolate, which serves many projects. */
const MAX_CACHE_ENTRIES = 1_000;

const NOT_CONNECTED = "No credential for this user: connect the server first (POST /v1/connect/start or POST /v1/connections)";

type Listing = { connected: true; tools: Tool[] } | { connected: false; error: string };

const toolName = (serverId: string, tool: string) => `${serverId}/${tool}`;

export class ServerCatalog implements ServerDirectory {
  private readonly cache = new Map<string, { listing: Listing; expiresAtMs: number }>();

  constructor(private readonly env: Env) {}

  /** The state of each named server (all the project's registrations when `ids` is omitted), in order. */
  async states(projectId: string, ids?: readonly string[], userId?: string): Promise<ServerState[]> {
    const upstreams = await callableServers(this.env, projectId, ids, userId);
    const byId = new Map(upstreams.map((upstream) => [upstream.server.id, upstream]));
    const order = ids ?? upstreams.map((upstream) => upstream.server.id);
    return Promise.all(order.map((id) => this.state(projectId, id, byId.get(id))));
  }

  registrations(projectId: string): Promise<Server[]> {
    return listServers(this.env.DB, projectId);
  }

  async open(projectId: string, serverId: string, userId?: string): Promise<OpenServer> {
    const [upstream] = await callableServers(this.env, projectId, [serverId], userId);
    return { state: await this.state(projectId, serverId, upstream), call: (tool, args) => this.call(projectId, serverId, upstream, tool, args) };
  }

  private async state(projectId: string, id: string, upstream: UpstreamServer | undefined): Promise<ServerState> {
    if (!upstream) return { id, server: null, connected: false, tools: [], error: `Server ${id} is not registered in this project` };
    const listing = await this.listing(projectId, upstream);
    return listing.connected
      ? { id, server: upstream.server, connected: true, tools: listing.tools, error: null }
      : { id, server: upstream.server, connected: false, tools: [], error: listing.error };
  }

  /** tools/call on a registered server; a server that cannot be reached is listed afresh next time. */
  private async call(
    projectId: string,
    serverId: string,
    upstream: UpstreamServer | undefined,
    tool: string,
    args: Record<string, unknown>,
  ): Promise<ServerCall> {
    if (!upstream) return { ok: false, kind: "unreachable", message: `Server ${serverId} is not registered in this project` };
    const target = this.target(upstream);
    if (!target.ok) return { ok: false, kind: "unreachable", message: target.error };
    try {
      return { ok: true, result: await callTool(target.value, tool, args) };
    } catch (error) {
      const failure = error instanceof McpClientError ? error : new McpClientError("unreachable", String(error));
      if (failure.kind === "unreachable") this.cache.delete(this.key(projectId, upstream));
      return { ok: false, kind: failure.kind, message: failure.message };
    }
  }

  private key(projectId: string, upstream: UpstreamServer): string {
    // A re-registration under the same id gets a new created_at, and each credential its own entry
    // (a user's connection may see other tools than the project's key).
    const credential = upstream.credential.kind === "connection" ? upstream.credential.connectionId : upstream.credential.kind;
    return `${projectId}/${upstream.server.id}@${upstream.server.created_at}#${credential}`;
  }

  private target(upstream: UpstreamServer): { ok: true; value: McpTarget } | { ok: false; error: string } {
    if (upstream.credentialsError) return { ok: false, error: upstream.credentialsError };
    if (upstream.server.auth_type !== "none" && upstream.credential.kind === "none") return { ok: false, error: NOT_CONNECTED };
    return { ok: true, value: { url: upstream.server.url, headers: upstream.headers, allowLoopback: loopbackAllowed(this.env) } };
  }

  /** Only settled listings are cached: a fetch in flight belongs to the request that started it. */
  private async listing(projectId: string, upstream: UpstreamServer): Promise<Listing> {
    const key = this.key(projectId, upstream);
    const cached = this.cache.get(key);
    if (cached && cached.expiresAtMs > Date.now()) return cached.listing;
    const listing = await this.fetchListing(upstream);
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, { listing, expiresAtMs: Date.now() + (listing.connected ? TOOLS_CACHE_TTL_MS : DOWN_CACHE_TTL_MS) });
    return listing;
  }

  private async fetchListing(upstream: UpstreamServer): Promise<Listing> {
    const target = this.target(upstream);
    if (!target.ok) return { connected: false, error: target.error };
    try {
      const tools = await listTools(target.value);
      return {
        connected: true,
        tools: tools.map((tool) => ({
          name: toolName(upstream.server.id, tool.name),
          description: tool.description,
          input_schema: tool.inputSchema,
          server: upstream.server.id,
        })),
      };
    } catch (error) {
      return { connected: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
