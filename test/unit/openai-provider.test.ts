// The OpenAI-compatible adapter driven through runTurn against a local server speaking the Chat
// Completions stream: text, parallel tool calls, cached usage, connection cut, 401, timeout.
import { afterEach, describe, expect, it } from "vitest";
import { chatCompletionsUrl, OpenAIProvider } from "../../durable-objects/session/runtime/openai-provider";
import { startMockProvider, type MockProvider, type MockReply } from "../helpers/mock-providers/mock-server";
import { errorBody, OPENAI_PATH, textStream, toolCallStream } from "../helpers/mock-providers/openai-stream";
import { CREATE_ISSUE, eventsOf, runProviderTurn, streamedPieces, textFrames } from "../helpers/mock-providers/turn-harness";
import { stringContaining } from "../helpers/matchers";

const API_KEY = "sk-test-openai-key";
const TIMEOUT_MS = 2_000;
const SHORT_TIMEOUT_MS = 150;
const MODEL = "gpt-4.1-mini";

let mock: MockProvider | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function provider(replies: MockReply[], options: { timeoutMs?: number; basePath?: string } = {}): Promise<OpenAIProvider> {
  mock = await startMockProvider({ path: OPENAI_PATH, replies });
  return new OpenAIProvider({ apiKey: API_KEY, model: MODEL, baseUrl: `${mock.origin}${options.basePath ?? ""}`, timeoutMs: options.timeoutMs ?? TIMEOUT_MS });
}

describe("OpenAI-compatible provider", () => {
  it("streams a plain text turn as several deltas, with usage and cost on turn_complete", async () => {
    const frames = textStream(["Hi", " from", " GPT."], { promptTokens: 2_000, completionTokens: 100, cachedTokens: 1_000 });
    const run = await runProviderTurn(await provider([{ kind: "stream", frames }]), "hello", { system: "Be brief." });

    expect(run.outcome).toMatchObject({ ok: true, result: { message: "Hi from GPT.", iterations: 1 } });
    expect(streamedPieces(run.frames, ["Hi", " from", " GPT."]), JSON.stringify(textFrames(run.frames))).toBe(true);
    const [complete] = eventsOf(run.events, "turn_complete");
    // gpt-4.1-mini: $0.40 in, $0.10 cached, $1.60 out per million; 1000 uncached + 1000 cached + 100 out.
    expect(complete?.usage).toEqual({ inputTokens: 2_000, outputTokens: 100, cachedInputTokens: 1_000, costUsd: 0.00066 });

    const request = mock?.requests[0];
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body).toEqual({
      model: MODEL,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hello" },
      ],
      tools: [{ type: "function", function: { name: "github__create_issue", description: CREATE_ISSUE.description, parameters: CREATE_ISSUE.input_schema } }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("runs parallel tool calls whose arguments stream in pieces, then sends role tool results back", async () => {
    const first = toolCallStream(
      [
        { id: "call_a1", name: "github__create_issue", argumentPieces: ['{"ti', 'tle":"One"}'] },
        { id: "call_b2", name: "github__create_issue", argumentPieces: ['{"title"', ':"Two"}'] },
      ],
      { promptTokens: 300, completionTokens: 40 },
    );
    const second = textStream(["Both filed."], { promptTokens: 400, completionTokens: 5 });
    const run = await runProviderTurn(
      await provider([
        { kind: "stream", frames: first },
        { kind: "stream", frames: second },
      ]),
      "file two",
      {
        toolOutput: { ok: 1 },
      },
    );

    expect(run.outcome).toMatchObject({ ok: true, result: { message: "Both filed.", iterations: 2 } });
    expect(run.executed).toEqual([
      { name: "github/create_issue", input: { title: "One" } },
      { name: "github/create_issue", input: { title: "Two" } },
    ]);
    expect(eventsOf(run.events, "turn_complete")[0]?.usage).toMatchObject({ inputTokens: 700, outputTokens: 45 });
    expect(mock?.requests[1]?.body).toMatchObject({
      messages: [
        { role: "user", content: "file two" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_a1", type: "function", function: { name: "github__create_issue", arguments: '{"title":"One"}' } },
            { id: "call_b2", type: "function", function: { name: "github__create_issue", arguments: '{"title":"Two"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_a1", content: '{"ok":1}' },
        { role: "tool", tool_call_id: "call_b2", content: '{"ok":1}' },
      ],
    });
  });

  it("says a tool failed in the role tool message", async () => {
    const first = toolCallStream([{ id: "call_z", name: "github__create_issue", argumentPieces: ['{"title":"x"}'] }], { promptTokens: 1, completionTokens: 1 });
    const second = textStream(["Sorry."], { promptTokens: 1, completionTokens: 1 });
    await runProviderTurn(
      await provider([
        { kind: "stream", frames: first },
        { kind: "stream", frames: second },
      ]),
      "go",
      { toolError: "denied" },
    );
    expect(mock?.requests[1]?.body).toMatchObject({ messages: [{}, {}, { role: "tool", tool_call_id: "call_z", content: 'Tool error: "denied"' }] });
  });

  it("parses the stream when it arrives in 5-character slices with CRLF line endings", async () => {
    const frames = textStream(["Sliced", " fine"], { promptTokens: 1, completionTokens: 1 }).map((f) => f.replaceAll("\n", "\r\n"));
    const run = await runProviderTurn(await provider([{ kind: "stream", frames, sliceChars: 5 }]), "hi");
    expect(run.outcome).toMatchObject({ ok: true, result: { message: "Sliced fine" } });
  });

  it("takes a base URL with a path as the API root", async () => {
    const frames = textStream(["ok"], { promptTokens: 1, completionTokens: 1 });
    const run = await runProviderTurn(await provider([{ kind: "stream", frames }], { basePath: "/v1" }), "hi");
    expect(run.outcome.ok).toBe(true);
    expect(mock?.requests[0]?.path).toBe("/v1/chat/completions");
    expect(chatCompletionsUrl("https://api.openai.com")).toBe("https://api.openai.com/v1/chat/completions");
    expect(chatCompletionsUrl("https://api.openai.com/v1/")).toBe("https://api.openai.com/v1/chat/completions");
    expect(chatCompletionsUrl("https://openrouter.ai/api/v1")).toBe("https://openrouter.ai/api/v1/chat/completions");
  });

  it("turns a connection cut mid-stream into a retryable error and a failed turn", async () => {
    const frames = textStream(["Half", " an", " answer"], { promptTokens: 1, completionTokens: 1 });
    const run = await runProviderTurn(await provider([{ kind: "stream", frames, cutAfterFrames: 3 }]), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code: "stream_incomplete", retryable: true });
    expect(streamedPieces(run.frames, ["Half", " an"]), JSON.stringify(textFrames(run.frames))).toBe(true);
    expect(eventsOf(run.events, "error")[0]).toMatchObject({ code: "stream_incomplete", retryable: true });
    expect(eventsOf(run.events, "turn_complete")[0]?.success).toBe(false);
  });

  it("reports a stream that ends cleanly without [DONE] as stream_incomplete", async () => {
    const frames = textStream(["no end"], { promptTokens: 1, completionTokens: 1 }).slice(0, -1);
    const run = await runProviderTurn(await provider([{ kind: "stream", frames }]), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code: "stream_incomplete", retryable: true });
  });

  it("reports HTTP 401 as not retryable, with the provider's message", async () => {
    const body = errorBody("Incorrect API key provided: sk-test-***-key.", "invalid_request_error", "invalid_api_key");
    const run = await runProviderTurn(await provider([{ kind: "json", status: 401, body }]), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code: "provider_unauthorized", retryable: false });
    expect(eventsOf(run.events, "error")[0]).toMatchObject({ message: stringContaining("Incorrect API key provided"), retryable: false });
  });

  it.each([
    [429, "provider_rate_limited"],
    [503, "provider_unavailable"],
  ])("reports HTTP %i as retryable", async (status, code) => {
    const run = await runProviderTurn(await provider([{ kind: "json", status, body: errorBody("slow down", "server_error", null) }]), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code, retryable: true });
  });

  it("gives up with provider_timeout when the stream stalls between chunks", async () => {
    const frames = textStream(["Start", " then", " nothing"], { promptTokens: 1, completionTokens: 1 });
    const started = Date.now();
    const run = await runProviderTurn(await provider([{ kind: "stream", frames, stallAfterFrames: 2 }], { timeoutMs: SHORT_TIMEOUT_MS }), "hi");
    const elapsedMs = Date.now() - started;
    expect(run.outcome).toMatchObject({ ok: false, code: "provider_timeout", retryable: true });
    expect(textFrames(run.frames)).toEqual(["Start"]);
    expect(elapsedMs).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 10);
    expect(elapsedMs).toBeLessThan(SHORT_TIMEOUT_MS + 1_000);
  });

  it("stops with provider_aborted, not retryable, when the caller's signal aborts", async () => {
    const frames = textStream(["Start", " then", " nothing"], { promptTokens: 1, completionTokens: 1 });
    const openai = await provider([{ kind: "stream", frames, stallAfterFrames: 2 }]);
    const controller = new AbortController();
    const texts: string[] = [];
    const consume = async () => {
      for await (const chunk of openai.stream({ messages: [{ role: "user", content: "hi" }], tools: [], signal: controller.signal })) {
        if (chunk.type === "text") texts.push(chunk.text);
        controller.abort();
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: "provider_aborted", retryable: false });
    expect(texts).toEqual(["Start"]);
  });
});
