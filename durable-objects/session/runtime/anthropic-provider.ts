// The Anthropic Messages API provider: POST {baseUrl}/v1/messages with stream: true, turning the
// SSE events into text, tool_use and usage chunks for the turn runner.
import { AnthropicEvent, ERROR_TYPE_STATUS, EventType, KNOWN_EVENT_TYPES, toAnthropicBody, type AnthropicUsage } from "./anthropic-wire";
import { costUsd, priceFor, type ModelPrice } from "./pricing";
import { DEFAULT_PROVIDER_TIMEOUT_MS, classifyStatus, joinUrl, parseEventJson, postForEvents } from "./provider-http";
import { ToolNameTable } from "./tool-names";
import { ProviderError, type ModelChunk, type ModelProvider, type ModelRequest, type Usage } from "./types";
import { OFFICIAL_BASE_URLS } from "../../../src/shared/destinations/providers";

export const ANTHROPIC_BASE_URL = OFFICIAL_BASE_URLS.anthropic;
export const ANTHROPIC_VERSION = "2023-06-01";
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";
/** Output cap per model call; every current Claude model accepts at least this many. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4_096;
const PROVIDER = "Anthropic";

export interface AnthropicOptions {
  apiKey: string;
  model?: string;
  /** Origin of the API, without /v1 (the SDKs' ANTHROPIC_BASE_URL convention). */
  baseUrl?: string;
  maxTokens?: number;
  /** Idle bound in ms: no response, or no bytes between chunks, for this long aborts the call. */
  timeoutMs?: number;
  price?: ModelPrice;
  /** Sends the HTTP request (default: the global fetch). */
  fetch?: typeof fetch;
}

type OpenBlock = { kind: "text" } | { kind: "tool_use"; id: string; name: string; json: string } | { kind: "other" };

export class AnthropicProvider implements ModelProvider {
  readonly name = "anthropic";
  readonly model: string;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly maxTokens: number;
  private readonly timeoutMs: number;
  private readonly price: ModelPrice;
  private readonly fetch: typeof fetch | undefined;

  constructor(options: AnthropicOptions) {
    this.apiKey = options.apiKey;
    this.model = options.model ?? DEFAULT_ANTHROPIC_MODEL;
    this.baseUrl = options.baseUrl ?? ANTHROPIC_BASE_URL;
    this.maxTokens = options.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
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
      url: joinUrl(this.baseUrl, "/v1/messages"),
      headers: {
        "x-api-key": this.apiKey,
        "anthropic-version": ANTHROPIC_VERSION,
        "content-type": "application/json",
        accept: "text/event-stream",
      },
      body: toAnthropicBody(this.model, this.maxTokens, request, names),
      timeoutMs: this.timeoutMs,
      signal: request.signal,
    });

    const blocks = new Map<number, OpenBlock>();
    let usage: AnthropicUsage = {};
    for await (const raw of events) {
      const json = parseEventJson(PROVIDER, raw);
      const kind = EventType.safeParse(json);
      if (!kind.success || !KNOWN_EVENT_TYPES.has(kind.data.type)) continue;
      const parsed = AnthropicEvent.safeParse(json);
      if (!parsed.success) {
        throw new ProviderError("provider_protocol_error", `${PROVIDER} sent a malformed ${kind.data.type} event`, false);
      }
      const event = parsed.data;
      switch (event.type) {
        case "message_start":
          usage = { ...usage, ...definedFields(event.message.usage) };
          break;
        case "content_block_start": {
          const block = event.content_block;
          if (block.type === "text") blocks.set(event.index, { kind: "text" });
          else if (block.type === "tool_use" && block.id && block.name) {
            blocks.set(event.index, { kind: "tool_use", id: block.id, name: names.decode(block.name), json: "" });
          } else blocks.set(event.index, { kind: "other" });
          break;
        }
        case "content_block_delta": {
          const block = blocks.get(event.index);
          if (block?.kind === "text" && event.delta.type === "text_delta" && event.delta.text) {
            yield { type: "text", text: event.delta.text };
          } else if (block?.kind === "tool_use" && event.delta.type === "input_json_delta") {
            block.json += event.delta.partial_json ?? "";
          }
          break;
        }
        case "content_block_stop": {
          const block = blocks.get(event.index);
          blocks.delete(event.index);
          if (block?.kind === "tool_use")
            yield { type: "tool_use", toolUse: { id: block.id, name: block.name, input: parseToolInput(block.json, block.name) } };
          break;
        }
        case "message_delta":
          // message_delta usage is cumulative: its fields replace the ones from message_start.
          usage = { ...usage, ...definedFields(event.usage) };
          break;
        case "message_stop":
          yield { type: "usage", usage: toUsage(usage) };
          return;
        case "ping":
          break;
        case "error": {
          const { code, retryable } = classifyStatus(ERROR_TYPE_STATUS[event.error.type] ?? 500);
          throw new ProviderError(code, `${PROVIDER} stream error (${event.error.type}): ${event.error.message ?? "no message"}`, retryable);
        }
      }
    }
    throw new ProviderError("stream_incomplete", `${PROVIDER} stream ended before message_stop`, true);
  }
}

/** Drops null/undefined fields so a later partial usage object never erases an earlier count. */
function definedFields(usage: AnthropicUsage | null | undefined): AnthropicUsage {
  const out: AnthropicUsage = {};
  if (usage?.input_tokens != null) out.input_tokens = usage.input_tokens;
  if (usage?.output_tokens != null) out.output_tokens = usage.output_tokens;
  if (usage?.cache_read_input_tokens != null) out.cache_read_input_tokens = usage.cache_read_input_tokens;
  if (usage?.cache_creation_input_tokens != null) out.cache_creation_input_tokens = usage.cache_creation_input_tokens;
  return out;
}

/** Anthropic's input_tokens excludes cache reads and writes; ours counts every prompt token (see pricing.ts). */
function toUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: usage.output_tokens ?? 0,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  };
}

/** The accumulated partial_json of a tool_use block; an empty string is an empty input. */
function parseToolInput(json: string, tool: string): unknown {
  if (json.trim() === "") return {};
  try {
    return JSON.parse(json);
  } catch {
    throw new ProviderError("provider_protocol_error", `${PROVIDER} sent tool input for ${tool} that is not JSON`, true);
  }
}
