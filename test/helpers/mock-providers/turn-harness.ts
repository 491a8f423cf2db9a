// A fake TurnContext for driving a provider through runTurn: execute returns a canned tool call,
// append collects what the turn wrote, so tests read the events the log would hold, and the frames
// a streaming caller would see (the log's projection, TurnTranscript).
import type { NewSessionEvent } from "../../../src/shared/schemas/events";
import { TurnTranscript, type SendFrame } from "../../../src/shared/protocol/send-frames";
import type { Tool } from "../../../src/shared/schemas/tools";
import type { CompletedToolCall } from "../../../durable-objects/session/tool-calls";
import { runTurn, type TurnContext, type TurnOutcome } from "../../../durable-objects/session/runtime/turn-runner";
import type { ModelProvider } from "../../../durable-objects/session/runtime/types";

export const CREATE_ISSUE: Tool = {
  name: "github/create_issue",
  description: "Open an issue in a repository",
  input_schema: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
  server: "github",
};

export interface TurnRun {
  outcome: TurnOutcome;
  events: NewSessionEvent[];
  frames: SendFrame[];
  executed: { name: string; input: unknown }[];
}

export interface HarnessOptions {
  tools?: Tool[];
  system?: string;
  /** What every tool call returns; `error` makes it a failed call. */
  toolOutput?: unknown;
  toolError?: string;
}

export async function runProviderTurn(provider: ModelProvider, text: string, options: HarnessOptions = {}): Promise<TurnRun> {
  const events: NewSessionEvent[] = [];
  const frames: SendFrame[] = [];
  const executed: { name: string; input: unknown }[] = [];
  const transcript = new TurnTranscript("prm_test", 4);
  const project = (event: NewSessionEvent) => frames.push(...transcript.feed(event));
  const ctx: TurnContext = {
    provider,
    system: options.system,
    maxIterations: 4,
    tools: () => options.tools ?? [CREATE_ISSUE],
    execute: async (name, input) => {
      executed.push({ name, input });
      const call = completed(executed.length, name, input, options);
      // What the session's executor logs around a call.
      project({ type: "tool_call", callId: call.record.id, tool: name, input });
      project({
        type: "tool_result",
        callId: call.record.id,
        output: call.record.output,
        isError: call.record.status === "error",
        durationMs: call.record.duration_ms,
      });
      return call;
    },
    append: (batch) => {
      events.push(...batch);
      for (const event of batch) project(event);
    },
  };
  const outcome = await runTurn(ctx, text, "prm_test");
  // Streaming pieces (`delta`) are checked by the turn-runner tests; these tests read whole messages.
  return { outcome, events: events.filter((event) => event.type !== "assistant_delta"), frames, executed };
}

function completed(n: number, name: string, input: unknown, options: HarnessOptions): CompletedToolCall {
  const failed = options.toolError !== undefined;
  return {
    record: {
      id: `tc_${n}`,
      tool_name: name,
      server_id: name.split("/")[0] ?? name,
      status: failed ? "error" : "success",
      duration_ms: 3,
      input,
      output: failed ? null : (options.toolOutput ?? { ok: true }),
      error_code: failed ? "tool_failed" : null,
    },
    error: options.toolError ?? null,
    calledAt: new Date(0).toISOString(),
  };
}

/** The events of one type, narrowed. */
export function eventsOf<T extends NewSessionEvent["type"]>(events: NewSessionEvent[], type: T): Extract<NewSessionEvent, { type: T }>[] {
  return events.filter((event): event is Extract<NewSessionEvent, { type: T }> => event.type === type);
}

/** The text frames a streaming caller saw. */
export function textFrames(frames: SendFrame[]): string[] {
  return frames.flatMap((frame) => (frame.type === "assistant_text" ? [frame.content] : []));
}

/**
 * The assistant_text frames carry exactly `pieces`, in order, each frame one or more whole pieces:
 * a frame per provider read, and on a loaded machine two chunks can arrive in one read.
 */
export function streamedPieces(frames: SendFrame[], pieces: readonly string[]): boolean {
  const texts = textFrames(frames);
  if (texts.join("") !== pieces.join("")) return false;
  const boundaries = new Set(pieces.map((_, i) => pieces.slice(0, i + 1).join("").length));
  let at = 0;
  return texts.every((text) => boundaries.has((at += text.length)));
}
