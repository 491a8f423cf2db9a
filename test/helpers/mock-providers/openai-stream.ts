// OpenAI Chat Completions streams as the API reference records them: `data: <chat.completion.chunk>`
// frames, tool-call arguments in index-keyed pieces, a usage chunk with empty choices, `data: [DONE]`.

export const OPENAI_PATH = "/v1/chat/completions";

const BASE = { id: "chatcmpl-9f8e7d6c5b4a", object: "chat.completion.chunk", created: 1_726_000_000, system_fingerprint: "fp_1a2b3c4d5e" };

interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
}

/** One `data:` frame. */
export function dataFrame(payload: Record<string, unknown> | string): string {
  return `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`;
}

function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null = null): string {
  return dataFrame({ ...BASE, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], usage: null });
}

function usageChunk(model: string, usage: Usage): string {
  return dataFrame({
    ...BASE,
    model,
    choices: [],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
  });
}

export const DONE = dataFrame("[DONE]");

/** A plain answer: a role chunk with empty content, content pieces, finish_reason "stop", usage, [DONE]. */
export function textStream(pieces: string[], usage: Usage, model = "gpt-4.1-mini-2025-04-14"): string[] {
  return [
    chunk(model, { role: "assistant", content: "", refusal: null }),
    ...pieces.map((content) => chunk(model, { content })),
    chunk(model, {}, "stop"),
    usageChunk(model, usage),
    DONE,
  ];
}

export interface StreamedCall {
  id: string;
  name: string;
  argumentPieces: string[];
}

/** Tool calls: each call opens with id, type and name, then its arguments in pieces; finish_reason "tool_calls". */
export function toolCallStream(calls: StreamedCall[], usage: Usage, model = "gpt-4.1-mini-2025-04-14"): string[] {
  const frames = [chunk(model, { role: "assistant", content: null, refusal: null })];
  calls.forEach((call, index) => {
    frames.push(chunk(model, { tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }));
    for (const piece of call.argumentPieces) frames.push(chunk(model, { tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  frames.push(chunk(model, {}, "tool_calls"), usageChunk(model, usage), DONE);
  return frames;
}

/** The JSON body of an HTTP error, e.g. 401 invalid_api_key. */
export function errorBody(message: string, type: string, code: string | null): Record<string, unknown> {
  return { error: { message, type, param: null, code } };
}
