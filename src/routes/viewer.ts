// What a share link's browser talks to: the viewer page at /s/:code (with a strict CSP) and the
// exchange of a code for a short-lived viewer token. Neither needs an API key.
import { createRoute, z } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import { ApiError } from "../lib/errors";
import { createRouter, ERR, json } from "../lib/router";
import { openShare } from "../lib/share-access";
import { signViewerToken, VIEWER_TOKEN_TTL_S } from "../lib/viewer-token";
import { ViewerToken } from "../schemas/shares";
import { errorPage } from "./viewer-error-page";

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
    responses: { 200: json(ViewerToken, "A token for this session's events (and prompts, if allowed)"), 404: ERR[404], 410: ERR[410] },
  }),
  async (c) => {
    const { code } = c.req.valid("param");
    const { route, share } = await openShare(c.env, code);
    const expiresAtS = Math.min(Math.floor(Date.now() / 1000) + VIEWER_TOKEN_TTL_S, Math.floor(share.expiresAt / 1000));
    const scope = share.canPrompt ? ("read prompt" as const) : ("read" as const);
    const token = await signViewerToken(c.env.VIEWER_TOKEN_SECRET, { ...route, code, scope, upToOffset: share.upToOffset }, expiresAtS);
    c.header("cache-control", "no-store");
    return c.json(
      { token, sessionId: route.sessionId, scope, mode: share.mode, canPrompt: share.canPrompt, expiresAt: expiresAtS * 1000, upToOffset: share.upToOffset },
      200,
    );
  },
);

viewer.get("/s/:code", viewerHeaders, async (c) => {
  try {
    await openShare(c.env, c.req.param("code"));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return c.html(errorPage(error.status === 410 ? "gone" : "missing", error.message), error.status === 410 ? 410 : 404);
  }
  const page = await c.env.ASSETS.fetch(new URL("/index.html", c.req.url));
  return new Response(page.body, { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
});
