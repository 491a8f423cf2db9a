// Share codes in KV: code -> the session or stream it opens. The session object (for a stream, its
// stream_shares row in D1) holds the share's terms and is the authority on revocation and expiry; KV
// only routes a code, and outlives the share by a retention period so an ended link keeps saying why
// (410) instead of "not found".
import { z } from "zod";
import { randomBase62 } from "../shared/ids";
import { decodeStored } from "../shared/stored-json";

/** 12 base62 characters: about 71 bits, drawn uniformly. */
export const SHARE_CODE_LENGTH = 12;
/** How long KV keeps a code's route after the share expires, so the link answers 410 "expired" rather than 404: 30 days. */
export const SHARE_ROUTE_RETENTION_S = 30 * 24 * 3600;
/** KV's shortest expiration. */
const KV_MIN_TTL_S = 60;

const SessionRoute = z.object({ kind: z.literal("session"), sessionId: z.string(), projectId: z.string(), orgId: z.string() });
const StreamRoute = z.object({ kind: z.literal("stream"), path: z.string(), projectId: z.string(), orgId: z.string() });
export type SessionShareRoute = z.infer<typeof SessionRoute>;
/** Routes written before stream shares carry no kind: they are session routes. */
const StoredRoute = z.union([
  SessionRoute,
  StreamRoute,
  SessionRoute.omit({ kind: true }).transform((route): SessionShareRoute => ({ kind: "session", ...route })),
]);
export type ShareRoute = z.infer<typeof StoredRoute>;

const kvKey = (code: string) => `share:${code}`;

export async function newShareCode(kv: KVNamespace): Promise<string> {
  for (;;) {
    const code = randomBase62(SHARE_CODE_LENGTH);
    if ((await kv.get(kvKey(code))) === null) return code;
  }
}

export function saveShareRoute(kv: KVNamespace, code: string, route: ShareRoute, expiresAtMs: number) {
  const ttlS = Math.max(KV_MIN_TTL_S, Math.ceil((expiresAtMs - Date.now()) / 1000) + SHARE_ROUTE_RETENTION_S);
  return kv.put(kvKey(code), JSON.stringify(route), { expirationTtl: ttlS });
}

export async function findShareRoute(kv: KVNamespace, code: string): Promise<ShareRoute | null> {
  if (!/^[A-Za-z0-9]{1,64}$/.test(code)) return null;
  const stored = await kv.get(kvKey(code));
  return stored === null ? null : decodeStored(StoredRoute, stored, "share route");
}
