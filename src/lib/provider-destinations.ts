// Where a model call may go, and with whose key. The operator's keys (ANTHROPIC_API_KEY,
// OPENAI_API_KEY) go only to operator-approved base URLs: the providers' official endpoints, or the
// list in ANTHROPIC_BASE_URLS / OPENAI_BASE_URLS, plus loopback under ALLOW_LOOPBACK_UPSTREAMS. A
// project that stored its own key may choose any base URL the destinations guard allows. Checked
// when a runtime is set (session create, project PATCH) and again before every model call.
import type { Env } from "../env";
import type { NetworkProvider } from "../schemas/provider-keys";
import type { RuntimeConfig } from "../schemas/runtime";
import { ApiError } from "./errors";
import { checkUpstream, loopbackAllowed } from "./upstream-guard";

export const OFFICIAL_BASE_URLS: Record<NetworkProvider, string> = {
  anthropic: "https://api.anthropic.com",
  openai: "https://api.openai.com",
};

const ALLOWLIST_VARS = { anthropic: "ANTHROPIC_BASE_URLS", openai: "OPENAI_BASE_URLS" } as const;

export type Destination = { ok: true; credential: "operator" | "project" } | { ok: false; code: "provider_url_not_allowed"; message: string };

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The operator-approved base URLs for a provider: the configured list (comma-separated), else the official one. */
export function approvedBaseUrls(env: Pick<Env, "ANTHROPIC_BASE_URLS" | "OPENAI_BASE_URLS">, provider: NetworkProvider): string[] {
  const configured = (env[ALLOWLIST_VARS[provider]] ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  return configured.length > 0 ? configured : [OFFICIAL_BASE_URLS[provider]];
}

/** Same origin, and the path at or below the approved one ("https://host/v1" approves "https://host/v1/..."). */
function isUnder(url: URL, approved: string): boolean {
  const base = parseUrl(approved);
  if (!base || base.origin !== url.origin) return false;
  const prefix = base.pathname.replace(/\/+$/, "");
  return prefix === "" || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
}

const refused = (message: string): Destination => ({ ok: false, code: "provider_url_not_allowed", message });

/** Whether a call to `provider` at `baseUrl` (undefined: the official endpoint) may be made, and with whose key. */
export function providerDestination(
  env: Pick<Env, "ANTHROPIC_BASE_URLS" | "OPENAI_BASE_URLS" | "ALLOW_LOOPBACK_UPSTREAMS">,
  provider: NetworkProvider,
  baseUrl: string | undefined,
  projectHasKey: boolean,
): Destination {
  const url = parseUrl(baseUrl ?? OFFICIAL_BASE_URLS[provider]);
  if (!url) return refused(`${baseUrl} is not a URL`);
  if (projectHasKey) {
    const verdict = checkUpstream(url, loopbackAllowed(env));
    return verdict.ok ? { ok: true, credential: "project" } : refused(`The ${provider} base URL is not allowed: ${verdict.reason}`);
  }
  if (baseUrl === undefined) return { ok: true, credential: "operator" };
  const devLoopback = loopbackAllowed(env) && checkUpstream(url, true).ok && !checkUpstream(url, false).ok;
  if (devLoopback || approvedBaseUrls(env, provider).some((approved) => isUnder(url, approved))) return { ok: true, credential: "operator" };
  return refused(
    `The gateway's ${provider} key is sent only to ${approvedBaseUrls(env, provider).join(", ")}. ` +
      `To use ${url.origin}, store the project's own ${provider} key first (PUT /v1/projects/{id}/provider-keys/${provider}).`,
  );
}

/** For routes that set a runtime: 400 provider_url_not_allowed before any traffic, else nothing. */
export async function assertRuntimeDestination(
  env: Pick<Env, "ANTHROPIC_BASE_URLS" | "OPENAI_BASE_URLS" | "ALLOW_LOOPBACK_UPSTREAMS">,
  runtime: RuntimeConfig,
  projectHasKey: (provider: NetworkProvider) => Promise<boolean>,
): Promise<void> {
  if (runtime.type !== "managed" || runtime.provider === undefined || runtime.provider === "local") return;
  const destination = providerDestination(env, runtime.provider, runtime.base_url, await projectHasKey(runtime.provider));
  if (!destination.ok) throw new ApiError(400, destination.code, destination.message);
}
