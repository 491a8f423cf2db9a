// Sessions as MCP servers: the official MCP TypeScript SDK client connects to /v1/sessions/:id/mcp
// with the API key, lists the session's tools (built-ins, a real upstream MCP server's, mocks) and
// calls them; every call lands in the session's log.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { Server } from "../../src/shared/schemas/servers";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { ToolCallLogs } from "../../src/shared/schemas/tools";
import { api, apiJson, apiKey, baseUrl } from "../helpers/e2e-api";
import { startMcpServer, type LocalMcpServer } from "../helpers/e2e-mcp-server";

const ID = `upstream-${Date.now().toString(36)}`;
let upstream: LocalMcpServer;

async function connect(sessionId: string, headers: Record<string, string> = {}): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/v1/sessions/${sessionId}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${apiKey}`, ...headers } },
  });
  const client = new Client({ name: "e2e-sdk-client", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

beforeAll(async () => {
  upstream = await startMcpServer();
  await apiJson(Server, "POST", "/v1/servers", { id: ID, name: "Upstream", url: `${upstream.origin}/mcp`, auth_type: "none" });
});

afterAll(async () => {
  await api("DELETE", `/v1/servers/${ID}`);
  await upstream.close();
});

describe("session MCP endpoint with the official SDK client", () => {
  it("lists the session's tools and calls them through the session's execute path", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [ID] });
    const client = await connect(session.id, { "x-codespar-project": inject("projectId") });
    try {
      expect(client.getServerVersion()).toMatchObject({ name: "codespar-session-gateway" });
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual([
        "codespar_list_tools",
        "codespar_discover",
        "codespar_manage_connections",
        `${ID}/echo`,
        `${ID}/add`,
        `${ID}/fail`,
      ]);
      expect(tools[4]?.inputSchema).toMatchObject({ type: "object", properties: { a: { type: "number" } } });

      const added = await client.callTool({ name: `${ID}/add`, arguments: { a: 20, b: 22 } });
      expect(added).toMatchObject({ isError: false, structuredContent: { sum: 42 } });
      const echoed = await client.callTool({ name: `${ID}/echo`, arguments: { message: "via MCP" } });
      expect(echoed.isError).toBe(false);
      expect(JSON.stringify(echoed.content)).toContain("echo: via MCP");
      const failed = await client.callTool({ name: `${ID}/fail`, arguments: {} });
      expect(failed).toMatchObject({ isError: true, content: [{ type: "text", text: "this tool always fails" }] });
      const listed = await client.callTool({ name: "codespar_list_tools", arguments: {} });
      expect(listed.isError).toBe(false);
    } finally {
      await client.close();
    }
    const logs = await apiJson(ToolCallLogs, "GET", `/v1/sessions/${session.id}/logs`);
    expect(logs.data.map((row) => [row.tool_name, row.status])).toEqual([
      [`${ID}/add`, "success"],
      [`${ID}/echo`, "success"],
      [`${ID}/fail`, "error"],
      ["codespar_list_tools", "success"],
    ]);
  });

  it("serves a test-mode session's mocks, exact text in the content", async () => {
    const mock = { id: "cus_mcp", name: "Via MCP" };
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: ["asaas"], mocks: { "asaas/create_customer": mock } });
    const client = await connect(session.id);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["codespar_list_tools", "codespar_discover", "codespar_manage_connections", "asaas/create_customer"]);
      const result = await client.callTool({ name: "asaas/create_customer", arguments: { name: "Via MCP" } });
      expect(result).toMatchObject({ isError: false, content: [{ type: "text", text: JSON.stringify(mock) }], structuredContent: mock });
      await expect(client.callTool({ name: "asaas/delete_customer", arguments: {} })).rejects.toThrow(/no mock/);
    } finally {
      await client.close();
    }
  });

  it("refuses a client without a valid key", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [] });
    const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/v1/sessions/${session.id}/mcp`), {
      requestInit: { headers: { Authorization: "Bearer csk_test_not_a_real_key_000000000000" } },
    });
    const client = new Client({ name: "e2e-sdk-client", version: "1.0.0" });
    await expect(client.connect(transport)).rejects.toThrow(/401|unauthorized/i);
  });
});
