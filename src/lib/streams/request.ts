// Turns a Durable Streams HTTP request into the stream object's arguments: validates protocol
// headers with the shared zod schemas, and normalizes JSON bodies (flattening, [] checks) here in
// the Worker so the object only stores.
import type { Context } from "hono";
import type { z } from "zod";
import { toJsonFragment } from "../../shared/protocol/json-mode";
import { parseOffset } from "../../shared/protocol/offsets";
import { H, isJsonType } from "../../shared/protocol/durable-streams";
import type { AppendArgs, CreateArgs, StreamBody } from "../../../durable-objects/stream/types";
import type { AppEnv } from "../../env";
import { CompactReadQuery, ForkSubOffset, ProducerHeaders, StreamExpiresAt, StreamOffset, StreamReadQuery, StreamTtl } from "../../shared/schemas/streams";
import { ApiError, validationError } from "../errors";

export const STREAM_PREFIX = "/v1/stream/";
const MAX_PATH_LENGTH = 1024;
/**
 * Longest a stream may be asked to live (about 100 years): the object arms an alarm at its expiry,
 * and workerd refuses alarm times after 2189 or at/before the epoch, so Stream-TTL and
 * Stream-Expires-At outside (epoch, now + this] are the client's error (400), not a lost alarm.
 */
export const MAX_STREAM_LIFETIME_S = 100 * 365 * 24 * 60 * 60;
const VALID_CONTENT_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+/;

const header = (c: Context<AppEnv>, name: string) => c.req.header(name) ?? null;

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** The stream's path below /v1/stream/, as sent (percent-encoded form), or a 404 for an empty one. */
export function streamPath(pathname: string): string {
  const path = pathname.startsWith(STREAM_PREFIX) ? pathname.slice(STREAM_PREFIX.length) : "";
  if (path === "" || path.length > MAX_PATH_LENGTH) throw new ApiError(404, "stream_not_found", "Name a stream: /v1/stream/<path>");
  return path;
}

/** The Content-Type of a request if it is a valid media type, else null. */
function contentType(c: Context<AppEnv>): string | null {
  const value = header(c, "content-type")?.trim() ?? "";
  return VALID_CONTENT_TYPE.test(value) ? value : null;
}

async function body(c: Context<AppEnv>, json: boolean, allowEmptyArray: boolean): Promise<StreamBody | null> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) return null;
  if (!json) return { json: false, data: bytes };
  const parsed = toJsonFragment(bytes, allowEmptyArray);
  if (!parsed.ok) throw new ApiError(400, parsed.code, parsed.message);
  return { json: true, data: parsed.fragment, messages: parsed.count };
}

export async function createArgs(c: Context<AppEnv>, projectId: string, path: string): Promise<CreateArgs> {
  const ttl = header(c, H.ttl);
  const expiresAt = header(c, H.expiresAt);
  if (ttl !== null && expiresAt !== null) throw new ApiError(400, "conflicting_expiry", "Send Stream-TTL or Stream-Expires-At, not both");
  const forkedFrom = header(c, H.forkedFrom);
  const forkOffset = header(c, H.forkOffset);
  const subOffset = header(c, H.forkSubOffset);
  if (forkedFrom === null && (subOffset !== null || forkOffset !== null)) {
    throw new ApiError(400, "fork_source_missing", "Stream-Fork-Offset and Stream-Fork-Sub-Offset need Stream-Forked-From");
  }
  if (forkOffset !== null && parseOffset(parse(StreamOffset, forkOffset, "Stream-Fork-Offset header")) === null) {
    throw new ApiError(400, "invalid_fork_offset", "Stream-Fork-Offset is not an offset");
  }
  const type = contentType(c);
  return {
    projectId,
    path,
    contentType: type,
    ttlSeconds: ttl === null ? null : ttlSeconds(ttl),
    expiresAt: expiresAt === null ? null : expiresAtHeader(expiresAt),
    closed: header(c, H.closed)?.toLowerCase() === "true",
    body: await body(c, type !== null && isJsonType(type), true),
    fork:
      forkedFrom === null
        ? null
        : {
            source: forkSourcePath(forkedFrom),
            offset: forkOffset,
            subOffset: subOffset === null ? 0 : parse(ForkSubOffset, subOffset, "Stream-Fork-Sub-Offset header"),
          },
  };
}

function ttlSeconds(value: string): number {
  const seconds = parse(StreamTtl, value, "Stream-TTL header");
  if (seconds > MAX_STREAM_LIFETIME_S) throw new ApiError(400, "expiry_out_of_range", `Stream-TTL is at most ${MAX_STREAM_LIFETIME_S} seconds (100 years)`);
  return seconds;
}

function expiresAtHeader(value: string, nowMs = Date.now()): string {
  const expiresAt = parse(StreamExpiresAt, value, "Stream-Expires-At header");
  const atMs = Date.parse(expiresAt);
  if (atMs <= 0 || atMs > nowMs + MAX_STREAM_LIFETIME_S * 1000) {
    throw new ApiError(400, "expiry_out_of_range", "Stream-Expires-At must be after 1970-01-01T00:00:00Z and at most 100 years ahead");
  }
  return expiresAt;
}

/**
 * Stream-Forked-From names the source by its URL (http(s)://host/v1/stream/<path>), its URL path or
 * the bare path. A URL that does not parse (e.g. "http://") is the client's error, not ours.
 */
function forkSourcePath(value: string): string {
  let path = value.trim();
  if (/^https?:\/\//i.test(path)) {
    const url = URL.parse(path);
    if (url === null) throw new ApiError(400, "invalid_fork_source", "Stream-Forked-From is not a valid URL or stream path");
    path = url.pathname;
  }
  return streamPath(path.startsWith("/") ? path : `${STREAM_PREFIX}${path}`);
}

export async function appendArgs(c: Context<AppEnv>): Promise<AppendArgs> {
  const close = header(c, H.closed)?.toLowerCase() === "true";
  const id = header(c, H.producerId);
  const epoch = header(c, H.producerEpoch);
  const seq = header(c, H.producerSeq);
  const anyProducer = id !== null || epoch !== null || seq !== null;
  if (anyProducer && (id === null || epoch === null || seq === null)) {
    throw new ApiError(400, "incomplete_producer_headers", "Send Producer-Id, Producer-Epoch and Producer-Seq together");
  }
  const producer = anyProducer ? parse(ProducerHeaders, { id, epoch, seq }, "producer headers") : null;
  const type = contentType(c);
  const data = await body(c, type !== null && isJsonType(type), false);
  if (data === null && !close) throw new ApiError(400, "empty_body", "An append needs a body (or Stream-Closed: true to close)");
  if (data !== null && type === null) throw new ApiError(400, "missing_content_type", "An append needs a Content-Type");
  return { contentType: type, body: data, close, streamSeq: header(c, H.seq), producer };
}

/**
 * Whether a GET asks `?offset=compact` (a compaction checkpoint). Only a plain catch-up GET may:
 * with `live` (or a repeated offset) it is a 400 like any invalid offset.
 */
export function compactRequested(c: Context<AppEnv>): boolean {
  if (c.req.query("offset") !== CompactReadQuery.shape.offset.value) return false;
  parse(CompactReadQuery, { offset: c.req.query("offset"), live: c.req.query("live") }, "query");
  if ((c.req.queries("offset")?.length ?? 0) > 1) throw new ApiError(400, "invalid_offset", "Send one offset");
  return true;
}

/** The validated read query; a repeated offset is ambiguous and rejected. */
export function readQuery(c: Context<AppEnv>): StreamReadQuery {
  if ((c.req.queries("offset")?.length ?? 0) > 1) throw new ApiError(400, "invalid_offset", "Send one offset");
  const query = parse(StreamReadQuery, { offset: c.req.query("offset"), live: c.req.query("live"), cursor: c.req.query("cursor") }, "query");
  if (query.live && query.offset === undefined) throw new ApiError(400, "offset_required", "Live reads need an offset (use -1 or now)");
  return query;
}
