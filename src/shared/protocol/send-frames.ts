// The frames `send` streams, encoded once for both SDKs: the TS SDK reads the `event:` name, the
// Python SDK reads `data.type`, so every frame carries both (wire contract, "SSE encoding").
// And where they come from: `TurnTranscript` projects one prompt's turn out of the session log, so
// a managed turn and an external agent's turn give the same frames and SendResult for the same events.
import type { NewSessionEvent } from "../schemas/events";
import type { SendResult, ToolCallRecord } from "../schemas/tools";
import { sseFrame } from "./sse";

export type SendFrame =
  | { type: "user_message"; content: string }
  | { type: "assistant_text"; content: string; iteration: number }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; record: ToolCallRecord }
  | { type: "done"; result: SendResult }
  | { type: "error"; error: string; message: string };

export function encodeSendFrame(frame: SendFrame): string {
  switch (frame.type) {
    case "tool_result":
      return sseFrame("tool_result", { type: "tool_result", ...frame.record, toolCall: frame.record });
    case "done":
      return sseFrame("done", { type: "done", ...frame.result, result: frame.result });
    default:
      return sseFrame(frame.type, frame);
  }
}

/** How a turn ended, for `send` as JSON: the SendResult, or the failure its `error` frame carries (with the bare reason as message). */
export type TurnEnd = { ok: true; result: SendResult } | { ok: false; code: string; message: string };

/** proxy_execute calls are the caller's own REST calls logged beside a turn, never part of it (nor of a model's history). */
export const PROXY_TOOL = "proxy_execute";
/** The server of a tool name, split on the first "/" as tools are named; bare names are the built-in meta tools. */
const serverOf = (tool: string) => (tool.includes("/") ? tool.slice(0, tool.indexOf("/")) : "codespar");

interface IterationText {
  /** Whole messages of the iteration. */
  whole: string;
  /** Streamed pieces (`assistant_delta`) not yet replaced by their whole message. */
  pieces: string;
}

/**
 * One prompt's turn as the log tells it. The turn's content is what the log holds from the prompt's
 * `user_message` to its end: assistant text (pieces stream as frames; the whole message that
 * follows replaces them and adds no frame; a whole message with no pieces before it is a frame),
 * and tool calls paired with their results (proxy_execute and results of unseen calls left out).
 * It ends at `turn_complete` (done, or error with the turn's last `error` event), at the session's
 * `session_end`, or when a queue snapshot no longer holds the prompt (cancelled, cleared, or
 * aborted by `turn_aborted`); a snapshot that holds it again after `turn_aborted` means it was
 * requeued, and its next `user_message` starts the turn over. `iterations` is the highest
 * iteration the text names, or one more than the turn's tool rounds (capped at `maxIterations`),
 * whichever is larger: the log marks no boundary between text-less iterations that only call tools.
 */
export class TurnTranscript {
  private started = false;
  private running = false;
  private seenInQueue = false;
  private abortReason: string | null = null;
  private lastError: { code: string; message: string } | null = null;
  private texts = new Map<number, IterationText>();
  private calls = new Map<string, { tool: string; input: unknown }>();
  private records: ToolCallRecord[] = [];
  private toolRounds = 0;
  private inToolRound = false;
  private ended: TurnEnd | null = null;

  constructor(
    readonly promptId: string,
    private readonly maxIterations: number | null = null,
  ) {}

  /** Null while the turn goes on. */
  get end(): TurnEnd | null {
    return this.ended;
  }

  /** The frames this event adds to the turn (none once it has ended). */
  feed(event: NewSessionEvent): SendFrame[] {
    if (this.ended) return [];
    switch (event.type) {
      case "queue_updated":
        return this.queueChanged(
          event.running?.promptId === this.promptId,
          event.items.some((item) => item.promptId === this.promptId),
        );
      case "session_end":
        return this.seenInQueue || this.started ? this.abort(`session ${event.reason}`) : [];
      case "turn_aborted":
        if (event.promptId === this.promptId) this.abortReason = event.reason;
        return [];
      case "turn_complete":
        return event.promptId === this.promptId ? this.complete(event.success) : [];
      case "user_message":
        return event.promptId === this.promptId ? this.start(event.text) : [];
      case "error":
        if (this.started || this.running) this.lastError = { code: event.code ?? "turn_failed", message: event.message };
        return [];
      default:
        return this.started ? this.content(event) : [];
    }
  }

  private content(event: NewSessionEvent): SendFrame[] {
    if (event.type === "assistant_delta" || event.type === "assistant_message") {
      const iteration = event.iteration ?? 1;
      const text = this.texts.get(iteration) ?? { whole: "", pieces: "" };
      this.texts.set(iteration, text);
      this.inToolRound = false;
      if (event.type === "assistant_delta") {
        text.pieces += event.text;
        return [{ type: "assistant_text", content: event.text, iteration }];
      }
      const replacesPieces = text.pieces !== "";
      text.whole += event.text;
      text.pieces = "";
      return replacesPieces ? [] : [{ type: "assistant_text", content: event.text, iteration }];
    }
    if (event.type === "tool_call" && event.tool !== PROXY_TOOL) {
      if (!this.inToolRound) this.toolRounds += 1;
      this.inToolRound = true;
      this.calls.set(event.callId, { tool: event.tool, input: event.input });
      return [{ type: "tool_use", id: event.callId, name: event.tool, input: event.input }];
    }
    if (event.type === "tool_result") {
      const call = this.calls.get(event.callId);
      if (!call) return [];
      this.calls.delete(event.callId);
      const record: ToolCallRecord = {
        id: event.callId,
        tool_name: call.tool,
        server_id: serverOf(call.tool),
        status: event.isError ? "error" : "success",
        duration_ms: event.durationMs ?? 0,
        input: call.input,
        output: event.output,
        error_code: event.errorCode ?? null,
      };
      this.records.push(record);
      return [{ type: "tool_result", record }];
    }
    return [];
  }

  private start(text: string): SendFrame[] {
    this.started = true;
    this.abortReason = null;
    this.lastError = null;
    this.texts = new Map();
    this.calls = new Map();
    this.records = [];
    this.toolRounds = 0;
    this.inToolRound = false;
    return [{ type: "user_message", content: text }];
  }

  private queueChanged(running: boolean, queued: boolean): SendFrame[] {
    this.running = running;
    if (running || queued) {
      this.seenInQueue = true;
      this.abortReason = null;
      return [];
    }
    if (!this.seenInQueue) return [];
    return this.abort(this.abortReason ?? (this.started ? "the turn ended without finishing" : "removed from the queue before it started"));
  }

  private complete(success: boolean): SendFrame[] {
    if (success) {
      const result = this.result();
      this.ended = { ok: true, result };
      return [{ type: "done", result }];
    }
    const failure = this.lastError ?? { code: "agent_failed", message: "The agent reported the turn failed" };
    this.ended = { ok: false, ...failure };
    return [{ type: "error", error: failure.code, message: failure.message }];
  }

  private abort(reason: string): SendFrame[] {
    this.ended = { ok: false, code: "turn_aborted", message: reason };
    return [{ type: "error", error: "turn_aborted", message: `The turn was aborted: ${reason}` }];
  }

  private result(): SendResult {
    // The reply is the text of the last iteration that said something (earlier ones were commentary).
    let message = "";
    let textIteration = 0;
    for (const [iteration, text] of this.texts) {
      const full = text.whole + text.pieces;
      if (full !== "" && iteration >= textIteration) {
        message = full;
        textIteration = iteration;
      }
    }
    const byRounds = Math.min(this.toolRounds + 1, this.maxIterations ?? Number.POSITIVE_INFINITY);
    return { message, tool_calls: this.records, iterations: Math.max(byRounds, ...this.texts.keys()) };
  }
}
