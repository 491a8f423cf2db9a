// POST /v1/sessions/:id/proxy_execute: a raw HTTP call to one of the session's registered servers,
// logged in the session like every tool call: tool_call before it goes out, tool_result after
// (with the upstream's status and data, or the gateway's refusal), callId = proxy_call_id.
import { createRoute } from "@hono/zod-openapi";
import { serverNotFound } from "../db/servers";
import { callableServers } from "../services/upstreams";
import { elapsedMs } from "../shared/elapsed";
import { ApiError } from "../lib/errors";
import { randomBase62 } from "../shared/ids";
import { proxyExecute, proxyLogInput } from "../services/proxy";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { sessionStub, unwrap } from "../lib/session-stub";
import { loopbackAllowed } from "../shared/destinations/guard";
import { ProxyBody, ProxyResult } from "../shared/schemas/proxy";
import type { SessionDetail } from "../shared/schemas/sessions";
import { SessionParam } from "./sessions";
import { scoped } from "../middleware/scope";

export const sessionProxy = createRouter();

sessionProxy.openapi(
  createRoute({
    method: "post",
    path: "/{id}/proxy_execute",
    tags: ["Tools"],
    summary: "Call a session server's REST API (under its rest_base_url) with the server's stored credentials",
    ...scoped("sessions", "write"),
    request: { params: SessionParam, ...jsonBody(ProxyBody) },
    responses: {
      200: json(ProxyResult, "The upstream's answer, whatever its status"),
      400: ERR[400],
      401: ERR[401],
      403: ERR[403],
      404: ERR[404],
      409: ERR[409],
      502: ERR[502],
      504: { ...ERR[502], description: "The upstream did not answer in time" },
    },
  }),
  async (c) => {
    const projectId = c.get("principal").project.id;
    const body = c.req.valid("json");
    const stub = sessionStub(c.env, projectId, c.req.valid("param").id);
    const session: SessionDetail = unwrap(await stub.describe(projectId));
    if (session.status !== "active") throw new ApiError(409, "session_closed", `Session ${session.id} is ${session.status}`);
    if (!session.servers.includes(body.server)) {
      throw new ApiError(400, "server_not_in_session", `Server ${body.server} is not one of this session's servers`);
    }
    const [upstream] = await callableServers(c.env, projectId, [body.server], session.user_id);
    if (!upstream) throw serverNotFound(body.server);
    const callId = `px_${randomBase62(16)}`;
    unwrap(await stub.proxyCallStarted(projectId, { callId, server: body.server, input: proxyLogInput(body) }));
    const startedMs = performance.now();
    let result: ProxyResult;
    try {
      result = await proxyExecute(upstream, body, loopbackAllowed(c.env), callId);
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "internal_error";
      const message = error instanceof Error ? error.message : String(error);
      unwrap(await stub.proxyCallFinished(projectId, { callId, output: message, isError: true, durationMs: elapsedMs(startedMs), errorCode: code }));
      throw error;
    }
    const output = { status: result.status, data: result.data };
    unwrap(await stub.proxyCallFinished(projectId, { callId, output, isError: result.status >= 400, durationMs: result.duration }));
    return c.json(result, 200);
  },
);
