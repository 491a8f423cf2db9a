// Durable Streams request vocabulary as zod schemas: protocol headers and read query parameters,
// shared by the stream routes, the session-events route, the viewer and the tests.
import { z } from "zod";

/** A non-negative decimal integer without sign, leading zeros, decimals or exponent ("3600", not "03600"). */
const toSafeInteger = z.number().int().max(Number.MAX_SAFE_INTEGER, "is too large");
const Decimal = z
  .string()
  .regex(/^(0|[1-9]\d*)$/, "must be a non-negative integer without leading zeros")
  .transform(Number)
  .pipe(toSafeInteger);
const SafeInteger = z.string().regex(/^\d+$/, "must be a non-negative integer").transform(Number).pipe(toSafeInteger);

export const StreamTtl = Decimal;
export const StreamExpiresAt = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an RFC 3339 timestamp");
export const ForkSubOffset = Decimal;
/** An offset as issued ("<16 digits>_<16 digits>") or a sentinel: "-1" (start) or "now" (tail). */
export const StreamOffset = z.string().regex(/^(-1|now|\d{16}_\d{16})$/, "must be -1, now, or an offset this server issued");
export const LiveMode = z.enum(["long-poll", "sse"]);

export const ProducerHeaders = z
  .object({
    id: z.string().min(1, "Producer-Id must not be empty"),
    epoch: SafeInteger,
    seq: SafeInteger,
  })
  .strict();

/** Query of a read: offset (default -1), live mode, and the cursor echoed from the last response. */
export const StreamReadQuery = z.object({
  offset: StreamOffset.optional(),
  live: LiveMode.optional(),
  cursor: z.string().max(64).optional(),
});
export type StreamReadQuery = z.infer<typeof StreamReadQuery>;

/**
 * `GET /v1/stream/<path>?offset=compact` asks for a compaction checkpoint (as `capi` resume does).
 * The gateway keeps none, so it answers 307 to the same URL with `offset=-1`. Valid only for this
 * plain catch-up form (no `live`); "compact" is never an offset anywhere else.
 */
export const CompactReadQuery = z.object({
  offset: z.literal("compact"),
  live: z.undefined({ error: "offset=compact is a plain GET (no live)" }),
});
