// Calls a remote MCP server over Streamable HTTP with the official SDK's Client and transport, which
// run in workerd as they are (fetch, web streams, SSE parsing, Mcp-Session-Id) with two changes:
// requests go through the gateway's guarded fetch (destination policy; redirects only within the
// origin, each hop checked), and structured results are not validated with Ajv, which compiles
// validators with `new Function` (refused in workerd) and is not the gateway's job anyway.
// One connection per operation: initialize, the request, then terminate the MCP session.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { guardedFetch, UpstreamRefused } from "./destinations/guard";

/** Longest wait for initialize or tools/list: connections should answer even with a server down. */
export const MCP_LIST_TIMEOUT_MS = 10_000;
/** Longest wait for one tools/call. */
export const MCP_CALL_TIMEOUT_MS = 60_000;
/** Terminating the MCP session is a courtesy; do not hold a caller up for it. */
const TERMINATE_TIMEOUT_MS = 2_000;
/** A server listing more pages than this is cut off (at the SDK's page sizes, thousands of tools). */
const MAX_LIST_PAGES = 20;
const CLIENT_INFO = { name: "codespar-session-gateway", version: "0.1.0" };

export interface McpTarget {
  url: string;
  headers: Record<string, string>;
  allowLoopback: boolean;
}

export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface McpCallResult {
  isError: boolean;
  content: unknown[];
  structuredContent: Record<string, unknown> | null;
}

/** `unreachable`: no usable answer (network, HTTP status, refused destination); `rpc`: the server answered with a JSON-RPC error. */
export class McpClientError extends Error {
  constructor(
    readonly kind: "unreachable" | "rpc",
    message: string,
  ) {
    super(message);
  }
}

/**
 * The SDK asks for validators when listing tools and uses them only on later calls through the same
 * client; every operation here has its own client, so none is ever consulted. Were one consulted,
 * it would refuse rather than vouch for data it did not check.
 */
const NO_VALIDATION: jsonSchemaValidator = {
  getValidator: () => () => ({ valid: false, data: undefined, errorMessage: "output schemas are not validated by the gateway" }),
};

function classify(error: unknown): McpClientError {
  if (error instanceof McpClientError) return error;
  if (error instanceof UpstreamRefused) return new McpClientError("unreachable", error.message);
  if (error instanceof StreamableHTTPError) return new McpClientError("unreachable", `HTTP ${error.code ?? "error"}: ${error.message}`);
  // Timeouts and dropped connections come as McpErrors with codes -32001 and -32000.
  if (error instanceof McpError) return new McpClientError(error.code <= -32000 && error.code >= -32001 ? "unreachable" : "rpc", error.message);
  return new McpClientError("unreachable", error instanceof Error ? error.message : String(error));
}

async function withClient<T>(target: McpTarget, timeoutMs: number, run: (client: Client) => Promise<T>): Promise<T> {
  const transport = new StreamableHTTPClientTransport(new URL(target.url), {
    fetch: guardedFetch(target.allowLoopback),
    requestInit: { headers: target.headers },
  });
  const client = new Client(CLIENT_INFO, { capabilities: {}, jsonSchemaValidator: NO_VALIDATION });
  // Transport errors also reject the pending request; the handler only keeps them from being logged twice.
  client.onerror = () => {};
  try {
    await client.connect(transport, { timeout: timeoutMs });
    return await run(client);
  } catch (error) {
    throw classify(error);
  } finally {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, TERMINATE_TIMEOUT_MS)));
    await Promise.race([transport.terminateSession().catch(() => {}), gaveUp]);
    if (timer !== undefined) clearTimeout(timer);
    await client.close().catch(() => {});
  }
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;

export function listTools(target: McpTarget, timeoutMs = MCP_LIST_TIMEOUT_MS): Promise<McpToolInfo[]> {
  return withClient(target, timeoutMs, async (client) => {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const result = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
      for (const tool of result.tools) {
        tools.push({ name: tool.name, description: tool.description ?? tool.title ?? "", inputSchema: asRecord(tool.inputSchema) ?? { type: "object" } });
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  });
}

export function callTool(target: McpTarget, name: string, args: Record<string, unknown>, timeoutMs = MCP_CALL_TIMEOUT_MS): Promise<McpCallResult> {
  return withClient(target, timeoutMs, async (client) => {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs });
    const content = Array.isArray(result.content) ? result.content : [];
    return { isError: result.isError === true, content, structuredContent: asRecord(result.structuredContent) };
  });
}
