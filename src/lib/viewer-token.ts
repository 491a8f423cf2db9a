// Short-lived viewer tokens for share links: HS256 JWTs (jose) whose audience is one session (its id)
// or one stream (`stream:<path>`), and whose scope is `read` or `read prompt`. Signed with the
// VIEWER_TOKEN_SECRET secret; never in the bundle.
import { jwtVerify, SignJWT } from "jose";
import { ApiError } from "./errors";

export const VIEWER_TOKEN_TTL_S = 15 * 60;
/** Slack on the lifetime bound (exp - iat) and on a token's age: the signer reads its clock twice, and isolates' clocks differ a little. */
const LIFETIME_SLACK_S = 30;
const ISSUER = "codespar-gateway";
const encoder = new TextEncoder();

/** What a token opens. Session ids never start with `stream:`, so the audiences cannot collide. */
export type ViewerTarget = { kind: "session"; sessionId: string } | { kind: "stream"; path: string };
const STREAM_AUDIENCE = "stream:";

export interface ViewerClaims {
  target: ViewerTarget;
  projectId: string;
  orgId: string;
  code: string;
  scope: "read" | "read prompt";
  upToOffset: string | null;
}

const key = (secret: string | undefined) => {
  if (!secret) throw new ApiError(503, "viewer_tokens_unavailable", "Share links are not configured on this gateway (VIEWER_TOKEN_SECRET is unset)");
  return encoder.encode(secret);
};

export async function signViewerToken(secret: string | undefined, claims: ViewerClaims, expiresAtS: number): Promise<string> {
  return new SignJWT({ scope: claims.scope, prj: claims.projectId, org: claims.orgId, share: claims.code, upto: claims.upToOffset })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(claims.target.kind === "stream" ? `${STREAM_AUDIENCE}${claims.target.path}` : claims.target.sessionId)
    .setIssuedAt()
    .setExpirationTime(expiresAtS)
    .sign(key(secret));
}

/**
 * The claims of a valid token, or null for anything else (bad signature, expired, malformed). A
 * token must say when it was issued and when it expires, at most the token lifetime apart: jose
 * alone accepts a token without exp, which would never expire.
 */
export async function verifyViewerToken(secret: string | undefined, token: string): Promise<ViewerClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat"],
      // Also refuses an iat in the future.
      maxTokenAge: VIEWER_TOKEN_TTL_S + LIFETIME_SLACK_S,
    });
    const { aud, scope, prj, org, share, upto, exp, iat } = payload;
    if (exp === undefined || iat === undefined || exp - iat > VIEWER_TOKEN_TTL_S + LIFETIME_SLACK_S) return null;
    if (typeof aud !== "string" || (scope !== "read" && scope !== "read prompt")) return null;
    if (typeof prj !== "string" || typeof org !== "string" || typeof share !== "string") return null;
    const target: ViewerTarget = aud.startsWith(STREAM_AUDIENCE)
      ? { kind: "stream", path: aud.slice(STREAM_AUDIENCE.length) }
      : { kind: "session", sessionId: aud };
    return { target, projectId: prj, orgId: org, code: share, scope, upToOffset: typeof upto === "string" ? upto : null };
  } catch {
    return null;
  }
}
