// The JSON nesting bound: every request body with a JSON media type is scanned once, before anything
// parses or stores it, and one nested deeper than MAX_JSON_DEPTH is refused with 400 json_too_deep.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/errors";

/**
 * Most arrays/objects a JSON body may nest, counting the outermost as level 1 (`[[1]]` is 2).
 * Far deeper values overflow the recursion of Durable Object RPC's structured clone (5,000 levels
 * did, as a 500); 64 is System.Text.Json's default and leaves every real payload room.
 */
export const MAX_JSON_DEPTH = 64;

/** application/json and any +json type, parameters and case ignored, as Hono's json validator reads it. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/;

const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

export const isJsonMediaType = (contentType: string | undefined) =>
  contentType !== undefined && JSON_MEDIA_TYPE.test((contentType.split(";")[0] ?? "").trim().toLowerCase());

/**
 * The deepest array/object nesting in `bytes`, read as JSON text without recursion. Brackets inside
 * strings (escapes included) do not count. Scanning the UTF-8 bytes is exact: every byte of a
 * multi-byte character is >= 0x80, so none looks like a bracket, quote or backslash. Malformed
 * text gets a depth too; JSON.parse refuses it later. Stops early once `limit` is passed.
 */
export function jsonDepth(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) && depth > 0) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * Reads a JSON body as bytes (Hono caches them, so the validator's c.req.json() and the stream
 * routes' c.req.arrayBuffer() see the same bytes again) and refuses one nested too deep.
 */
export const jsonDepthLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.raw.body !== null && isJsonMediaType(c.req.header("content-type"))) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (jsonDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      throw new ApiError(400, "json_too_deep", `The JSON body nests arrays/objects more than ${MAX_JSON_DEPTH} levels deep`);
    }
  }
  await next();
});
