// POST /v1/sessions with mocks: who may use them (403), size (413), validation (400 with the field),
// and which bodies are not test mode at all (absent, null, {}).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ErrorBody } from "../../src/shared/schemas/common";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { expectJson } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";

const MocksError = ErrorBody.extend({ field: z.string().optional() }).strict();
const create = (key: string, body: unknown) => call(key, "POST", "/v1/sessions", { body });

async function expectMocksError(res: Response, status: number, code: string) {
  const body = await expectJson(res, status, MocksError);
  expect(body.code).toBe(code);
  expect(body.error).toBe(code);
  expect(body.message.length).toBeGreaterThan(0);
  return body;
}

describe("mocks at session creation", () => {
  it("accepts mocks from a csk_test_ key on a test project", async () => {
    const tenant = await createTenant("Tester", "test");
    expect(tenant.key.startsWith("csk_test_")).toBe(true);
    const res = await create(tenant.key, { servers: ["asaas"], mocks: { "asaas/create_customer": { id: "cus_1" } } });
    expect((await expectJson(res, 201, SessionRow)).status).toBe("active");
  });

  it("refuses mocks from a live key with 403 mocks_not_permitted", async () => {
    const tenant = await createTenant("Live", "live");
    expect(tenant.key.startsWith("csk_live_")).toBe(true);
    await expectMocksError(await create(tenant.key, { servers: [], mocks: { "asaas/create_customer": { id: "cus_1" } } }), 403, "mocks_not_permitted");
    // Permission comes first: even invalid mocks get 403 from a live key.
    await expectMocksError(await create(tenant.key, { servers: [], mocks: "nonsense" }), 403, "mocks_not_permitted");
  });

  it("treats absent, null and empty mocks as a normal session, for live keys too", async () => {
    const tenant = await createTenant("Live", "live");
    for (const mocks of [undefined, null, {}]) await expectJson(await create(tenant.key, { servers: [], mocks }), 201, SessionRow);
  });

  it("answers 413 mocks_payload_too_large above 65536 characters of JSON", async () => {
    const tenant = await createTenant();
    const big = { "asaas/create_customer": { blob: "x".repeat(65_536) } };
    expect(JSON.stringify(big).length).toBeGreaterThan(65_536);
    await expectMocksError(await create(tenant.key, { servers: [], mocks: big }), 413, "mocks_payload_too_large");
    // Just under the limit is fine.
    const fits = { "asaas/create_customer": { blob: "x".repeat(65_536 - 40) } };
    expect(JSON.stringify(fits).length).toBeLessThanOrEqual(65_536);
    await expectJson(await create(tenant.key, { servers: [], mocks: fits }), 201, SessionRow);
  });

  it.each([
    ["Asaas/create_customer", { id: 1 }, "a capital letter in the server"],
    ["asaas/", { id: 1 }, "an empty tool"],
    ["asaas/create/customer", { id: 1 }, "a second slash"],
    ["codespar__list", { id: 1 }, "a meta tool with __"],
    ["1tool", { id: 1 }, "a meta tool starting with a digit"],
    ["asaas/create_customer", "text", "a string value"],
    ["asaas/create_customer", 42, "a number value"],
    ["asaas/create_customer", null, "a null value"],
    ["asaas/create_customer", [], "an empty sequence"],
    ["asaas/create_customer", [{ id: 1 }, 2], "a sequence with a non-object"],
    ["asaas/create_customer", [[{ id: 1 }]], "a nested array"],
  ])("answers 400 mocks_invalid with field /mocks/%s for %s", async (key, value, _label) => {
    const tenant = await createTenant();
    const body = await expectMocksError(await create(tenant.key, { servers: [], mocks: { "ok/tool": { fine: true }, [key]: value } }), 400, "mocks_invalid");
    expect(body.field).toBe(`/mocks/${key}`);
  });

  it("answers 400 mocks_invalid with field /mocks when mocks is not an object", async () => {
    const tenant = await createTenant();
    for (const mocks of ["text", [{ id: 1 }], 7]) {
      const body = await expectMocksError(await create(tenant.key, { servers: [], mocks }), 400, "mocks_invalid");
      expect(body.field).toBe("/mocks");
    }
  });

  it("accepts bare meta-tool keys and sequences", async () => {
    const tenant = await createTenant();
    const mocks = { codespar_list_tools: { tools: [] }, codespar_search: [{ hits: 1 }, { hits: 2 }] };
    await expectJson(await create(tenant.key, { servers: [], mocks }), 201, SessionRow);
  });
});
