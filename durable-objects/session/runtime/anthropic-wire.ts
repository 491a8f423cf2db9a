// The Anthropic Messages API wire format: our history and tools as a request body, and zod schemas
// for the streamed events (message_start ... message_stop, ping, error) the adapter reads.
import { z } from "zod";
import type { ChatMessage, ModelRequest } from "./types";
import type { ToolNameTable } from "./tool-names";

type TextBlock = { type: "text"; text: string };
type ToolUseBlock = { type: "tool_use"; id: string; name: string; input: unknown };
type ToolResultBlock = { type: "tool_result"; tool_use_id: string; content: string; is_error: boolean };

export type AnthropicMessage = { role: "user"; content: string | ToolResultBlock[] } | { role: "assistant"; content: (TextBlock | ToolUseBlock)[] };

export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

export interface AnthropicBody {
  model: string;
  max_tokens: number;
  system?: string;
  messages: AnthropicMessage[];
  tools?: AnthropicTool[];
  stream: true;
}

/**
 * Our history in Anthropic's shape: assistant text and tool_use blocks in one assistant message;
 * consecutive tool results in one user message of tool_result blocks (the API wants every result
 * for an assistant turn in the next user message). Empty assistant turns are dropped.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[], names: ToolNameTable): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  for (const message of messages) {
    if (message.role === "user") {
      out.push({ role: "user", content: message.content });
    } else if (message.role === "assistant") {
      const content: (TextBlock | ToolUseBlock)[] = [];
      if (message.content) content.push({ type: "text", text: message.content });
      for (const use of message.toolUses) content.push({ type: "tool_use", id: use.id, name: names.encode(use.name), input: use.input ?? {} });
      if (content.length > 0) out.push({ role: "assistant", content });
    } else {
      const block: ToolResultBlock = { type: "tool_result", tool_use_id: message.toolUseId, content: message.content, is_error: message.isError };
      const last = out.at(-1);
      if (last?.role === "user" && Array.isArray(last.content)) last.content.push(block);
      else out.push({ role: "user", content: [block] });
    }
  }
  return out;
}

export function toAnthropicBody(model: string, maxTokens: number, request: ModelRequest, names: ToolNameTable): AnthropicBody {
  const body: AnthropicBody = { model, max_tokens: maxTokens, messages: toAnthropicMessages(request.messages, names), stream: true };
  if (request.system) body.system = request.system;
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      name: names.encode(tool.name),
      description: tool.description,
      input_schema: { type: "object", ...tool.input_schema },
    }));
  }
  return body;
}

const Usage = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
});
export type AnthropicUsage = z.infer<typeof Usage>;

export const AnthropicEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message_start"), message: z.object({ usage: Usage.nullish() }) }),
  z.object({
    type: z.literal("content_block_start"),
    index: z.number(),
    content_block: z.object({ type: z.string(), id: z.string().optional(), name: z.string().optional() }),
  }),
  z.object({
    type: z.literal("content_block_delta"),
    index: z.number(),
    delta: z.object({ type: z.string(), text: z.string().optional(), partial_json: z.string().optional() }),
  }),
  z.object({ type: z.literal("content_block_stop"), index: z.number() }),
  z.object({
    type: z.literal("message_delta"),
    delta: z.object({ stop_reason: z.string().nullish() }).nullish(),
    usage: Usage.nullish(),
  }),
  z.object({ type: z.literal("message_stop") }),
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("error"), error: z.object({ type: z.string(), message: z.string().optional() }) }),
]);
export type AnthropicEvent = z.infer<typeof AnthropicEvent>;

/** Event types the adapter understands; anything else (new block kinds, future events) is skipped, as the docs ask. */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set([
  "message_start",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
  "message_delta",
  "message_stop",
  "ping",
  "error",
]);

export const EventType = z.object({ type: z.string() });

/** HTTP status equivalents of Anthropic's error types, so a mid-stream error classifies like a response. */
export const ERROR_TYPE_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};
