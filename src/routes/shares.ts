// Share links, as their owner manages them: of a session or of one of the project's streams; create,
// list, revoke.
import { createRoute, z } from "@hono/zod-openapi";
import { findShareRoute, newShareCode, saveShareRoute } from "../db/share-codes";
import { listStreamShares, revokeStreamShare } from "../db/stream-shares";
import type { Share } from "../../durable-objects/session/shares";
import { ApiError } from "../lib/errors";
import { publicOrigin } from "../lib/public-origin";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { sessionStub, unwrap } from "../lib/session-stub";
import { createStreamShare } from "../services/stream-shares";
import { ShareCreate, ShareLink, ShareList, StreamPathField, StreamShareCreate } from "../shared/schemas/shares";
import { SessionParam } from "./sessions";
import { assertScope, scoped } from "../middleware/scope";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A share's link, on the public origin (PUBLIC_URL behind a proxy, else the request's own). */
export const shareUrl = (env: { PUBLIC_URL?: string }, requestUrl: string, code: string) => `${publicOrigin(env, requestUrl)}/s/${code}`;

const toLink = (share: Share & { path?: string }, env: { PUBLIC_URL?: string }, requestUrl: string) => ({
  code: share.code,
  url: shareUrl(env, requestUrl, share.code),
  stream: share.path ?? null,
  mode: share.mode,
  can_prompt: share.canPrompt,
  expires_at: new Date(share.expiresAt).toISOString(),
  created_at: new Date(share.createdAt).toISOString(),
  revoked_at: iso(share.revokedAt),
});

/** Session-scoped routes, mounted under /v1/sessions. */
export const sessionShares = createRouter();

sessionShares.openapi(
  createRoute({
    method: "post",
    path: "/{id}/shares",
    tags: ["Shares"],
    summary: "Create a share link (live or snapshot; optionally allowing prompts)",
    ...scoped("shares", "write"),
    request: { params: SessionParam, ...jsonBody(ShareCreate) },
    responses: { 201: json(ShareLink, "Created"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const principal = c.get("principal");
    const sessionId = c.req.valid("param").id;
    const body = c.req.valid("json");
    const stub = sessionStub(c.env, principal.project.id, sessionId);
    const code = await newShareCode(c.env.SHARES);
    const expiresAt = Date.now() + body.expires_in_s * 1000;
    const share = unwrap(await stub.createShare(principal.project.id, { code, mode: body.mode, canPrompt: body.can_prompt, expiresAt }));
    await saveShareRoute(c.env.SHARES, code, { kind: "session", sessionId, projectId: principal.project.id, orgId: principal.orgId }, expiresAt);
    return c.json(toLink(share, c.env, c.req.url), 201);
  },
);

sessionShares.openapi(
  createRoute({
    method: "get",
    path: "/{id}/shares",
    tags: ["Shares"],
    summary: "The session's share links, newest first (revoked ones included)",
    ...scoped("shares", "read"),
    request: { params: SessionParam },
    responses: { 200: json(ShareList, "Shares"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const projectId = c.get("principal").project.id;
    const shares: Share[] = unwrap(await sessionStub(c.env, projectId, c.req.valid("param").id).listShares(projectId));
    return c.json({ shares: shares.map((share) => toLink(share, c.env, c.req.url)) }, 200);
  },
);

/** Code-scoped routes and stream shares, mounted under /v1/shares. */
export const shares = createRouter();

shares.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Shares"],
    summary: "Share one of the project's JSON streams (an agent-session-protocol stream from capi, say): live or snapshot, optionally letting viewers prompt",
    description:
      'A live share with can_prompt lets its viewers append `{v:1, ts, type:"prompt", text, user}` to `<stream>/prompts` (created if missing), the stream `capi-queue-channel` tails. Needs streams:read on the stream as well as shares:write.',
    ...scoped("shares", "write"),
    request: jsonBody(StreamShareCreate),
    responses: { 201: json(ShareLink, "Created"), 400: ERR[400], 401: ERR[401], 403: ERR[403], 404: ERR[404] },
  }),
  async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    assertScope(c, { resource: "streams", level: "read", path: body.stream });
    const share = await createStreamShare(c.env, {
      projectId: principal.project.id,
      orgId: principal.orgId,
      path: body.stream,
      mode: body.mode,
      canPrompt: body.can_prompt,
      expiresAt: Date.now() + body.expires_in_s * 1000,
    });
    return c.json(toLink(share, c.env, c.req.url), 201);
  },
);

shares.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Shares"],
    summary: "A stream's share links, newest first (revoked ones included)",
    ...scoped("shares", "read"),
    request: { query: z.object({ stream: StreamPathField }) },
    responses: { 200: json(ShareList, "Shares"), 400: ERR[400], 401: ERR[401] },
  }),
  async (c) => {
    const projectId = c.get("principal").project.id;
    const found = await listStreamShares(c.env.DB, projectId, c.req.valid("query").stream);
    return c.json({ shares: found.map((share) => toLink(share, c.env, c.req.url)) }, 200);
  },
);

shares.openapi(
  createRoute({
    method: "delete",
    path: "/{code}",
    tags: ["Shares"],
    summary: "Revoke a share link at once (idempotent): its viewers' next request fails and their streams end",
    ...scoped("shares", "write"),
    request: { params: z.object({ code: z.string() }) },
    responses: { 204: { description: "Revoked" }, 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { code } = c.req.valid("param");
    const projectId = c.get("principal").project.id;
    const route = await findShareRoute(c.env.SHARES, code);
    if (!route || route.projectId !== projectId) throw new ApiError(404, "share_not_found", "Share link not found");
    // The KV entry stays until the share would have expired, so the link can say "revoked" (410).
    if (route.kind === "stream") {
      if (!(await revokeStreamShare(c.env.DB, projectId, code))) throw new ApiError(404, "share_not_found", "Share link not found");
    } else unwrap(await sessionStub(c.env, projectId, route.sessionId).revokeShare(projectId, code));
    return c.body(null, 204);
  },
);
