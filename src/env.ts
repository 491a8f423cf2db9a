// The one typed environment: bindings, vars and secrets, plus the per-request variables.
import type { SessionDO } from "../durable-objects/session/session-do";
import type { StreamDO } from "../durable-objects/stream/stream-do";
import type { Environment } from "./lib/ids";
import type { RuntimeConfig } from "./schemas/runtime";

export interface Env {
  DB: D1Database;
  SHARES: KVNamespace;
  /** Rate limit on share-code lookups per client ([[ratelimits]] in wrangler.template.toml; see src/lib/share-access.ts). */
  SHARE_LOOKUPS: RateLimit;
  SESSIONS: DurableObjectNamespace<SessionDO>;
  /** The viewer bundle (spa/dist), served as static assets. */
  ASSETS: Fetcher;
  /** One object per generic Durable Stream (/v1/stream/<path>), named "<project id>/<path>". */
  STREAMS: DurableObjectNamespace<StreamDO>;
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
  /** Secrets: model provider API keys for the managed runtime. */
  ANTHROPIC_API_KEY?: string;
  OPENAI_API_KEY?: string;
  /** Comma-separated base URLs the operator's provider keys may be sent to (default: the official endpoint). */
  ANTHROPIC_BASE_URLS?: string;
  OPENAI_BASE_URLS?: string;
  /** Longest a model provider may stay silent (before its response or between chunks), in ms. */
  PROVIDER_TIMEOUT_MS?: string;
  /** Secret: the key material for stored MCP server credentials (AES-GCM, see src/lib/credentials.ts). */
  SERVER_CREDENTIALS_KEY?: string;
  /** Development flag: "true" lets MCP servers and proxy_execute reach loopback hosts. Never set in deploy. */
  ALLOW_LOOPBACK_UPSTREAMS?: string;
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

/** Set when the caller is a share link's viewer rather than an API key. */
export interface Viewer {
  code: string;
  sessionId: string;
  canPrompt: boolean;
  upToOffset: string | null;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { principal: Principal; requestId: string; viewer?: Viewer };
}
