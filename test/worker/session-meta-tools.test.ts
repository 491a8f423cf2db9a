// The gateway's own tools inside a session: codespar_manage_connections (list, status, initiate
// with a working connect link), codespar_discover's empty answer and input errors, and the
// commerce meta tools a project routes to a server's tool (listed and called only where mapped).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConnectionList, ConnectPageInfo } from "../../src/shared/schemas/connections";
import { ManageConnectionsResult } from "../../src/shared/schemas/manage-connections";
import { DiscoverResult } from "../../src/shared/schemas/meta-tools";
import { Connections, ToolResult } from "../../src/shared/schemas/tools";
import { env, SELF } from "cloudflare:test";
import { anyString, objectContaining, stringContaining } from "../helpers/matchers";
import { expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant, type TestTenant } from "../helpers/worker-api";
import { registerServer } from "../helpers/worker-servers";

const execute = async (tenant: TestTenant, sessionId: string, tool: string, input: unknown) =>
  expectJson(await call(tenant.key, "POST", `/v1/sessions/${sessionId}/execute`, { body: { tool, input } }), 200, ToolResult);
const wizard = async (tenant: TestTenant, sessionId: string, input: Record<string, unknown>) => {
  const result = await execute(tenant, sessionId, "codespar_manage_connections", input);
  expect(result, JSON.stringify(result)).toMatchObject({ success: true, server: "codespar", tool: "codespar_manage_connections" });
  return ManageConnectionsResult.strict().parse(result.data);
};

async function project() {
  const tenant = await createTenant();
  const register = async (body: Record<string, unknown>) => expectJson(await registerServer(tenant.key, body), 201, z.unknown());
  await register({ id: "open", url: "https://open.example.com/mcp", country: "global" });
  await register({
    id: "asaas",
    name: "Asaas",
    url: "https://asaas.example.com/mcp",
    auth_type: "api_key",
    country: "BR",
    connect_fields: [{ name: "access_token", header: "access_token", label: "Access token", hint: "Asaas > Integrations" }],
  });
  await register({ id: "stripe", url: "https://stripe.example.com/mcp", auth_type: "api_key", country: "US", secret: "sk_project" });
  await register({
    id: "gh",
    url: "https://gh.example.com/mcp",
    auth_type: "oauth",
    country: "US",
    oauth: { authorize_url: "https://gh.example.com/authorize", token_url: "https://gh.example.com/token", client_id: "c" },
  });
  return tenant;
}

describe("codespar_manage_connections", () => {
  it("lists every project server's state for the session's user, and filters by country", async () => {
    const tenant = await project();
    await call(tenant.key, "POST", "/v1/connections", {
      body: { server_id: "asaas", user_id: "u1", secret: { access_token: "k" }, connection_metadata: { wallet: "w" } },
    });
    const session = await createSession(tenant.key, { servers: ["asaas"], user_id: "u1" });
    const listed = await wizard(tenant, session.id, {});
    expect(listed.action).toBe("list");
    expect(listed.connections.map((row) => [row.server_id, row.status, row.difficulty])).toEqual([
      ["open", "not_required", "easy"],
      ["asaas", "connected", "easy"],
      ["stripe", "connected", "easy"],
      ["gh", "disconnected", "medium"],
    ]);
    expect(listed.connections[1]).toMatchObject({ display_name: "Asaas", connection_metadata: { wallet: "w" }, connected_at: anyString() });
    const br = await wizard(tenant, session.id, { action: "list", country: "br", server_id: null });
    expect(br.connections.map((row) => row.server_id)).toEqual(["open", "asaas"]);
    // Another user of the project has connected nothing.
    const other = await createSession(tenant.key, { servers: [], user_id: "u2" });
    expect((await wizard(tenant, other.id, { action: "status", server_id: "asaas" })).status?.status).toBe("disconnected");
  });

  it("answers status by default when a server_id is given; an unknown server is a server_not_found result", async () => {
    const tenant = await project();
    const session = await createSession(tenant.key, { servers: [], user_id: "u1" });
    const status = await wizard(tenant, session.id, { server_id: "gh" });
    expect(status).toEqual({
      action: "status",
      connections: [],
      initiate: null,
      status: objectContaining({ server_id: "gh", status: "disconnected", auth_type: "oauth" }),
    });
    const unknown = await execute(tenant, session.id, "codespar_manage_connections", { server_id: "ghost" });
    expect(unknown).toMatchObject({ success: false, data: { code: "server_not_found" } });
    const bad = await execute(tenant, session.id, "codespar_manage_connections", { action: "delete" });
    expect(bad).toMatchObject({ success: false, data: { code: "invalid_input", message: stringContaining("action") } });
  });

  it("initiates a connect link for the session's user that the hosted page opens", async () => {
    const tenant = await project();
    const session = await createSession(tenant.key, { servers: ["asaas"], user_id: "u7" });
    const result = await wizard(tenant, session.id, { action: "initiate", server_id: "asaas", return_to: "https://app.example.com/back" });
    const initiate = result.initiate;
    expect(initiate).toMatchObject({
      server_id: "asaas",
      display_name: "Asaas",
      status: "disconnected",
      required_secrets: [{ name: "Access token", hint: "Asaas > Integrations" }],
    });
    const url = new URL(initiate?.connect_url ?? "");
    expect(url.origin).toBe("http://gateway.test");
    const token = url.pathname.replace("/connect/", "");
    const info = await expectJson(await SELF.fetch(`http://gateway.test/api/connect/${token}`), 200, ConnectPageInfo);
    expect(info.server.id).toBe("asaas");
    const pending = await expectJson(await call(tenant.key, "GET", "/v1/connections?user_id=u7"), 200, ConnectionList);
    expect(pending.connections).toEqual([objectContaining({ server_id: "asaas", status: "pending" })]);
    const link = await env.DB.prepare("SELECT redirect_uri FROM connect_links WHERE connection_id = ?")
      .bind(pending.connections[0]?.id)
      .first<{ redirect_uri: string }>();
    expect(link?.redirect_uri).toBe("https://app.example.com/back");
  });

  it("sends an initiated link back to the gateway's own page by default, or to a path on it; refuses other return_to", async () => {
    const tenant = await project();
    const session = await createSession(tenant.key, { servers: [], user_id: "u1" });
    await wizard(tenant, session.id, { action: "initiate", server_id: "gh" });
    await wizard(tenant, session.id, { action: "initiate", server_id: "gh", return_to: "/connect/done?from=agent" });
    const { results } = await env.DB.prepare(
      "SELECT l.redirect_uri FROM connect_links l JOIN connections c ON c.id = l.connection_id WHERE c.project_id = ? ORDER BY c.created_at",
    )
      .bind(tenant.projectId)
      .all<{ redirect_uri: string }>();
    expect(results.map((row) => row.redirect_uri)).toEqual(["http://gateway.test/connect/done", "http://gateway.test/connect/done?from=agent"]);
    for (const returnTo of ["http://evil.example.com/", "//evil.example.com/x", "javascript:alert(1)"]) {
      const refused = await execute(tenant, session.id, "codespar_manage_connections", { action: "initiate", server_id: "gh", return_to: returnTo });
      expect(refused).toMatchObject({ success: false, data: { code: "invalid_input" } });
    }
    const open = await wizard(tenant, session.id, { action: "initiate", server_id: "open" });
    expect(open.initiate).toMatchObject({ status: "not_required", connect_url: "" });
  });
});

describe("codespar_discover", () => {
  it("answers empty when no tool of the project can be listed, and explains bad input", async () => {
    const tenant = await project();
    const session = await createSession(tenant.key, { servers: [] });
    const result = await execute(tenant, session.id, "codespar_discover", { use_case: "charge a customer with Pix", limit: null });
    expect(DiscoverResult.strict().parse(result.data)).toMatchObject({
      use_case: "charge a customer with Pix",
      search_strategy: "empty",
      recommended: null,
      related: [],
    });
    const bad = await execute(tenant, session.id, "codespar_discover", { use_case: "" });
    expect(bad).toMatchObject({ success: false, data: { code: "invalid_input" } });
  });
});

describe("commerce meta tools", () => {
  it("lists and routes a mapped name only in sessions that have its server; unmapped names stay not registered", async () => {
    const tenant = await project();
    await expectJson(await call(tenant.key, "PUT", "/v1/meta-tools/codespar_charge", { body: { server: "stripe", tool: "create_payment" } }), 200, z.unknown());
    const withServer = await createSession(tenant.key, { servers: ["stripe"] });
    const without = await createSession(tenant.key, { servers: ["asaas"] });
    const names = async (id: string) =>
      (await expectJson(await call(tenant.key, "GET", `/v1/sessions/${id}/connections`), 200, Connections)).tools.map((tool) => tool.name);
    expect(await names(withServer.id)).toContain("codespar_charge");
    expect(await names(without.id)).not.toContain("codespar_charge");
    // Routed: the call reaches stripe/create_payment (here unreachable from the test runtime).
    const routed = await execute(tenant, withServer.id, "codespar_charge", { amount: 10 });
    expect(routed).toMatchObject({
      success: false,
      server: "codespar",
      tool: "codespar_charge",
      data: { code: "server_unreachable", message: stringContaining("stripe") },
    });
    expect(await execute(tenant, without.id, "codespar_charge", {})).toMatchObject({ success: false, error: "Tool not registered: codespar_charge", data: {} });
    expect(await execute(tenant, withServer.id, "codespar_pay", {})).toMatchObject({ error: "Tool not registered: codespar_pay" });
    const projectTools = await expectJson(
      await call(tenant.key, "GET", "/v1/tools/codespar_charge"),
      200,
      z.looseObject({ server: z.string(), description: z.string() }),
    );
    expect(projectTools).toMatchObject({ server: "codespar", description: stringContaining("stripe/create_payment") });
  });
});
