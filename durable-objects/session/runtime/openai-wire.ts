// The OpenAI-compatible Chat Completions wire format: our history and tools as a request body, and
// the zod schema of a streamed `chat.completion.chunk` (deltas, tool-call pieces, the usage chunk).
import { z } from "zod";
import type { ChatMessage, ModelRequest } from "./types";
import type { ToolNameTable } from "./tool-names";

/** Prefix for a failed tool's result: Chat Completions has no is_error flag, so the text says it. */
export const TOOL_ERROR_PREFIX = "Tool error: ";

type ToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

export type OpenAIMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface OpenAITool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface OpenAIBody {
  model: string;
  messages: OpenAIMessage[];
  tools?: OpenAITool[];
  stream: true;
  stream_options: { include_usage: true };
}

/** Our history in Chat Completions shape: assistant tool_calls with JSON-string arguments, then one role "tool" message per result. */
export function toOpenAIMessages(request: ModelRequest, names: ToolNameTable): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  if (request.system) out.push({ role: "system", content: request.system });
  for (const message of request.messages) out.push(...toOpenAIMessage(message, names));
  return out;
}

function toOpenAIMessage(message: ChatMessage, names: ToolNameTable): OpenAIMessage[] {
  if (message.role === "user") return [{ role: "user", content: message.content }];
  if (message.role === "tool") {
    const content = message.isError ? `${TOOL_ERROR_PREFIX}${message.content}` : message.content;
    return [{ role: "tool", tool_call_id: message.toolUseId, content }];
  }
  if (!message.content && message.toolUses.length === 0) return [];
  const assistant: OpenAIMessage = { role: "assistant", content: message.content || null };
  if (message.toolUses.length > 0) {
    assistant.tool_calls = message.toolUses.map((use) => ({
      id: use.id,
      type: "function",
      function: { name: names.encode(use.name), arguments: JSON.stringify(use.input ?? {}) },
    }));
  }
  return [assistant];
}

export function toOpenAIBody(model: string, request: ModelRequest, names: ToolNameTable): OpenAIBody {
  const body: OpenAIBody = {
    model,
    messages: toOpenAIMessages(request, names),
    stream: true,
    stream_options: { include_usage: true },
  };
  // An empty tools array is rejected by the API, so the key is left out when there are none.
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: "function",
      function: { name: names.encode(tool.name), description: tool.description, parameters: { type: "object", ...tool.input_schema } },
    }));
  }
  return body;
}

const ToolCallDelta = z.object({
  index: z.number(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

/** One `data:` payload. `choices` is empty (or null, on some compatible servers) in the usage chunk. */
export const OpenAIChunk = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().optional(),
        delta: z.object({ content: z.string().nullish(), tool_calls: z.array(ToolCallDelta).nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z
    .object({
      prompt_tokens: z.number().nullish(),
      completion_tokens: z.number().nullish(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
  /** Some compatible servers report a failure inside the stream as a chunk with an error object. */
  error: z.object({ message: z.string().optional(), type: z.string().nullish(), code: z.unknown().optional() }).nullish(),
});
export type OpenAIChunk = z.infer<typeof OpenAIChunk>;

/** The terminator OpenAI sends after the last chunk. */
export const DONE_SENTINEL = "[DONE]";
