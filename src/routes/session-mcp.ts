// /v1/sessions/:id/mcp: the session as an MCP server over Streamable HTTP, with the same Bearer key
// and project header as the rest of the API. POST carries JSON-RPC; GET and DELETE answer 405, since
// there is no server-initiated stream and no MCP session to end.
import { publicOrigin } from "../lib/public-origin";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/errors";
import { isJsonMediaType } from "../middleware/json-depth";
import { handleMcpPost, MCP_PROTOCOL_VERSIONS, type SessionPort } from "../lib/mcp/session-server";
import { createRouter, ERR, rawJson } from "../lib/router";
import { sessionStub, unwrap } from "../lib/session-stub";
import type { Connections } from "../shared/schemas/tools";
import { SessionParam } from "./sessions";
import { scoped } from "../middleware/scope";

const JsonRpcMessage = z.looseObject({ jsonrpc: z.literal("2.0") }).meta({ id: "JsonRpcMessage", description: "A JSON-RPC 2.0 message (MCP)" });

function port(c: Context<AppEnv>, sessionId: string): SessionPort {
  const projectId = c.get("principal").project.id;
  const stub = sessionStub(c.env, projectId, sessionId);
  return {
    sessionId,
    tools: async () => {
      const connections: Connections = unwrap(await stub.connections(projectId));
      return connections.tools;
    },
    execute: async (name, input) => unwrap(await stub.execute(projectId, name, input, publicOrigin(c.env, c.req.url))),
  };
}

const jsonResponse = (status: number, body: unknown) =>
  new Response(body === null ? null : JSON.stringify(body), { status, headers: body === null ? {} : { "content-type": "application/json" } });

export const sessionMcp = createRouter();

sessionMcp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/mcp",
    tags: ["MCP"],
    summary: "MCP over Streamable HTTP: initialize, ping, tools/list, tools/call (JSON responses)",
    ...scoped("sessions", "write"),
    // The body is read as text by the JSON-RPC handler, so malformed JSON gets a JSON-RPC parse error.
    description: "Body: one JSON-RPC 2.0 message (or a batch). Notifications and responses are answered with 202.",
    request: { params: SessionParam },
    responses: {
      200: rawJson(JsonRpcMessage, "The JSON-RPC reply (an array for a batch)"),
      202: { description: "Accepted: the message was a notification or a response" },
      400: ERR[400],
      401: ERR[401],
      404: ERR[404],
      415: ERR[415],
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    // MCP clients always send JSON; requiring it also puts the body under the JSON depth bound.
    if (!isJsonMediaType(c.req.header("content-type"))) {
      throw new ApiError(415, "unsupported_media_type", "Send the JSON-RPC message with Content-Type: application/json");
    }
    const version = c.req.header("mcp-protocol-version");
    if (version !== undefined && !MCP_PROTOCOL_VERSIONS.includes(version)) {
      return jsonResponse(400, { jsonrpc: "2.0", id: null, error: { code: -32600, message: `Unsupported MCP-Protocol-Version ${version}` } });
    }
    // A wrong session id is an HTTP 404 before any JSON-RPC, as for every other session route.
    unwrap(await sessionStub(c.env, c.get("principal").project.id, id).describe(c.get("principal").project.id));
    const answer = await handleMcpPost(port(c, id), await c.req.text());
    return jsonResponse(answer.status, answer.body);
  },
);

const notAllowed = () => {
  throw new ApiError(405, "method_not_allowed", "This MCP endpoint answers POST only", {}, { allow: "POST" });
};
sessionMcp.get("/:id/mcp", notAllowed);
sessionMcp.delete("/:id/mcp", notAllowed);
