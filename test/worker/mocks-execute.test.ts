// Test-mode sessions: static and sequence mocks return their data byte for byte, then 422
// mocks_exhausted; unmocked tools get 422 tool_not_mocked; turns and logs see the mocked calls.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ErrorBody } from "../../src/shared/schemas/common";
import { Connections, SendResult, ToolCallLogs, ToolResult } from "../../src/shared/schemas/tools";
import { anyString, stringContaining } from "../helpers/matchers";
import { expectJson } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";

/** Whitespace, an integer-like key after others, nesting: a parse/stringify round trip would change all three. */
const CUSTOMER_TEXT = '{"id": "cus_000005113318", "name":"Ana Souza", "2": "integer-like key", "meta": {"b": 1, "a": [1, 2.50]}}';

async function createWithMocks(key: string, mocksText: string, servers = ["asaas"]) {
  const res = await call(key, "POST", "/v1/sessions", { body: `{"servers": ${JSON.stringify(servers)}, "mocks": ${mocksText}}` });
  return expectJson(res, 201, z.object({ id: z.string() }));
}

const execute = (key: string, id: string, tool: string, input: unknown = {}) => call(key, "POST", `/v1/sessions/${id}/execute`, { body: { tool, input } });

describe("test-mode execute", () => {
  it("returns a static mock's data byte for byte, on every call", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, `{"asaas/create_customer": ${CUSTOMER_TEXT}}`);
    for (let i = 0; i < 2; i += 1) {
      const res = await execute(tenant.key, session.id, "asaas/create_customer", { name: "Ana Souza" });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      expect(text).toContain(`"data":${CUSTOMER_TEXT},`);
      const result = ToolResult.strict().parse(JSON.parse(text));
      expect(result).toMatchObject({ success: true, error: null, server: "asaas", tool: "create_customer" });
      expect(JSON.stringify(result.data)).toBe(JSON.stringify(JSON.parse(CUSTOMER_TEXT)));
    }
  });

  it("returns a sequence in order, then 422 mocks_exhausted", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, '{"asaas/get_payment": [{"status":"PENDING"}, {"status":"RECEIVED","10":"x"}]}');
    const first = await execute(tenant.key, session.id, "asaas/get_payment");
    expect(await first.text()).toContain('"data":{"status":"PENDING"}');
    const second = await execute(tenant.key, session.id, "asaas/get_payment");
    expect(await second.text()).toContain('"data":{"status":"RECEIVED","10":"x"}');
    const exhausted = await expectJson(await execute(tenant.key, session.id, "asaas/get_payment"), 422, ErrorBody.strict());
    expect(exhausted).toMatchObject({ code: "mocks_exhausted", error: "mocks_exhausted" });
    await expectJson(await execute(tenant.key, session.id, "asaas/get_payment"), 422, ErrorBody);
  });

  it("answers an unmocked tool with 422 tool_not_mocked and its tool_name", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, '{"asaas/create_customer": {"id": "cus_1"}}');
    const body = await expectJson(await execute(tenant.key, session.id, "asaas/delete_customer"), 422, ErrorBody.extend({ tool_name: z.string() }).strict());
    expect(body).toMatchObject({ code: "tool_not_mocked", error: "tool_not_mocked", tool_name: "asaas/delete_customer" });
    const logs = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs);
    expect(logs.data).toEqual([]);
  });

  it("still runs codespar_list_tools unmocked, listing the mocked tools", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, '{"asaas/create_customer": {"id": "cus_1"}}');
    const result = await expectJson(await execute(tenant.key, session.id, "codespar_list_tools"), 200, ToolResult);
    expect(result.success).toBe(true);
    const names = z
      .object({ tools: z.array(z.object({ name: z.string() })) })
      .parse(result.data)
      .tools.map((tool) => tool.name);
    expect(names).toEqual(["codespar_list_tools", "codespar_discover", "codespar_manage_connections", "asaas/create_customer"]);
    const connections = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/connections`), 200, Connections);
    expect(connections.tools.map((tool) => tool.name)).toEqual(names);
    expect(connections.tools[3]).toMatchObject({ server: "asaas", input_schema: { type: "object" } });
  });

  it("returns a mocked meta tool", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, '{"codespar_list_tools": {"tools": ["mocked"]}}', []);
    const res = await execute(tenant.key, session.id, "codespar_list_tools");
    expect(await res.text()).toContain('"data":{"tools": ["mocked"]}');
  });

  it("answers input that is not an object with success:false without using up a sequence step", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, '{"asaas/get_payment": [{"n":1}]}');
    const bad = await expectJson(await execute(tenant.key, session.id, "asaas/get_payment", "text"), 200, ToolResult);
    expect(bad.success).toBe(false);
    expect(await (await execute(tenant.key, session.id, "asaas/get_payment")).text()).toContain('"data":{"n":1}');
  });

  it("records mocked calls in the log", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, '{"asaas/create_customer": {"id": "cus_1"}}');
    await execute(tenant.key, session.id, "asaas/create_customer", { name: "Ana" });
    const logs = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs);
    expect(logs.data).toHaveLength(1);
    expect(logs.data[0]).toMatchObject({ tool_name: "asaas/create_customer", status: "success", input: { name: "Ana" }, output: { id: "cus_1" } });
  });

  it("answers the managed runtime's calls from the mocks, and an unmocked call there is a failed tool call", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, '{"asaas/create_customer": {"id": "cus_1"}}');
    const send = (message: string) =>
      call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message }, headers: { accept: "application/json" } });
    const mocked = await expectJson(await send('call asaas/create_customer {"name":"Ana"}'), 200, SendResult);
    expect(mocked.tool_calls[0]).toMatchObject({ tool_name: "asaas/create_customer", status: "success", output: { id: "cus_1" } });
    const unmocked = await expectJson(await send("call asaas/delete_customer {}"), 200, SendResult);
    // Inside a turn a gateway code is the tool's output, {code, message, ...}, for the model and the SDK alike.
    expect(unmocked.tool_calls[0]).toMatchObject({
      status: "error",
      error_code: "tool_not_mocked",
      output: { code: "tool_not_mocked", message: stringContaining("asaas/delete_customer"), tool_name: "asaas/delete_customer" },
    });
  });

  it("gives an exhausted sequence inside a turn as a mocks_exhausted output, and logs it so", async () => {
    const tenant = await createTenant();
    const session = await createWithMocks(tenant.key, '{"asaas/get_payment": [{"status": "PENDING"}]}');
    const send = (message: string) =>
      call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message }, headers: { accept: "application/json" } });
    expect((await expectJson(await send("call asaas/get_payment {}"), 200, SendResult)).tool_calls[0]).toMatchObject({ status: "success" });
    const second = await expectJson(await send("call asaas/get_payment {}"), 200, SendResult);
    expect(second.tool_calls[0]).toMatchObject({ error_code: "mocks_exhausted", output: { code: "mocks_exhausted", message: anyString() } });
    const logs = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs);
    expect(logs.data.at(-1)?.output).toMatchObject({ code: "mocks_exhausted" });
  });
});
