// The provider factory: one runtime config (type, model, base URL, timeout) plus an API key taken
// by the caller from the Worker's secrets, never from the repository, gives a ModelProvider.
import { AnthropicProvider, DEFAULT_ANTHROPIC_MODEL } from "./anthropic-provider";
import { LocalProvider } from "./local-provider";
import { DEFAULT_OPENAI_MODEL, OpenAIProvider } from "./openai-provider";
import type { ModelPrice } from "./pricing";
import { ProviderError, type ModelChunk, type ModelProvider, type ModelRequest, type Usage } from "./types";

export type ProviderType = "local" | "anthropic" | "openai";

export interface ProviderConfig {
  type: ProviderType;
  model?: string;
  /** Anthropic: the API origin (default https://api.anthropic.com). OpenAI: an origin or API root (default https://api.openai.com). */
  baseUrl?: string;
  /** From the Worker env (see `providerSecretName`); required for the network providers. */
  apiKey?: string;
  /** Idle bound in ms for one model call (default DEFAULT_PROVIDER_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Overrides the price table, e.g. for a self-hosted or newly released model. */
  price?: ModelPrice;
  /** Sends the provider's HTTP requests (the gateway passes the destinations guard's fetch). */
  fetch?: typeof fetch;
}

type SecretName = "ANTHROPIC_API_KEY" | "OPENAI_API_KEY";
const SECRET_NAMES: Record<Exclude<ProviderType, "local">, SecretName> = { anthropic: "ANTHROPIC_API_KEY", openai: "OPENAI_API_KEY" };
const DEFAULT_MODELS: Record<Exclude<ProviderType, "local">, string> = { anthropic: DEFAULT_ANTHROPIC_MODEL, openai: DEFAULT_OPENAI_MODEL };

/** The model a network provider uses when the runtime names none. */
export const defaultModel = (type: Exclude<ProviderType, "local">) => DEFAULT_MODELS[type];

/** The Worker secret that holds the key for a provider type (`wrangler secret put <name>`), if it needs one. */
export function providerSecretName(type: ProviderType): SecretName | undefined {
  return type === "local" ? undefined : SECRET_NAMES[type];
}

/**
 * Why a config cannot make calls: `provider_not_configured` (no API key) or `provider_misconfigured`
 * (unusable base URL or timeout), both not retryable; undefined when it is usable. Callers that
 * accept runtime settings (session creation, project defaults) can check early with it.
 */
export function checkProviderConfig(config: ProviderConfig): ProviderError | undefined {
  if (config.type === "local") return undefined;
  if (!config.apiKey) {
    return new ProviderError("provider_not_configured", `The ${config.type} provider needs an API key: set the ${SECRET_NAMES[config.type]} secret`, false);
  }
  if (config.baseUrl !== undefined && !isHttpUrl(config.baseUrl)) {
    return new ProviderError("provider_misconfigured", `The ${config.type} base URL must be an http(s) URL: ${config.baseUrl}`, false);
  }
  if (config.timeoutMs !== undefined && !(Number.isFinite(config.timeoutMs) && config.timeoutMs > 0)) {
    return new ProviderError("provider_misconfigured", `The ${config.type} timeout must be a positive number of ms`, false);
  }
  return undefined;
}

/**
 * Builds the provider. It never throws: a config that cannot make calls (see `checkProviderConfig`)
 * gives a provider whose every call fails with that ProviderError, so the turn runner reports it as
 * an `error` event and a failed `turn_complete`, and the prompt is marked failed, never stuck.
 */
export function createProvider(config: ProviderConfig): ModelProvider {
  if (config.type === "local") return new LocalProvider();
  const problem = checkProviderConfig(config);
  if (problem || !config.apiKey) return new UnavailableProvider(config.type, config.model ?? DEFAULT_MODELS[config.type], problem);
  const options = {
    apiKey: config.apiKey,
    model: config.model,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    price: config.price,
    fetch: config.fetch,
  };
  return config.type === "anthropic" ? new AnthropicProvider(options) : new OpenAIProvider(options);
}

/** A provider that cannot be called: each stream fails at once with the config problem. */
class UnavailableProvider implements ModelProvider {
  constructor(
    readonly name: string,
    readonly model: string,
    private readonly problem: ProviderError | undefined,
  ) {}

  stream(_request: ModelRequest): AsyncIterable<ModelChunk> {
    const problem = this.problem ?? new ProviderError("provider_not_configured", `The ${this.name} provider is not configured`, false);
    return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(problem) }) };
  }

  costUsd(_usage: Usage): number {
    return 0;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
