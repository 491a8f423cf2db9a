// /v1/meta-tools: routing the commerce meta tools to a project's server tools (upsert, list, get,
// delete), the name and body checks, isolation between projects, and resolveMetaTool, the lookup a
// session makes for a bare codespar_pay call.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { resolveMetaTool } from "../../src/db/meta-tools";
import { COMMERCE_META_TOOLS, MetaTool, MetaToolList } from "../../src/shared/schemas/meta-tools";
import { Project } from "../../src/shared/schemas/tenancy";
import { expectError, expectJson, expectNoContent, IsoString } from "../helpers/worker-assert";
import { call, createEnvironmentKey, createTenant, type TestTenant } from "../helpers/worker-api";
import { registerServer } from "../helpers/worker-servers";

const StrictMetaTool = MetaTool.strict();
const put = (key: string, name: string, body: unknown, project?: string) => call(key, "PUT", `/v1/meta-tools/${name}`, { body, project });

async function tenantWithServers(...ids: string[]): Promise<TestTenant> {
  const tenant = await createTenant();
  for (const id of ids) expect((await registerServer(tenant.key, { id, url: `https://${id}.example.com/mcp` })).status).toBe(201);
  return tenant;
}

describe("commerce meta tool routes", () => {
  it("upserts a route: 200 with the mapping, and a second PUT replaces it", async () => {
    const tenant = await tenantWithServers("asaas", "stripe");
    const first = await expectJson(await put(tenant.key, "codespar_pay", { server: "asaas", tool: "create_payment" }), 200, StrictMetaTool);
    expect(first).toMatchObject({ name: "codespar_pay", server: "asaas", tool: "create_payment" });
    IsoString.parse(first.updated_at);

    const second = await expectJson(await put(tenant.key, "codespar_pay", { server: "stripe", tool: "create_transfer" }), 200, StrictMetaTool);
    expect(second).toMatchObject({ name: "codespar_pay", server: "stripe", tool: "create_transfer" });
    expect(second.updated_at >= first.updated_at).toBe(true);
    const list = await expectJson(await call(tenant.key, "GET", "/v1/meta-tools"), 200, MetaToolList.strict());
    expect(list.meta_tools).toEqual([second]);
    expect(await resolveMetaTool(env.DB, tenant.projectId, "codespar_pay")).toEqual({ server: "stripe", tool: "create_transfer" });
  });

  it("lists the project's routes by name, as meta_tools and data", async () => {
    const tenant = await tenantWithServers("melhorenvio", "zapi");
    const empty = await expectJson(await call(tenant.key, "GET", "/v1/meta-tools"), 200, MetaToolList.strict());
    expect(empty).toEqual({ meta_tools: [], data: [] });
    await expectJson(await put(tenant.key, "codespar_ship", { server: "melhorenvio", tool: "create_label" }), 200, StrictMetaTool);
    await expectJson(await put(tenant.key, "codespar_notify", { server: "zapi", tool: "send_text" }), 200, StrictMetaTool);
    const list = await expectJson(await call(tenant.key, "GET", "/v1/meta-tools"), 200, MetaToolList.strict());
    expect(list.meta_tools.map((row) => [row.name, row.server, row.tool])).toEqual([
      ["codespar_notify", "zapi", "send_text"],
      ["codespar_ship", "melhorenvio", "create_label"],
    ]);
    expect(list.data).toEqual(list.meta_tools);
  });

  it("gets one route, and 404 meta_tool_not_found for a name not routed", async () => {
    const tenant = await tenantWithServers("nfeio");
    const made = await expectJson(await put(tenant.key, "codespar_invoice", { server: "nfeio", tool: "issue_nfe" }), 200, StrictMetaTool);
    expect(await expectJson(await call(tenant.key, "GET", "/v1/meta-tools/codespar_invoice"), 200, StrictMetaTool)).toEqual(made);
    const missing = await expectError(await call(tenant.key, "GET", "/v1/meta-tools/codespar_kyc"), 404, "meta_tool_not_found");
    expect(missing.message).toContain("codespar_kyc");
    expect(await resolveMetaTool(env.DB, tenant.projectId, "codespar_kyc")).toBeNull();
  });

  it("deletes a route (204); then it is gone and resolves to nothing", async () => {
    const tenant = await tenantWithServers("asaas");
    await expectJson(await put(tenant.key, "codespar_charge", { server: "asaas", tool: "create_payment" }), 200, StrictMetaTool);
    await expectNoContent(await call(tenant.key, "DELETE", "/v1/meta-tools/codespar_charge"));
    await expectError(await call(tenant.key, "GET", "/v1/meta-tools/codespar_charge"), 404, "meta_tool_not_found");
    await expectError(await call(tenant.key, "DELETE", "/v1/meta-tools/codespar_charge"), 404, "meta_tool_not_found");
    expect(await resolveMetaTool(env.DB, tenant.projectId, "codespar_charge")).toBeNull();
  });

  it("takes exactly the nine commerce names; anything else is 400 naming them", async () => {
    const tenant = await tenantWithServers("ledger");
    for (const name of COMMERCE_META_TOOLS) {
      await expectJson(await put(tenant.key, name, { server: "ledger", tool: "record" }), 200, StrictMetaTool);
    }
    expect((await expectJson(await call(tenant.key, "GET", "/v1/meta-tools"), 200, MetaToolList)).meta_tools).toHaveLength(9);
    for (const name of ["codespar_discover", "codespar_list_tools", "codespar_refund", "CODESPAR_PAY", "pay"]) {
      const refused = await expectError(await put(tenant.key, name, { server: "ledger", tool: "record" }), 400, "validation_failed");
      expect(refused.message).toContain(name);
      expect(refused.message).toContain("codespar_pay, codespar_charge");
      await expectError(await call(tenant.key, "GET", `/v1/meta-tools/${name}`), 400, "validation_failed");
      await expectError(await call(tenant.key, "DELETE", `/v1/meta-tools/${name}`), 400, "validation_failed");
    }
    expect(await resolveMetaTool(env.DB, tenant.projectId, "codespar_discover")).toBeNull();
  });

  it("refuses a server the project has not registered with 404 server_not_found, storing nothing", async () => {
    const tenant = await tenantWithServers("asaas");
    const refused = await expectError(await put(tenant.key, "codespar_pay", { server: "stripe", tool: "create_transfer" }), 404, "server_not_found");
    expect(refused.message).toContain("stripe");
    expect((await expectJson(await call(tenant.key, "GET", "/v1/meta-tools"), 200, MetaToolList)).meta_tools).toEqual([]);
  });

  it("checks the body: a bare tool name of 1..200 characters, both fields required", async () => {
    const tenant = await tenantWithServers("asaas");
    for (const body of [
      {},
      { server: "asaas" },
      { tool: "create_payment" },
      { server: "asaas", tool: "" },
      { server: "asaas", tool: "x".repeat(201) },
      { server: "asaas", tool: "create payment" },
      { server: "asaas", tool: "asaas/create_payment" },
      { server: "", tool: "create_payment" },
      { server: "asaas", tool: 7 },
    ]) {
      await expectError(await put(tenant.key, "codespar_pay", body), 400, "validation_failed");
    }
    const prefixed = await expectError(await put(tenant.key, "codespar_pay", { server: "asaas", tool: "asaas/create_payment" }), 400, "validation_failed");
    expect(prefixed.message).toContain("bare tool name");
    await expectError(await put(tenant.key, "codespar_pay", "not json"), 400, "invalid_json");
    await expectJson(await put(tenant.key, "codespar_pay", { server: "asaas", tool: "x".repeat(200) }), 200, StrictMetaTool);
  });

  it("takes null fields as absent: unknown nulls are ignored, a null required field is 400", async () => {
    const tenant = await tenantWithServers("asaas");
    const body = { server: "asaas", tool: "create_payment", description: null, metadata: null };
    expect(await expectJson(await put(tenant.key, "codespar_pay", body), 200, StrictMetaTool)).toMatchObject({ server: "asaas", tool: "create_payment" });
    const refused = await expectError(await put(tenant.key, "codespar_pay", { server: null, tool: "create_payment" }), 400, "validation_failed");
    expect(refused.message).toContain("server");
    await expectError(await put(tenant.key, "codespar_pay", { server: "asaas", tool: null }), 400, "validation_failed");
  });

  it("keeps projects apart: another project neither sees, changes nor resolves the routes", async () => {
    const owner = await tenantWithServers("asaas");
    await expectJson(await put(owner.key, "codespar_pay", { server: "asaas", tool: "create_payment" }), 200, StrictMetaTool);

    const other = await createTenant("Other");
    await expectError(await call(other.key, "GET", "/v1/meta-tools/codespar_pay"), 404, "meta_tool_not_found");
    await expectError(await call(other.key, "DELETE", "/v1/meta-tools/codespar_pay"), 404, "meta_tool_not_found");
    expect((await expectJson(await call(other.key, "GET", "/v1/meta-tools"), 200, MetaToolList)).meta_tools).toEqual([]);
    // The owner's server is not the other project's to route to.
    await expectError(await put(other.key, "codespar_pay", { server: "asaas", tool: "create_payment" }), 404, "server_not_found");
    expect(await resolveMetaTool(env.DB, other.projectId, "codespar_pay")).toBeNull();

    // A second project of the same organization is just as separate.
    const sibling = await expectJson(await call(owner.key, "POST", "/v1/projects", { body: { name: "Sibling" } }), 201, Project);
    await expectError(await call(owner.key, "GET", "/v1/meta-tools/codespar_pay", { project: sibling.id }), 404, "meta_tool_not_found");
    await expectError(await put(owner.key, "codespar_pay", { server: "asaas", tool: "create_payment" }, sibling.id), 404, "server_not_found");
    expect(await resolveMetaTool(env.DB, owner.projectId, "codespar_pay")).toEqual({ server: "asaas", tool: "create_payment" });
  });

  it("drops a route with its server: hidden and unresolved, and not inherited by a server registered again under the id", async () => {
    const tenant = await tenantWithServers("asaas");
    await expectJson(await put(tenant.key, "codespar_pay", { server: "asaas", tool: "create_payment" }), 200, StrictMetaTool);
    await expectNoContent(await call(tenant.key, "DELETE", "/v1/servers/asaas"));
    expect(await resolveMetaTool(env.DB, tenant.projectId, "codespar_pay")).toBeNull();
    await expectError(await call(tenant.key, "GET", "/v1/meta-tools/codespar_pay"), 404, "meta_tool_not_found");
    expect((await expectJson(await call(tenant.key, "GET", "/v1/meta-tools"), 200, MetaToolList)).meta_tools).toEqual([]);

    expect((await registerServer(tenant.key, { id: "asaas", url: "https://asaas-new.example.com/mcp" })).status).toBe(201);
    expect(await resolveMetaTool(env.DB, tenant.projectId, "codespar_pay")).toBeNull();
    await expectJson(await put(tenant.key, "codespar_pay", { server: "asaas", tool: "create_charge" }), 200, StrictMetaTool);
    expect(await resolveMetaTool(env.DB, tenant.projectId, "codespar_pay")).toEqual({ server: "asaas", tool: "create_charge" });
  });

  it("needs servers:read to read and servers:write to change", async () => {
    const tenant = await tenantWithServers("asaas");
    const created = await call(tenant.key, "POST", "/v1/api-keys", { body: { name: "reader", scopes: ["servers:read"] } });
    expect(created.status).toBe(201);
    const reader = (await created.json<{ full_key: string }>()).full_key;
    await expectJson(await call(reader, "GET", "/v1/meta-tools"), 200, MetaToolList);
    await expectError(await put(reader, "codespar_pay", { server: "asaas", tool: "create_payment" }), 403, "insufficient_scope");
    await expectError(await call(reader, "DELETE", "/v1/meta-tools/codespar_pay"), 403, "insufficient_scope");
    // A key of the organization's other environment sees a different project altogether.
    const live = await createEnvironmentKey(tenant.orgId, "live");
    expect((await expectJson(await call(live.key, "GET", "/v1/meta-tools"), 200, MetaToolList)).meta_tools).toEqual([]);
  });
});
