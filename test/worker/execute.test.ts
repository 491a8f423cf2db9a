// POST /v1/sessions/:id/execute: the built-in list tool, unknown tools and bad input as 200 success:false, logs and events.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ToolCallLogs, ToolResult } from "../../src/shared/schemas/tools";
import { expectJson, IsoString } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { readLog } from "../helpers/worker-log";
import { anyString } from "../helpers/matchers";

/** On success the error is exactly null and data is not null. */
const Success = ToolResult.strict().extend({ success: z.literal(true), error: z.null(), data: z.looseObject({}) });
const Failure = ToolResult.strict().extend({ success: z.literal(false), error: z.string().min(1) });

const execute = (key: string, id: string, body: unknown) => call(key, "POST", `/v1/sessions/${id}/execute`, { body });
const logs = async (key: string, id: string) => expectJson(await call(key, "GET", `/v1/sessions/${id}/logs`), 200, ToolCallLogs.strict());

describe("execute", () => {
  it("runs codespar_list_tools: success, tools in data, error exactly null", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const res = await execute(tenant.key, session.id, { tool: "codespar_list_tools", input: {} });
    const result = await expectJson(res, 200, Success);
    expect(result).toMatchObject({ server: "codespar", tool: "codespar_list_tools" });
    expect(result.tool_call_id).toMatch(/^\S+$/);
    expect(result.duration).toBeGreaterThanOrEqual(0);
    expect(IsoString.safeParse(result.called_at).success).toBe(true);
    const tools = z.object({ tools: z.array(z.object({ name: z.string() })) }).parse(result.data).tools;
    expect(tools.map((tool) => tool.name)).toContain("codespar_list_tools");
  });

  it("answers an unknown tool with 200, success:false, Tool not registered and data {}", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const result = await expectJson(await execute(tenant.key, session.id, { tool: "foo/bar", input: {} }), 200, Failure);
    expect(result.error.startsWith("Tool not registered")).toBe(true);
    expect(result.error).toBe("Tool not registered: foo/bar");
    expect(result.data).toEqual({});
    expect(result).toMatchObject({ server: "foo", tool: "bar" });
    const bare = await expectJson(await execute(tenant.key, session.id, { tool: "codespar_nope" }), 200, Failure);
    expect(bare.error).toBe("Tool not registered: codespar_nope");
  });

  it("answers input that is not an object with 200, success:false and an error", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    for (const input of ["text", 42, [1, 2], true]) {
      const result = await expectJson(await execute(tenant.key, session.id, { tool: "codespar_list_tools", input }), 200, Failure);
      expect(result.error.length).toBeGreaterThan(0);
    }
  });

  it("uses params when input is absent, and input when both are given", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await expectJson(await execute(tenant.key, session.id, { tool: "codespar_list_tools", params: { from: "params" } }), 200, Success);
    await expectJson(await execute(tenant.key, session.id, { tool: "codespar_list_tools", params: "not an object" }), 200, Failure);
    await expectJson(await execute(tenant.key, session.id, { tool: "codespar_list_tools", input: { from: "input" }, params: "ignored" }), 200, Success);
    await expectJson(await execute(tenant.key, session.id, { tool: "codespar_list_tools" }), 200, Success);
    const { data } = await logs(tenant.key, session.id);
    expect(data.map((row) => row.input)).toEqual([{ from: "params" }, "not an object", { from: "input" }, {}]);
  });

  it("records every call in GET /logs (data and tool_calls) and as tool_call + tool_result events", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const ok = await expectJson(await execute(tenant.key, session.id, { tool: "codespar_list_tools", input: {} }), 200, Success);
    const bad = await expectJson(await execute(tenant.key, session.id, { tool: "foo/bar", input: { a: 1 } }), 200, Failure);

    const body = await logs(tenant.key, session.id);
    expect(body.tool_calls).toEqual(body.data);
    expect(body.data).toHaveLength(2);
    const [first, second] = body.data;
    expect(first).toMatchObject({
      id: ok.tool_call_id,
      session_id: session.id,
      tool: "codespar_list_tools",
      tool_name: "codespar_list_tools",
      server: "codespar",
      server_id: "codespar",
      status: "success",
      input: {},
      output: ok.data,
      error: null,
      error_code: null,
      called_at: ok.called_at,
    });
    expect(second).toMatchObject({
      id: bad.tool_call_id,
      session_id: session.id,
      tool: "foo/bar",
      server: "foo",
      status: "error",
      input: { a: 1 },
      error: bad.error,
      error_code: anyString(),
    });

    const events = await readLog(tenant.projectId, session.id);
    const toolEvents = events.filter((event) => event.type === "tool_call" || event.type === "tool_result");
    expect(toolEvents.map((event) => event.type)).toEqual(["tool_call", "tool_result", "tool_call", "tool_result"]);
    expect(toolEvents[0]).toMatchObject({ type: "tool_call", callId: ok.tool_call_id, tool: "codespar_list_tools", input: {} });
    expect(toolEvents[1]).toMatchObject({ type: "tool_result", callId: ok.tool_call_id, isError: false, output: ok.data });
    expect(toolEvents[2]).toMatchObject({ type: "tool_call", callId: bad.tool_call_id, tool: "foo/bar", server: "foo", input: { a: 1 } });
    expect(toolEvents[3]).toMatchObject({ type: "tool_result", callId: bad.tool_call_id, isError: true });
  });

  it("gives each call its own id", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      ids.add((await expectJson(await execute(tenant.key, session.id, { tool: "codespar_list_tools" }), 200, Success)).tool_call_id);
    }
    expect(ids.size).toBe(3);
  });
});
