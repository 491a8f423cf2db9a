// Anthropic Messages API streams as the public docs record them ("Streaming Messages"): `event:` and
// `data:` lines per event, a blank line after each; message_start ... message_stop, ping, error.

export const ANTHROPIC_PATH = "/v1/messages";

/** One SSE frame the way the API writes it. */
export function frame(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

function messageStart(model: string, usage: Usage): string {
  return frame("message_start", {
    message: {
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      type: "message",
      role: "assistant",
      content: [],
      model,
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: usage.inputTokens,
        cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
        cache_read_input_tokens: usage.cacheReadTokens ?? 0,
        output_tokens: 1,
      },
    },
  });
}

function textBlock(index: number, pieces: string[]): string[] {
  return [
    frame("content_block_start", { index, content_block: { type: "text", text: "" } }),
    ...pieces.map((text) => frame("content_block_delta", { index, delta: { type: "text_delta", text } })),
    frame("content_block_stop", { index }),
  ];
}

function end(stopReason: string, outputTokens: number): string[] {
  return [
    frame("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } }),
    frame("message_stop", {}),
  ];
}

/** A plain text answer streamed as several text_delta events, with a ping as the docs show. */
export function textStream(pieces: string[], usage: Usage, model = "claude-sonnet-4-5-20250929"): string[] {
  const [first, ...rest] = textBlock(0, pieces);
  return [messageStart(model, usage), first ?? "", frame("ping", {}), ...rest, ...end("end_turn", usage.outputTokens)];
}

/** Text, then a tool_use block whose input arrives as input_json_delta pieces (the first one empty, as recorded). */
export function toolUseStream(options: {
  preamble: string;
  toolUseId: string;
  name: string;
  inputJsonPieces: string[];
  usage: Usage;
  model?: string;
}): string[] {
  const model = options.model ?? "claude-sonnet-4-5-20250929";
  return [
    messageStart(model, options.usage),
    ...textBlock(0, [options.preamble]),
    frame("content_block_start", { index: 1, content_block: { type: "tool_use", id: options.toolUseId, name: options.name, input: {} } }),
    frame("content_block_delta", { index: 1, delta: { type: "input_json_delta", partial_json: "" } }),
    ...options.inputJsonPieces.map((partial_json) => frame("content_block_delta", { index: 1, delta: { type: "input_json_delta", partial_json } })),
    frame("content_block_stop", { index: 1 }),
    ...end("tool_use", options.usage.outputTokens),
  ];
}

/** A stream that starts well and then reports `overloaded_error` in an `event: error` frame. */
export function overloadedMidStream(): string[] {
  return [
    messageStart("claude-sonnet-4-5-20250929", { inputTokens: 10, outputTokens: 1 }),
    frame("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    frame("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Partial " } }),
    frame("error", { error: { type: "overloaded_error", message: "Overloaded" } }),
  ];
}

/** The JSON body of an HTTP error, e.g. 401 authentication_error. */
export function errorBody(type: string, message: string): Record<string, unknown> {
  return { type: "error", error: { type, message }, request_id: "req_011CSHoEeqs5C35K2UUqR7Fy" };
}
