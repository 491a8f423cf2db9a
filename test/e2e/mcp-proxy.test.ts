// proxy_execute over real HTTP against a local REST API: stored credentials applied, params and bodies
// passed, same-host redirects followed, cross-host redirects, unregistered hosts and private or
// link-local targets refused; and, on a second gateway without the development flag, loopback refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ErrorBody } from "../../src/shared/schemas/common";
import { ProxyResult } from "../../src/shared/schemas/proxy";
import { Server } from "../../src/shared/schemas/servers";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { Connections } from "../../src/shared/schemas/tools";
import { api, apiJson } from "../helpers/e2e-api";
import { EXTRA_PROJECT_ID, startExtraGateway, type ExtraGateway } from "../helpers/e2e-extra-gateway";
import { startMcpServer, type LocalMcpServer } from "../helpers/e2e-mcp-server";

const TOKEN = "rest-token-abcdef0123456789";
const ID = `rest-${Date.now().toString(36)}`;
let local: LocalMcpServer;
let sessionId: string;

/** A logged event, its other fields kept for toMatchObject. */
const LoggedEvents = z.array(z.looseObject({ type: z.string(), callId: z.string().optional() }));

const proxy = (body: Record<string, unknown>, id = sessionId) => api("POST", `/v1/sessions/${id}/proxy_execute`, body);
const code = async (res: Response) => ErrorBody.parse(await res.json()).code;

beforeAll(async () => {
  local = await startMcpServer();
  await apiJson(Server, "POST", "/v1/servers", {
    id: ID,
    name: "REST",
    url: `${local.origin}/mcp`,
    rest_base_url: `${local.origin}/api`,
    auth_type: "api_key",
    secret: TOKEN,
  });
  sessionId = (await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [ID, "unregistered"] })).id;
});

afterAll(async () => {
  await api("DELETE", `/v1/servers/${ID}`);
  await local.close();
});

describe("proxy_execute", () => {
  it("calls the REST base URL with the stored credentials, params and headers", async () => {
    const res = await proxy({
      server: ID,
      endpoint: "/echo",
      method: "get",
      params: { q: "1", n: 2 },
      headers: { "x-custom": "yes", authorization: "Bearer caller-override" },
    });
    expect(res.status).toBe(200);
    const result = ProxyResult.parse(await res.json());
    expect(result).toMatchObject({
      status: 200,
      data: { method: "GET", path: "/api/echo", query: { q: "1", n: "2" }, authorization: `Bearer ${TOKEN}`, custom: "yes" },
    });
    expect(result.headers["x-upstream"]).toBe("e2e");
    expect(result.duration).toBeGreaterThanOrEqual(0);
    expect(result.proxy_call_id).toMatch(/^px_/);
  });

  it("logs the call in the session: tool_call, then tool_result with the upstream's status, under proxy_call_id", async () => {
    const result = await apiJson(ProxyResult, "POST", `/v1/sessions/${sessionId}/proxy_execute`, {
      server: ID,
      endpoint: "/echo",
      method: "GET",
      params: { logged: "yes" },
    });
    const events = await apiJson(LoggedEvents, "GET", `/v1/sessions/${sessionId}/events?offset=-1`);
    const mine = events.filter((event) => event.callId === result.proxy_call_id);
    expect(mine.map((event) => event.type)).toEqual(["tool_call", "tool_result"]);
    expect(mine[0]).toMatchObject({ tool: "proxy_execute", server: ID, input: { method: "GET", endpoint: "/echo", params: { logged: "yes" } } });
    expect(mine[1]).toMatchObject({ isError: false, output: { status: 200, data: { path: "/api/echo", query: { logged: "yes" } } } });
  });

  it("sends a JSON body", async () => {
    const result = await apiJson(ProxyResult, "POST", `/v1/sessions/${sessionId}/proxy_execute`, {
      server: ID,
      endpoint: "customers",
      method: "POST",
      body: { name: "Ana" },
    });
    expect(result.data).toMatchObject({ method: "POST", path: "/api/customers", body: { name: "Ana" } });
  });

  it("follows a redirect that stays under the base URL", async () => {
    const result = await apiJson(ProxyResult, "POST", `/v1/sessions/${sessionId}/proxy_execute`, { server: ID, endpoint: "/redirect-home", method: "GET" });
    expect(result.data).toMatchObject({ path: "/api/echo", query: { redirected: "1" } });
  });

  it("refuses a redirect to another host with 502 redirect_not_allowed", async () => {
    const res = await proxy({ server: ID, endpoint: "/redirect-away", method: "GET" });
    expect(res.status).toBe(502);
    expect(await code(res)).toBe("redirect_not_allowed");
  });

  it("refuses unregistered hosts and servers", async () => {
    const otherHost = await proxy({ server: ID, endpoint: "http://localhost:9/api/echo", method: "GET" });
    expect([otherHost.status, await code(otherHost)]).toEqual([400, "endpoint_not_allowed"]);
    const escape = await proxy({ server: ID, endpoint: "../mcp", method: "GET" });
    expect([escape.status, await code(escape)]).toEqual([400, "endpoint_not_allowed"]);
    const unregistered = await proxy({ server: "unregistered", endpoint: "/x", method: "GET" });
    expect([unregistered.status, await code(unregistered)]).toEqual([404, "server_not_found"]);
    const notInSession = await proxy({ server: "elsewhere", endpoint: "/x", method: "GET" });
    expect([notInSession.status, await code(notInSession)]).toEqual([400, "server_not_in_session"]);
  });

  it("refuses private and link-local targets even though this gateway allows loopback", async () => {
    for (const restBase of ["http://10.0.0.5/api", "http://192.168.1.20/api", "http://169.254.169.254/latest", "http://[fe80::1]/api"]) {
      const res = await api("POST", "/v1/servers", {
        id: `${ID}-private`,
        name: "Private",
        url: "https://mcp.example.com/mcp",
        rest_base_url: restBase,
        auth_type: "none",
      });
      expect([res.status, await code(res)], restBase).toEqual([400, "url_not_allowed"]);
    }
  });
});

describe("proxy_execute without the loopback flag", () => {
  let extra: ExtraGateway;
  const requestsBefore = () => local.requests.length;

  beforeAll(async () => {
    const now = new Date().toISOString();
    // Written straight into D1: registration itself refuses loopback URLs on this gateway.
    const sql = `INSERT INTO servers (project_id, id, org_id, name, url, rest_base_url, category, country, auth_type, credentials, created_at) VALUES ('${EXTRA_PROJECT_ID}', 'loop', 'org_e2e0000000000002', 'Loop', '${local.origin}/mcp', '${local.origin}/api', 'testing', 'BR', 'none', NULL, '${now}')`;
    extra = await startExtraGateway({ vars: { ALLOW_LOOPBACK_UPSTREAMS: "false" }, sql });
  });

  afterAll(async () => {
    await extra?.stop();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${extra.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${extra.apiKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("refuses loopback at registration, in proxy_execute and for MCP, without sending anything", async () => {
    const registered = await call("POST", "/v1/servers", { id: "loop2", name: "Loop", url: `${local.origin}/mcp`, auth_type: "none" });
    expect([registered.status, await code(registered)]).toEqual([400, "url_not_allowed"]);
    const session = SessionRow.parse(await (await call("POST", "/v1/sessions", { servers: ["loop"] })).json());
    const before = requestsBefore();
    const proxied = await call("POST", `/v1/sessions/${session.id}/proxy_execute`, { server: "loop", endpoint: "/echo", method: "GET" });
    expect([proxied.status, await code(proxied)]).toEqual([403, "upstream_not_allowed"]);
    const connections = Connections.parse(await (await call("GET", `/v1/sessions/${session.id}/connections`)).json());
    expect(connections.servers).toEqual([expect.objectContaining({ id: "loop", connected: false })]);
    expect(local.requests.length).toBe(before);
  });
});
