// A network provider whose key and destination are settled at its first model call, not when the
// session was created: the project's own key if it stored one, else the operator's, and only where
// src/lib/provider-destinations.ts allows (checked again here, so a session stored before a rule
// changed, or whose project removed its key, can never carry the operator's key to its base URL).
import { costUsd, priceFor } from "./pricing";
import type { ModelChunk, ModelProvider, ModelRequest, Usage } from "./types";

export class ResolvingProvider implements ModelProvider {
  private resolved: Promise<ModelProvider> | null = null;

  constructor(
    readonly name: string,
    readonly model: string,
    /** Builds the real provider, or throws the ProviderError that fails the turn. */
    private readonly resolve: () => Promise<ModelProvider>,
  ) {}

  async *stream(request: ModelRequest): AsyncIterable<ModelChunk> {
    this.resolved ??= this.resolve();
    yield* (await this.resolved).stream(request);
  }

  /** The network providers price by model, so the cost is known before (or without) a call. */
  costUsd(usage: Usage): number {
    return costUsd(priceFor(this.model), usage);
  }
}
