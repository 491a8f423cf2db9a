// Shares of Durable Streams (an ASP stream written by `capi`): the stream's URLs, synthetic offsets
// for its items (a plain stream's items carry none), and the prompt a viewer appends to `.../prompts`
// (the server's StreamPrompt schema, src/shared/schemas/shares.ts).
import { MAX_DISPLAY_NAME_LENGTH, PROMPTS_STREAM_SUFFIX } from "../../../src/shared/prompt-limits";
import type { StreamPrompt } from "../../../src/shared/schemas/shares";
import { callNoContent, type ApiResult, type FetchLike, promptTextProblem } from "./api";
import { isRecord } from "./check";

/** Digits of an item's index within its batch: a 2 MB page holds far fewer items than this allows. */
const INDEX_DIGITS = 12;
/** Between an item's base offset and its index; sorts after the digits and "_" of a gateway offset. */
const INDEX_SEPARATOR = "~";

/** A stream path (`asp/<id>/live`) as a URL path: each segment encoded, `/` kept between them. */
export function streamPathUrl(streamPath: string): string {
  return `/v1/stream/${streamPath.split("/").map(encodeURIComponent).join("/")}`;
}

export function streamEventsUrl(streamPath: string, offset: string): string {
  return `${streamPathUrl(streamPath)}?offset=${encodeURIComponent(offset)}&live=sse`;
}

export function streamPromptsUrl(streamPath: string): string {
  return `${streamPathUrl(streamPath)}${PROMPTS_STREAM_SUFFIX}`;
}

/**
 * The offset given to the item at `index` of a batch that began at `base` (the last control
 * frame's streamNextOffset, "-1" at the start). Gateway offsets are fixed-width digits, so two
 * batches compare by their bases alone, and items of one batch by their zero-padded index; an
 * item also sorts after its base itself, so a snapshot bound (`upToOffset`) keeps exactly the
 * batches that began before it.
 */
export function syntheticOffset(base: string, index: number): string {
  return `${base}${INDEX_SEPARATOR}${String(index).padStart(INDEX_DIGITS, "0")}`;
}

/** The batch's items with their synthetic offsets; a non-object item is left as it is (the decoder skips it). */
export function stampOffsets(items: readonly unknown[], base: string, firstIndex = 0): unknown[] {
  return items.map((raw, i) => (isRecord(raw) ? { ...raw, offset: syntheticOffset(base, firstIndex + i) } : raw));
}

export type { StreamPrompt };

/** The prompt body; `user` only when the viewer gave a name (cut to the display-name bound). */
export function streamPrompt(text: string, name: string, now: number): StreamPrompt {
  const trimmed = name.trim().slice(0, MAX_DISPLAY_NAME_LENGTH);
  return { v: 1, ts: now, type: "prompt", text, ...(trimmed === "" ? {} : { user: { name: trimmed } }) };
}

export interface PromptAppended {
  /** The prompts stream's tail after the append (`Stream-Next-Offset`), when the server sent it. */
  nextOffset: string | null;
}

/** Appends one prompt to the share's `<streamPath>/prompts` stream (204 on success). */
export function appendStreamPrompt(fetchFn: FetchLike, streamPath: string, token: string, prompt: StreamPrompt): Promise<ApiResult<PromptAppended>> {
  const problem = promptTextProblem(prompt.text);
  if (problem !== null) return Promise.resolve({ ok: false, error: { status: 400, code: "validation_failed", message: problem } });
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(prompt),
    credentials: "omit",
    cache: "no-store",
  };
  return callNoContent(fetchFn, streamPromptsUrl(streamPath), init, (headers) => ({ nextOffset: headers.get("stream-next-offset") }));
}
