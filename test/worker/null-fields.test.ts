// Python clients send unset optional fields as `null`: every request body takes null as "absent"
// (session create, proxy_execute, execute), while a field where null means something (clearing a
// project's default runtime) keeps it.
import { describe, expect, it } from "vitest";
import { Project } from "../../src/shared/schemas/tenancy";
import { SessionDetail, SessionRow } from "../../src/shared/schemas/sessions";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";
import { insertServerRow } from "../helpers/worker-servers";

describe("null as absent", () => {
  it("creates a session from a body whose optional fields are all null", async () => {
    const tenant = await createTenant();
    const body = { servers: [], user_id: null, metadata: null, runtime: null, mocks: null };
    const created = await expectJson(await call(tenant.key, "POST", "/v1/sessions", { body }), 201, SessionRow);
    expect(created.servers).toEqual([]);
    const detail = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${created.id}`), 200, SessionDetail);
    expect(detail.metadata).toEqual({});
  });

  it("passes proxy_execute's null headers, params and body through validation as absent", async () => {
    const tenant = await createTenant();
    await insertServerRow(tenant.projectId, { id: "api", url: "https://mcp.example.com/mcp", rest_base_url: null });
    const session = await expectJson(await call(tenant.key, "POST", "/v1/sessions", { body: { servers: ["api"] } }), 201, SessionRow);
    const body = { server: "api", endpoint: "/x", method: "GET", headers: null, params: null, body: null };
    // Past validation: the refusal is the registration's, not the body's.
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/proxy_execute`, { body }), 400, "proxy_not_configured");
  });

  it("still refuses null for a required field", async () => {
    const tenant = await createTenant();
    const session = await expectJson(await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [] } }), 201, SessionRow);
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool: null, input: {} } }), 400, "validation_failed");
  });

  it("keeps null where it means something: PATCH default_runtime null clears it", async () => {
    const tenant = await createTenant();
    const path = `/v1/projects/${tenant.projectId}`;
    const set = await expectJson(await call(tenant.key, "PATCH", path, { body: { default_runtime: { type: "external" } } }), 200, Project);
    expect(set.default_runtime).toEqual({ type: "external" });
    const cleared = await expectJson(await call(tenant.key, "PATCH", path, { body: { default_runtime: null, name: null } }), 200, Project);
    expect(cleared.default_runtime).toBeNull();
    expect(cleared.name).toBe(set.name);
  });
});
