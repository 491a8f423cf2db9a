// A session as an MCP server (Streamable HTTP, JSON responses, no server-initiated stream, no MCP
// sessions of its own: the CodeSpar session is the state). JSON-RPC dispatch only; the route supplies
// the session's tools and its execute path, so every tools/call is logged like any other call.
import { z } from "zod";
import type { ExecuteReply } from "../../../durable-objects/session/session-toolbox";
import type { Tool } from "../../shared/schemas/tools";
import { ApiError } from "../errors";

/** Newest first; an initialize asking for another version gets the newest. */
export const MCP_PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];
const SERVER_INFO = { name: "codespar-session-gateway", version: "0.1.0" };

/** JSON-RPC 2.0 error codes. */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
/** Application errors (a closed session, a refused test-mode call) carry the gateway's code in `data`. */
const GATEWAY_ERROR = -32000;

export interface SessionPort {
  sessionId: string;
  tools(): Promise<Tool[]>;
  execute(name: string, input: Record<string, unknown>): Promise<ExecuteReply>;
}

const JsonRpcId = z.union([z.string(), z.number()]);
const Message = z.object({ jsonrpc: z.literal("2.0"), id: JsonRpcId.optional(), method: z.string().optional(), params: z.unknown().optional() });
const CallParams = z.object({ name: z.string().min(1), arguments: z.record(z.string(), z.unknown()).optional() });
const InitializeParams = z.object({ protocolVersion: z.string() });

type Id = z.infer<typeof JsonRpcId> | null;
export type JsonRpcReply = { jsonrpc: "2.0"; id: Id; result: unknown } | { jsonrpc: "2.0"; id: Id; error: { code: number; message: string; data?: unknown } };

const result = (id: Id, value: unknown): JsonRpcReply => ({ jsonrpc: "2.0", id, result: value });
const error = (id: Id, code: number, message: string, data?: unknown): JsonRpcReply => ({
  jsonrpc: "2.0",
  id,
  error: data === undefined ? { code, message } : { code, message, data },
});

/** A tools/call answer: the data as text (a mock's exact text), structured when it is an object. */
function toolCallResult({ result: tool, rawData }: ExecuteReply) {
  if (!tool.success) return { content: [{ type: "text", text: tool.error ?? "The tool failed" }], isError: true };
  const text = rawData ?? JSON.stringify(tool.data ?? null);
  const structured = typeof tool.data === "object" && tool.data !== null && !Array.isArray(tool.data) ? { structuredContent: tool.data } : {};
  return { content: [{ type: "text", text }], ...structured, isError: false };
}

async function dispatch(port: SessionPort, id: Id, method: string, params: unknown): Promise<JsonRpcReply> {
  switch (method) {
    case "initialize": {
      const parsed = InitializeParams.safeParse(params);
      if (!parsed.success) return error(id, INVALID_PARAMS, "initialize needs params.protocolVersion");
      const wanted = parsed.data.protocolVersion;
      return result(id, {
        protocolVersion: MCP_PROTOCOL_VERSIONS.includes(wanted) ? wanted : MCP_PROTOCOL_VERSIONS[0],
        capabilities: { tools: { listChanged: false } },
        serverInfo: SERVER_INFO,
        instructions: `The tools of CodeSpar session ${port.sessionId}. Every call is recorded in the session's log.`,
      });
    }
    case "ping":
      return result(id, {});
    case "tools/list": {
      const tools = await port.tools();
      return result(id, { tools: tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.input_schema })) });
    }
    case "tools/call": {
      const parsed = CallParams.safeParse(params);
      if (!parsed.success) return error(id, INVALID_PARAMS, "tools/call needs params.name and, optionally, params.arguments as an object");
      return result(id, toolCallResult(await port.execute(parsed.data.name, parsed.data.arguments ?? {})));
    }
    default:
      return error(id, METHOD_NOT_FOUND, `Method not found: ${method}`);
  }
}

/** One message: a request gets a reply; notifications and responses get none. */
async function handleMessage(port: SessionPort, raw: unknown): Promise<JsonRpcReply | null> {
  const message = Message.safeParse(raw);
  if (!message.success) return error(null, INVALID_REQUEST, "Not a JSON-RPC 2.0 message");
  const { id, method, params } = message.data;
  if (method === undefined || id === undefined) return null;
  try {
    return await dispatch(port, id, method, params);
  } catch (thrown) {
    // Session-level refusals (closed, test-mode 422s, not found) come from the RPC as ApiErrors.
    if (thrown instanceof ApiError) return error(id, GATEWAY_ERROR, thrown.message, { code: thrown.code, status: thrown.status, ...thrown.extra });
    throw thrown;
  }
}

/** The HTTP answer to a POST: 200 with a reply (or replies, for a batch), or 202 when nothing needs one. */
export async function handleMcpPost(port: SessionPort, bodyText: string): Promise<{ status: 200 | 202 | 400; body: unknown }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { status: 400, body: error(null, PARSE_ERROR, "Parse error: the body is not JSON") };
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return { status: 400, body: error(null, INVALID_REQUEST, "An empty batch") };
    const replies: JsonRpcReply[] = [];
    for (const item of parsed) {
      const reply = await handleMessage(port, item);
      if (reply) replies.push(reply);
    }
    return replies.length > 0 ? { status: 200, body: replies } : { status: 202, body: null };
  }
  const reply = await handleMessage(port, parsed);
  return reply ? { status: 200, body: reply } : { status: 202, body: null };
}
