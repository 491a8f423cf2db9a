// POST /v1/sessions/:id/proxy_execute: validation, which server may be called, and destinations the
// gateway refuses before any request leaves (these tests run without the loopback flag).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectError } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { readLog } from "../helpers/worker-log";
import { insertServerRow, registerServer } from "../helpers/worker-servers";

const proxy = (key: string, id: string, body: unknown) => call(key, "POST", `/v1/sessions/${id}/proxy_execute`, { body });

async function sessionWith(restBaseUrl: string | null, servers = ["api"]) {
  const tenant = await createTenant();
  await insertServerRow(tenant.projectId, { id: "api", url: "https://mcp.example.com/mcp", rest_base_url: restBaseUrl });
  const session = await createSession(tenant.key, { servers });
  return { key: tenant.key, id: session.id, projectId: tenant.projectId };
}

describe("proxy_execute", () => {
  it("validates the body: server, endpoint and a known method are required; GET takes no body", async () => {
    const { key, id } = await sessionWith("https://api.example.com/v3");
    await expectError(await proxy(key, id, { endpoint: "/x", method: "GET" }), 400, "validation_failed");
    await expectError(await proxy(key, id, { server: "api", method: "GET" }), 400, "validation_failed");
    await expectError(await proxy(key, id, { server: "api", endpoint: "/x", method: "BREW" }), 400, "validation_failed");
    await expectError(await proxy(key, id, { server: "api", endpoint: "/x", method: "GET", body: { a: 1 } }), 400, "validation_failed");
  });

  it("refuses servers outside the session (400) and servers not registered (404)", async () => {
    const { key, id } = await sessionWith("https://api.example.com/v3", ["api", "ghost"]);
    await expectError(await proxy(key, id, { server: "other", endpoint: "/x", method: "GET" }), 400, "server_not_in_session");
    await expectError(await proxy(key, id, { server: "ghost", endpoint: "/x", method: "GET" }), 404, "server_not_found");
  });

  it("needs a rest_base_url on the registration (400 proxy_not_configured)", async () => {
    const { key, id } = await sessionWith(null);
    await expectError(await proxy(key, id, { server: "api", endpoint: "/x", method: "GET" }), 400, "proxy_not_configured");
  });

  it("refuses endpoints that leave the base URL: another host, or dot segments above it", async () => {
    const { key, id } = await sessionWith("https://api.example.com/v3");
    for (const endpoint of ["https://evil.example.com/steal", "../admin", "/v3/../../admin"]) {
      await expectError(await proxy(key, id, { server: "api", endpoint, method: "GET" }), 400, "endpoint_not_allowed");
    }
  });

  it.each([
    ["loopback", "http://127.0.0.1:8080/api"],
    ["localhost", "http://localhost:8080/api"],
    ["IPv6 loopback", "http://[::1]:8080/api"],
    ["a private address", "http://192.168.0.10/api"],
    ["link-local metadata", "http://169.254.169.254/latest"],
    ["an IPv4-mapped private address", "http://[::ffff:10.0.0.1]/api"],
  ])("refuses %s with 403 upstream_not_allowed", async (_label, restBaseUrl) => {
    const { key, id } = await sessionWith(restBaseUrl);
    await expectError(await proxy(key, id, { server: "api", endpoint: "/anything", method: "GET" }), 403, "upstream_not_allowed");
  });

  it("answers 409 session_closed on a closed session and 404 for an unknown one", async () => {
    const { key, id } = await sessionWith("https://api.example.com/v3");
    await call(key, "DELETE", `/v1/sessions/${id}`);
    await expectError(await proxy(key, id, { server: "api", endpoint: "/x", method: "GET" }), 409, "session_closed");
    await expectError(await proxy(key, "ses_unknown0000000000", { server: "api", endpoint: "/x", method: "GET" }), 404, "session_not_found");
  });

  it("logs a call the gateway refused as tool_call then an error tool_result, without the caller's headers", async () => {
    const { key, id, projectId } = await sessionWith("http://10.1.2.3/api");
    await expectError(await proxy(key, id, { server: "other", endpoint: "/x", method: "GET" }), 400, "server_not_in_session");
    const request = {
      server: "api",
      endpoint: "/customers",
      method: "post",
      params: { page: 2 },
      body: { name: "Ana" },
      headers: { authorization: "Bearer caller-secret" },
    };
    await expectError(await proxy(key, id, request), 403, "upstream_not_allowed");
    const events = (await readLog(projectId, id)).filter((event) => event.type === "tool_call" || event.type === "tool_result");
    expect(events).toHaveLength(2);
    const [called, answered] = events;
    expect(called).toMatchObject({
      type: "tool_call",
      tool: "proxy_execute",
      server: "api",
      input: { method: "POST", endpoint: "/customers", params: { page: 2 }, body: { name: "Ana" } },
    });
    expect(JSON.stringify(called)).not.toContain("caller-secret");
    const { callId } = z.object({ callId: z.string() }).parse(called);
    expect(answered).toMatchObject({ type: "tool_result", callId, isError: true, errorCode: "upstream_not_allowed" });
    expect(callId).toMatch(/^px_/);
  });

  it("lets registration refuse loopback REST bases up front", async () => {
    const tenant = await createTenant();
    const res = await registerServer(tenant.key, { id: "api", url: "https://mcp.example.com/mcp", rest_base_url: "http://127.0.0.1:9/api" });
    expect(res.status).toBe(400);
  });
});
