// The OAuth 2 authorization-code flow with PKCE (RFC 6749 §4.1, RFC 7636 S256) that connect links
// run for servers registered with OAuth settings: the authorize redirect, and the code exchange at
// the server's token endpoint (through the destinations guard, never following redirects).
import { z } from "zod";
import { ApiError } from "../lib/errors";
import { guardedFetch } from "../shared/destinations/guard";
import { randomBase62 } from "../shared/ids";
import type { OAuthSettings } from "../shared/schemas/servers";

const EXCHANGE_TIMEOUT_MS = 10_000;
/** RFC 7636 allows 43..128 characters from the unreserved set; base62 is a subset of it. */
const VERIFIER_CHARS = 64;

export const newCodeVerifier = () => randomBase62(VERIFIER_CHARS);

const base64Url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

export async function codeChallenge(verifier: string): Promise<string> {
  return base64Url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
}

export async function authorizeRedirect(
  settings: OAuthSettings,
  input: { callbackUrl: string; state: string; verifier: string; scopes: readonly string[] },
): Promise<string> {
  const url = new URL(settings.authorize_url);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", settings.client_id);
  url.searchParams.set("redirect_uri", input.callbackUrl);
  url.searchParams.set("state", input.state);
  url.searchParams.set("code_challenge", await codeChallenge(input.verifier));
  url.searchParams.set("code_challenge_method", "S256");
  const scopes = input.scopes.length > 0 ? input.scopes : settings.scopes;
  if (scopes.length > 0) url.searchParams.set("scope", scopes.join(" "));
  return url.toString();
}

const TokenResponse = z.object({
  access_token: z.string().min(1).max(8_192),
  token_type: z.string().max(64).optional(),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().max(8_192).optional(),
  scope: z.string().max(2_000).optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** What a token answer stores: the bearer header, the refresh token (a new one if rotated), and when the access token expires. */
export function tokenCredential(tokens: TokenResponse, previousRefreshToken?: string) {
  return {
    credential: { headers: { authorization: `Bearer ${tokens.access_token}` }, refresh_token: tokens.refresh_token ?? previousRefreshToken },
    expiresAt: tokens.expires_in ? new Date(Date.now() + tokens.expires_in * 1000).toISOString() : null,
  };
}

type OAuthClient = OAuthSettings & { client_secret: string | null };

/** Trades the authorization code for tokens (client_secret_post when the server has a client secret). */
export function exchangeCode(
  client: OAuthClient,
  input: { code: string; verifier: string; callbackUrl: string },
  allowLoopback: boolean,
): Promise<TokenResponse> {
  return tokenRequest(
    client,
    { grant_type: "authorization_code", code: input.code, redirect_uri: input.callbackUrl, code_verifier: input.verifier },
    allowLoopback,
  );
}

/** RFC 6749 §6: a new access token (and maybe a rotated refresh token) for a refresh token. */
export function refreshTokens(client: OAuthClient, refreshToken: string, allowLoopback: boolean): Promise<TokenResponse> {
  return tokenRequest(client, { grant_type: "refresh_token", refresh_token: refreshToken }, allowLoopback);
}

async function tokenRequest(settings: OAuthClient, grant: Record<string, string>, allowLoopback: boolean): Promise<TokenResponse> {
  const form = new URLSearchParams({ ...grant, client_id: settings.client_id });
  if (settings.client_secret) form.set("client_secret", settings.client_secret);
  let res: Response;
  try {
    res = await guardedFetch(allowLoopback)(settings.token_url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiError(502, "oauth_failed", `The token endpoint could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await res.text();
  if (!res.ok) {
    // RFC 6749 §5.2: {error, error_description}; only the code goes further, never the body.
    const code = z.object({ error: z.string().max(100) }).safeParse(safeJson(text));
    throw new ApiError(
      400,
      "oauth_failed",
      `The token endpoint refused the ${grant.grant_type} grant (${res.status}${code.success ? ` ${code.data.error}` : ""})`,
    );
  }
  const tokens = TokenResponse.safeParse(safeJson(text));
  if (!tokens.success) throw new ApiError(502, "oauth_failed", "The token endpoint's answer has no access_token");
  if (tokens.data.token_type && tokens.data.token_type.toLowerCase() !== "bearer") {
    throw new ApiError(502, "oauth_failed", `Unsupported token_type ${tokens.data.token_type}`);
  }
  return tokens.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
