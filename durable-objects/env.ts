// What the objects read from their environment: the bindings they use themselves and plain settings.
// Anything backed by the Worker's D1 layer comes in through ports (session/ports.ts) instead.
import type { ProviderDestinationEnv } from "../src/shared/destinations/providers";
import type { StreamObject } from "./stream/stream-do";

export interface ObjectEnv extends ProviderDestinationEnv {
  /** One object per generic Durable Stream, named by streamObjectName (a fork reads its source). */
  STREAMS: DurableObjectNamespace<StreamObject>;
  /** Secrets: the operator's model provider keys. */
  ANTHROPIC_API_KEY?: string;
  OPENAI_API_KEY?: string;
  /** The gateway's public origin (e.g. https://gateway.example.com) for links made where no request is at hand; else the request's own origin. */
  PUBLIC_URL?: string;
  /** Longest a model provider may stay silent (before its response or between chunks), in ms. */
  PROVIDER_TIMEOUT_MS?: string;
}
