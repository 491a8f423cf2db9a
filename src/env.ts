// The one typed environment: bindings, vars and secrets, plus the per-request variables. The objects'
// own settings (ObjectEnv: provider keys and destinations, the loopback flag, STREAMS) are part of it.
import type { ObjectEnv } from "../durable-objects/env";
import type { SessionObject } from "../durable-objects/session/session-do";
import type { Environment } from "./shared/ids";
import type { RuntimeConfig } from "./shared/schemas/runtime";

export interface Env extends ObjectEnv {
  DB: D1Database;
  SHARES: KVNamespace;
  /** Rate limit on share-code lookups per client ([[ratelimits]] in wrangler.template.toml; see src/services/share-access.ts). */
  SHARE_LOOKUPS: RateLimit;
  /** Bound to SessionDO (src/objects.ts), a SessionObject with its ports. */
  SESSIONS: DurableObjectNamespace<SessionObject>;
  /** The viewer bundle (spa/dist), served as static assets. */
  ASSETS: Fetcher;
  /** "false" turns off the Worker's one line per request (src/middleware/request-log.ts); on otherwise. */
  REQUEST_LOG?: string;
  /** dev | test | production */
  ENVIRONMENT: string;
  AUTH_CACHE_TTL_S: string;
  MAX_BODY_BYTES: string;
  /** How long a live=long-poll read waits for data before answering 204. */
  LONG_POLL_TIMEOUT_MS: string;
  /** Secret: protects POST /admin/organizations. Unset means the admin API is closed. */
  ADMIN_TOKEN?: string;
  /** Secret: signs the short-lived viewer tokens of share links. */
  VIEWER_TOKEN_SECRET?: string;
  /** Secret: the key material for stored MCP server credentials (AES-GCM, see src/lib/credentials.ts). */
  SERVER_CREDENTIALS_KEY?: string;
}

/** Who is calling, resolved from the API key and the project header. */
export interface Principal {
  orgId: string;
  orgName: string;
  keyId: string;
  keyHash: string;
  keyEnvironment: Environment;
  scopes: string[];
  keyLastUsedAt: string | null;
  project: { id: string; name: string; environment: Environment; defaultRuntime: RuntimeConfig | null };
}

/** Set when the caller is a share link's viewer rather than an API key: what its share opens, and its terms. */
export type Viewer = { code: string; canPrompt: boolean; upToOffset: string | null } & (
  { kind: "session"; sessionId: string } | { kind: "stream"; path: string }
);

export interface AppEnv {
  Bindings: Env;
  Variables: { principal: Principal; requestId: string; viewer?: Viewer };
}
