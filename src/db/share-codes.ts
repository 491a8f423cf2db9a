// Share codes in KV: code -> the session it opens. The session object holds the share's terms and
// is the authority on revocation and expiry; KV only routes a code to its session, and outlives the
// share by a retention period so an ended link keeps saying why (410) instead of "not found".
import { randomBase62 } from "../shared/ids";

/** 12 base62 characters: about 71 bits, drawn uniformly. */
export const SHARE_CODE_LENGTH = 12;
/** How long KV keeps a code's route after the share expires, so the link answers 410 "expired" rather than 404: 30 days. */
export const SHARE_ROUTE_RETENTION_S = 30 * 24 * 3600;
/** KV's shortest expiration. */
const KV_MIN_TTL_S = 60;

export interface ShareRoute {
  sessionId: string;
  projectId: string;
  orgId: string;
}

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
  return kv.get<ShareRoute>(kvKey(code), "json");
}
