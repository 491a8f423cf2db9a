// Sandbox keys stay in the sandbox: a key lists, creates, changes and revokes projects and keys only
// in its own environment; another environment's are 404, naming one is 403 environment_not_allowed.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiKeyList, EnvironmentKeyCreated, Project, ProjectList } from "../../src/shared/schemas/tenancy";
import { TEST_ADMIN_TOKEN } from "../helpers/constants";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createEnvironmentKey, createTenant } from "../helpers/worker-api";

describe("environments", () => {
  it("a csk_test_ key cannot mint, revoke, see or change anything live", async () => {
    const tenant = await createTenant();
    const live = await createEnvironmentKey(tenant.orgId, "live");
    const liveProject = await expectJson(await call(live.key, "POST", "/v1/projects", { body: { name: "Prod" } }), 201, Project);

    await expectError(await call(tenant.key, "POST", "/v1/api-keys", { body: { name: "escalate", env: "live" } }), 403, "environment_not_allowed");
    await expectError(await call(tenant.key, "DELETE", `/v1/api-keys/${live.keyId}`), 404, "api_key_not_found");
    await expectError(await call(tenant.key, "POST", "/v1/projects", { body: { name: "Evil", environment: "live" } }), 403, "environment_not_allowed");
    for (const id of [liveProject.id, live.projectId]) {
      await expectError(await call(tenant.key, "GET", `/v1/projects/${id}`), 404, "project_not_found");
      await expectError(await call(tenant.key, "DELETE", `/v1/projects/${id}`), 404, "project_not_found");
      await expectError(await call(tenant.key, "PATCH", `/v1/projects/${id}`, { body: { default_runtime: { type: "external" } } }), 404, "project_not_found");
    }
    const keys = await expectJson(await call(tenant.key, "GET", "/v1/api-keys"), 200, ApiKeyList);
    expect(keys.keys.map((k) => k.environment)).toEqual(["test"]);
    const projects = await expectJson(await call(tenant.key, "GET", "/v1/projects"), 200, ProjectList);
    expect(projects.projects.map((p) => p.id)).toEqual([tenant.projectId]);

    // The live side is untouched, and the same holds the other way round.
    expect((await call(live.key, "GET", "/v1/whoami")).status).toBe(200);
    const liveProjects = await expectJson(await call(live.key, "GET", `/v1/projects`), 200, ProjectList);
    expect(liveProjects.projects.map((p) => p.id)).toEqual([live.projectId, liveProject.id]);
    expect(liveProjects.projects.every((p) => p.environment === "live")).toBe(true);
    await expectError(await call(live.key, "DELETE", `/v1/api-keys/${tenant.keyId}`), 404, "api_key_not_found");
    await expectError(await call(live.key, "POST", "/v1/api-keys", { body: { name: "x", env: "test" } }), 403, "environment_not_allowed");
    await expectNoContent(await call(live.key, "DELETE", `/v1/projects/${liveProject.id}`));
  });

  it("the operator opens an environment once: later keys reuse its default project", async () => {
    const tenant = await createTenant();
    const admin = (body: unknown, orgId = tenant.orgId) => call(TEST_ADMIN_TOKEN, "POST", `/admin/organizations/${orgId}/api-keys`, { body });
    const first = await expectJson(await admin({ environment: "live" }), 201, EnvironmentKeyCreated);
    const second = await expectJson(await admin({ environment: "live", name: "ci", scopes: ["sessions:read"] }), 201, EnvironmentKeyCreated);
    expect(second.project.id).toBe(first.project.id);
    expect(first.project).toMatchObject({ environment: "live", is_default: true });
    expect(second.api_key.scopes).toEqual(["sessions:read"]);
    await expectError(await admin({ environment: "live" }, "org_0000000000000000"), 404, "organization_not_found");
    await expectError(
      await call("csk_test_notTheAdminToken", "POST", `/admin/organizations/${tenant.orgId}/api-keys`, { body: { environment: "live" } }),
      401,
      "unauthorized",
    );
    const body = z.object({ code: z.string() }).parse(await (await admin({ environment: "staging" })).json());
    expect(body.code).toBe("validation_failed");
  });
});
