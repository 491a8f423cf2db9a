// Token renewal timing (spa/src/lib/timing.ts), the token keeper (spa/src/lib/token-keeper.ts), and
// the server's verification of viewer tokens (src/lib/viewer-token.ts): exp is required and bounded.
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signViewerToken, VIEWER_TOKEN_TTL_S, verifyViewerToken, type ViewerClaims } from "../../src/lib/viewer-token";
import { TEST_VIEWER_TOKEN_SECRET } from "../helpers/constants";
import { backoffMs, RENEW_MIN_DELAY_MS, renewalDelayMs } from "../../spa/src/lib/timing";
import { TokenKeeper } from "../../spa/src/lib/token-keeper";

describe("timing", () => {
  it("renews a 15-minute token a minute before expiry, and short tokens at three quarters", () => {
    expect(renewalDelayMs(15 * 60_000, 0)).toBe(14 * 60_000);
    expect(renewalDelayMs(40_000, 0)).toBe(30_000);
  });

  it("never schedules a renewal sooner than the floor, even with a skewed clock", () => {
    expect(renewalDelayMs(1_000, 5_000)).toBe(RENEW_MIN_DELAY_MS);
  });

  it("backs off exponentially with jitter up to a cap", () => {
    expect([0, 1, 2, 3].map((attempt) => backoffMs(attempt, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(50, () => 1)).toBe(15_000);
  });
});

const token = (n: number, expiresAt: number) => ({
  token: `tok${n}`,
  kind: "session",
  sessionId: "ses_1",
  streamPath: null,
  scope: "read",
  mode: "live",
  canPrompt: false,
  expiresAt,
  upToOffset: null,
});
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("TokenKeeper", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it("renews before expiry, retries transient failures, and reports a revoked link once", async () => {
    const responses = [
      json(200, token(1, 60_000)),
      json(503, { error: "unavailable", code: "unavailable", message: "try later" }),
      json(200, token(2, 120_000)),
      json(410, { error: "gone", code: "share_revoked", message: "revoked" }),
    ];
    const calls: string[] = [];
    const renewed: string[] = [];
    const gone: string[] = [];
    const keeper = new TokenKeeper({
      code: "abc",
      fetch: async (url, init) => {
        calls.push(`${init?.method} ${url}`);
        const next = responses.shift();
        if (!next) throw new Error("unexpected call");
        return next;
      },
      onRenewed: (t) => renewed.push(t.token),
      onGone: (error) => gone.push(error.code),
      random: () => 0,
    });
    const first = await keeper.start();
    expect(first.ok && first.value.token).toBe("tok1");
    expect(calls).toEqual(["POST /api/shares/abc/token"]);

    await vi.advanceTimersByTimeAsync(44_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(renewed).toEqual([]);

    await vi.advanceTimersByTimeAsync(250);
    expect(renewed).toEqual(["tok2"]);
    expect(keeper.current?.token).toBe("tok2");

    expect(await keeper.renewNow()).toBe("gone");
    expect(gone).toEqual(["share_revoked"]);
    expect(await keeper.renewNow()).toBe("gone");
    await vi.advanceTimersByTimeAsync(600_000);
    expect(calls).toHaveLength(4);
  });

  it("shares one request between concurrent renewals", async () => {
    let calls = 0;
    const keeper = new TokenKeeper({
      code: "abc",
      fetch: async () => {
        calls += 1;
        return json(200, token(calls, 900_000));
      },
      onRenewed: () => undefined,
      onGone: () => undefined,
    });
    await keeper.start();
    const results = await Promise.all([keeper.renewNow(), keeper.renewNow(), keeper.renewNow()]);
    expect(results).toEqual(["ok", "ok", "ok"]);
    expect(calls).toBe(2);
    keeper.stop();
  });

  it("passes an unknown code's error through from start", async () => {
    const keeper = new TokenKeeper({
      code: "nope",
      fetch: async () => json(404, { error: "not_found", code: "share_not_found", message: "No such share" }),
      onRenewed: () => undefined,
      onGone: () => undefined,
    });
    const result = await keeper.start();
    expect(result).toEqual({ ok: false, error: { status: 404, code: "share_not_found", message: "No such share" } });
  });
});

describe("verifyViewerToken", () => {
  const claims: ViewerClaims = {
    target: { kind: "session", sessionId: "ses_1" },
    projectId: "prj_1",
    orgId: "org_1",
    code: "abcdefghijkl",
    scope: "read prompt",
    upToOffset: null,
  };
  const nowS = () => Math.floor(Date.now() / 1000);
  /** A token signed with the gateway's own secret and claims, but with whatever exp and iat the caller picks. */
  const forged = (times: { iat?: number; exp?: number }) => {
    const jwt = new SignJWT({ scope: claims.scope, prj: claims.projectId, org: claims.orgId, share: claims.code, upto: null })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("codespar-gateway")
      .setAudience("ses_1");
    if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
    if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
    return jwt.sign(new TextEncoder().encode(TEST_VIEWER_TOKEN_SECRET));
  };

  it("names a stream as its audience for a stream share, and reads it back", async () => {
    const streamClaims: ViewerClaims = { ...claims, target: { kind: "stream", path: "asp/abc/live" }, scope: "read" };
    const token = await signViewerToken(TEST_VIEWER_TOKEN_SECRET, streamClaims, nowS() + VIEWER_TOKEN_TTL_S);
    const [, payload = ""] = token.split(".");
    expect(JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")))).toMatchObject({ aud: "stream:asp/abc/live", scope: "read" });
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, token)).toEqual(streamClaims);
  });

  it("accepts the tokens the gateway issues", async () => {
    const token = await signViewerToken(TEST_VIEWER_TOKEN_SECRET, claims, nowS() + VIEWER_TOKEN_TTL_S);
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, token)).toEqual(claims);
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, await forged({ iat: nowS(), exp: nowS() + VIEWER_TOKEN_TTL_S }))).toEqual(claims);
  });

  it("refuses a token without exp, even with the right secret", async () => {
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, await forged({ iat: nowS() }))).toBeNull();
  });

  it("refuses a token whose exp is further than the token lifetime after its iat, or that has no iat", async () => {
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, await forged({ iat: nowS(), exp: nowS() + 365 * 24 * 3600 }))).toBeNull();
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, await forged({ iat: nowS(), exp: nowS() + VIEWER_TOKEN_TTL_S + 3600 }))).toBeNull();
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, await forged({ exp: nowS() + 60 }))).toBeNull();
  });

  it("refuses an expired token and one issued in the future", async () => {
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, await forged({ iat: nowS() - 120, exp: nowS() - 60 }))).toBeNull();
    expect(await verifyViewerToken(TEST_VIEWER_TOKEN_SECRET, await forged({ iat: nowS() + 3600, exp: nowS() + 3600 + 60 }))).toBeNull();
  });
});
