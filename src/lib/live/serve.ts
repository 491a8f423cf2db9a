// Serving a read of any Durable Streams log (a generic stream or a session's event log): catch-up
// pages with ETag/304, live=long-poll (204 on timeout) and live=sse, with the protocol's headers
// (and Stream-Total-Size when the log counts its size).
import type { Context } from "hono";
import { formatOffset, parseOffset } from "../../shared/protocol/offsets";
import { H, isJsonType, type LogPage, type ReadFrom } from "../../shared/protocol/durable-streams";
import type { AppEnv } from "../../env";
import type { StreamReadQuery } from "../../shared/schemas/streams";
import { ApiError, failureError } from "../errors";
import { SSE_HEADERS } from "../../shared/protocol/sse";
import { responseCursor } from "../streams/cursor";
import { grownBy, totalSizeHeaders } from "../streams/total-size";
import type { LogSource, SourceInfo } from "./hub";
import { waitForData } from "./long-poll";
import { sseFormat } from "./sse-encode";
import { SseReader, type SseOptions } from "./sse-reader";

/** Complete historical pages never change; the tail is revalidated through its ETag. */
const CACHE_PAGE = "private, max-age=60, stale-while-revalidate=300";
const CACHE_TAIL = "private, no-cache";

export function readFrom(offset: string | undefined): ReadFrom {
  if (offset === undefined || offset === "-1") return 0;
  if (offset === "now") return "now";
  const seq = parseOffset(offset);
  if (seq === null) throw new ApiError(400, "invalid_offset", `Offset ${offset} is not an offset this server issued`);
  return seq;
}

const closedAtTail = (info: SourceInfo, page: LogPage) => info.closed && page.upToDate;

function body(info: SourceInfo, payload: Uint8Array): Uint8Array {
  if (!isJsonType(info.contentType)) return payload;
  const out = new Uint8Array(payload.byteLength + 2);
  out[0] = 0x5b;
  out.set(payload, 1);
  out[out.byteLength - 1] = 0x5d;
  return out;
}

/**
 * 200 with a page (or 304 when If-None-Match names it); `cursor` is set for long-poll answers. A page
 * that stops before the tail has no Stream-Up-To-Date, so the client reads on from Stream-Next-Offset.
 */
export function pageResponse(c: Context<AppEnv>, info: SourceInfo, page: LogPage, options: { now?: boolean; cursor?: number } = {}): Response {
  const closed = closedAtTail(info, page);
  const headers: Record<string, string> = { "Content-Type": info.contentType, [H.nextOffset]: formatOffset(page.endSeq), ...totalSizeHeaders(info) };
  if (page.upToDate) headers[H.upToDate] = "true";
  if (closed) headers[H.closed] = "true";
  if (options.cursor !== undefined) headers[H.cursor] = String(options.cursor);
  if (options.now) {
    headers["Cache-Control"] = "no-store";
    return new Response(isJsonType(info.contentType) ? "[]" : null, { status: 200, headers });
  }
  const etag = `"${info.incarnation}:${page.afterSeq}:${page.endSeq}${closed ? ":c" : ""}"`;
  headers.ETag = etag;
  headers["Cache-Control"] = page.upToDate ? CACHE_TAIL : CACHE_PAGE;
  if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
  return new Response(body(info, page.payload), { status: 200, headers });
}

function noContent(info: SourceInfo, nextSeq: number, cursor: number, closed: boolean): Response {
  const headers: Record<string, string> = {
    [H.nextOffset]: formatOffset(nextSeq),
    [H.upToDate]: "true",
    [H.cursor]: String(cursor),
    ...totalSizeHeaders(info),
  };
  if (closed) headers[H.closed] = "true";
  return new Response(null, { status: 204, headers });
}

export interface ServeOptions {
  longPollTimeoutMs: number;
  sse?: SseOptions;
}

export async function serveRead(c: Context<AppEnv>, source: LogSource, query: StreamReadQuery, options: ServeOptions): Promise<Response> {
  const from = readFrom(query.offset);
  const first = await source.read(from);
  if (!first.ok) throw failureError(first.error);
  const { info, page } = first.value;
  if (query.live === "sse") {
    const reader = new SseReader(source, info, page, responseCursor(query.cursor), { ...options.sse, signal: c.req.raw.signal });
    const headers: Record<string, string> = { ...SSE_HEADERS, ...totalSizeHeaders(info) };
    if (sseFormat(info.contentType) === "base64") headers[H.sseEncoding] = "base64";
    return new Response(reader.stream, { status: 200, headers });
  }
  if (query.live !== "long-poll") return pageResponse(c, info, page, { now: from === "now" });
  if (page.endSeq > page.afterSeq) return pageResponse(c, info, page, { cursor: responseCursor(query.cursor) });
  if (info.closed) return noContent(info, page.endSeq, responseCursor(query.cursor), true);
  const outcome = await waitForData(source, page.endSeq, options.longPollTimeoutMs);
  const cursor = responseCursor(query.cursor);
  switch (outcome.kind) {
    case "timeout":
    case "closed":
      return noContent(info, page.endSeq, cursor, outcome.kind === "closed");
    case "gone":
      throw new ApiError(404, "stream_not_found", "The stream was deleted");
    case "frame": {
      const { frame } = outcome;
      const livePage = { afterSeq: frame.prevSeq, endSeq: frame.tailSeq, payload: frame.payload ?? new Uint8Array(0), upToDate: true };
      const grown = { ...info, tailSeq: frame.tailSeq, closed: frame.closed, totalSize: grownBy(info, livePage.payload) };
      return pageResponse(c, grown, livePage, { cursor });
    }
    case "behind": {
      const next = await source.read(page.endSeq);
      if (!next.ok) throw failureError(next.error);
      return pageResponse(c, next.value.info, next.value.page, { cursor });
    }
  }
}
