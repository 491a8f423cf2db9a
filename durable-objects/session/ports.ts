// What a session object needs from outside itself: the project's MCP servers, its webhooks, its
// own provider keys and the project-wide tool-call index. The Worker's composition root
// (src/objects.ts) passes implementations backed by D1 in; the object never imports the D1 layer,
// and tests can pass their own.
import type { McpCallResult } from "../../src/shared/mcp-client";
import type { ConnectionRow } from "../../src/shared/schemas/connections";
import type { MetaTool } from "../../src/shared/schemas/meta-tools";
import type { NetworkProvider } from "../../src/shared/schemas/provider-keys";
import type { Server } from "../../src/shared/schemas/servers";
import type { Tool } from "../../src/shared/schemas/tools";
import type { ToolCallIndexEntry } from "../../src/shared/schemas/tool-status";
import type { TriggerEventType } from "../../src/shared/schemas/triggers";
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

/** One server resolved for a call: its state, and tools/call with the credential that state was read with. */
export interface OpenServer {
  state: ServerState;
  call(tool: string, args: Record<string, unknown>): Promise<ServerCall>;
}

/**
 * The project's registered MCP servers: their states (with tool lists) and tools/call. With a
 * user, that user's connection to a server is the credential (else the project's, if any).
 */
export interface ServerDirectory {
  states(projectId: string, ids?: readonly string[], userId?: string): Promise<ServerState[]>;
  /** The project's registrations alone, without contacting any server. */
  registrations(projectId: string): Promise<Server[]>;
  /** Resolves the server once (registration, credential, tool list) for a tool call. */
  open(projectId: string, serverId: string, userId?: string): Promise<OpenServer>;
}

/**
 * Where the outbox delivers, with its signing secret (for deliveries only): a webhook (its event
 * types, X-Gateway-Signature) or a trigger (one event, maybe one server's tool calls, X-CodeSpar-Signature).
 */
export type WebhookTarget =
  | (Webhook & { kind: "webhook"; secret: string })
  | { kind: "trigger"; id: string; url: string; event: TriggerEventType; server_id: string | null; secret: string };

export interface WebhookDirectory {
  targets(projectId: string): Promise<WebhookTarget[]>;
  logDelivery(webhookId: string, delivery: Omit<WebhookDelivery, "id" | "created_at">): Promise<void>;
}

/** "unreadable": stored under another SERVER_CREDENTIALS_KEY (the turn then fails, never falls back). */
export type ProjectProviderKey = { kind: "key"; apiKey: string } | { kind: "absent" } | { kind: "unreadable" };

export interface ProviderKeyStore {
  open(projectId: string, provider: NetworkProvider): Promise<ProjectProviderKey>;
}

/** The project-wide tool-call index: finished calls, written again after a failure (so writes are idempotent per call id). */
export interface ToolCallIndex {
  record(entries: readonly ToolCallIndexEntry[]): Promise<void>;
}

/** A project's per-user connections, for codespar_manage_connections: read them, and open connect links. */
export interface ConnectionDirectory {
  /** The user's newest connection per server (a connected one wins over newer pending ones). */
  forUser(projectId: string, userId: string): Promise<ConnectionRow[]>;
  startLink(input: { orgId: string; projectId: string; serverId: string; userId: string; authType: string; redirectUri: string }): Promise<{
    token: string;
    expiresAt: string;
    connectionId: string;
  }>;
}

/** The project's commerce meta tools (codespar_charge, ...) and the server tools they route to. */
export interface MetaToolDirectory {
  list(projectId: string): Promise<MetaTool[]>;
}

export interface SessionPorts {
  connections: ConnectionDirectory;
  metaTools: MetaToolDirectory;
  servers: ServerDirectory;
  webhooks: WebhookDirectory;
  providerKeys: ProviderKeyStore;
  toolCallIndex: ToolCallIndex;
}
