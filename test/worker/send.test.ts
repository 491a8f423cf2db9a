// POST /v1/sessions/:id/send as JSON: the local provider's echo, and its tool loop for `call <tool> <json>`.
import { describe, expect, it } from "vitest";
import { SendResult, ToolCallLogs } from "../../src/shared/schemas/tools";
import { SessionDetail } from "../../src/shared/schemas/sessions";
import { expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { eventTypes, readLog, turnEvents } from "../helpers/worker-log";
import { anyArray, anyNumber } from "../helpers/matchers";

const send = (key: string, id: string, message: string, accept = "application/json") =>
  call(key, "POST", `/v1/sessions/${id}/send`, { body: { message }, headers: { accept } });

describe("send (JSON)", () => {
  it("answers hello with a message, no tool calls and one iteration", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const result = await expectJson(await send(tenant.key, session.id, "hello"), 200, SendResult.strict());
    expect(result).toEqual({ message: "You said: hello", tool_calls: [], iterations: 1 });
  });

  it("answers JSON when Accept is absent or */*", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await expectJson(await send(tenant.key, session.id, "hi", "*/*"), 200, SendResult);
    const res = await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hi" } });
    await expectJson(res, 200, SendResult);
  });

  it("runs a tool for `call codespar_list_tools {}`: one success record, two iterations, a final message naming the tool", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const result = await expectJson(await send(tenant.key, session.id, "call codespar_list_tools {}"), 200, SendResult.strict());
    expect(result.iterations).toBe(2);
    expect(result.tool_calls).toHaveLength(1);
    const [record] = result.tool_calls;
    expect(record).toMatchObject({
      tool_name: "codespar_list_tools",
      server_id: "codespar",
      status: "success",
      input: {},
      error_code: null,
      duration_ms: anyNumber(),
    });
    expect(record?.output).toMatchObject({ tools: anyArray() });
    expect(result.message).toContain("codespar_list_tools");

    // The turn's tool call is recorded like any execute.
    const logs = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs);
    expect(logs.data.map((row) => row.id)).toEqual([record?.id]);
    const detail = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}`), 200, SessionDetail);
    expect(detail.tool_calls_count).toBe(1);
  });

  it("reports a failing tool as an error record and still answers", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const result = await expectJson(await send(tenant.key, session.id, 'call foo/bar {"x":1}'), 200, SendResult);
    expect(result.iterations).toBe(2);
    expect(result.tool_calls).toMatchObject([{ tool_name: "foo/bar", server_id: "foo", status: "error", input: { x: 1 } }]);
    expect(result.message).toContain("foo/bar");
    expect(result.message).toContain("failed");
  });

  it("logs the turn: user_message, tool_call, tool_result, assistant_message, turn_complete", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await expectJson(await send(tenant.key, session.id, "hello"), 200, SendResult);
    await expectJson(await send(tenant.key, session.id, "call codespar_list_tools {}"), 200, SendResult);
    const events = turnEvents(await readLog(tenant.projectId, session.id));
    expect(eventTypes(events)).toEqual([
      "session_init",
      "user_message",
      "assistant_message",
      "turn_complete",
      "user_message",
      "tool_call",
      "tool_result",
      "assistant_message",
      "turn_complete",
    ]);
    expect(events[1]).toMatchObject({ type: "user_message", text: "hello" });
    expect(events[2]).toMatchObject({ type: "assistant_message", text: "You said: hello", phase: "final" });
    expect(events[3]).toMatchObject({ type: "turn_complete", success: true });
    expect(events.at(-1)).toMatchObject({ type: "turn_complete", success: true });
  });

  it("runs concurrent sends one at a time, each turn whole in the log", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const results = await Promise.all(["one", "two", "three"].map((m) => send(tenant.key, session.id, m)));
    for (const res of results) await expectJson(res, 200, SendResult);
    const types = eventTypes(await readLog(tenant.projectId, session.id)).slice(1);
    expect(types).toEqual(Array.from({ length: 3 }, () => ["user_message", "assistant_message", "turn_complete"]).flat());
  });
});
