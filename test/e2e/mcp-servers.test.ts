// Registered MCP servers against a real MCP server (official SDK, Streamable HTTP, on 127.0.0.1):
// registration with a secret, tool listing, calls that succeed and fail, and a server that is down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DiscoverResult } from "../../src/shared/schemas/meta-tools";
import { anyNumber } from "../helpers/matchers";
import { Server } from "../../src/shared/schemas/servers";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { ServerConnection, Tool, ToolCallLogs, ToolResult } from "../../src/shared/schemas/tools";
import { api, apiJson } from "../helpers/e2e-api";
import { startMcpServer, type LocalMcpServer } from "../helpers/e2e-mcp-server";

const TOKEN = "mcp-e2e-token-0123456789";
const suffix = Date.now().toString(36);
const ID = `tools-${suffix}`;
const DOWN_ID = `down-${suffix}`;
const WRONG_ID = `wrong-${suffix}`;

/** Loose: these answers are compared whole (toEqual), so fields beyond the schema's must stay. */
const LooseTool = Tool.loose();
const ToolLists = z.object({ data: z.array(LooseTool), tools: z.array(LooseTool) });
const SessionConnections = z.object({ servers: z.array(ServerConnection.loose()), tools: z.array(LooseTool) });
const ListedTools = z.object({ tools: z.array(LooseTool) });

let mcp: LocalMcpServer;

const execute = (sessionId: string, tool: string, input: unknown) => apiJson(ToolResult, "POST", `/v1/sessions/${sessionId}/execute`, { tool, input });
const connections = (sessionId: string) => apiJson(SessionConnections, "GET", `/v1/sessions/${sessionId}/connections`);
const newSession = (servers: string[]) => apiJson(SessionRow, "POST", "/v1/sessions", { servers });

beforeAll(async () => {
  mcp = await startMcpServer({ token: TOKEN });
  // Every field kept: the whole answer is searched for the secret.
  const registered = await apiJson(z.record(z.string(), z.unknown()), "POST", "/v1/servers", {
    id: ID,
    name: "E2E tools",
    url: `${mcp.origin}/mcp`,
    category: "testing",
    country: "BR",
    auth_type: "api_key",
    secret: TOKEN,
  });
  expect(registered).toMatchObject({ id: ID, has_credentials: true });
  expect(JSON.stringify(registered)).not.toContain(TOKEN);
});

afterAll(async () => {
  for (const id of [ID, DOWN_ID, WRONG_ID]) await api("DELETE", `/v1/servers/${id}`);
  await mcp.close();
});

describe("MCP servers", () => {
  it("lists the server's tools across the project, with input schemas", async () => {
    const { data, tools } = await apiJson(ToolLists, "GET", "/v1/tools");
    expect(tools).toEqual(data);
    const ours = tools.filter((tool) => tool.server === ID);
    expect(ours.map((tool) => tool.name)).toEqual([`${ID}/echo`, `${ID}/add`, `${ID}/fail`]);
    expect(ours[1]).toMatchObject({
      description: "Add two numbers",
      input_schema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } },
    });
    expect(await apiJson(Tool, "GET", `/v1/tools/${encodeURIComponent(`${ID}/echo`)}`)).toMatchObject({ name: `${ID}/echo`, server: ID });
    expect(await apiJson(Tool, "GET", `/v1/tools/${ID}/add`)).toMatchObject({ name: `${ID}/add` });
    // The stored secret reached the server as a bearer token.
    expect(mcp.requests.some((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("shows the server connected in a session, with its tools after the built-ins", async () => {
    const session = await newSession([ID]);
    const body = await connections(session.id);
    expect(body.servers).toEqual([{ id: ID, name: "E2E tools", category: "testing", country: "BR", auth_type: "api_key", connected: true }]);
    expect(body.tools.map((tool) => tool.name)).toEqual([
      "codespar_list_tools",
      "codespar_discover",
      "codespar_manage_connections",
      `${ID}/echo`,
      `${ID}/add`,
      `${ID}/fail`,
    ]);
    const listed = await execute(session.id, "codespar_list_tools", {});
    expect(ListedTools.parse(listed.data).tools).toEqual(body.tools);
  });

  it("discovers the server's tools for a use case, best first, as connected", async () => {
    const session = await newSession([ID]);
    const found = await execute(session.id, "codespar_discover", { use_case: "add two numbers", limit: 20 });
    expect(found.success).toBe(true);
    const result = DiscoverResult.parse(found.data);
    expect(result.search_strategy).toBe("trigram");
    expect(result.recommended).toMatchObject({ tool_name: "add", connection_status: "connected" });
    const ours = [result.recommended, ...result.related].find((match) => match?.server_id === ID);
    expect(ours).toMatchObject({ tool_name: "add", trigram_similarity: anyNumber() });
  });

  it("calls tools: text content, structured content, a tool error and bad arguments", async () => {
    const session = await newSession([ID]);
    const echo = await execute(session.id, `${ID}/echo`, { message: "olá" });
    expect(echo).toMatchObject({ success: true, error: null, server: ID, tool: "echo", data: { content: [{ type: "text", text: "echo: olá" }] } });
    const add = await execute(session.id, `${ID}/add`, { a: 2, b: 40 });
    expect(add).toMatchObject({ success: true, data: { sum: 42 } });
    const failed = await execute(session.id, `${ID}/fail`, {});
    expect(failed).toMatchObject({ success: false, error: "this tool always fails" });
    const bad = await execute(session.id, `${ID}/add`, { a: "two" });
    expect(bad.success).toBe(false);
    expect(bad.error).toMatch(/\S/);
    const unknown = await execute(session.id, `${ID}/nope`, {});
    expect(unknown).toMatchObject({ success: false, error: `Tool not registered: ${ID}/nope`, data: {} });

    const logs = await apiJson(ToolCallLogs, "GET", `/v1/sessions/${session.id}/logs`);
    expect(logs.data.map((row) => [row.tool_name, row.status])).toEqual([
      [`${ID}/echo`, "success"],
      [`${ID}/add`, "success"],
      [`${ID}/fail`, "error"],
      [`${ID}/add`, "error"],
      [`${ID}/nope`, "error"],
    ]);
    expect(logs.data[2]?.error_code).toBe("tool_error");
  });

  it("reports a server that is down as connected:false, and a call to it as success:false", async () => {
    const down = await startMcpServer();
    const url = `${down.origin}/mcp`;
    await down.close();
    await apiJson(Server, "POST", "/v1/servers", { id: DOWN_ID, name: "Down", url, auth_type: "none" });
    const session = await newSession([DOWN_ID, ID]);
    const body = await connections(session.id);
    expect(body.servers.map((server) => [server.id, server.connected])).toEqual([
      [DOWN_ID, false],
      [ID, true],
    ]);
    expect(body.tools.some((tool) => tool.server === DOWN_ID)).toBe(false);
    const result = await execute(session.id, `${DOWN_ID}/echo`, { message: "hi" });
    expect(result).toMatchObject({ success: false, server: DOWN_ID, tool: "echo" });
    expect(result.error).toMatch(/not reachable/);
  });

  it("reports a server that refuses the stored credentials as connected:false", async () => {
    await apiJson(Server, "POST", "/v1/servers", { id: WRONG_ID, name: "Wrong key", url: `${mcp.origin}/mcp`, auth_type: "api_key", secret: "not-the-token" });
    const session = await newSession([WRONG_ID]);
    expect((await connections(session.id)).servers[0]).toMatchObject({ id: WRONG_ID, connected: false });
  });

  it("notices a server that goes away mid-session", async () => {
    const flaky = await startMcpServer();
    const id = `flaky-${suffix}`;
    await apiJson(Server, "POST", "/v1/servers", { id, name: "Flaky", url: `${flaky.origin}/mcp`, auth_type: "none" });
    try {
      const session = await newSession([id]);
      expect((await execute(session.id, `${id}/echo`, { message: "up" })).success).toBe(true);
      await flaky.close();
      const result = await execute(session.id, `${id}/echo`, { message: "down" });
      expect(result.success).toBe(false);
      expect((await connections(session.id)).servers[0]).toMatchObject({ id, connected: false });
    } finally {
      await api("DELETE", `/v1/servers/${id}`);
    }
  });
});
