// Projects CRUD: list, create, get, delete; the default project stays; slugs are unique per organization.
import { describe, expect, it } from "vitest";
import { Project, ProjectList } from "../../src/shared/schemas/tenancy";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";

const createProject = (key: string, body: unknown) => call(key, "POST", "/v1/projects", { body });

describe("projects", () => {
  it("lists the default project of a new organization", async () => {
    const tenant = await createTenant();
    const { projects } = await expectJson(await call(tenant.key, "GET", "/v1/projects"), 200, ProjectList);
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ id: tenant.projectId, org_id: tenant.orgId, is_default: true, environment: "test" });
  });

  it("creates, gets, lists and deletes a project", async () => {
    const tenant = await createTenant();
    const created = await expectJson(await createProject(tenant.key, { name: "Checkout Bot" }), 201, Project);
    expect(created).toMatchObject({ org_id: tenant.orgId, name: "Checkout Bot", slug: "checkout-bot", is_default: false, environment: "test" });
    expect(created.id).toMatch(/^prj_[0-9a-f]{16}$/);

    const fetched = await expectJson(await call(tenant.key, "GET", `/v1/projects/${created.id}`), 200, Project);
    expect(fetched).toEqual(created);
    const listed = await expectJson(await call(tenant.key, "GET", "/v1/projects"), 200, ProjectList);
    expect(listed.projects.map((p) => p.id)).toEqual([tenant.projectId, created.id]);

    await expectNoContent(await call(tenant.key, "DELETE", `/v1/projects/${created.id}`));
    await expectError(await call(tenant.key, "GET", `/v1/projects/${created.id}`), 404, "project_not_found");
    await expectError(await call(tenant.key, "DELETE", `/v1/projects/${created.id}`), 404, "project_not_found");
    const after = await expectJson(await call(tenant.key, "GET", "/v1/projects"), 200, ProjectList);
    expect(after.projects.map((p) => p.id)).toEqual([tenant.projectId]);
  });

  it("takes an explicit slug, and creates in the key's environment", async () => {
    const tenant = await createTenant();
    const created = await expectJson(await createProject(tenant.key, { name: "Sandbox", slug: "sandbox-1", environment: "test" }), 201, Project);
    expect(created).toMatchObject({ slug: "sandbox-1", environment: "test" });
    const live = await createTenant("Live", "live");
    const prod = await expectJson(await createProject(live.key, { name: "Prod", slug: "prod-1" }), 201, Project);
    expect(prod).toMatchObject({ slug: "prod-1", environment: "live" });
  });

  it("refuses to delete the default project with 409", async () => {
    const tenant = await createTenant();
    await expectError(await call(tenant.key, "DELETE", `/v1/projects/${tenant.projectId}`), 409, "default_project");
    await expectJson(await call(tenant.key, "GET", `/v1/projects/${tenant.projectId}`), 200, Project);
  });

  it("answers 409 on a slug already taken in the organization, but not across organizations", async () => {
    const tenant = await createTenant();
    await expectJson(await createProject(tenant.key, { name: "Billing" }), 201, Project);
    await expectError(await createProject(tenant.key, { name: "Other name", slug: "billing" }), 409, "project_slug_taken");
    await expectError(await createProject(tenant.key, { name: "Billing!" }), 409, "project_slug_taken");
    const other = await createTenant("Other");
    await expectJson(await createProject(other.key, { name: "Billing" }), 201, Project);
  });

  it("validates the body", async () => {
    const tenant = await createTenant();
    await expectError(await createProject(tenant.key, {}), 400, "validation_failed");
    await expectError(await createProject(tenant.key, { name: "X", slug: "Not A Slug" }), 400, "validation_failed");
    await expectError(await createProject(tenant.key, { name: "X", environment: "prod" }), 400, "validation_failed");
  });

  it("makes a deleted project unselectable with the project header", async () => {
    const tenant = await createTenant();
    const created = await expectJson(await createProject(tenant.key, { name: "Temp" }), 201, Project);
    expect((await call(tenant.key, "GET", "/v1/whoami", { project: created.id })).status).toBe(200);
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/projects/${created.id}`));
    await expectError(await call(tenant.key, "GET", "/v1/whoami", { project: created.id }), 404, "project_not_found");
  });
});
