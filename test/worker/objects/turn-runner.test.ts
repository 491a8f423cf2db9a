// The managed turn: the tool loop (tool_use -> execute -> tool_result -> reply), the iteration cap, and the
// error path (ProviderError -> error event with retryable, turn_complete success:false, an error frame).
import { describe, expect, it } from "vitest";
import { LocalProvider } from "../../../durable-objects/session/runtime/local-provider";
import { runTurn, type TurnContext } from "../../../durable-objects/session/runtime/turn-runner";
import { ProviderError, type ModelChunk, type ModelProvider } from "../../../durable-objects/session/runtime/types";
import type { CompletedToolCall } from "../../../durable-objects/session/tool-calls";
import { encodeSendFrame, TurnTranscript, type SendFrame } from "../../../src/shared/protocol/send-frames";
import type { NewSessionEvent } from "../../../src/shared/schemas/events";
import type { Tool, ToolCallRecord } from "../../../src/shared/schemas/tools";

const LIST_TOOLS: Tool = { name: "codespar_list_tools", description: "List tools", input_schema: { type: "object" }, server: "codespar" };

/** A provider that plays `chunks` on every call, then throws `error` if given. */
class ScriptedProvider implements ModelProvider {
  readonly name = "scripted";
  readonly model = "scripted-1";
  calls = 0;
  constructor(
    private readonly chunks: ModelChunk[],
    private readonly error?: Error,
  ) {}
  async *stream(): AsyncIterable<ModelChunk> {
    this.calls += 1;
    for (const chunk of this.chunks) yield chunk;
    if (this.error) throw this.error;
  }
  costUsd(): number {
    return 0.25;
  }
}

function harness(provider: ModelProvider, maxIterations = 8) {
  const events: NewSessionEvent[] = [];
  const pieces: NewSessionEvent[] = [];
  const frames: SendFrame[] = [];
  const executed: { name: string; input: unknown }[] = [];
  // The turn's frames are the log's projection (as send / sendStream see it), tool events included.
  let transcript: TurnTranscript | null = null;
  const project = (event: NewSessionEvent) => {
    if (event.type === "user_message" && event.promptId) transcript = new TurnTranscript(event.promptId, maxIterations);
    if (transcript) frames.push(...transcript.feed(event));
  };
  const ctx: TurnContext = {
    provider,
    maxIterations,
    tools: () => [LIST_TOOLS],
    // Streaming pieces go to `pieces`, so `events` reads as the whole messages the log keeps.
    append: (appended) => {
      for (const event of appended) {
        (isDelta(event) ? pieces : events).push(event);
        project(event);
      }
    },
    execute: async (name, input): Promise<CompletedToolCall> => {
      executed.push({ name, input });
      const ok = name === LIST_TOOLS.name;
      const status: ToolCallRecord["status"] = ok ? "success" : "error";
      const record = {
        id: `tc_${executed.length}`,
        tool_name: name,
        server_id: ok ? "codespar" : (name.split("/")[0] ?? name),
        status,
        duration_ms: 1,
        input,
        output: ok ? { tools: [LIST_TOOLS] } : {},
        error_code: ok ? null : "tool_not_registered",
      };
      // What the session's executor logs around a call.
      project({ type: "tool_call", callId: record.id, tool: name, server: record.server_id, input });
      project({
        type: "tool_result",
        callId: record.id,
        output: record.output,
        isError: !ok,
        durationMs: record.duration_ms,
        errorCode: record.error_code ?? undefined,
      });
      return { record, error: ok ? null : `Tool not registered: ${name}`, calledAt: new Date().toISOString() };
    },
  };
  return { ctx, events, pieces, frames, executed };
}

const isDelta = (event: NewSessionEvent) => event.type === "assistant_delta";
const types = (items: readonly { type: string }[]) => items.map((item) => item.type);
/** Consecutive assistant_text frames collapse to one entry, so the sequence reads step by step. */
const steps = (frames: readonly SendFrame[]) => types(frames).filter((type, i, all) => type !== "assistant_text" || all[i - 1] !== type);

describe("runTurn", () => {
  it("streams text into the log as assistant_delta pieces, then the whole message", async () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i} `);
    const provider: ModelProvider = {
      name: "words",
      model: "words-1",
      costUsd: () => 0,
      async *stream() {
        for (const text of words) yield { type: "text", text };
      },
    };
    const h = harness(provider);
    await runTurn(h.ctx, "talk", "prm_d");
    expect(h.pieces.length).toBeGreaterThan(1);
    expect(h.pieces.length).toBeLessThan(words.length);
    expect(h.pieces.map((piece) => ("text" in piece ? piece.text : "")).join("")).toBe(words.join(""));
    expect(h.pieces.every((piece) => piece.type === "assistant_delta" && piece.iteration === 1 && !("phase" in piece))).toBe(true);
    expect(h.events.filter((event) => event.type === "assistant_message")).toEqual([
      { type: "assistant_message", text: words.join(""), phase: "final", iteration: 1 },
    ]);
  });

  it("answers a plain message in one iteration", async () => {
    const h = harness(new LocalProvider());
    const outcome = await runTurn(h.ctx, "hello", "prm_1");
    expect(outcome).toEqual({ ok: true, result: { message: "You said: hello", tool_calls: [], iterations: 1 } });
    expect(types(h.events)).toEqual(["user_message", "assistant_message", "turn_complete"]);
    expect(h.events[0]).toMatchObject({ type: "user_message", text: "hello", promptId: "prm_1" });
    expect(h.events[1]).toMatchObject({ text: "You said: hello", phase: "final", iteration: 1 });
    expect(h.events[2]).toMatchObject({ type: "turn_complete", success: true, promptId: "prm_1", usage: { costUsd: 0 } });
    expect(steps(h.frames)).toEqual(["user_message", "assistant_text", "done"]);
    expect(h.executed).toEqual([]);
  });

  it("runs the tool loop: tool_use -> execute -> tool_result -> final text", async () => {
    const h = harness(new LocalProvider());
    const outcome = await runTurn(h.ctx, "call codespar_list_tools {}", "prm_t");
    expect(h.executed).toEqual([{ name: "codespar_list_tools", input: {} }]);
    if (!outcome.ok) throw new Error(`turn failed: ${outcome.message}`);
    expect(outcome.result.iterations).toBe(2);
    expect(outcome.result.tool_calls).toMatchObject([{ id: "tc_1", tool_name: "codespar_list_tools", status: "success" }]);
    expect(outcome.result.message).toMatch(/^Tool codespar_list_tools returned: /);
    expect(outcome.result.message).toContain('"tools"');

    expect(steps(h.frames)).toEqual(["user_message", "tool_use", "tool_result", "assistant_text", "done"]);
    expect(h.frames[1]).toMatchObject({ type: "tool_use", name: "codespar_list_tools", input: {} });
    expect(h.frames[2]).toMatchObject({ type: "tool_result", record: { id: "tc_1" } });
    expect(h.frames.at(-1)).toEqual({ type: "done", result: outcome.result });
    expect(types(h.events)).toEqual(["user_message", "assistant_message", "turn_complete"]);
    expect(h.events[1]).toMatchObject({ phase: "final", iteration: 2 });
  });

  it("feeds a failed tool back to the model and still completes", async () => {
    const h = harness(new LocalProvider());
    const outcome = await runTurn(h.ctx, "call foo/bar {}", "prm_t");
    if (!outcome.ok) throw new Error(`turn failed: ${outcome.message}`);
    expect(outcome.result.tool_calls).toMatchObject([{ tool_name: "foo/bar", status: "error" }]);
    expect(outcome.result.message).toBe('Tool foo/bar failed: "Tool not registered: foo/bar"');
    expect(h.events.at(-1)).toMatchObject({ type: "turn_complete", success: true });
  });

  it("stops at the iteration cap when the model keeps asking for tools", async () => {
    const provider = new ScriptedProvider([
      { type: "text", text: "again" },
      { type: "tool_use", toolUse: { id: "u", name: "codespar_list_tools", input: {} } },
    ]);
    const h = harness(provider, 3);
    const outcome = await runTurn(h.ctx, "loop", "prm_t");
    expect(provider.calls).toBe(3);
    expect(h.executed).toHaveLength(3);
    if (!outcome.ok) throw new Error(`turn failed: ${outcome.message}`);
    expect(outcome.result.iterations).toBe(3);
    expect(outcome.result.tool_calls).toHaveLength(3);
    const assistant = h.events.filter((event) => event.type === "assistant_message");
    expect(assistant.map((event) => ("phase" in event ? event.phase : undefined))).toEqual(["commentary", "commentary", "commentary"]);
    expect(h.events.at(-1)).toMatchObject({ type: "turn_complete", success: true, usage: { costUsd: 0.25 } });
  });

  it("reports a ProviderError as an error event with retryable, turn_complete success:false and an error frame", async () => {
    const provider = new ScriptedProvider([{ type: "text", text: "partial " }], new ProviderError("rate_limited", "Slow down", true));
    const h = harness(provider);
    const outcome = await runTurn(h.ctx, "hello", "prm_9");
    expect(outcome).toEqual({ ok: false, code: "rate_limited", message: "Slow down", retryable: true });
    expect(types(h.events)).toEqual(["user_message", "error", "turn_complete"]);
    expect(h.events[1]).toMatchObject({ type: "error", code: "rate_limited", message: "Slow down", retryable: true });
    expect(h.events[2]).toMatchObject({ type: "turn_complete", success: false, promptId: "prm_9" });
    expect(steps(h.frames)).toEqual(["user_message", "assistant_text", "error"]);
    expect(h.frames.at(-1)).toEqual({ type: "error", error: "rate_limited", message: "Slow down" });
    expect(types(h.frames)).not.toContain("done");
  });

  it("reports any other failure as turn_failed, not retryable", async () => {
    const h = harness(new ScriptedProvider([], new Error("socket closed")));
    const outcome = await runTurn(h.ctx, "hello", "prm_t");
    expect(outcome).toEqual({ ok: false, code: "turn_failed", message: "socket closed", retryable: false });
    expect(h.events[1]).toMatchObject({ type: "error", code: "turn_failed", retryable: false });
    expect(h.events.at(-1)).toMatchObject({ type: "turn_complete", success: false });
    expect(h.frames.at(-1)).toEqual({ type: "error", error: "turn_failed", message: "socket closed" });
  });

  it("encodes the error frame as one event: line and one data: line naming the same type", () => {
    expect(encodeSendFrame({ type: "error", error: "rate_limited", message: "Slow down" })).toBe(
      'event: error\ndata: {"type":"error","error":"rate_limited","message":"Slow down"}\n\n',
    );
  });
});
