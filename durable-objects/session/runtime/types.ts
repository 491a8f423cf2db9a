// The model-provider interface the turn runner drives. Providers stream chunks for one model call;
// the runner owns the tool loop, the log and the wire frames, so every provider plugs in the same way.
import type { ErrorCode } from "../../../src/shared/error-codes";
import type { Tool } from "../../../src/shared/schemas/tools";

export interface ToolUse {
  id: string;
  name: string;
  input: unknown;
}

export type ChatMessage =
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; toolUses: ToolUse[] }
  | { role: "tool"; toolUseId: string; name: string; content: string; isError: boolean };

export interface ModelRequest {
  system?: string;
  messages: readonly ChatMessage[];
  tools: readonly Tool[];
  signal?: AbortSignal;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Prompt tokens written to the provider's cache, also counted in inputTokens (Anthropic bills them above plain input). */
  cacheWriteTokens?: number;
}

export type ModelChunk = { type: "text"; text: string } | { type: "tool_use"; toolUse: ToolUse } | { type: "usage"; usage: Usage };

export interface ModelProvider {
  readonly name: string;
  readonly model: string;
  stream(request: ModelRequest): AsyncIterable<ModelChunk>;
  /** US dollars for the given usage; zero for providers that cost nothing. */
  costUsd(usage: Usage): number;
}

/** Raised by providers for failures the turn should report as an `error` event. */
export class ProviderError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
