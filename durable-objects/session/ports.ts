// What a session object needs from outside itself: the project's MCP servers, its webhooks and its
// own provider keys. The Worker's composition root (src/objects.ts) passes implementations backed
// by D1 in; the object never imports the D1 layer, and tests can pass their own.
import type { McpCallResult } from "../../src/shared/mcp-client";
import type { NetworkProvider } from "../../src/shared/schemas/provider-keys";
import type { Server } from "../../src/shared/schemas/servers";
import type { Tool } from "../../src/shared/schemas/tools";
import type { Webhook, WebhookDelivery } from "../../src/shared/schemas/webhooks";

export interface ServerState {
  id: string;
  /** null when no server with this id is registered in the project. */
  server: Server | null;
  connected: boolean;
  tools: Tool[];
  error: string | null;
}

export type ServerCall = { ok: true; result: McpCallResult } | { ok: false; kind: "unreachable" | "rpc"; message: string };

/** The project's registered MCP servers: their states (with tool lists) and tools/call. */
export interface ServerDirectory {
  states(projectId: string, ids?: readonly string[]): Promise<ServerState[]>;
  call(projectId: string, serverId: string, tool: string, args: Record<string, unknown>): Promise<ServerCall>;
}

/** A webhook with its signing secret: for deliveries only. */
export interface WebhookTarget extends Webhook {
  secret: string;
}

export interface WebhookDirectory {
  targets(projectId: string): Promise<WebhookTarget[]>;
  logDelivery(webhookId: string, delivery: Omit<WebhookDelivery, "id" | "created_at">): Promise<void>;
}

/** "unreadable": stored under another SERVER_CREDENTIALS_KEY (the turn then fails, never falls back). */
export type ProjectProviderKey = { kind: "key"; apiKey: string } | { kind: "absent" } | { kind: "unreadable" };

export interface ProviderKeyStore {
  open(projectId: string, provider: NetworkProvider): Promise<ProjectProviderKey>;
}

export interface SessionPorts {
  servers: ServerDirectory;
  webhooks: WebhookDirectory;
  providerKeys: ProviderKeyStore;
}
