// Provider destinations at the API: a tenant-chosen base URL for the operator's key is 400
// provider_url_not_allowed at session create and project PATCH; a project's own key (stored
// encrypted, never returned) unlocks its own base URL; a session stored with a forbidden URL (from
// before the rule) fails its turn without calling out.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ProviderKey, ProviderKeyList } from "../../src/shared/schemas/provider-keys";
import { Project } from "../../src/shared/schemas/tenancy";
import { SendResult } from "../../src/shared/schemas/tools";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { readLog, sessionObject } from "../helpers/worker-log";

const COLLECTOR = "https://collector.example.com";
const runtime = (provider: "anthropic" | "openai", base_url?: string) => ({ type: "managed", provider, base_url });
const storeKey = (key: string, projectId: string, provider: string, apiKey: string) =>
  call(key, "PUT", `/v1/projects/${projectId}/provider-keys/${provider}`, { body: { api_key: apiKey } });

describe("operator keys stay with approved base URLs", () => {
  it("refuses a tenant-chosen base_url at session create and project PATCH, before storing anything", async () => {
    const tenant = await createTenant();
    for (const provider of ["anthropic", "openai"] as const) {
      const body = await expectError(
        await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [], runtime: runtime(provider, COLLECTOR) } }),
        400,
        "provider_url_not_allowed",
      );
      expect(body.message).toContain(`provider-keys/${provider}`);
      await expectError(
        await call(tenant.key, "PATCH", `/v1/projects/${tenant.projectId}`, { body: { default_runtime: runtime(provider, COLLECTOR) } }),
        400,
        "provider_url_not_allowed",
      );
    }
    const project = await expectJson(await call(tenant.key, "GET", `/v1/projects/${tenant.projectId}`), 200, Project);
    expect(project.default_runtime).toBeNull();
    const list = await (await call(tenant.key, "GET", "/v1/sessions")).json<{ data: unknown[] }>();
    expect(list.data).toEqual([]);
    // The official endpoint (or none) is fine.
    expect((await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [], runtime: runtime("openai", "https://api.openai.com/v1") } })).status).toBe(
      201,
    );
    expect((await call(tenant.key, "PATCH", `/v1/projects/${tenant.projectId}`, { body: { default_runtime: runtime("anthropic") } })).status).toBe(200);
  });

  it("fails the turn of a session stored with a forbidden base_url, without calling it", async () => {
    const tenant = await createTenant();
    const id = "ses_storedBeforeTheRule00";
    await sessionObject(tenant.projectId, id).create({
      id,
      orgId: tenant.orgId,
      projectId: tenant.projectId,
      environment: "test",
      userId: "default",
      servers: [],
      metadata: {},
      runtime: { type: "managed", provider: "openai", base_url: COLLECTOR },
      createdAt: new Date().toISOString(),
    });
    const res = await call(tenant.key, "POST", `/v1/sessions/${id}/send`, { body: { message: "hi" } });
    await expectError(res, 502, "provider_url_not_allowed");
    const events = await readLog(tenant.projectId, id);
    expect(events.find((event) => event.type === "error")).toMatchObject({ code: "provider_url_not_allowed", retryable: false });
  });
});

describe("a project's own provider key", () => {
  it("is stored encrypted, never returned, and unlocks the project's own base URL", async () => {
    const tenant = await createTenant();
    const secret = "sk-tenant-own-key-0123456789";
    const stored = await expectJson(await storeKey(tenant.key, tenant.projectId, "openai", secret), 200, ProviderKey.strict());
    expect(stored).toMatchObject({ provider: "openai", configured: true });
    const listing = await call(tenant.key, "GET", `/v1/projects/${tenant.projectId}/provider-keys`);
    const text = await listing.clone().text();
    expect(text).not.toContain(secret);
    expect((await expectJson(listing, 200, ProviderKeyList)).provider_keys.map((k) => k.provider)).toEqual(["openai"]);
    const row = await env.DB.prepare("SELECT credentials FROM provider_keys WHERE project_id = ?").bind(tenant.projectId).first<{ credentials: string }>();
    expect(row?.credentials).toMatch(/^v1\./);
    expect(row?.credentials).not.toContain(secret);

    // Its own key lets it choose a base URL; the guard still applies; other providers are unaffected.
    expect(
      (await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [], runtime: runtime("openai", "https://llm.tenant.example/v1") } })).status,
    ).toBe(201);
    await expectError(
      await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [], runtime: runtime("openai", "http://169.254.169.254") } }),
      400,
      "provider_url_not_allowed",
    );
    await expectError(
      await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [], runtime: runtime("anthropic", COLLECTOR) } }),
      400,
      "provider_url_not_allowed",
    );

    // Removing it closes the door again.
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/projects/${tenant.projectId}/provider-keys/openai`));
    await expectError(await call(tenant.key, "DELETE", `/v1/projects/${tenant.projectId}/provider-keys/openai`), 404, "provider_key_not_found");
    await expectError(
      await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [], runtime: runtime("openai", "https://llm.tenant.example/v1") } }),
      400,
      "provider_url_not_allowed",
    );
  });

  it("a session whose project removed its key falls back to nothing, not to the operator's key", async () => {
    const tenant = await createTenant();
    await storeKey(tenant.key, tenant.projectId, "openai", "sk-tenant");
    const session = await createSession(tenant.key, { servers: [], runtime: runtime("openai", COLLECTOR) });
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/projects/${tenant.projectId}/provider-keys/openai`));
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hi" } }), 502, "provider_url_not_allowed");
  });

  it("is per project: another tenant's project is 404 and reveals nothing", async () => {
    const tenant = await createTenant();
    const other = await createTenant("Other");
    await storeKey(other.key, other.projectId, "openai", "sk-other");
    await expectError(await storeKey(tenant.key, other.projectId, "openai", "sk-mine"), 404, "project_not_found");
    await expectError(await call(tenant.key, "GET", `/v1/projects/${other.projectId}/provider-keys`), 404, "project_not_found");
    await expectError(await call(tenant.key, "DELETE", `/v1/projects/${other.projectId}/provider-keys/openai`), 404, "project_not_found");
    // PATCHing another tenant's project is 404 whether or not it holds a key: no oracle.
    await expectError(
      await call(tenant.key, "PATCH", `/v1/projects/${other.projectId}`, { body: { default_runtime: runtime("openai", COLLECTOR) } }),
      404,
      "project_not_found",
    );
    await expectError(await storeKey(tenant.key, tenant.projectId, "local", "x"), 400, "validation_failed");
  });
});

it("the send result of a normal local session is unaffected", async () => {
  const tenant = await createTenant();
  const session = await createSession(tenant.key);
  await expectJson(await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hello" } }), 200, SendResult);
});
