// /v1/servers: register, list, get, delete; validation; credentials sealed in D1 and never returned;
// projects cannot see each other's servers.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Server, ServerList } from "../../src/shared/schemas/servers";
import { Tool } from "../../src/shared/schemas/tools";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";
import { registerServer } from "../helpers/worker-servers";

const StrictServer = Server.strict();
const SECRET = "sk_live_do_not_leak_1234567890";

describe("server registry", () => {
  it("registers a server and shows it without credentials", async () => {
    const tenant = await createTenant();
    const res = await registerServer(tenant.key, {
      id: "asaas",
      name: "Asaas",
      url: "https://mcp.asaas.example.com/mcp",
      rest_base_url: "https://api.asaas.example.com/v3",
      category: "payments",
      country: "BR",
      auth_type: "api_key",
      secret: SECRET,
    });
    const text = await res.clone().text();
    const server = await expectJson(res, 201, StrictServer);
    expect(server).toMatchObject({ id: "asaas", name: "Asaas", category: "payments", country: "BR", auth_type: "api_key", has_credentials: true });
    expect(server.rest_base_url).toBe("https://api.asaas.example.com/v3");
    expect(text).not.toContain(SECRET);

    const list = await expectJson(await call(tenant.key, "GET", "/v1/servers"), 200, ServerList.strict());
    expect(list.data).toEqual([server]);
    expect(list.servers).toEqual([server]);
    expect(await expectJson(await call(tenant.key, "GET", "/v1/servers/asaas"), 200, StrictServer)).toEqual(server);
  });

  it("stores credentials as AES-GCM ciphertext, never as plaintext", async () => {
    const tenant = await createTenant();
    await expectJson(
      await registerServer(tenant.key, { id: "crm", url: "https://crm.example.com/mcp", auth_type: "api_key", headers: { "x-api-key": SECRET } }),
      201,
      StrictServer,
    );
    const row = await env.DB.prepare("SELECT credentials FROM servers WHERE project_id = ? AND id = 'crm'")
      .bind(tenant.projectId)
      .first<{ credentials: string }>();
    expect(row?.credentials).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(row?.credentials).not.toContain(SECRET);
  });

  it("defaults category and country, and has_credentials is false without credentials", async () => {
    const tenant = await createTenant();
    const server = await expectJson(await registerServer(tenant.key, { id: "open", url: "https://open.example.com/mcp" }), 201, StrictServer);
    expect(server).toMatchObject({ category: "uncategorized", country: "global", auth_type: "none", has_credentials: false, rest_base_url: null });
  });

  it("refuses a second registration of the same id with 409 server_exists", async () => {
    const tenant = await createTenant();
    await expectJson(await registerServer(tenant.key, { id: "dup", url: "https://a.example.com/mcp" }), 201, StrictServer);
    await expectError(await registerServer(tenant.key, { id: "dup", url: "https://b.example.com/mcp" }), 409, "server_exists");
  });

  it("deletes a server (204), then it is gone (404 server_not_found)", async () => {
    const tenant = await createTenant();
    await expectJson(await registerServer(tenant.key, { id: "gone", url: "https://gone.example.com/mcp" }), 201, StrictServer);
    await expectNoContent(await call(tenant.key, "DELETE", "/v1/servers/gone"));
    await expectError(await call(tenant.key, "GET", "/v1/servers/gone"), 404, "server_not_found");
    await expectError(await call(tenant.key, "DELETE", "/v1/servers/gone"), 404, "server_not_found");
    // The id is free again.
    await expectJson(await registerServer(tenant.key, { id: "gone", url: "https://gone.example.com/mcp" }), 201, StrictServer);
  });

  it("keeps projects apart: another organization neither sees nor deletes the server", async () => {
    const owner = await createTenant("Owner");
    const other = await createTenant("Other");
    await expectJson(await registerServer(owner.key, { id: "private-one", url: "https://p.example.com/mcp" }), 201, StrictServer);
    await expectError(await call(other.key, "GET", "/v1/servers/private-one"), 404, "server_not_found");
    await expectError(await call(other.key, "DELETE", "/v1/servers/private-one"), 404, "server_not_found");
    expect((await expectJson(await call(other.key, "GET", "/v1/servers"), 200, ServerList)).data).toEqual([]);
  });

  it.each([
    ["an id with capitals", { id: "Asaas", url: "https://x.example.com/mcp" }],
    ["the reserved id codespar", { id: "codespar", url: "https://x.example.com/mcp" }],
    ["a non-http url", { id: "ftp", url: "ftp://x.example.com/mcp" }],
    ["an unknown auth_type", { id: "auth", url: "https://x.example.com/mcp", auth_type: "password" }],
    ["headers and secret together", { id: "both", url: "https://x.example.com/mcp", auth_type: "api_key", secret: "s", headers: { "x-key": "k" } }],
    ["credentials with auth_type none", { id: "none", url: "https://x.example.com/mcp", auth_type: "none", secret: "s" }],
    ["a header the gateway sets itself", { id: "hdr", url: "https://x.example.com/mcp", auth_type: "api_key", headers: { "Mcp-Session-Id": "x" } }],
    ["a missing name", { id: "noname", url: "https://x.example.com/mcp", name: "" }],
  ])("answers 400 validation_failed for %s", async (_label, body) => {
    const tenant = await createTenant();
    await expectError(await registerServer(tenant.key, body), 400, "validation_failed");
  });

  it.each([
    ["loopback (no development flag in these tests)", "http://127.0.0.1:8080/mcp"],
    ["localhost", "http://localhost:3000/mcp"],
    ["a private address", "http://10.1.2.3/mcp"],
    ["link-local metadata", "http://169.254.169.254/latest"],
    ["IPv6 loopback", "http://[::1]:8080/mcp"],
  ])("refuses %s as url with 400 url_not_allowed", async (_label, url) => {
    const tenant = await createTenant();
    const body = await expectError(await registerServer(tenant.key, { id: "bad", url }), 400, "url_not_allowed");
    expect(body.message).toContain("url");
    await expectError(await registerServer(tenant.key, { id: "bad-rest", url: "https://ok.example.com/mcp", rest_base_url: url }), 400, "url_not_allowed");
  });

  it("lists only the built-in tools for a project without servers, and 404 tool_not_found for a server tool", async () => {
    const tenant = await createTenant();
    const list = await expectJson(
      await call(tenant.key, "GET", "/v1/tools"),
      200,
      z.strictObject({ data: z.array(Tool.strict()), tools: z.array(Tool.strict()) }),
    );
    expect(list.tools.map((tool) => [tool.name, tool.server])).toEqual([
      ["codespar_list_tools", "codespar"],
      ["codespar_discover", "codespar"],
      ["codespar_manage_connections", "codespar"],
    ]);
    expect(list.data).toEqual(list.tools);
    const discover = await expectJson(await call(tenant.key, "GET", "/v1/tools/codespar_discover"), 200, Tool.strict());
    expect(discover.input_schema).toMatchObject({ type: "object", required: ["use_case"] });
    await expectError(await call(tenant.key, "GET", "/v1/tools/asaas%2Fcreate_customer"), 404, "tool_not_found");
    await expectError(await call(tenant.key, "GET", "/v1/tools/asaas/create_customer"), 404, "tool_not_found");
  });

  it("needs an API key", async () => {
    const res = await call("csk_test_nope", "GET", "/v1/servers");
    await expectError(res, 401, "unauthorized");
  });
});
