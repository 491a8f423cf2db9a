// API keys: create shows the full key once, list never does, revoke is effective on the next request, last_used_at is kept.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiKey, ApiKeyCreated } from "../../src/shared/schemas/tenancy";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";

/** A listing whose entries may carry no field beyond the ApiKey shape (so never full_key). */
const StrictKeyList = z.strictObject({ keys: z.array(ApiKey.strict()) });

const createKey = (key: string, body: unknown) => call(key, "POST", "/v1/api-keys", { body });
const listKeys = async (key: string) => expectJson(await call(key, "GET", "/v1/api-keys"), 200, StrictKeyList);

describe("api keys", () => {
  it("creates a key whose full value is returned only at creation", async () => {
    const tenant = await createTenant();
    const created = await expectJson(await createKey(tenant.key, { name: "ci" }), 201, ApiKeyCreated);
    expect(created).toMatchObject({ name: "ci", environment: "test", revoked_at: null, last_used_at: null });
    expect(created.full_key).toMatch(/^csk_test_[0-9A-Za-z]{32}$/);
    expect(created.full_key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix).toMatch(/^csk_test_.+/);
    expect(created.prefix.length).toBeLessThan(created.full_key.length - 16);

    const response = await call(tenant.key, "GET", "/v1/api-keys");
    const text = await response.clone().text();
    expect(text).not.toContain(created.full_key);
    expect(text).not.toContain(tenant.key);
    const { keys } = await expectJson(response, 200, StrictKeyList);
    expect(keys.map((k) => k.id)).toEqual([tenant.keyId, created.id]);
    expect(keys[1]).toMatchObject({ id: created.id, prefix: created.prefix, name: "ci" });
  });

  it("creates keys only in the caller's own environment", async () => {
    const tenant = await createTenant();
    await expectError(await createKey(tenant.key, { name: "live", env: "live" }), 403, "environment_not_allowed");
    const test = await expectJson(await createKey(tenant.key, { name: "test", env: "test" }), 201, ApiKeyCreated);
    expect(test.environment).toBe("test");
    const liveTenant = await createTenant("Live", "live");
    const live = await expectJson(await createKey(liveTenant.key, { name: "live" }), 201, ApiKeyCreated);
    expect(live.full_key).toMatch(/^csk_live_[0-9A-Za-z]{32}$/);
  });

  it("validates the body", async () => {
    const tenant = await createTenant();
    await expectError(await createKey(tenant.key, {}), 400, "validation_failed");
    await expectError(await createKey(tenant.key, { name: "x", env: "staging" }), 400, "validation_failed");
  });

  it("revokes a key: the next request with it is 401, revoking again is fine", async () => {
    const tenant = await createTenant();
    const second = await expectJson(await createKey(tenant.key, { name: "temp" }), 201, ApiKeyCreated);
    expect((await call(second.full_key, "GET", "/v1/whoami")).status).toBe(200);

    await expectNoContent(await call(tenant.key, "DELETE", `/v1/api-keys/${second.id}`));
    await expectError(await call(second.full_key, "GET", "/v1/whoami"), 401, "unauthorized");
    await expectError(await call(second.full_key, "GET", "/v1/sessions"), 401, "unauthorized");
    expect((await call(tenant.key, "GET", "/v1/whoami")).status).toBe(200);

    const { keys } = await listKeys(tenant.key);
    const revokedAt = keys.find((k) => k.id === second.id)?.revoked_at;
    expect(revokedAt).toEqual(expect.any(String));
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/api-keys/${second.id}`));
    const again = await listKeys(tenant.key);
    expect(again.keys.find((k) => k.id === second.id)?.revoked_at).toBe(revokedAt);
  });

  it("answers 404 for an unknown key id", async () => {
    const tenant = await createTenant();
    await expectError(await call(tenant.key, "DELETE", "/v1/api-keys/key_0000000000000000"), 404, "api_key_not_found");
  });

  it("records last_used_at once a key is used", async () => {
    const tenant = await createTenant();
    const second = await expectJson(await createKey(tenant.key, { name: "used" }), 201, ApiKeyCreated);
    const before = await listKeys(tenant.key);
    expect(before.keys.find((k) => k.id === second.id)?.last_used_at).toBeNull();

    const usedFrom = Date.now();
    expect((await call(second.full_key, "GET", "/v1/whoami")).status).toBe(200);
    const lastUsed = await vi.waitFor(async () => {
      const { keys } = await listKeys(tenant.key);
      const value = keys.find((k) => k.id === second.id)?.last_used_at;
      if (!value) throw new Error("last_used_at not set yet");
      return value;
    });
    expect(Date.parse(lastUsed)).toBeGreaterThanOrEqual(usedFrom - 1_000);
  });
});
