// The OpenAI-compatible Chat Completions provider (OpenAI, and servers that speak its API): streams
// `chat.completion.chunk`s and turns content deltas, index-keyed tool-call pieces and usage into chunks.
import { DONE_SENTINEL, OpenAIChunk, toOpenAIBody } from "./openai-wire";
import { costUsd, priceFor, type ModelPrice } from "./pricing";
import { DEFAULT_PROVIDER_TIMEOUT_MS, classifyStatus, joinUrl, parseEventJson, postForEvents } from "./provider-http";
import { ToolNameTable } from "./tool-names";
import { ProviderError, type ModelChunk, type ModelProvider, type ModelRequest, type Usage } from "./types";
import { OFFICIAL_BASE_URLS } from "../../../src/shared/destinations/providers";

export const OPENAI_BASE_URL = OFFICIAL_BASE_URLS.openai;
export const DEFAULT_OPENAI_MODEL = "gpt-4.1-mini";
const PROVIDER = "OpenAI-compatible provider";

export interface OpenAIOptions {
  apiKey: string;
  model?: string;
  /** See `chatCompletionsUrl`: an origin ("https://api.openai.com") or an API root ("http://host:8000/v1"). */
  baseUrl?: string;
  /** Idle bound in ms: no response, or no bytes between chunks, for this long aborts the call. */
  timeoutMs?: number;
  price?: ModelPrice;
  /** Sends the HTTP request (default: the global fetch). */
  fetch?: typeof fetch;
}

/**
 * Where the request goes. A bare origin gets the standard `/v1/chat/completions`; a base URL with a
 * path is taken as the API root, as the OpenAI SDKs' OPENAI_BASE_URL is ("https://api.openai.com/v1",
 * "http://localhost:11434/v1", "https://openrouter.ai/api/v1"), and gets `/chat/completions`.
 */
export function chatCompletionsUrl(baseUrl: string): string {
  const hasPath = new URL(baseUrl).pathname.replace(/\/+$/, "") !== "";
  return joinUrl(baseUrl, hasPath ? "/chat/completions" : "/v1/chat/completions");
}

type PendingCall = { id: string; name: string; args: string };

export class OpenAIProvider implements ModelProvider {
  readonly name = "openai";
  readonly model: string;
  private readonly apiKey: string;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly price: ModelPrice;
  private readonly fetch: typeof fetch | undefined;

  constructor(options: OpenAIOptions) {
    this.apiKey = options.apiKey;
    this.model = options.model ?? DEFAULT_OPENAI_MODEL;
    this.url = chatCompletionsUrl(options.baseUrl ?? OPENAI_BASE_URL);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
    this.price = options.price ?? priceFor(this.model);
    this.fetch = options.fetch;
  }

  costUsd(usage: Usage): number {
    return costUsd(this.price, usage);
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelChunk> {
    const names = new ToolNameTable(request.tools.map((tool) => tool.name));
    const events = postForEvents({
      provider: PROVIDER,
      fetch: this.fetch,
      url: this.url,
      headers: { authorization: `Bearer ${this.apiKey}`, "content-type": "application/json", accept: "text/event-stream" },
      body: toOpenAIBody(this.model, request, names),
      timeoutMs: this.timeoutMs,
      signal: request.signal,
    });

    const calls = new Map<number, PendingCall>();
    let usage: Usage | undefined;
    for await (const raw of events) {
      if (raw.data.trim() === DONE_SENTINEL) {
        // Tool calls are complete only now: their arguments arrive in pieces until the end.
        for (const [index, call] of [...calls].sort(([a], [b]) => a - b)) {
          if (!call.name) throw new ProviderError("provider_protocol_error", `${PROVIDER} sent tool call ${index} without a name`, false);
          yield { type: "tool_use", toolUse: { id: call.id || `call_${index}`, name: names.decode(call.name), input: parseArguments(call) } };
        }
        if (usage) yield { type: "usage", usage };
        return;
      }
      const parsed = OpenAIChunk.safeParse(parseEventJson(PROVIDER, raw));
      if (!parsed.success) throw new ProviderError("provider_protocol_error", `${PROVIDER} sent a malformed chunk`, false);
      const chunk = parsed.data;
      if (chunk.error) {
        const { code, retryable } = classifyStatus(chunk.error.type === "invalid_request_error" ? 400 : 500);
        throw new ProviderError(code, `${PROVIDER} stream error: ${chunk.error.message ?? "no message"}`, retryable);
      }
      // Only the first choice is read: we never ask for n > 1.
      const delta = chunk.choices?.find((choice) => (choice.index ?? 0) === 0)?.delta;
      if (delta?.content) yield { type: "text", text: delta.content };
      for (const piece of delta?.tool_calls ?? []) {
        const call = calls.get(piece.index) ?? { id: "", name: "", args: "" };
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.name += piece.function.name;
        if (piece.function?.arguments) call.args += piece.function.arguments;
        calls.set(piece.index, call);
      }
      if (chunk.usage) {
        const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
        usage = { inputTokens: chunk.usage.prompt_tokens ?? 0, outputTokens: chunk.usage.completion_tokens ?? 0, cachedInputTokens: cached };
      }
    }
    throw new ProviderError("stream_incomplete", `${PROVIDER} stream ended before [DONE]`, true);
  }
}

/** A call's streamed arguments as JSON; empty arguments are an empty input. */
function parseArguments(call: PendingCall): unknown {
  if (call.args.trim() === "") return {};
  try {
    return JSON.parse(call.args);
  } catch {
    throw new ProviderError("provider_protocol_error", `${PROVIDER} sent arguments for ${call.name} that are not JSON`, true);
  }
}
