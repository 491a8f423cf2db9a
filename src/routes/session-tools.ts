// A session's tools: execute, connections and the tool-call log.
import { publicOrigin } from "../lib/public-origin";
import { createRoute, z } from "@hono/zod-openapi";
import { ErrorBody } from "../shared/schemas/common";
import { createRouter, ERR, json, jsonBody, rawJson } from "../lib/router";
import { sessionStub, unwrap } from "../lib/session-stub";
import { toolResultJson } from "../lib/tool-result-json";
import { Connections, ExecuteBody, ToolCallLogs, ToolResult, type ToolCallRow } from "../shared/schemas/tools";
import { SessionParam } from "./sessions";
import { scoped } from "../middleware/scope";

export const sessionTools = createRouter();

sessionTools.openapi(
  createRoute({
    method: "post",
    path: "/{id}/execute",
    tags: ["Tools"],
    summary: "Execute a tool; failures of the tool itself are 200 with success:false",
    ...scoped("sessions", "write"),
    request: { params: SessionParam, ...jsonBody(ExecuteBody) },
    responses: {
      200: rawJson(ToolResult, "The tool's result (a mock's data exactly as it was given)"),
      400: ERR[400],
      401: ERR[401],
      404: ERR[404],
      409: ERR[409],
      422: json(ErrorBody.extend({ tool_name: z.string().optional() }), "Test mode: mocks_exhausted, or tool_not_mocked with tool_name"),
    },
  }),
  async (c) => {
    const projectId = c.get("principal").project.id;
    const body = c.req.valid("json");
    const stub = sessionStub(c.env, projectId, c.req.valid("param").id);
    const reply = unwrap(await stub.execute(projectId, body.tool, body.input ?? body.params ?? {}, publicOrigin(c.env, c.req.url)));
    return new Response(toolResultJson(reply), { status: 200, headers: { "content-type": "application/json" } });
  },
);

sessionTools.openapi(
  createRoute({
    method: "get",
    path: "/{id}/connections",
    tags: ["Tools"],
    summary: "The session's servers, their state and tools",
    ...scoped("sessions", "read"),
    request: { params: SessionParam },
    responses: { 200: json(Connections, "Servers and tools"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const projectId = c.get("principal").project.id;
    return c.json(unwrap(await sessionStub(c.env, projectId, c.req.valid("param").id).connections(projectId)), 200);
  },
);

sessionTools.openapi(
  createRoute({
    method: "get",
    path: "/{id}/logs",
    tags: ["Tools"],
    summary: "Every tool call of the session, oldest first",
    ...scoped("sessions", "read"),
    request: { params: SessionParam },
    responses: { 200: json(ToolCallLogs, "Tool calls"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const projectId = c.get("principal").project.id;
    const rows: ToolCallRow[] = unwrap(await sessionStub(c.env, projectId, c.req.valid("param").id).toolLogs(projectId));
    return c.json({ data: rows, tool_calls: rows }, 200);
  },
);
