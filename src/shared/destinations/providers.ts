// Where a model call may go, and with whose key. The operator's keys (ANTHROPIC_API_KEY,
// OPENAI_API_KEY) go only to operator-approved base URLs: the providers' official endpoints, or the
// list in ANTHROPIC_BASE_URLS / OPENAI_BASE_URLS, plus loopback under ALLOW_LOOPBACK_UPSTREAMS. A
// project that stored its own key may choose any base URL the destinations guard allows. Checked
// when a runtime is set (session create, project PATCH) and again before every model call.
import type { NetworkProvider } from "../schemas/provider-keys";
import { checkUpstream, loopbackAllowed, type LoopbackFlag } from "./guard";
import { parseUrl } from "../urls";

export const OFFICIAL_BASE_URLS: Record<NetworkProvider, string> = {
  anthropic: "https://api.anthropic.com",
  openai: "https://api.openai.com",
};

const ALLOWLIST_VARS = { anthropic: "ANTHROPIC_BASE_URLS", openai: "OPENAI_BASE_URLS" } as const;

/** The settings the rule reads, from the Worker's or an object's environment. */
export interface ProviderDestinationEnv extends LoopbackFlag {
  ANTHROPIC_BASE_URLS?: string;
  OPENAI_BASE_URLS?: string;
}

export type Destination = { ok: true; credential: "operator" | "project" } | { ok: false; code: "provider_url_not_allowed"; message: string };

/** The operator-approved base URLs for a provider: the configured list (comma-separated), else the official one. */
export function approvedBaseUrls(env: ProviderDestinationEnv, provider: NetworkProvider): string[] {
  const configured = (env[ALLOWLIST_VARS[provider]] ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
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
export function providerDestination(env: ProviderDestinationEnv, provider: NetworkProvider, baseUrl: string | undefined, projectHasKey: boolean): Destination {
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
