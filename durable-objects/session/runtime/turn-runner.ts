// One turn of the managed runtime: prompt -> model -> tool calls through the session's execute
// path -> results back to the model, until the model stops asking for tools or the iteration cap.
// Every step lands in the log; `emit` mirrors it as wire frames for a streaming caller.
import type { NewSessionEvent } from "../../../src/shared/schemas/events";
import type { SendResult, Tool, ToolCallRecord } from "../../../src/shared/schemas/tools";
import type { SendFrame } from "../../../src/shared/protocol/send-frames";
import type { CompletedToolCall } from "../tool-calls";
import { ProviderError, type ChatMessage, type ModelProvider, type ToolUse, type Usage } from "./types";

export const DEFAULT_MAX_ITERATIONS = 8;

export interface TurnContext {
  provider: ModelProvider;
  system?: string;
  maxIterations: number;
  /** The session's tools, asked again each iteration (server tool lists are cached briefly). */
  tools(): Tool[] | Promise<Tool[]>;
  execute(name: string, input: unknown): Promise<CompletedToolCall>;
  append(events: NewSessionEvent[]): void;
  /** Earlier turns of the session, oldest first; the prompt is added after them. */
  history?: ChatMessage[];
  /** Who asked, recorded on the user_message event. */
  user?: { name: string; email?: string };
  /** Aborting ends the turn with `turn_aborted` at the next step boundary (and cancels the model call). */
  signal?: AbortSignal;
}

class TurnAborted extends Error {}

export type TurnOutcome = { ok: true; result: SendResult } | { ok: false; code: string; message: string; retryable: boolean };

export async function runTurn(ctx: TurnContext, text: string, emit: (frame: SendFrame) => void, promptId?: string): Promise<TurnOutcome> {
  const startedAt = Date.now();
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
  const messages: ChatMessage[] = [...(ctx.history ?? []), { role: "user", content: text }];
  const toolCalls: ToolCallRecord[] = [];
  ctx.append([{ type: "user_message", text, promptId, user: ctx.user }]);
  emit({ type: "user_message", content: text });

  const finish = (success: boolean) =>
    ctx.append([
      {
        type: "turn_complete",
        promptId,
        success,
        durationMs: Date.now() - startedAt,
        usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedInputTokens: usage.cachedInputTokens, costUsd: ctx.provider.costUsd(usage) },
      },
    ]);

  try {
    let finalText = "";
    let iteration = 0;
    while (iteration < ctx.maxIterations) {
      iteration += 1;
      let iterationText = "";
      const deltas = new DeltaBatcher((text) => ctx.append([{ type: "assistant_message", text, delta: true, iteration }]));
      const toolUses: ToolUse[] = [];
      throwIfAborted(ctx.signal);
      const tools = await ctx.tools();
      for await (const chunk of ctx.provider.stream({ system: ctx.system, messages, tools, signal: ctx.signal })) {
        if (chunk.type === "text") {
          iterationText += chunk.text;
          deltas.add(chunk.text);
          emit({ type: "assistant_text", content: chunk.text, iteration });
        } else if (chunk.type === "tool_use") {
          toolUses.push(chunk.toolUse);
        } else {
          usage.inputTokens += chunk.usage.inputTokens;
          usage.outputTokens += chunk.usage.outputTokens;
          usage.cachedInputTokens += chunk.usage.cachedInputTokens;
          usage.cacheWriteTokens = (usage.cacheWriteTokens ?? 0) + (chunk.usage.cacheWriteTokens ?? 0);
        }
      }
      deltas.flush();
      if (iterationText) {
        ctx.append([{ type: "assistant_message", text: iterationText, phase: toolUses.length ? "commentary" : "final", iteration }]);
        finalText = iterationText;
      }
      messages.push({ role: "assistant", content: iterationText, toolUses });
      if (toolUses.length === 0) break;
      for (const use of toolUses) {
        throwIfAborted(ctx.signal);
        emit({ type: "tool_use", id: use.id, name: use.name, input: use.input });
        const call = await ctx.execute(use.name, use.input);
        toolCalls.push(call.record);
        emit({ type: "tool_result", record: call.record });
        const content = JSON.stringify(call.record.status === "success" ? call.record.output : (call.error ?? call.record.output));
        messages.push({ role: "tool", toolUseId: use.id, name: use.name, content, isError: call.record.status === "error" });
      }
    }
    finish(true);
    const result: SendResult = { message: finalText, tool_calls: toolCalls, iterations: iteration };
    emit({ type: "done", result });
    return { ok: true, result };
  } catch (error) {
    if (ctx.signal?.aborted) {
      const reason = String(ctx.signal.reason ?? "cancelled");
      ctx.append([{ type: "turn_aborted", promptId, reason }]);
      emit({ type: "error", error: "turn_aborted", message: `The turn was aborted: ${reason}` });
      return { ok: false, code: "turn_aborted", message: reason, retryable: false };
    }
    const failure =
      error instanceof ProviderError
        ? { code: error.code, message: error.message, retryable: error.retryable }
        : { code: "turn_failed", message: error instanceof Error ? error.message : String(error), retryable: false };
    ctx.append([{ type: "error", code: failure.code, message: failure.message, retryable: failure.retryable }]);
    finish(false);
    emit({ type: "error", error: failure.code, message: failure.message });
    return { ok: false, ...failure };
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TurnAborted();
}

/** Text streams into the log as it arrives, batched so a long answer is tens of rows, not thousands. */
const DELTA_FLUSH_CHARS = 200;
const DELTA_FLUSH_MS = 250;

class DeltaBatcher {
  private pending = "";
  private lastFlushMs = Date.now();

  constructor(private readonly write: (text: string) => void) {}

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= DELTA_FLUSH_CHARS || Date.now() - this.lastFlushMs >= DELTA_FLUSH_MS) this.flush();
  }

  flush(): void {
    if (this.pending) this.write(this.pending);
    this.pending = "";
    this.lastFlushMs = Date.now();
  }
}
