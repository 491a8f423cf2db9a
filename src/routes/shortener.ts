// The agent-session-protocol shortener, served by share links: `capi export --shortener <gateway>`
// posts the stream it wrote and its token; the answer is a share link of that stream. The token is
// checked as an API key that may read the stream, then dropped: never stored, logged or echoed.
import { createRoute } from "@hono/zod-openapi";
import { MAX_SHARE_TTL_S, ShortenerCreate, ShortenerLink, StreamPathField } from "../shared/schemas/shares";
import { ApiError } from "../lib/errors";
import { publicOrigin } from "../lib/public-origin";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { STREAM_PREFIX } from "../lib/streams/request";
import { principalForKey } from "../middleware/auth";
import { createStreamShare } from "../services/stream-shares";
import { allows } from "../shared/scopes";
import { parseUrl } from "../shared/urls";
import { shareUrl } from "./shares";

export const shortener = createRouter();

const tokenNotValid = () => new ApiError(403, "token_not_valid", "token not valid for URL");

/** The stream path `fullUrl` names on this gateway, or 400 for any other URL. */
function servedStreamPath(fullUrl: string, origins: readonly string[]): string {
  const url = parseUrl(fullUrl);
  const path = url && origins.includes(url.origin) && url.pathname.startsWith(STREAM_PREFIX) ? url.pathname.slice(STREAM_PREFIX.length) : null;
  if (path === null || !StreamPathField.safeParse(path).success || url?.search) {
    throw new ApiError(400, "share_url_not_served", `fullUrl must be a stream on this gateway: ${origins[0] ?? ""}${STREAM_PREFIX}<path>`);
  }
  return path;
}

shortener.openapi(
  createRoute({
    method: "post",
    path: "/api/create",
    tags: ["Shares"],
    summary: "The agent-session-protocol shortener: a share link for a stream the token may read (capi export --shortener)",
    description:
      "No API key header: the body's token is the credential, and it must be a key with streams:read on the stream. `live: true` makes the session's live link (one per agent session; asking again answers the same link) that lets viewers prompt; otherwise a snapshot link. Links last 30 days.",
    request: jsonBody(ShortenerCreate),
    responses: { 200: json(ShortenerLink, "The share link"), 400: ERR[400], 403: ERR[403], 404: ERR[404] },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const origins = [...new Set([publicOrigin(c.env, c.req.url), new URL(c.req.url).origin])];
    const path = servedStreamPath(body.fullUrl, origins);
    if (!body.token.startsWith("csk_")) throw tokenNotValid();
    const principal = await principalForKey(c.env, body.token, null).catch((error: unknown) => {
      // An unknown or revoked key, or one with no default project: the token cannot read the URL.
      if (error instanceof ApiError && error.status < 500) throw tokenNotValid();
      throw error;
    });
    if (!allows(principal.scopes, { resource: "streams", level: "read", path })) throw tokenNotValid();
    const live = body.live === true;
    const share = await createStreamShare(c.env, {
      projectId: principal.project.id,
      orgId: principal.orgId,
      path,
      mode: live ? "live" : "snapshot",
      canPrompt: live,
      expiresAt: Date.now() + MAX_SHARE_TTL_S * 1000,
      agent: { sessionId: body.sessionId, name: body.agent, entryCount: body.entryCount },
    });
    c.header("cache-control", "no-store");
    return c.json({ shortId: share.code, shortUrl: shareUrl(c.env, c.req.url, share.code) }, 200);
  },
);
