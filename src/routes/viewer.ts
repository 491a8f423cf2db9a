// What a share link's browser talks to: the viewer page at /s/:code (with a strict CSP) and the
// exchange of a code for a short-lived viewer token. Neither needs an API key; both count against
// the per-client lookup limit (src/services/share-access.ts).
import { createRoute, z } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import { ApiError } from "../lib/errors";
import { createRouter, ERR, json } from "../lib/router";
import { findLiveStreamShare } from "../db/stream-shares";
import type { Env } from "../env";
import { publicOrigin } from "../lib/public-origin";
import { STREAM_PREFIX } from "../lib/streams/request";
import { type OpenedShare, openShare } from "../services/share-access";
import { signViewerToken, VIEWER_TOKEN_TTL_S, type ViewerClaims, type ViewerTarget } from "../lib/viewer-token";
import { ShareResolve, ViewerToken } from "../shared/schemas/shares";
import { shareUrl } from "./shares";
import { errorPage, type ErrorPageKind } from "./viewer-error-page";

const CodeParam = z.object({ code: z.string() });

/** The viewer's own policy: only this origin's scripts, styles and connections; never framed. */
export const viewerHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: "no-referrer",
  xFrameOptions: "DENY",
});

export const viewer = createRouter();

viewer.openapi(
  createRoute({
    method: "post",
    path: "/api/shares/{code}/token",
    tags: ["Shares"],
    summary: "Exchange a share code for a short-lived viewer token (call again to renew)",
    request: { params: CodeParam },
    responses: {
      200: json(ViewerToken, "A token for this session's events (and prompts, if allowed)"),
      404: ERR[404],
      410: ERR[410],
      429: ERR[429],
    },
  }),
  async (c) => {
    const { code } = c.req.valid("param");
    const opened = await openShare(c.env, c.req.raw, code);
    const { share } = opened;
    const expiresAtS = Math.min(Math.floor(Date.now() / 1000) + VIEWER_TOKEN_TTL_S, Math.floor(share.expiresAt / 1000));
    // A snapshot is a fixed view and never prompts, even one stored with the right before creation refused that.
    const canPrompt = share.canPrompt && share.mode === "live";
    const scope: ViewerClaims["scope"] = canPrompt ? "read prompt" : "read";
    const target: ViewerTarget =
      opened.kind === "stream" ? { kind: "stream", path: opened.share.path } : { kind: "session", sessionId: opened.route.sessionId };
    const { projectId, orgId } = opened.kind === "stream" ? opened.share : opened.route;
    const token = await signViewerToken(c.env.VIEWER_TOKEN_SECRET, { target, projectId, orgId, code, scope, upToOffset: share.upToOffset }, expiresAtS);
    c.header("cache-control", "no-store");
    const shown =
      opened.kind === "stream"
        ? { kind: "stream" as const, sessionId: opened.share.agentSessionId ?? opened.share.path, streamPath: opened.share.path }
        : { kind: "session" as const, sessionId: opened.route.sessionId, streamPath: null };
    return c.json({ token, ...shown, scope, mode: share.mode, canPrompt, expiresAt: expiresAtS * 1000, upToOffset: share.upToOffset }, 200);
  },
);

/** The error page for each refusal; anything else (a code that never existed) is "missing". */
function pageFor(error: ApiError): { kind: ErrorPageKind; status: 404 | 410 | 429 } {
  if (error.status === 429) return { kind: "busy", status: 429 };
  if (error.status !== 410) return { kind: "missing", status: 404 };
  return { kind: error.code === "share_revoked" ? "revoked" : error.code === "share_expired" ? "expired" : "gone", status: 410 };
}

/** `capi import <short url>` asks for JSON; a browser's Accept names text/html and gets the page. */
const wantsJson = (accept: string | undefined) => accept !== undefined && accept.includes("application/json") && !accept.includes("text/html");

/** What a share link resolves to as JSON (the agent-session-protocol shortener's answer): where to read it, and what it is. */
async function resolved(env: Env, requestUrl: string, opened: OpenedShare): Promise<z.infer<typeof ShareResolve>> {
  const origin = publicOrigin(env, requestUrl);
  if (opened.kind === "session") {
    const { route, share } = opened;
    // entryCount 0 is "not counted": capi reads the whole log then.
    const base = { sessionId: route.sessionId, entryCount: 0, agent: "codespar", createdAt: share.createdAt, live: share.mode === "live" };
    return {
      ...base,
      fullUrl: `${origin}/v1/sessions/${route.sessionId}/events`,
      liveShareUrl: share.mode === "live" ? shareUrl(env, requestUrl, share.code) : null,
    };
  }
  const { share } = opened;
  const live = share.mode === "live" ? share : share.agentSessionId === null ? null : await findLiveStreamShare(env.DB, share.projectId, share.agentSessionId);
  return {
    fullUrl: `${origin}${STREAM_PREFIX}${share.path}`,
    sessionId: share.agentSessionId ?? share.path,
    entryCount: share.entryCount,
    agent: share.agent ?? "unknown",
    createdAt: share.createdAt,
    live: share.mode === "live",
    liveShareUrl: live ? shareUrl(env, requestUrl, live.code) : null,
  };
}

// A share address without its code (cut off when pasted) is a page too, not the API's JSON 404.
viewer.get("/s", viewerHeaders, (c) => c.html(errorPage("missing", "This address has no share code"), 404));
viewer.get("/s/", viewerHeaders, (c) => c.html(errorPage("missing", "This address has no share code"), 404));

viewer.get("/s/:code", viewerHeaders, async (c) => {
  c.header("cache-control", "no-store");
  c.header("vary", "accept");
  if (wantsJson(c.req.header("accept"))) {
    const opened = await openShare(c.env, c.req.raw, c.req.param("code"));
    return c.json(await resolved(c.env, c.req.url, opened), 200);
  }
  try {
    await openShare(c.env, c.req.raw, c.req.param("code"));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const page = pageFor(error);
    return c.html(errorPage(page.kind, error.message), page.status, error.headers);
  }
  // Through the context (not a bare Response), so the request id and cache-control set above go with it.
  const page = await c.env.ASSETS.fetch(new URL("/index.html", c.req.url));
  return c.html(await page.text(), 200);
});
