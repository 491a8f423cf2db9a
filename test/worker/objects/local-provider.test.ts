// The offline `local` provider: deterministic echo, `call <tool> <json>` as a tool_use, bad JSON, tool results.
import { describe, expect, it } from "vitest";
import { LocalProvider } from "../../../durable-objects/session/runtime/local-provider";
import type { ChatMessage, ModelChunk } from "../../../durable-objects/session/runtime/types";

async function collect(messages: ChatMessage[]): Promise<ModelChunk[]> {
  const chunks: ModelChunk[] = [];
  for await (const chunk of new LocalProvider().stream({ messages, tools: [] })) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: ModelChunk[]) => chunks.map((chunk) => (chunk.type === "text" ? chunk.text : "")).join("");
const toolUsesOf = (chunks: ModelChunk[]) => chunks.flatMap((chunk) => (chunk.type === "tool_use" ? [chunk.toolUse] : []));
const user = (content: string): ChatMessage[] => [{ role: "user", content }];

describe("LocalProvider", () => {
  it("echoes text, streamed in pieces, then reports usage", async () => {
    const chunks = await collect(user("hello there world"));
    expect(textOf(chunks)).toBe("You said: hello there world");
    expect(chunks.filter((chunk) => chunk.type === "text").length).toBeGreaterThan(1);
    expect(toolUsesOf(chunks)).toEqual([]);
    const last = chunks.at(-1);
    expect(last?.type).toBe("usage");
    if (last?.type === "usage") {
      expect(last.usage.inputTokens).toBeGreaterThan(0);
      expect(last.usage.outputTokens).toBeGreaterThan(0);
      expect(last.usage.cachedInputTokens).toBe(0);
    }
  });

  it("is deterministic and costs nothing", async () => {
    expect(await collect(user("same words"))).toEqual(await collect(user("same words")));
    const provider = new LocalProvider();
    expect(provider.name).toBe("local");
    expect(provider.costUsd({ inputTokens: 1_000, outputTokens: 1_000, cachedInputTokens: 0 })).toBe(0);
  });

  it("turns `call <tool> <json>` into a tool_use and no text", async () => {
    const chunks = await collect(user("call codespar_list_tools {}"));
    expect(textOf(chunks)).toBe("");
    const uses = toolUsesOf(chunks);
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ name: "codespar_list_tools", input: {} });
    expect(uses[0]?.id.length).toBeGreaterThan(0);

    expect(toolUsesOf(await collect(user('  call asaas/create_customer {"name": "Ana", "n": [1, 2]}  ')))).toEqual([
      expect.objectContaining({ name: "asaas/create_customer", input: { name: "Ana", n: [1, 2] } }),
    ]);
    expect(toolUsesOf(await collect(user("call codespar_list_tools")))).toEqual([expect.objectContaining({ input: {} })]);
  });

  it("answers input that is not JSON with a message instead of a tool call", async () => {
    const chunks = await collect(user("call codespar_list_tools {not json"));
    expect(toolUsesOf(chunks)).toEqual([]);
    expect(textOf(chunks)).toBe("I could not read the tool input as JSON: {not json");
  });

  it("does not treat text merely containing `call` as a tool request", async () => {
    const chunks = await collect(user("please call me later"));
    expect(toolUsesOf(chunks)).toEqual([]);
    expect(textOf(chunks)).toBe("You said: please call me later");
  });

  it("reports a tool result, and a failed one", async () => {
    const history: ChatMessage[] = [
      ...user("call codespar_list_tools {}"),
      { role: "assistant", content: "", toolUses: [{ id: "t1", name: "codespar_list_tools", input: {} }] },
    ];
    const ok = await collect([...history, { role: "tool", toolUseId: "t1", name: "codespar_list_tools", content: '{"tools":[]}', isError: false }]);
    expect(textOf(ok)).toBe('Tool codespar_list_tools returned: {"tools":[]}');
    expect(toolUsesOf(ok)).toEqual([]);
    const failed = await collect([...history, { role: "tool", toolUseId: "t1", name: "foo/bar", content: '"Tool not registered: foo/bar"', isError: true }]);
    expect(textOf(failed)).toBe('Tool foo/bar failed: "Tool not registered: foo/bar"');
  });
});
