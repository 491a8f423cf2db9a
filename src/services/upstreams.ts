// The one way to get a project's servers ready to call for a user: OAuth connections whose access
// token is about to expire are refreshed first (RFC 6749 §6), then used. A refresh that fails
// leaves the old token in use until it lapses; the connection then reads "expired".
import { storeRefreshed } from "../db/connections";
import { openOAuthClient, upstreamServers, type UpstreamServer } from "../db/servers";
import type { Env } from "../env";
import { loopbackAllowed } from "../shared/destinations/guard";
import { refreshTokens, tokenCredential } from "./oauth";

/** Refresh this long before expiry, so a call never goes out with a token that lapses on the way. */
export const REFRESH_BEFORE_EXPIRY_MS = 60_000;

export async function callableServers(env: Env, projectId: string, ids?: readonly string[], userId?: string): Promise<UpstreamServer[]> {
  const upstreams = await upstreamServers(env, projectId, ids, userId);
  const dueBy = new Date(Date.now() + REFRESH_BEFORE_EXPIRY_MS).toISOString();
  return Promise.all(upstreams.map(async (upstream) => (refreshDue(upstream, dueBy) ? refreshed(env, projectId, upstream) : upstream)));
}

function refreshDue({ connection }: UpstreamServer, dueBy: string): boolean {
  return connection !== null && connection.refreshToken !== null && connection.row.expires_at !== null && connection.row.expires_at <= dueBy;
}

async function refreshed(env: Env, projectId: string, upstream: UpstreamServer): Promise<UpstreamServer> {
  const { connection } = upstream;
  const client = await openOAuthClient(env, projectId, upstream.server.id);
  if (!connection?.refreshToken || !client) return upstream;
  try {
    const tokens = await refreshTokens(client, connection.refreshToken, loopbackAllowed(env));
    const { credential, expiresAt } = tokenCredential(tokens, connection.refreshToken);
    await storeRefreshed(env, connection, credential, expiresAt);
    return {
      ...upstream,
      headers: credential.headers,
      credential: { kind: "connection", connectionId: connection.row.id },
      credentialsError: null,
      connection: {
        ...connection,
        row: { ...connection.row, expires_at: expiresAt },
        headers: credential.headers,
        refreshToken: credential.refresh_token ?? null,
      },
    };
  } catch {
    // The token endpoint refused or was unreachable: the old token serves until it expires.
    return upstream;
  }
}
