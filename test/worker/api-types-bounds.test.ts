// The bounds @codespar/api-types puts on projects, as the CLI and the SDKs send them: names up to
// 128 characters, slugs of lowercase letters, digits, `_` and `-` with `default` reserved, PATCH of
// slug and is_default (an empty patch is 400 empty_patch); and the payment-rail routes outside the
// gateway's job answering 404 not_supported.
import { describe, expect, it } from "vitest";
import { Project, ProjectList } from "../../src/shared/schemas/tenancy";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";

const createProject = (key: string, body: unknown) => call(key, "POST", "/v1/projects", { body });
const patch = (key: string, id: string, body: unknown) => call(key, "PATCH", `/v1/projects/${id}`, { body });

describe("project bounds", () => {
  it("takes names up to 128 characters and slugs with underscores; refuses longer ones and 'default'", async () => {
    const tenant = await createTenant();
    const long = await expectJson(await createProject(tenant.key, { name: "n".repeat(128), slug: "my_project-1" }), 201, Project);
    expect(long).toMatchObject({ name: "n".repeat(128), slug: "my_project-1" });
    await expectError(await createProject(tenant.key, { name: "n".repeat(129) }), 400, "validation_failed");
    await expectError(await createProject(tenant.key, { name: "x", slug: "s".repeat(65) }), 400, "validation_failed");
    await expectError(await createProject(tenant.key, { name: "x", slug: "default" }), 400, "validation_failed");
    await expectError(await createProject(tenant.key, { name: "x", slug: "Upper" }), 400, "validation_failed");
  });

  it("PATCH changes the slug, and refuses one another project holds", async () => {
    const tenant = await createTenant();
    const a = await expectJson(await createProject(tenant.key, { name: "A", slug: "alpha" }), 201, Project);
    await expectJson(await createProject(tenant.key, { name: "B", slug: "beta" }), 201, Project);
    const renamed = await expectJson(await patch(tenant.key, a.id, { slug: "alpha_2" }), 200, Project);
    expect(renamed).toMatchObject({ id: a.id, slug: "alpha_2", name: "A" });
    await expectError(await patch(tenant.key, a.id, { slug: "beta" }), 409, "project_slug_taken");
    const again = await expectJson(await call(tenant.key, "GET", `/v1/projects/${a.id}`), 200, Project);
    expect(again.slug).toBe("alpha_2");
  });

  it("PATCH is_default: true moves the default; the old default steps down", async () => {
    const tenant = await createTenant();
    const next = await expectJson(await createProject(tenant.key, { name: "Next" }), 201, Project);
    const made = await expectJson(await patch(tenant.key, next.id, { is_default: true }), 200, Project);
    expect(made.is_default).toBe(true);
    const { projects } = await expectJson(await call(tenant.key, "GET", "/v1/projects"), 200, ProjectList);
    expect(projects.filter((project) => project.is_default).map((project) => project.id)).toEqual([next.id]);
    // No project header now means the new default.
    const whoami = await call(tenant.key, "GET", "/v1/whoami");
    expect(JSON.stringify(await whoami.json())).toContain(next.id);
    await expectError(await patch(tenant.key, next.id, { is_default: false }), 400, "validation_failed");
  });

  it("an empty patch is 400 empty_patch, and changes nothing", async () => {
    const tenant = await createTenant();
    await expectError(await patch(tenant.key, tenant.projectId, {}), 400, "empty_patch");
    await expectError(await patch(tenant.key, tenant.projectId, { name: null }), 400, "empty_patch");
  });

  it("another organization's project is a 404 to PATCH", async () => {
    const [tenant, other] = [await createTenant(), await createTenant()];
    await expectError(await patch(tenant.key, other.projectId, { slug: "mine" }), 404, "project_not_found");
    await expectError(await patch(tenant.key, other.projectId, { is_default: true }), 404, "project_not_found");
  });
});

describe("payment rails", () => {
  it.each([
    ["POST", "/v1/consents"],
    ["GET", "/v1/consents/cns_1"],
    ["GET", "/v1/consumers/usr_1/wallet"],
    ["POST", "/v1/consumers/usr_1/mandates"],
    ["GET", "/v1/agents/did:web:example.com/did.json"],
  ])("%s %s is 404 not_supported", async (method, path) => {
    const tenant = await createTenant();
    await expectError(await call(tenant.key, method, path, method === "POST" ? { body: {} } : {}), 404, "not_supported");
  });

  it("still needs an API key", async () => {
    await expectError(await call("csk_test_nope", "GET", "/v1/consents"), 401, "unauthorized");
  });
});
