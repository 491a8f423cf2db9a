// The managed runtime offers a session's MCP server tools to the model: an OpenAI-compatible model
// (a local server speaking the Chat Completions wire format) sees them, asks for one, and the call
// runs against the real MCP server through the session's execute path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Server } from "../../src/shared/schemas/servers";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { SendResult } from "../../src/shared/schemas/tools";
import { api, apiJson } from "../helpers/e2e-api";
import { startMcpServer, type LocalMcpServer } from "../helpers/e2e-mcp-server";
import { startMockProvider, type MockProvider } from "../helpers/mock-providers/mock-server";
import { OPENAI_PATH, textStream, toolCallStream } from "../helpers/mock-providers/openai-stream";

const ID = `rt-${Date.now().toString(36)}`;
const USAGE = { promptTokens: 10, completionTokens: 5 };
let mcp: LocalMcpServer;
let model: MockProvider;
/** The tools of a Chat Completions request, each function's other fields kept. */
const OfferedTools = z.object({ tools: z.array(z.object({ function: z.looseObject({ name: z.string() }) })) });

beforeAll(async () => {
  mcp = await startMcpServer();
  await apiJson(Server, "POST", "/v1/servers", { id: ID, name: "Runtime tools", url: `${mcp.origin}/mcp`, auth_type: "none" });
  model = await startMockProvider({
    path: OPENAI_PATH,
    replies: [
      { kind: "stream", frames: toolCallStream([{ id: "call_1", name: `${ID}__add`, argumentPieces: ['{"a": 19,', ' "b": 23}'] }], USAGE) },
      { kind: "stream", frames: textStream(["The sum is ", "42."], USAGE) },
    ],
  });
});

afterAll(async () => {
  await api("DELETE", `/v1/servers/${ID}`);
  await Promise.all([mcp.close(), model.close()]);
});

describe("managed runtime with MCP tools", () => {
  it("offers the server's tools to the model and runs the one it asks for", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", {
      servers: [ID],
      runtime: { type: "managed", provider: "openai", model: "gpt-4.1-mini", base_url: model.origin },
    });
    const result = await apiJson(SendResult, "POST", `/v1/sessions/${session.id}/send`, { message: "What is 19 + 23?" }, { accept: "application/json" });
    expect(result.message).toBe("The sum is 42.");
    expect(result.tool_calls).toEqual([expect.objectContaining({ tool_name: `${ID}/add`, status: "success", output: { sum: 42 } })]);
    const offered = OfferedTools.parse(model.requests[0]?.body).tools;
    expect(offered.map((tool) => tool.function.name)).toEqual([
      "codespar_list_tools",
      "codespar_discover",
      "codespar_manage_connections",
      `${ID}__echo`,
      `${ID}__add`,
      `${ID}__fail`,
    ]);
    expect(offered[4]?.function).toMatchObject({ description: "Add two numbers", parameters: { type: "object", properties: { a: { type: "number" } } } });
  });
});
