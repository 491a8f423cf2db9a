// The one typed environment: bindings, vars and secrets, plus the per-request variables.
import type { SessionDO } from "../durable-objects/session/session-do";
import type { Environment } from "./lib/ids";
import type { RuntimeConfig } from "./schemas/runtime";

export interface Env {
  DB: D1Database;
  SHARES: KVNamespace;
  SESSIONS: DurableObjectNamespace<SessionDO>;
  /** dev | test | production */
  ENVIRONMENT: string;
  AUTH_CACHE_TTL_S: string;
  MAX_BODY_BYTES: string;
  /** Secret: protects POST /admin/organizations. Unset means the admin API is closed. */
  ADMIN_TOKEN?: string;
  /** Secrets: model provider API keys for the managed runtime. */
  ANTHROPIC_API_KEY?: string;
  OPENAI_API_KEY?: string;
  /** Longest a model provider may stay silent (before its response or between chunks), in ms. */
  PROVIDER_TIMEOUT_MS?: string;
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

export interface AppEnv {
  Bindings: Env;
  Variables: { principal: Principal; requestId: string };
}
