// A session's registered servers in connections and execute when the server cannot be reached
// (here: a loopback URL, which these tests' gateway refuses to call), and unregistered servers.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Connections, ToolCallLogs, ToolResult } from "../../src/shared/schemas/tools";
import { expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { insertServerRow, registerServer } from "../helpers/worker-servers";

const connections = async (key: string, id: string) => expectJson(await call(key, "GET", `/v1/sessions/${id}/connections`), 200, Connections.strict());
const execute = async (key: string, id: string, tool: string, input: unknown = {}) =>
  expectJson(await call(key, "POST", `/v1/sessions/${id}/execute`, { body: { tool, input } }), 200, ToolResult.strict());

describe("session servers", () => {
  it("reports a registered server with its registration and connected:false when it cannot be reached", async () => {
    const tenant = await createTenant();
    await insertServerRow(tenant.projectId, { id: "local", url: "http://127.0.0.1:9/mcp" });
    const session = await createSession(tenant.key, { servers: ["local", "unknown"] });
    const body = await connections(tenant.key, session.id);
    expect(body.servers).toEqual([
      { id: "local", name: "Server local", category: "testing", country: "BR", auth_type: "none", connected: false },
      { id: "unknown", name: "unknown", category: "uncategorized", country: "global", auth_type: "none", connected: false },
    ]);
    expect(body.tools.map((tool) => tool.name)).toEqual(["codespar_list_tools", "codespar_discover", "codespar_manage_connections"]);
  });

  it("answers a call to an unreachable server with 200 success:false and logs it as server_unreachable", async () => {
    const tenant = await createTenant();
    await insertServerRow(tenant.projectId, { id: "local", url: "http://127.0.0.1:9/mcp" });
    const session = await createSession(tenant.key, { servers: ["local"] });
    const result = await execute(tenant.key, session.id, "local/anything", { a: 1 });
    expect(result).toMatchObject({ success: false, server: "local", tool: "anything", data: {} });
    expect(result.error).toMatch(/not reachable/);
    const logs = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs);
    expect(logs.data.at(-1)).toMatchObject({ tool_name: "local/anything", status: "error", error_code: "server_unreachable" });
  });

  it("treats tools of servers that are unregistered, or not in the session, as not registered", async () => {
    const tenant = await createTenant();
    await expectJson(await registerServer(tenant.key, { id: "elsewhere", url: "https://elsewhere.example.com/mcp" }), 201, z.unknown());
    const session = await createSession(tenant.key, { servers: ["ghost"] });
    for (const tool of ["ghost/create", "elsewhere/create"]) {
      const result = await execute(tenant.key, session.id, tool);
      expect(result).toMatchObject({ success: false, error: `Tool not registered: ${tool}`, data: {} });
    }
  });

  it("drops a deleted server's registration from connections at once", async () => {
    const tenant = await createTenant();
    await insertServerRow(tenant.projectId, { id: "brief", url: "http://127.0.0.1:9/mcp" });
    const session = await createSession(tenant.key, { servers: ["brief"] });
    expect((await connections(tenant.key, session.id)).servers[0]?.name).toBe("Server brief");
    await call(tenant.key, "DELETE", "/v1/servers/brief");
    expect((await connections(tenant.key, session.id)).servers[0]).toMatchObject({ id: "brief", name: "brief", connected: false });
  });
});
