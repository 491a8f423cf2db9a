// Model prices for `turn_complete.usage.costUsd`: USD per million tokens, list prices of a few current
// models. Unknown models (self-hosted OpenAI-compatible servers, new releases) cost 0 by design:
// a missing price must never fail a turn; add the model here (or pass a price to the factory).
import type { Usage } from "./types";

export interface ModelPrice {
  /** USD per million uncached input tokens. */
  inputUsdPerMTok: number;
  /** USD per million output tokens. */
  outputUsdPerMTok: number;
  /** USD per million input tokens read from the provider's prompt cache. */
  cachedInputUsdPerMTok: number;
}

const TOKENS_PER_MILLION = 1_000_000;
export const FREE: ModelPrice = { inputUsdPerMTok: 0, outputUsdPerMTok: 0, cachedInputUsdPerMTok: 0 };

const price = (input: number, output: number, cached: number): ModelPrice => ({
  inputUsdPerMTok: input,
  outputUsdPerMTok: output,
  cachedInputUsdPerMTok: cached,
});

/** Keyed by model id without a date suffix; "claude-sonnet-4-5-20250929" finds "claude-sonnet-4-5". */
const PRICES: Record<string, ModelPrice> = {
  "claude-opus-4-5": price(5, 25, 0.5),
  "claude-opus-4-1": price(15, 75, 1.5),
  "claude-opus-4": price(15, 75, 1.5),
  "claude-sonnet-4-5": price(3, 15, 0.3),
  "claude-sonnet-4": price(3, 15, 0.3),
  "claude-haiku-4-5": price(1, 5, 0.1),
  "claude-3-5-haiku": price(0.8, 4, 0.08),
  "gpt-5": price(1.25, 10, 0.125),
  "gpt-5-mini": price(0.25, 2, 0.025),
  "gpt-5-nano": price(0.05, 0.4, 0.005),
  "gpt-4.1": price(2, 8, 0.5),
  "gpt-4.1-mini": price(0.4, 1.6, 0.1),
  "gpt-4.1-nano": price(0.1, 0.4, 0.025),
  "gpt-4o": price(2.5, 10, 1.25),
  "gpt-4o-mini": price(0.15, 0.6, 0.075),
  "o4-mini": price(1.1, 4.4, 0.275),
};

/** The longest table key equal to the model id or followed by "-<suffix>"; FREE when none matches. */
export function priceFor(model: string): ModelPrice {
  let best: string | undefined;
  for (const key of Object.keys(PRICES)) {
    if ((model === key || model.startsWith(`${key}-`)) && (best === undefined || key.length > best.length)) best = key;
  }
  return (best !== undefined && PRICES[best]) || FREE;
}

/**
 * Cost of one usage record. `inputTokens` counts every prompt token, cached ones included
 * (OpenAI's convention; the Anthropic adapter adds its cache reads and writes in the same way),
 * so the uncached part is `inputTokens - cachedInputTokens`. Cache writes are billed at the
 * plain input price here (Anthropic charges them 1.25x): a small, documented undercount.
 */
export function costUsd(modelPrice: ModelPrice, usage: Usage): number {
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens);
  const usd =
    (uncached * modelPrice.inputUsdPerMTok +
      usage.cachedInputTokens * modelPrice.cachedInputUsdPerMTok +
      usage.outputTokens * modelPrice.outputUsdPerMTok) /
    TOKENS_PER_MILLION;
  // Round to a millionth of a dollar so sums of floats read cleanly in the log.
  return Math.round(usd * TOKENS_PER_MILLION) / TOKENS_PER_MILLION;
}
