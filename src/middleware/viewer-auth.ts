// Viewer tokens (from share links) on the few routes a viewer may call. A session share: reading the
// session's events, and, with prompt rights, submitting prompts and answering permission requests. A
// stream share: reading its stream, and, with prompt rights, appending to that stream's `/prompts`
// stream. The token must name what the path names, and its share must still be active (checked at the
// authority: the session object, or the stream share's row).
import type { Context } from "hono";
import type { AppEnv, Principal, Viewer } from "../env";
import { ApiError } from "../lib/errors";
import { sessionStub } from "../lib/session-stub";
import { STREAM_PREFIX } from "../lib/streams/request";
import { type ViewerClaims, verifyViewerToken } from "../lib/viewer-token";
import { streamShareState } from "../services/share-access";
import { PROMPTS_STREAM_SUFFIX } from "../shared/prompt-limits";

const SESSION_ROUTES: ReadonlyArray<{ method: string; path: RegExp; prompt: boolean }> = [
  { method: "GET", path: /^\/v1\/sessions\/([^/]+)\/events$/, prompt: false },
  { method: "HEAD", path: /^\/v1\/sessions\/([^/]+)\/events$/, prompt: false },
  { method: "POST", path: /^\/v1\/sessions\/([^/]+)\/prompts$/, prompt: true },
  { method: "POST", path: /^\/v1\/sessions\/([^/]+)\/permissions\/[^/]+$/, prompt: true },
];

const denied = () => new ApiError(401, "unauthorized", "This viewer token is not valid for this request");
const noPrompts = () => new ApiError(403, "forbidden", "This share link does not allow prompts");

/** Whether the request is one the token's share allows; throws 403 for a prompt without the right. */
function allowedRoute(c: Context<AppEnv>, claims: ViewerClaims): boolean {
  const method = c.req.method;
  // The raw path, as the streams route reads it (c.req.path may be percent-decoded).
  const path = new URL(c.req.url).pathname;
  if (claims.target.kind === "session") {
    const route = SESSION_ROUTES.find((r) => r.method === method && r.path.test(path));
    if (!route || route.path.exec(path)?.[1] !== claims.target.sessionId) return false;
    if (route.prompt && claims.scope !== "read prompt") throw noPrompts();
    return true;
  }
  const stream = `${STREAM_PREFIX}${claims.target.path}`;
  if ((method === "GET" || method === "HEAD") && path === stream) return true;
  if (method !== "POST" || path !== `${stream}${PROMPTS_STREAM_SUFFIX}`) return false;
  if (claims.scope !== "read prompt") throw noPrompts();
  return true;
}

/** The scopes that let the allowed routes' own checks pass; allowedRoute is the real bound. */
function viewerScopes(claims: ViewerClaims): string[] {
  const prompt = claims.scope === "read prompt";
  if (claims.target.kind === "session") return prompt ? ["sessions:read", "sessions:write"] : ["sessions:read"];
  const read = `streams:read:${claims.target.path}`;
  return prompt ? [read, `streams:append:${claims.target.path}${PROMPTS_STREAM_SUFFIX}`] : [read];
}

async function shareStatus(c: Context<AppEnv>, claims: ViewerClaims) {
  if (claims.target.kind === "stream") return (await streamShareState(c.env, claims.code, claims.projectId)).status;
  return (await sessionStub(c.env, claims.projectId, claims.target.sessionId).shareStatus(claims.code)).status;
}

export async function resolveViewer(c: Context<AppEnv>, token: string): Promise<{ principal: Principal; viewer: Viewer }> {
  const claims = await verifyViewerToken(c.env.VIEWER_TOKEN_SECRET, token);
  if (!claims || !allowedRoute(c, claims)) throw denied();
  const status = await shareStatus(c, claims);
  if (status !== "active") throw new ApiError(401, "share_inactive", `This share link is ${status === "unknown" ? "unknown" : status}`);
  const terms = { code: claims.code, canPrompt: claims.scope === "read prompt", upToOffset: claims.upToOffset };
  return {
    viewer:
      claims.target.kind === "session"
        ? { ...terms, kind: "session", sessionId: claims.target.sessionId }
        : { ...terms, kind: "stream", path: claims.target.path },
    principal: {
      orgId: claims.orgId,
      orgName: "",
      keyId: `share:${claims.code}`,
      keyHash: "",
      keyEnvironment: "test",
      scopes: viewerScopes(claims),
      keyLastUsedAt: null,
      project: { id: claims.projectId, name: "", environment: "test", defaultRuntime: null },
    },
  };
}
