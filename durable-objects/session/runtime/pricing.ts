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
  /** USD per million input tokens written to the prompt cache (Anthropic: 1.25x input for the 5-minute cache). */
  cacheWriteUsdPerMTok: number;
}

const TOKENS_PER_MILLION = 1_000_000;
export const FREE: ModelPrice = { inputUsdPerMTok: 0, outputUsdPerMTok: 0, cachedInputUsdPerMTok: 0, cacheWriteUsdPerMTok: 0 };

/** OpenAI does not charge (or report) cache writes: they cost plain input. */
const price = (input: number, output: number, cached: number, cacheWrite = input): ModelPrice => ({
  inputUsdPerMTok: input,
  outputUsdPerMTok: output,
  cachedInputUsdPerMTok: cached,
  cacheWriteUsdPerMTok: cacheWrite,
});
/** Anthropic: cache reads at 0.1x input, 5-minute cache writes at 1.25x. */
const claude = (input: number, output: number): ModelPrice => price(input, output, input / 10, input * 1.25);

/** Keyed by model id without a date suffix; "claude-sonnet-4-5-20250929" finds "claude-sonnet-4-5". */
const PRICES: Record<string, ModelPrice> = {
  "claude-opus-4-5": claude(5, 25),
  "claude-opus-4-1": claude(15, 75),
  "claude-opus-4": claude(15, 75),
  "claude-sonnet-4-5": claude(3, 15),
  "claude-sonnet-4": claude(3, 15),
  "claude-haiku-4-5": claude(1, 5),
  "claude-3-5-haiku": claude(0.8, 4),
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
 * Cost of one usage record. `inputTokens` counts every prompt token, cache reads and writes included
 * (OpenAI's convention; the Anthropic adapter adds its cache reads and writes in the same way), so
 * the plain part is `inputTokens - cachedInputTokens - cacheWriteTokens`.
 */
export function costUsd(modelPrice: ModelPrice, usage: Usage): number {
  const cacheWrites = usage.cacheWriteTokens ?? 0;
  const plain = Math.max(0, usage.inputTokens - usage.cachedInputTokens - cacheWrites);
  const usd =
    (plain * modelPrice.inputUsdPerMTok +
      usage.cachedInputTokens * modelPrice.cachedInputUsdPerMTok +
      cacheWrites * modelPrice.cacheWriteUsdPerMTok +
      usage.outputTokens * modelPrice.outputUsdPerMTok) /
    TOKENS_PER_MILLION;
  // Round to a millionth of a dollar so sums of floats read cleanly in the log.
  return Math.round(usd * TOKENS_PER_MILLION) / TOKENS_PER_MILLION;
}
