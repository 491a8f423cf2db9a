// Share links, as the session's owner manages them: create, list, revoke.
import { createRoute, z } from "@hono/zod-openapi";
import { findShareRoute, newShareCode, saveShareRoute } from "../db/share-codes";
import type { Share } from "../../durable-objects/session/shares";
import { ApiError } from "../lib/errors";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { sessionStub, unwrap } from "../lib/session-stub";
import { ShareCreate, ShareLink, ShareList } from "../shared/schemas/shares";
import { SessionParam } from "./sessions";
import { scoped } from "../middleware/scope";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const shareUrl = (requestUrl: string, code: string) => new URL(`/s/${code}`, requestUrl).toString();

const toLink = (share: Share, requestUrl: string) => ({
  code: share.code,
  url: shareUrl(requestUrl, share.code),
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
    await saveShareRoute(c.env.SHARES, code, { sessionId, projectId: principal.project.id, orgId: principal.orgId }, expiresAt);
    return c.json(toLink(share, c.req.url), 201);
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
    return c.json({ shares: shares.map((share) => toLink(share, c.req.url)) }, 200);
  },
);

/** Code-scoped routes, mounted under /v1/shares. */
export const shares = createRouter();

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
    unwrap(await sessionStub(c.env, projectId, route.sessionId).revokeShare(projectId, code));
    return c.body(null, 204);
  },
);
