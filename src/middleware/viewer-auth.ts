// Viewer tokens (from share links) on the few routes a viewer may call: reading the session's
// events, and, with prompt rights, submitting prompts and answering permission requests. The token
// must name the session in the path, and its share must still be active (checked at the object).
import type { Context } from "hono";
import type { AppEnv, Principal, Viewer } from "../env";
import { ApiError } from "../lib/errors";
import { sessionStub } from "../lib/session-stub";
import { verifyViewerToken } from "../lib/viewer-token";

const VIEWER_ROUTES: ReadonlyArray<{ method: string; path: RegExp; prompt: boolean }> = [
  { method: "GET", path: /^\/v1\/sessions\/([^/]+)\/events$/, prompt: false },
  { method: "HEAD", path: /^\/v1\/sessions\/([^/]+)\/events$/, prompt: false },
  { method: "POST", path: /^\/v1\/sessions\/([^/]+)\/prompts$/, prompt: true },
  { method: "POST", path: /^\/v1\/sessions\/([^/]+)\/permissions\/[^/]+$/, prompt: true },
];

const denied = () => new ApiError(401, "unauthorized", "This viewer token is not valid for this request");

export async function resolveViewer(c: Context<AppEnv>, token: string): Promise<{ principal: Principal; viewer: Viewer }> {
  const route = VIEWER_ROUTES.find((r) => r.method === c.req.method && r.path.test(c.req.path));
  const pathSession = route?.path.exec(c.req.path)?.[1];
  const claims = await verifyViewerToken(c.env.VIEWER_TOKEN_SECRET, token);
  if (!route || !claims || claims.sessionId !== pathSession) throw denied();
  if (route.prompt && claims.scope !== "read prompt") throw new ApiError(403, "forbidden", "This share link does not allow prompts");
  const { status } = await sessionStub(c.env, claims.projectId, claims.sessionId).shareStatus(claims.code);
  if (status !== "active") throw new ApiError(401, "share_inactive", `This share link is ${status === "unknown" ? "unknown" : status}`);
  return {
    viewer: { code: claims.code, sessionId: claims.sessionId, canPrompt: claims.scope === "read prompt", upToOffset: claims.upToOffset },
    principal: {
      orgId: claims.orgId,
      orgName: "",
      keyId: `share:${claims.code}`,
      keyHash: "",
      keyEnvironment: "test",
      // VIEWER_ROUTES is the real bound; these scopes only let the routes' own scope checks pass.
      scopes: claims.scope === "read prompt" ? ["sessions:read", "sessions:write"] : ["sessions:read"],
      keyLastUsedAt: null,
      project: { id: claims.projectId, name: "", environment: "test", defaultRuntime: null },
    },
  };
}
