// /v1/sessions/:id/mcp at the JSON-RPC level: initialize, notifications, tools/list, tools/call through
// the execute path (logged), mocks, and the protocol's error answers.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ToolCallLogs } from "../../src/shared/schemas/tools";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { anyArray } from "../helpers/matchers";

const Reply = z.object({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.string(), z.number(), z.null()]),
  result: z.unknown().optional(),
  error: z.object({ code: z.number(), message: z.string(), data: z.unknown().optional() }).optional(),
});
const rpc = (key: string, id: string, body: unknown, headers: Record<string, string> = {}) =>
  call(key, "POST", `/v1/sessions/${id}/mcp`, { body, headers: { accept: "application/json, text/event-stream", ...headers } });
const request = (method: string, params?: unknown, id: number | string = 1) => ({ jsonrpc: "2.0", id, method, params });

describe("session MCP endpoint", () => {
  it("initializes, accepts notifications with 202, lists and calls tools", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const init = await expectJson(
      await rpc(tenant.key, session.id, request("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } })),
      200,
      Reply,
    );
    expect(init.result).toMatchObject({ protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "codespar-session-gateway" } });
    const older = await expectJson(await rpc(tenant.key, session.id, request("initialize", { protocolVersion: "1999-01-01" })), 200, Reply);
    expect(older.result).toMatchObject({ protocolVersion: "2025-11-25" });

    const notified = await rpc(tenant.key, session.id, { jsonrpc: "2.0", method: "notifications/initialized" });
    expect(notified.status).toBe(202);
    expect(await notified.text()).toBe("");

    const list = await expectJson(await rpc(tenant.key, session.id, request("tools/list", {}, 2)), 200, Reply);
    expect(list.id).toBe(2);
    const tools = z
      .object({ tools: z.array(z.object({ name: z.string(), description: z.string(), inputSchema: z.looseObject({ type: z.literal("object") }) })) })
      .parse(list.result).tools;
    expect(tools.map((tool) => tool.name)).toContain("codespar_list_tools");

    const called = await expectJson(await rpc(tenant.key, session.id, request("tools/call", { name: "codespar_list_tools", arguments: {} }, "c1")), 200, Reply);
    expect(called.result).toMatchObject({ isError: false, structuredContent: { tools: anyArray() }, content: [{ type: "text" }] });
    const unknown = await expectJson(await rpc(tenant.key, session.id, request("tools/call", { name: "nope/tool" }, "c2")), 200, Reply);
    expect(unknown.result).toMatchObject({ isError: true, content: [{ type: "text", text: "Tool not registered: nope/tool" }] });

    const logs = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs);
    expect(logs.data.map((row) => row.tool_name)).toEqual(["codespar_list_tools", "nope/tool"]);
  });

  it("answers a batch with one reply per request", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const res = await rpc(tenant.key, session.id, [
      request("ping", undefined, 1),
      { jsonrpc: "2.0", method: "notifications/initialized" },
      request("ping", undefined, 2),
    ]);
    const replies = await expectJson(res, 200, z.array(Reply));
    expect(replies.map((reply) => reply.id)).toEqual([1, 2]);
  });

  it("gives a mock's exact text in test mode, and a JSON-RPC error carrying tool_not_mocked", async () => {
    const tenant = await createTenant();
    const created = await call(tenant.key, "POST", "/v1/sessions", { body: '{"servers":["asaas"],"mocks":{"asaas/create_customer":{"id":"cus_1","2":"b"}}}' });
    const session = await expectJson(created, 201, z.object({ id: z.string() }));
    const mocked = await expectJson(
      await rpc(tenant.key, session.id, request("tools/call", { name: "asaas/create_customer", arguments: { name: "Ana" } })),
      200,
      Reply,
    );
    expect(mocked.result).toMatchObject({ isError: false, content: [{ type: "text", text: '{"id":"cus_1","2":"b"}' }] });
    const refused = await expectJson(await rpc(tenant.key, session.id, request("tools/call", { name: "asaas/other" })), 200, Reply);
    expect(refused.error).toMatchObject({ code: -32000, data: { code: "tool_not_mocked", status: 422, tool_name: "asaas/other" } });
  });

  it("answers protocol errors: parse error, unknown method, bad params, unsupported version header", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const parse = await expectJson(await rpc(tenant.key, session.id, "{not json"), 400, Reply);
    expect(parse.error?.code).toBe(-32700);
    const method = await expectJson(await rpc(tenant.key, session.id, request("resources/list")), 200, Reply);
    expect(method.error?.code).toBe(-32601);
    const params = await expectJson(await rpc(tenant.key, session.id, request("tools/call", { arguments: {} })), 200, Reply);
    expect(params.error?.code).toBe(-32602);
    const version = await rpc(tenant.key, session.id, request("ping"), { "mcp-protocol-version": "1999-01-01" });
    expect(version.status).toBe(400);
  });

  it("refuses calls on a closed session with a JSON-RPC error carrying session_closed", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await call(tenant.key, "DELETE", `/v1/sessions/${session.id}`);
    const reply = await expectJson(await rpc(tenant.key, session.id, request("tools/call", { name: "codespar_list_tools" })), 200, Reply);
    expect(reply.error).toMatchObject({ code: -32000, data: { code: "session_closed" } });
  });

  it("uses the API's auth and session checks, and answers GET and DELETE with 405", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await expectError(await rpc("csk_test_wrong", session.id, request("ping")), 401, "unauthorized");
    await expectError(await rpc(tenant.key, "ses_doesnotexist0000000", request("ping")), 404, "session_not_found");
    const other = await createTenant("Other");
    await expectError(await rpc(other.key, session.id, request("ping")), 404, "session_not_found");
    for (const method of ["GET", "DELETE"]) {
      const res = await call(tenant.key, method, `/v1/sessions/${session.id}/mcp`);
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
    }
  });
});
