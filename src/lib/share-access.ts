// Resolving a share code to its session and checking it still opens it: KV routes the code, the
// session object decides (revocation and expiry take effect there at once).
import type { Share } from "../../durable-objects/session/shares";
import { findShareRoute, type ShareRoute } from "../db/share-codes";
import type { Env } from "../env";
import { ApiError } from "./errors";
import { sessionStub } from "./session-stub";

export async function openShare(env: Env, code: string): Promise<{ route: ShareRoute; share: Share }> {
  const route = await findShareRoute(env.SHARES, code);
  if (!route) throw new ApiError(404, "share_not_found", "This share link does not exist");
  const { status, share } = await sessionStub(env, route.projectId, route.sessionId).shareStatus(code);
  if (status === "revoked") throw new ApiError(410, "share_revoked", "This share link was revoked by its owner");
  if (status === "expired") throw new ApiError(410, "share_expired", "This share link has expired");
  if (status !== "active" || !share) throw new ApiError(404, "share_not_found", "This share link does not exist");
  return { route, share };
}
