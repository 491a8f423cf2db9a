// whoami and project resolution: x-codespar-project absent, malformed, unknown, another org's; test/live separation.
import { describe, expect, it } from "vitest";
import { Project, Whoami } from "../../src/shared/schemas/tenancy";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createEnvironmentKey, createSession, createTenant } from "../helpers/worker-api";

const whoami = (key: string, project?: string) => call(key, "GET", "/v1/whoami", { project });

describe("whoami", () => {
  it("describes the organization, the resolved project and the key", async () => {
    const tenant = await createTenant("Whoami Inc");
    const body = await expectJson(await whoami(tenant.key), 200, Whoami.strict());
    expect(body).toEqual({
      organization: { id: tenant.orgId, name: "Whoami Inc" },
      project: { id: tenant.projectId, name: "Default", environment: "test" },
      key: { id: tenant.keyId, environment: "test", scopes: ["*"] },
    });
  });
});

describe("x-codespar-project", () => {
  it("falls back to the default project when absent (or blank)", async () => {
    const tenant = await createTenant();
    expect((await expectJson(await whoami(tenant.key), 200, Whoami)).project.id).toBe(tenant.projectId);
    const blank = await call(tenant.key, "GET", "/v1/whoami", { headers: { "x-codespar-project": " " } });
    expect((await expectJson(blank, 200, Whoami)).project.id).toBe(tenant.projectId);
  });

  it("selects another project of the organization", async () => {
    const tenant = await createTenant();
    const other = await expectJson(await call(tenant.key, "POST", "/v1/projects", { body: { name: "Second" } }), 201, Project);
    const body = await expectJson(await whoami(tenant.key, other.id), 200, Whoami);
    expect(body.project).toEqual({ id: other.id, name: "Second", environment: "test" });
  });

  it("is 400 invalid_project_header when malformed", async () => {
    const tenant = await createTenant();
    for (const bad of ["prj_short", "project_0123456789abcdef", "prj_0123456789abcdef0", "prj_0123456789abcde!", tenant.projectId.toUpperCase()]) {
      await expectError(await whoami(tenant.key, bad), 400, "invalid_project_header");
    }
  });

  it("is 404 project_not_found for an unknown project or another organization's", async () => {
    const tenant = await createTenant();
    const other = await createTenant("Other");
    await expectError(await whoami(tenant.key, "prj_0000000000000000"), 404, "project_not_found");
    await expectError(await whoami(tenant.key, "prj_ABCDEFGHIJKLMNOP"), 404, "project_not_found");
    await expectError(await whoami(tenant.key, other.projectId), 404, "project_not_found");
    await expectError(await call(tenant.key, "GET", "/v1/sessions", { project: other.projectId }), 404, "project_not_found");
  });

  it("checks the key before the project: a bad key with a good header is 401", async () => {
    const tenant = await createTenant();
    await expectError(await whoami("csk_test_notarealkey", tenant.projectId), 401, "unauthorized");
  });
});

describe("test/live separation", () => {
  it("a csk_test_ key cannot select a live project, a csk_live_ key can", async () => {
    const tenant = await createTenant();
    const liveKey = await createEnvironmentKey(tenant.orgId, "live");
    const live = await expectJson(await call(liveKey.key, "POST", "/v1/projects", { body: { name: "Production" } }), 201, Project);
    await expectError(await whoami(tenant.key, live.id), 404, "project_not_found");
    await expectError(await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [] }, project: live.id }), 404, "project_not_found");

    const body = await expectJson(await whoami(liveKey.key, live.id), 200, Whoami);
    expect(body.project).toEqual({ id: live.id, name: "Production", environment: "live" });
    expect(body.key.environment).toBe("live");

    // Without the header the live key lands in the live default project; it reaches no test project.
    expect((await expectJson(await whoami(liveKey.key), 200, Whoami)).project.id).toBe(liveKey.projectId);
    await expectError(await whoami(liveKey.key, tenant.projectId), 404, "project_not_found");
    const session = await createSession(liveKey.key, { servers: [] }, live.id);
    await expectError(await call(tenant.key, "GET", `/v1/sessions/${session.id}`, { project: live.id }), 404, "project_not_found");
    await expectError(await call(tenant.key, "GET", `/v1/sessions/${session.id}`), 404, "session_not_found");
  });
});
