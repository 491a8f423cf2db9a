// One turn of the managed runtime: prompt -> model -> tool calls through the session's execute
// path -> results back to the model, until the model stops asking for tools or the iteration cap.
// Every step lands in the log, and only there: send / sendStream read the turn as a projection of
// the log (TurnTranscript in src/shared/protocol/send-frames.ts), like an external agent's turns.
import type { ErrorCode } from "../../../src/shared/error-codes";
import type { NewSessionEvent } from "../../../src/shared/schemas/events";
import type { SendResult, Tool, ToolCallRecord } from "../../../src/shared/schemas/tools";
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

export type TurnOutcome = { ok: true; result: SendResult } | { ok: false; code: ErrorCode; message: string; retryable: boolean };

export async function runTurn(ctx: TurnContext, text: string, promptId?: string): Promise<TurnOutcome> {
  const startedAt = Date.now();
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
  const messages: ChatMessage[] = [...(ctx.history ?? []), { role: "user", content: text }];
  const toolCalls: ToolCallRecord[] = [];
  ctx.append([{ type: "user_message", text, promptId, user: ctx.user }]);
  let deltas: DeltaBatcher | null = null;

  const finish = (success: boolean) =>
    ctx.append([
      {
        type: "turn_complete",
        promptId,
        success,
        durationMs: Date.now() - startedAt,
        usage: {
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          cachedInputTokens: usage.cachedInputTokens,
          costUsd: ctx.provider.costUsd(usage),
        },
      },
    ]);

  try {
    let finalText = "";
    let iteration = 0;
    while (iteration < ctx.maxIterations) {
      iteration += 1;
      let iterationText = "";
      const batcher = new DeltaBatcher((text) => ctx.append([{ type: "assistant_delta", text, iteration }]));
      deltas = batcher;
      const toolUses: ToolUse[] = [];
      throwIfAborted(ctx.signal);
      const tools = await ctx.tools();
      for await (const chunk of ctx.provider.stream({ system: ctx.system, messages, tools, signal: ctx.signal })) {
        if (chunk.type === "text") {
          iterationText += chunk.text;
          batcher.add(chunk.text);
        } else if (chunk.type === "tool_use") {
          toolUses.push(chunk.toolUse);
        } else {
          usage.inputTokens += chunk.usage.inputTokens;
          usage.outputTokens += chunk.usage.outputTokens;
          usage.cachedInputTokens += chunk.usage.cachedInputTokens;
          usage.cacheWriteTokens = (usage.cacheWriteTokens ?? 0) + (chunk.usage.cacheWriteTokens ?? 0);
        }
      }
      batcher.flush();
      if (iterationText) {
        ctx.append([{ type: "assistant_message", text: iterationText, phase: toolUses.length ? "commentary" : "final", iteration }]);
        finalText = iterationText;
      }
      messages.push({ role: "assistant", content: iterationText, toolUses });
      if (toolUses.length === 0) break;
      for (const use of toolUses) {
        throwIfAborted(ctx.signal);
        const call = await ctx.execute(use.name, use.input);
        toolCalls.push(call.record);
        const content = JSON.stringify(call.record.status === "success" ? call.record.output : (call.error ?? call.record.output));
        messages.push({ role: "tool", toolUseId: use.id, name: use.name, content, isError: call.record.status === "error" });
      }
    }
    finish(true);
    const result: SendResult = { message: finalText, tool_calls: toolCalls, iterations: iteration };
    return { ok: true, result };
  } catch (error) {
    // Text the model streamed before the failure is part of the turn: it goes to the log first.
    deltas?.flush();
    if (ctx.signal?.aborted) {
      const reason = String(ctx.signal.reason ?? "cancelled");
      ctx.append([{ type: "turn_aborted", promptId, reason }]);
      return { ok: false, code: "turn_aborted", message: reason, retryable: false };
    }
    const failure: { code: ErrorCode; message: string; retryable: boolean } =
      error instanceof ProviderError
        ? { code: error.code, message: error.message, retryable: error.retryable }
        : { code: "turn_failed", message: error instanceof Error ? error.message : String(error), retryable: false };
    ctx.append([{ type: "error", code: failure.code, message: failure.message, retryable: failure.retryable }]);
    finish(false);
    return { ok: false, ...failure };
  } finally {
    deltas?.cancel();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TurnAborted();
}

/** A piece never grows past this many characters: a burst of text is cut into pieces of about this size. */
const DELTA_FLUSH_CHARS = 200;

/**
 * Text streams into the log as it arrives: the log is the only thing send / sendStream read, so a
 * piece waits for nothing but the rest of its burst. Chunks the provider's stream hands over
 * together (one network read, parsed in one go) become one piece, written as soon as the runtime
 * turns to other work (a zero-delay timer); a chunk that arrives alone is a piece of its own. So
 * the log has at most one piece per provider read, and a frame reaches the client as fast as the
 * chunk reached the gateway.
 */
class DeltaBatcher {
  private pending = "";
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly write: (text: string) => void) {}

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= DELTA_FLUSH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 0);
  }

  flush(): void {
    this.cancel();
    if (this.pending) this.write(this.pending);
    this.pending = "";
  }

  /** Drops the pending timer (what is pending stays until flush). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
