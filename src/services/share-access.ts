// Resolving a share code to its session or stream and checking it still opens it: the per-client lookup
// limit first, then KV routes the code and the authority decides (the session object, or the stream
// share's D1 row): revocation and expiry take effect there at once.
import type { Share, ShareStatus } from "../../durable-objects/session/shares";
import { findShareRoute, type SessionShareRoute } from "../db/share-codes";
import { getStreamShare, type StreamShare, streamShareStatus } from "../db/stream-shares";
import type { Env } from "../env";
import { ApiError } from "../lib/errors";
import { sessionStub } from "../lib/session-stub";

/**
 * Copies of the SHARE_LOOKUPS binding's terms in wrangler.template.toml (the binding reads them
 * from there): lookups per client per period. Why 120 a minute stops guessing: codes are 12 base62
 * characters, 62^12 ≈ 3.2e21. One client gets 120 × 525,600 ≈ 6.3e7 guesses a year; with a million
 * live links each guess hits one with p ≈ 1e6 / 3.2e21 ≈ 3e-16, so ≈ 2e-8 links a client-year, and
 * still ≈ 2e-4 a year for 10,000 addresses (the limiter counts per Cloudflare location, so an address
 * spread over ~300 locations gets 300× the budget: still ≈ 6e-6 a year). A real viewer makes two
 * lookups per page load (the page and its token) and one per renewal (every ~14 minutes), so one
 * address may open 60 pages a minute (a whole office behind one NAT) before it is slowed.
 */
export const SHARE_LOOKUP_LIMIT = 120;
export const SHARE_LOOKUP_PERIOD_S = 60;
/** Requests without CF-Connecting-IP (local runs; Cloudflare's edge always sets it) share one budget. */
const LOCAL_CLIENT_KEY = "local";
const IPV4_TAIL = /(\d{1,3}(?:\.\d{1,3}){3})$/;

/**
 * The rate-limit key for a client: its IPv4 address, or its IPv6 /64 (one subscriber's usual
 * allocation: keying by the whole address would give a single host 2^64 budgets).
 */
export function clientKey(request: Request): string {
  const ip = request.headers.get("cf-connecting-ip")?.trim().toLowerCase();
  if (!ip) return LOCAL_CLIENT_KEY;
  const v4 = IPV4_TAIL.exec(ip)?.[1];
  if (v4) return v4;
  const [head = "", tail] = ip.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/**
 * How often a viewer's open SSE response asks whether its share link is still active (revoked or
 * expired ends the response; the viewer's reconnect is then refused).
 */
export const VIEWER_SHARE_RECHECK_MS = 5_000;

export type OpenedShare = { kind: "session"; route: SessionShareRoute; share: Share } | { kind: "stream"; share: StreamShare };

/** A stream share's status as its D1 row says (the row must belong to the project the caller expects). */
export async function streamShareState(env: Env, code: string, projectId?: string): Promise<{ status: ShareStatus; share: StreamShare | null }> {
  const share = await getStreamShare(env.DB, code);
  if (!share || (projectId !== undefined && share.projectId !== projectId)) return { status: "unknown", share: null };
  return { status: streamShareStatus(share), share };
}

/** The share when its status is active; otherwise the refusal a viewer sees (410 says why a link ended). */
function activeShare<T>(status: ShareStatus, share: T | null | undefined): T {
  if (status === "revoked") throw new ApiError(410, "share_revoked", "This share link was revoked by its owner");
  if (status === "expired") throw new ApiError(410, "share_expired", "This share link has expired");
  if (status !== "active" || !share) throw new ApiError(404, "share_not_found", "This share link does not exist");
  return share;
}

/** Every code lookup goes through here, so none escapes the per-client limit. */
export async function openShare(env: Env, request: Request, code: string): Promise<OpenedShare> {
  // Fails closed: with the limiter unreachable, no code is looked up (503, retryable), never unlimited.
  const success = await env.SHARE_LOOKUPS.limit({ key: clientKey(request) }).then(
    (outcome) => outcome.success,
    () => {
      throw new ApiError(503, "rate_limiter_unavailable", "Share links cannot be opened right now; retry in a moment", {}, { "Retry-After": "5" });
    },
  );
  if (!success) {
    const retry = { "Retry-After": String(SHARE_LOOKUP_PERIOD_S) };
    throw new ApiError(429, "rate_limited", "Too many share links were opened from this address in the last minute", {}, retry);
  }
  const route = await findShareRoute(env.SHARES, code);
  if (!route) throw new ApiError(404, "share_not_found", "This share link does not exist");
  if (route.kind === "stream") {
    const { status, share } = await streamShareState(env, code, route.projectId);
    return { kind: "stream", share: activeShare(status, share) };
  }
  const { status, share } = await sessionStub(env, route.projectId, route.sessionId).shareStatus(code);
  return { kind: "session", route, share: activeShare(status, share) };
}
