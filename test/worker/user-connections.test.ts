// Per-user connections and connect links over the API and the hosted connect page: link shape and
// single use, expiry, secrets never returned, revocation, OAuth redirect and callback state
// checks, and isolation between projects. (The OAuth code exchange against a real token endpoint
// is end to end: test/e2e/connect-flow.test.ts.)
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConnectionList, ConnectionRow, ConnectLink, ConnectPageDone, ConnectPageInfo } from "../../src/shared/schemas/connections";
import { Connections } from "../../src/shared/schemas/tools";
import { anyString, objectContaining, stringMatching } from "../helpers/matchers";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant, type TestTenant } from "../helpers/worker-api";
import { registerServer } from "../helpers/worker-servers";

const REDIRECT = "https://app.example.com/done";
const OAUTH = {
  authorize_url: "https://auth.example.com/authorize",
  token_url: "https://auth.example.com/token",
  client_id: "gw-client",
  client_secret: "client-secret-value",
};

async function withServer(tenant: TestTenant, body: Record<string, unknown> = {}) {
  await expectJson(await registerServer(tenant.key, { id: "asaas", url: "https://asaas.example.com/mcp", auth_type: "api_key", ...body }), 201, z.unknown());
}

const start = async (tenant: TestTenant, body: Record<string, unknown> = {}) =>
  expectJson(
    await call(tenant.key, "POST", "/v1/connect/start", { body: { server_id: "asaas", user_id: "u1", redirect_uri: REDIRECT, ...body } }),
    200,
    ConnectLink.strict(),
  );

const page = (path: string, init?: RequestInit) => SELF.fetch(`http://gateway.test${path}`, { redirect: "manual", ...init });
const submit = (token: string, secrets: Record<string, string>) =>
  page(`/api/connect/${token}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secrets }) });
const list = async (tenant: TestTenant, query = "") => expectJson(await call(tenant.key, "GET", `/v1/connections${query}`), 200, ConnectionList.strict());

describe("connect links", () => {
  it("answers a single-use link on this gateway and records a pending connection", async () => {
    const tenant = await createTenant();
    await withServer(tenant);
    const link = await start(tenant);
    expect(link.link_token).toMatch(/^cl_[A-Za-z0-9]{32}$/);
    expect(link.authorize_url).toBe(`http://gateway.test/connect/${link.link_token}`);
    expect(Date.parse(link.expires_at) - Date.now()).toBeGreaterThan(5 * 60_000);
    const [row] = (await list(tenant)).connections;
    expect(row).toMatchObject({ id: link.connection_id, user_id: "u1", server_id: "asaas", status: "pending", auth_type: "api_key", connected_at: null });
  });

  it("serves the page, shows the fields, connects once, and redirects with status=connected", async () => {
    const tenant = await createTenant();
    await withServer(tenant, { connect_fields: [{ name: "access_token", header: "access_token", label: "Asaas API key", hint: "Settings > Integrations" }] });
    const link = await start(tenant);
    const html = await page(`/connect/${link.link_token}`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(html.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await html.text()).toContain('<div id="root">');
    const info = await expectJson(await page(`/api/connect/${link.link_token}`), 200, ConnectPageInfo.strict());
    expect(info).toEqual({
      server: { id: "asaas", name: "Test server", auth_type: "api_key" },
      fields: [{ name: "access_token", label: "Asaas API key", hint: "Settings > Integrations" }],
      expires_at: link.expires_at,
    });
    const done = await expectJson(await submit(link.link_token, { access_token: "sk_user_1" }), 200, ConnectPageDone.strict());
    const landing = new URL(done.redirect_url);
    expect(landing.origin + landing.pathname).toBe(REDIRECT);
    expect(landing.searchParams.get("status")).toBe("connected");
    expect(landing.searchParams.get("connection_id")).toBe(link.connection_id);
    const row = await expectJson(await call(tenant.key, "GET", `/v1/connections/${link.connection_id}`), 200, ConnectionRow.strict());
    expect(row).toMatchObject({ status: "connected", user_id: "u1" });
    expect(JSON.stringify(row)).not.toContain("sk_user_1");
    // Single use: the same link is gone for a second submit and for the page.
    await expectError(await submit(link.link_token, { access_token: "sk_other" }), 410, "connect_link_used");
    expect((await page(`/connect/${link.link_token}`)).status).toBe(410);
    const stored = await env.DB.prepare("SELECT credentials FROM connections WHERE id = ?").bind(link.connection_id).first<{ credentials: string }>();
    expect(stored?.credentials).toMatch(/^v1\./);
    expect(stored?.credentials).not.toContain("sk_user_1");
  });

  it("lets exactly one of two concurrent submits win", async () => {
    const tenant = await createTenant();
    await withServer(tenant);
    const link = await start(tenant);
    const answers = await Promise.all([submit(link.link_token, { api_key: "a" }), submit(link.link_token, { api_key: "b" })]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 410]);
  });

  it("refuses an expired link (the row reads expired), an unknown one, and missing or unknown fields", async () => {
    const tenant = await createTenant();
    await withServer(tenant);
    const link = await start(tenant);
    await expectError(await submit(link.link_token, {}), 400, "validation_failed");
    await expectError(await submit(link.link_token, { api_key: "k", nope: "x" }), 400, "validation_failed");
    const past = new Date(Date.now() - 1000).toISOString();
    await env.DB.batch([
      env.DB.prepare("UPDATE connect_links SET expires_at = ? WHERE connection_id = ?").bind(past, link.connection_id),
      env.DB.prepare("UPDATE connections SET expires_at = ? WHERE id = ?").bind(past, link.connection_id),
    ]);
    await expectError(await submit(link.link_token, { api_key: "k" }), 410, "connect_link_used");
    expect((await list(tenant, "?status=expired")).connections.map((row) => row.id)).toEqual([link.connection_id]);
    await expectError(await page("/api/connect/cl_nothing"), 404, "connect_link_not_found");
    expect((await page("/connect/cl_nothing")).status).toBe(404);
  });

  it("validates the start body: redirect_uri https or localhost, a registered server that takes credentials", async () => {
    const tenant = await createTenant();
    await withServer(tenant);
    await expectJson(await registerServer(tenant.key, { id: "open", url: "https://open.example.com/mcp" }), 201, z.unknown());
    const post = (body: Record<string, unknown>) =>
      call(tenant.key, "POST", "/v1/connect/start", { body: { server_id: "asaas", redirect_uri: REDIRECT, ...body } });
    await expectError(await post({ redirect_uri: "http://app.example.com/done" }), 400, "validation_failed");
    await expectError(await post({ redirect_uri: "javascript:alert(1)" }), 400, "validation_failed");
    await expectError(await post({ server_id: "ghost" }), 404, "server_not_found");
    await expectError(await post({ server_id: "open" }), 400, "validation_failed");
    const local = await expectJson(await post({ redirect_uri: "http://localhost:3000/cb", user_id: null }), 200, ConnectLink);
    expect((await list(tenant)).connections.find((row) => row.id === local.connection_id)?.user_id).toBe("default");
  });
});

describe("connections", () => {
  it("connects server side, replaces the user's older connection, and never returns the secret", async () => {
    const tenant = await createTenant();
    await withServer(tenant);
    const post = (secret: unknown) =>
      call(tenant.key, "POST", "/v1/connections", {
        body: { server_id: "asaas", user_id: "u1", secret, display_name: "Main", connection_metadata: { wallet: "w1" } },
      });
    const first = await expectJson(await post("sk_first"), 201, ConnectionRow.strict());
    expect(first).toMatchObject({
      id: stringMatching(/^ca_/),
      status: "connected",
      display_name: "Main",
      connection_metadata: { wallet: "w1" },
      metadata: {},
    });
    const second = await expectJson(await post({ api_key: "sk_second" }), 201, ConnectionRow.strict());
    const rows = (await list(tenant, "?user_id=u1")).connections;
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      [second.id, "connected"],
      [first.id, "revoked"],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/sk_first|sk_second/);
    expect((await list(tenant, "?user_id=u2")).connections).toEqual([]);
    expect((await list(tenant, "?status=connected&server_id=asaas")).data.map((row) => row.id)).toEqual([second.id]);
    await expectError(await call(tenant.key, "GET", "/v1/connections?status=weird"), 400, "validation_failed");
  });

  it("revokes at once, idempotently, and a session for the user stops using it", async () => {
    const tenant = await createTenant();
    await withServer(tenant);
    const row = await expectJson(
      await call(tenant.key, "POST", "/v1/connections", { body: { server_id: "asaas", user_id: "u1", secret: "sk" } }),
      201,
      ConnectionRow,
    );
    const revoked = await expectJson(await call(tenant.key, "POST", `/v1/connections/${row.id}/revoke`, { body: {} }), 200, ConnectionRow.strict());
    expect(revoked).toMatchObject({ status: "revoked", revoked_at: anyString() });
    const again = await expectJson(await call(tenant.key, "POST", `/v1/connections/${row.id}/revoke`, { body: {} }), 200, ConnectionRow);
    expect(again.revoked_at).toBe(revoked.revoked_at);
    const stored = await env.DB.prepare("SELECT credentials FROM connections WHERE id = ?").bind(row.id).first<{ credentials: string | null }>();
    expect(stored?.credentials).toBeNull();
  });

  it("reports a credential-less server as not connected for a session's user", async () => {
    const tenant = await createTenant();
    await withServer(tenant);
    const session = await createSession(tenant.key, { servers: ["asaas"], user_id: "u9" });
    const body = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/connections`), 200, Connections);
    expect(body.servers).toEqual([objectContaining({ id: "asaas", connected: false })]);
    const result = await expectJson(
      await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool: "asaas/create", input: {} } }),
      200,
      z.looseObject({ error: z.string() }),
    );
    expect(result.error).toMatch(/connect the server first/);
  });

  it("keeps projects apart: another project's connections and links are 404 or invisible", async () => {
    const owner = await createTenant("Owner");
    const other = await createTenant("Other");
    await withServer(owner);
    const row = await expectJson(await call(owner.key, "POST", "/v1/connections", { body: { server_id: "asaas", secret: "sk" } }), 201, ConnectionRow);
    expect(row.user_id).toBe("default");
    await expectError(await call(other.key, "GET", `/v1/connections/${row.id}`), 404, "connection_not_found");
    await expectError(await call(other.key, "POST", `/v1/connections/${row.id}/revoke`, { body: {} }), 404, "connection_not_found");
    expect((await list(other)).connections).toEqual([]);
    await expectError(await call(other.key, "POST", "/v1/connections", { body: { server_id: "asaas", secret: "sk" } }), 404, "server_not_found");
    await expectError(await call(other.key, "POST", "/v1/connect/start", { body: { server_id: "asaas", redirect_uri: REDIRECT } }), 404, "server_not_found");
  });

  it("revokes a server's connections when the server is deleted", async () => {
    const tenant = await createTenant();
    await withServer(tenant);
    const row = await expectJson(await call(tenant.key, "POST", "/v1/connections", { body: { server_id: "asaas", secret: "sk" } }), 201, ConnectionRow);
    expect((await call(tenant.key, "DELETE", "/v1/servers/asaas")).status).toBe(204);
    expect((await expectJson(await call(tenant.key, "GET", `/v1/connections/${row.id}`), 200, ConnectionRow)).status).toBe("revoked");
  });
});

describe("OAuth connect links", () => {
  it("refuses to start a link for an oauth server without oauth settings", async () => {
    const tenant = await createTenant();
    await withServer(tenant, { auth_type: "oauth" });
    await expectError(
      await call(tenant.key, "POST", "/v1/connect/start", { body: { server_id: "asaas", redirect_uri: REDIRECT } }),
      400,
      "oauth_not_configured",
    );
  });

  it("redirects to the authorize URL with PKCE S256 and the link token as state; never shows the client secret", async () => {
    const tenant = await createTenant();
    await withServer(tenant, { auth_type: "oauth", oauth: { ...OAUTH, scopes: ["payments:read"] } });
    const server = await expectJson(await call(tenant.key, "GET", "/v1/servers/asaas"), 200, z.looseObject({ oauth: z.unknown() }));
    expect(server.oauth).toEqual({ authorize_url: OAUTH.authorize_url, token_url: OAUTH.token_url, client_id: "gw-client", scopes: ["payments:read"] });
    expect(JSON.stringify(server)).not.toContain("client-secret-value");
    const link = await start(tenant, { scopes: ["payments:write"] });
    const res = await page(`/connect/${link.link_token}`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe(OAUTH.authorize_url);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      response_type: "code",
      client_id: "gw-client",
      redirect_uri: "http://gateway.test/connect/callback",
      state: link.link_token,
      code_challenge: stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: "S256",
      scope: "payments:write",
    });
  });

  it("checks the callback's state: unknown state is refused, a state that never went out through the redirect is not exchanged", async () => {
    const tenant = await createTenant();
    await withServer(tenant, { auth_type: "oauth", oauth: OAUTH });
    expect((await page("/connect/callback?code=abc&state=cl_forged")).status).toBe(404);
    expect((await page("/connect/callback?code=abc")).status).toBe(404);
    const link = await start(tenant);
    const skipped = await page(`/connect/callback?code=abc&state=${link.link_token}`);
    expect(skipped.status).toBe(302);
    expect(new URL(skipped.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_request");
    const denied = await page(`/connect/callback?error=access_denied&state=${link.link_token}`);
    const landing = new URL(denied.headers.get("location") ?? "");
    expect(Object.fromEntries(landing.searchParams)).toEqual({ status: "error", error: "access_denied" });
    expect((await list(tenant)).connections[0]?.status).toBe("pending");
  });

  it("sends an OAuth link's secrets form away: the page API refuses secrets for an oauth server", async () => {
    const tenant = await createTenant();
    await withServer(tenant, { auth_type: "oauth", oauth: OAUTH });
    const link = await start(tenant);
    await expectError(await submit(link.link_token, { api_key: "x" }), 400, "validation_failed");
  });
});
