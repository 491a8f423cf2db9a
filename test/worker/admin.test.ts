// Admin bootstrap: POST /admin/organizations behind ADMIN_TOKEN creates an org, default project and first key.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { OrganizationCreated } from "../../src/shared/schemas/tenancy";
import { TEST_ADMIN_TOKEN } from "../helpers/constants";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call } from "../helpers/worker-api";

const KEY_FORMAT = /^csk_(test|live)_[0-9A-Za-z]{32}$/;

function createOrganization(body: unknown, token: string | null = TEST_ADMIN_TOKEN) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return SELF.fetch("http://gateway.test/admin/organizations", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("POST /admin/organizations", () => {
  it("is 401 without the admin token", async () => {
    await expectError(await createOrganization({ name: "Nope" }, null), 401, "unauthorized");
  });

  it("is 401 with a wrong admin token, or with a tenant API key", async () => {
    await expectError(await createOrganization({ name: "Nope" }, `${TEST_ADMIN_TOKEN}x`), 401, "unauthorized");
    const created = await expectJson(await createOrganization({ name: "Real" }), 201, OrganizationCreated);
    await expectError(await createOrganization({ name: "Nope" }, created.api_key.full_key), 401, "unauthorized");
  });

  it("creates the organization, its default test project and a first key, returning the full key", async () => {
    const created = await expectJson(await createOrganization({ name: "Acme Corp" }), 201, OrganizationCreated);
    expect(created.organization.name).toBe("Acme Corp");
    expect(created.organization.id).toMatch(/^org_/);
    expect(created.project).toMatchObject({ org_id: created.organization.id, is_default: true, environment: "test" });
    expect(created.project.id).toMatch(/^prj_[0-9a-f]{16}$/);
    expect(created.api_key.full_key).toMatch(KEY_FORMAT);
    expect(created.api_key.full_key.startsWith("csk_test_")).toBe(true);
    expect(created.api_key.full_key.startsWith(created.api_key.prefix)).toBe(true);
    expect(created.api_key.prefix.length).toBeLessThan(created.api_key.full_key.length);
    expect(created.api_key).toMatchObject({ revoked_at: null, last_used_at: null });

    const whoami = await call(created.api_key.full_key, "GET", "/v1/whoami");
    expect(whoami.status).toBe(200);
  });

  it("issues csk_live_ keys for a live organization, and different keys every time", async () => {
    const live = await expectJson(await createOrganization({ name: "Live Co", environment: "live" }), 201, OrganizationCreated);
    expect(live.api_key.full_key).toMatch(KEY_FORMAT);
    expect(live.api_key.full_key.startsWith("csk_live_")).toBe(true);
    expect(live.project.environment).toBe("live");
    const again = await expectJson(await createOrganization({ name: "Live Co", environment: "live" }), 201, OrganizationCreated);
    expect(again.api_key.full_key).not.toBe(live.api_key.full_key);
    expect(again.organization.id).not.toBe(live.organization.id);
  });

  it("rejects a bad body with 400", async () => {
    const missing = await expectError(await createOrganization({}), 400, "validation_failed");
    expect(missing.issues?.map((issue) => issue.path)).toContain("name");
    await expectError(await createOrganization({ name: "" }), 400, "validation_failed");
    await expectError(await createOrganization({ name: "X", environment: "staging" }), 400, "validation_failed");
    await expectError(await createOrganization("{not json"), 400, "invalid_json");
  });
});
