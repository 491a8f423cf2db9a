// The one way to get a project's servers ready to call for a user: OAuth connections whose access
// token is about to expire are refreshed first (RFC 6749 §6), then credentials are opened. A
// refresh that fails leaves the connection to read "expired" once its token runs out.
import { dueRefreshes, storeRefreshed } from "../db/connections";
import { openOAuthClient, upstreamServers, type UpstreamServer } from "../db/servers";
import type { Env } from "../env";
import { loopbackAllowed } from "../shared/destinations/guard";
import { refreshTokens, tokenCredential } from "./oauth";

/** Refresh this long before expiry, so a call never goes out with a token that lapses on the way. */
export const REFRESH_BEFORE_EXPIRY_MS = 60_000;

export async function callableServers(env: Env, projectId: string, ids?: readonly string[], userId?: string): Promise<UpstreamServer[]> {
  if (userId !== undefined) await refreshDue(env, projectId, userId, ids);
  return upstreamServers(env, projectId, ids, userId);
}

async function refreshDue(env: Env, projectId: string, userId: string, ids: readonly string[] | undefined): Promise<void> {
  const due = await dueRefreshes(env, projectId, userId, ids, REFRESH_BEFORE_EXPIRY_MS);
  await Promise.all(
    due.map(async (entry) => {
      const client = await openOAuthClient(env, projectId, entry.row.server_id);
      if (!client) return;
      try {
        const tokens = await refreshTokens(client, entry.credential.refresh_token, loopbackAllowed(env));
        const { credential, expiresAt } = tokenCredential(tokens, entry.credential.refresh_token);
        await storeRefreshed(env, entry, credential, expiresAt);
      } catch {
        // The token endpoint refused or was unreachable: the old token serves until it expires.
      }
    }),
  );
}
