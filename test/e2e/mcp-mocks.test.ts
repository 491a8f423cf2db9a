// Test-mode mocks over real HTTP: the public hosted smoke flow (csk_test_ key, servers ["asaas"], a
// static mock for asaas/create_customer, execute, compare JSON.stringify(result.data) with the
// fixture), sequences, and every mocks error code.
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ErrorBody } from "../../src/shared/schemas/common";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { OrganizationCreated } from "../../src/shared/schemas/tenancy";
import { ToolResult } from "../../src/shared/schemas/tools";
import { api, apiJson, apiKey, baseUrl } from "../helpers/e2e-api";
import { anyString } from "../helpers/matchers";

const FIXTURE = {
  id: "cus_000005113318",
  object: "customer",
  dateCreated: "2026-11-22",
  name: "CodeSpar Smoke Test",
  email: "smoke@codespar.dev",
  cpfCnpj: "24971563792",
  personType: "FISICA",
  deleted: false,
  notificationDisabled: false,
  addressNumber: null,
  externalReference: "smoke-1",
};
const FIXTURE_TEXT = JSON.stringify(FIXTURE);

/** The error body with the mocks codes' extra fields (field, tool_name) kept. */
const errorBody = async (res: Response) => ErrorBody.loose().parse(await res.json());

describe("test-mode mocks (hosted smoke flow)", () => {
  it("returns the static mock for asaas/create_customer with data equal to the fixture text", async () => {
    expect(apiKey.startsWith("csk_test_")).toBe(true);
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", {
      servers: ["asaas"],
      mocks: { "asaas/create_customer": FIXTURE },
    });
    expect(session).toMatchObject({ servers: ["asaas"], status: "active" });
    const res = await api("POST", `/v1/sessions/${session.id}/execute`, {
      tool: "asaas/create_customer",
      input: { name: "CodeSpar Smoke Test", cpfCnpj: "24971563792" },
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).toContain(`"data":${FIXTURE_TEXT}`);
    const result = ToolResult.parse(JSON.parse(text));
    expect(result).toMatchObject({ success: true, error: null, server: "asaas", tool: "create_customer" });
    expect(JSON.stringify(result.data)).toBe(FIXTURE_TEXT);
    await api("DELETE", `/v1/sessions/${session.id}`);
  });

  it("keeps the mock's exact bytes, integer-like keys and spacing included", async () => {
    const mockText = '{"b": 1, "10": "ten", "a": {"2": [1, 2.5e3]}}';
    const res = await fetch(`${baseUrl}/v1/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: `{"servers":["asaas"],"mocks":{"asaas/get_customer":${mockText}}}`,
    });
    const session = SessionRow.parse(await res.json());
    const executed = await api("POST", `/v1/sessions/${session.id}/execute`, { tool: "asaas/get_customer", input: {} });
    expect(await executed.text()).toContain(`"data":${mockText},`);
  });

  it("returns a sequence in order, then 422 mocks_exhausted", async () => {
    const statuses = ["PENDING", "CONFIRMED", "RECEIVED"];
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", {
      servers: ["asaas"],
      mocks: { "asaas/get_payment": statuses.map((status) => ({ id: "pay_1", status })) },
    });
    for (const status of statuses) {
      const result = await apiJson(ToolResult, "POST", `/v1/sessions/${session.id}/execute`, { tool: "asaas/get_payment", input: { id: "pay_1" } });
      expect(result).toMatchObject({ success: true, data: { id: "pay_1", status } });
    }
    const res = await api("POST", `/v1/sessions/${session.id}/execute`, { tool: "asaas/get_payment", input: { id: "pay_1" } });
    expect(res.status).toBe(422);
    expect(await errorBody(res)).toMatchObject({ code: "mocks_exhausted", error: "mocks_exhausted", message: anyString() });
  });

  it("answers an unmocked tool in test mode with 422 tool_not_mocked and tool_name", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: ["asaas"], mocks: { "asaas/create_customer": FIXTURE } });
    const res = await api("POST", `/v1/sessions/${session.id}/execute`, { tool: "asaas/create_payment", input: {} });
    expect(res.status).toBe(422);
    expect(await errorBody(res)).toMatchObject({ code: "tool_not_mocked", tool_name: "asaas/create_payment", message: anyString() });
  });

  it("answers invalid mocks with 400 mocks_invalid and the field, and large ones with 413", async () => {
    const invalid = await api("POST", "/v1/sessions", { servers: ["asaas"], mocks: { "asaas/create_customer": FIXTURE, "Asaas/Bad Key": {} } });
    expect(invalid.status).toBe(400);
    expect(await errorBody(invalid)).toMatchObject({ code: "mocks_invalid", field: "/mocks/Asaas/Bad Key" });
    const badValue = await api("POST", "/v1/sessions", { servers: ["asaas"], mocks: { "asaas/create_customer": "not an object" } });
    expect(await errorBody(badValue)).toMatchObject({ code: "mocks_invalid", field: "/mocks/asaas/create_customer" });
    const large = await api("POST", "/v1/sessions", { servers: ["asaas"], mocks: { "asaas/create_customer": { pad: "x".repeat(70_000) } } });
    expect(large.status).toBe(413);
    expect((await errorBody(large)).code).toBe("mocks_payload_too_large");
  });

  it("refuses mocks from a live key with 403 mocks_not_permitted", async () => {
    const admin = await fetch(`${baseUrl}/admin/organizations`, {
      method: "POST",
      headers: { authorization: `Bearer ${inject("adminToken")}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Live org", environment: "live" }),
    });
    expect(admin.status).toBe(201);
    const liveKey = OrganizationCreated.parse(await admin.json()).api_key.full_key;
    expect(liveKey.startsWith("csk_live_")).toBe(true);
    const res = await fetch(`${baseUrl}/v1/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${liveKey}`, "content-type": "application/json" },
      body: JSON.stringify({ servers: ["asaas"], mocks: { "asaas/create_customer": FIXTURE } }),
    });
    expect(res.status).toBe(403);
    expect(await errorBody(res)).toMatchObject({ code: "mocks_not_permitted", error: "mocks_not_permitted" });
  });
});
