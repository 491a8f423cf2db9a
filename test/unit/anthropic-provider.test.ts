// The Anthropic adapter driven through runTurn against a local server speaking the Messages API
// stream: text, tool use, usage and cost, split/CRLF framing, mid-stream error, 401, timeout.
import { afterEach, describe, expect, it } from "vitest";
import { AnthropicProvider } from "../../durable-objects/session/runtime/anthropic-provider";
import { errorBody, frame, overloadedMidStream, textStream, toolUseStream, ANTHROPIC_PATH } from "../helpers/mock-providers/anthropic-stream";
import { startMockProvider, type MockProvider, type MockReply } from "../helpers/mock-providers/mock-server";
import { CREATE_ISSUE, eventsOf, runProviderTurn, streamedPieces, textFrames } from "../helpers/mock-providers/turn-harness";
import { stringContaining } from "../helpers/matchers";

const API_KEY = "sk-ant-test-key";
const TIMEOUT_MS = 2_000;
const SHORT_TIMEOUT_MS = 150;
const MODEL = "claude-sonnet-4-5";

let mock: MockProvider | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function provider(replies: MockReply[], timeoutMs = TIMEOUT_MS): Promise<AnthropicProvider> {
  mock = await startMockProvider({ path: ANTHROPIC_PATH, replies });
  return new AnthropicProvider({ apiKey: API_KEY, model: MODEL, baseUrl: mock.origin, timeoutMs });
}

function requestBody(index: number): unknown {
  return mock?.requests[index]?.body;
}

describe("Anthropic provider", () => {
  it("streams a plain text turn as several deltas, with usage and cost on turn_complete", async () => {
    const frames = textStream(["Hello", " there,", " friend."], { inputTokens: 1_000, outputTokens: 200, cacheReadTokens: 500, cacheWriteTokens: 2_000 });
    const run = await runProviderTurn(await provider([{ kind: "stream", frames }]), "hi", { system: "Be brief." });

    expect(run.outcome.ok).toBe(true);
    expect(streamedPieces(run.frames, ["Hello", " there,", " friend."]), JSON.stringify(textFrames(run.frames))).toBe(true);
    expect(eventsOf(run.events, "assistant_message")).toEqual([{ type: "assistant_message", text: "Hello there, friend.", phase: "final", iteration: 1 }]);
    const [complete] = eventsOf(run.events, "turn_complete");
    // 1000 uncached input + 500 cache reads + 2000 cache writes; sonnet 4.5 per million: $3 in,
    // $0.30 cache read, $3.75 cache write, $15 out. Cache writes count as input, not as cached input.
    expect(complete?.usage).toEqual({ inputTokens: 3_500, outputTokens: 200, cachedInputTokens: 500, costUsd: 0.01365 });
    expect(complete?.success).toBe(true);

    const request = mock?.requests[0];
    expect(request?.path).toBe("/v1/messages");
    expect(request?.headers["x-api-key"]).toBe(API_KEY);
    expect(request?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({
      model: MODEL,
      max_tokens: 4_096,
      system: "Be brief.",
      messages: [{ role: "user", content: "hi" }],
      tools: [{ name: "github__create_issue", description: CREATE_ISSUE.description, input_schema: CREATE_ISSUE.input_schema }],
      stream: true,
    });
  });

  it("runs a tool-use turn: tool_use -> execute -> tool_result -> final text", async () => {
    const first = toolUseStream({
      preamble: "Opening it.",
      toolUseId: "toolu_01A09q90qw90lq917835lq9",
      name: "github__create_issue",
      inputJsonPieces: ['{"title": "Fla', 'ky test"', "}"],
      usage: { inputTokens: 400, outputTokens: 60 },
    });
    const second = textStream(["Done: ", "issue #7."], { inputTokens: 500, outputTokens: 10 });
    const run = await runProviderTurn(
      await provider([
        { kind: "stream", frames: first },
        { kind: "stream", frames: second },
      ]),
      "file it",
      {
        toolOutput: { number: 7 },
      },
    );

    expect(run.outcome).toMatchObject({ ok: true, result: { message: "Done: issue #7.", iterations: 2 } });
    expect(run.executed).toEqual([{ name: "github/create_issue", input: { title: "Flaky test" } }]);
    expect(eventsOf(run.events, "assistant_message").map((event) => event.phase)).toEqual(["commentary", "final"]);
    expect(eventsOf(run.events, "turn_complete")[0]?.usage).toMatchObject({ inputTokens: 900, outputTokens: 70 });
    expect(requestBody(1)).toMatchObject({
      messages: [
        { role: "user", content: "file it" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Opening it." },
            { type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "github__create_issue", input: { title: "Flaky test" } },
          ],
        },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "toolu_01A09q90qw90lq917835lq9", content: '{"number":7}', is_error: false }],
        },
      ],
    });
  });

  it("marks a failed tool's result with is_error", async () => {
    const first = toolUseStream({
      preamble: "Trying.",
      toolUseId: "toolu_x",
      name: "github__create_issue",
      inputJsonPieces: ['{"title":"x"}'],
      usage: { inputTokens: 1, outputTokens: 1 },
    });
    const second = textStream(["It failed."], { inputTokens: 1, outputTokens: 1 });
    await runProviderTurn(
      await provider([
        { kind: "stream", frames: first },
        { kind: "stream", frames: second },
      ]),
      "go",
      { toolError: "rate limited" },
    );
    expect(requestBody(1)).toMatchObject({
      messages: [{}, {}, { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_x", content: '"rate limited"', is_error: true }] }],
    });
  });

  it("parses the stream when it arrives in 7-character slices with CRLF line endings", async () => {
    const frames = textStream(["Split", " anywhere"], { inputTokens: 5, outputTokens: 2 }).map((f) => f.replaceAll("\n", "\r\n"));
    const run = await runProviderTurn(await provider([{ kind: "stream", frames, sliceChars: 7 }]), "hi");
    expect(run.outcome).toMatchObject({ ok: true, result: { message: "Split anywhere" } });
  });

  it("skips event types it does not know, as the docs ask", async () => {
    const [start = "", ...rest] = textStream(["ok"], { inputTokens: 1, outputTokens: 1 });
    const frames = [
      start,
      frame("content_block_start", { index: 5, content_block: { type: "thinking", thinking: "" } }),
      frame("future_event", { x: 1 }),
      ...rest,
    ];
    const run = await runProviderTurn(await provider([{ kind: "stream", frames }]), "hi");
    expect(run.outcome).toMatchObject({ ok: true, result: { message: "ok" } });
  });

  it("turns a mid-stream overloaded_error into a retryable error and a failed turn", async () => {
    const run = await runProviderTurn(await provider([{ kind: "stream", frames: overloadedMidStream() }]), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code: "provider_overloaded", retryable: true });
    expect(textFrames(run.frames)).toEqual(["Partial "]);
    expect(eventsOf(run.events, "error")).toEqual([{ type: "error", code: "provider_overloaded", message: stringContaining("Overloaded"), retryable: true }]);
    expect(eventsOf(run.events, "turn_complete")[0]?.success).toBe(false);
  });

  it("reports HTTP 401 as not retryable, with the provider's message", async () => {
    const run = await runProviderTurn(await provider([{ kind: "json", status: 401, body: errorBody("authentication_error", "invalid x-api-key") }]), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code: "provider_unauthorized", retryable: false });
    expect(eventsOf(run.events, "error")[0]).toMatchObject({ message: stringContaining("invalid x-api-key"), retryable: false });
    expect(eventsOf(run.events, "turn_complete")[0]?.success).toBe(false);
  });

  it.each([
    [429, "rate_limit_error", "provider_rate_limited"],
    [500, "api_error", "provider_unavailable"],
    [529, "overloaded_error", "provider_overloaded"],
  ])("reports HTTP %i as retryable", async (status, type, code) => {
    const run = await runProviderTurn(await provider([{ kind: "json", status, body: errorBody(type, "try later") }]), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code, retryable: true });
  });

  it("reports a stream that ends without message_stop as stream_incomplete", async () => {
    const frames = textStream(["cut"], { inputTokens: 1, outputTokens: 1 }).slice(0, -2);
    const run = await runProviderTurn(await provider([{ kind: "stream", frames }]), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code: "stream_incomplete", retryable: true });
  });

  it("gives up with provider_timeout when the server never answers", async () => {
    const started = Date.now();
    const run = await runProviderTurn(await provider([{ kind: "silent" }], SHORT_TIMEOUT_MS), "hi");
    const elapsedMs = Date.now() - started;
    expect(run.outcome).toMatchObject({ ok: false, code: "provider_timeout", retryable: true });
    expect(elapsedMs).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 10);
    expect(elapsedMs).toBeLessThan(SHORT_TIMEOUT_MS + 1_000);
    expect(eventsOf(run.events, "turn_complete")[0]?.success).toBe(false);
  });
});
