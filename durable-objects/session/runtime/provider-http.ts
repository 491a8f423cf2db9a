// The HTTP leg shared by the network providers: POST a JSON body, map HTTP failures to ProviderErrors,
// read the response as Server-Sent Events, and abort when the provider stays silent too long.
import type { ErrorCode } from "../../../src/shared/error-codes";
import { z } from "zod";
import { SseParser, type SseEvent } from "./sse-parser";
import { ProviderError } from "./types";

/** Idle bound: the longest a provider may stay silent (before the response, or between chunks). */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 60_000;
const MAX_ERROR_MESSAGE_CHARS = 500;

export interface ProviderHttpRequest {
  /** Human name for messages, e.g. "Anthropic". */
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
  /** How the request is sent; the gateway passes the destinations guard's fetch (no redirects). */
  fetch?: typeof fetch;
}

/** Both Anthropic (`{type: "error", error: {type, message}}`) and OpenAI (`{error: {message, type, code}}`) bodies. */
const ErrorBody = z.object({
  error: z.object({ message: z.string().optional(), type: z.string().nullish(), code: z.unknown().optional() }),
});

/** What an HTTP status means for a provider call: our error code and whether a retry may succeed. */
export function classifyStatus(status: number): { code: ErrorCode; retryable: boolean } {
  if (status === 401) return { code: "provider_unauthorized", retryable: false };
  if (status === 403) return { code: "provider_forbidden", retryable: false };
  if (status === 404) return { code: "provider_not_found", retryable: false };
  if (status === 408) return { code: "provider_timeout", retryable: true };
  if (status === 409) return { code: "provider_conflict", retryable: true };
  if (status === 429) return { code: "provider_rate_limited", retryable: true };
  if (status === 529) return { code: "provider_overloaded", retryable: true };
  if (status >= 500) return { code: "provider_unavailable", retryable: true };
  return { code: "provider_bad_request", retryable: false };
}

/** The provider's own error message from a JSON error body, else the raw text (trimmed). */
export function errorMessageFrom(text: string): string | undefined {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.error.message) return parsed.data.error.message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const trimmed = text.trim();
  return trimmed ? trimmed.slice(0, MAX_ERROR_MESSAGE_CHARS) : undefined;
}

/** Parses one event's JSON payload; a payload that is not JSON is a protocol error. */
export function parseEventJson(provider: string, event: SseEvent): unknown {
  try {
    return JSON.parse(event.data);
  } catch {
    throw new ProviderError("provider_protocol_error", `${provider} sent an event that is not JSON: ${event.data.slice(0, 200)}`, false);
  }
}

/**
 * POSTs the request and yields the response's SSE events. The idle timer runs only while we wait
 * on the provider (never while the consumer handles an event); when it fires, the fetch is aborted
 * and `provider_timeout` (retryable) is thrown. Stopping the iteration early cancels the body.
 */
export async function* postForEvents(request: ProviderHttpRequest): AsyncGenerator<SseEvent> {
  const { provider, timeoutMs } = request;
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  const disarm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const onCallerAbort = () => controller.abort();
  if (request.signal?.aborted) controller.abort();
  request.signal?.addEventListener("abort", onCallerAbort, { once: true });

  const failure = (error: unknown, code: ErrorCode): ProviderError => {
    if (error instanceof ProviderError) return error;
    if (timedOut) return new ProviderError("provider_timeout", `${provider} sent nothing for ${timeoutMs} ms`, true);
    if (request.signal?.aborted) return new ProviderError("provider_aborted", `The ${provider} call was cancelled`, false);
    const detail = error instanceof Error ? error.message : String(error);
    return new ProviderError(code, `${provider} connection failed: ${detail}`, true);
  };

  try {
    let response: Response;
    try {
      arm();
      response = await (request.fetch ?? fetch)(request.url, {
        method: "POST",
        headers: request.headers,
        body: JSON.stringify(request.body),
        signal: controller.signal,
      });
    } catch (error) {
      throw failure(error, "provider_unreachable");
    } finally {
      disarm();
    }

    if (!response.ok) {
      let text = "";
      try {
        arm();
        text = await response.text();
      } catch (error) {
        throw failure(error, "provider_unreachable");
      } finally {
        disarm();
      }
      const { code, retryable } = classifyStatus(response.status);
      const message = errorMessageFrom(text) ?? `HTTP ${response.status}`;
      throw new ProviderError(code, `${provider} answered ${response.status}: ${message}`, retryable);
    }
    if (!response.body) throw new ProviderError("stream_incomplete", `${provider} answered without a body`, true);

    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    try {
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          arm();
          result = await reader.read();
        } catch (error) {
          throw failure(error, "stream_incomplete");
        } finally {
          disarm();
        }
        if (result.done) break;
        yield* parser.push(decoder.decode(result.value, { stream: true }));
      }
      yield* parser.push(decoder.decode());
      yield* parser.end();
    } finally {
      reader.cancel().catch(() => undefined);
    }
  } finally {
    disarm();
    request.signal?.removeEventListener("abort", onCallerAbort);
  }
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
