// A real OAuth 2 authorization server for end-to-end tests (RFC 6749 authorization code grant with
// RFC 7636 PKCE, S256 only) on node:http at 127.0.0.1. Its /authorize stands in for the user
// clicking "Allow": it checks the request and redirects straight back with a code. /token checks
// client, redirect_uri and code_verifier, answers RFC 6749 §5.2 errors, uses each code once, and
// takes refresh tokens (rotated on each use, §6).
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";

export interface LocalOAuthServer {
  origin: string;
  clientId: string;
  clientSecret: string;
  /** Access tokens issued so far, newest last. */
  issued: string[];
  /** Every /token request's form, for assertions on what the gateway sent. */
  tokenRequests: Array<Record<string, string>>;
  close(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

const base64Url = (bytes: Buffer) => bytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function readBody(request: IncomingMessage): Promise<string> {
  let body = "";
  request.setEncoding("utf8");
  for await (const chunk of request) body += String(chunk);
  return body;
}

/** `expiresInS`: the access tokens' lifetime it announces (expires_in). */
export async function startOAuthServer(options: { expiresInS?: number } = {}): Promise<LocalOAuthServer> {
  const refreshTokens = new Set<string>();
  const clientId = "gateway-e2e";
  const clientSecret = base64Url(randomBytes(18));
  const codes = new Map<string, PendingCode>();
  const issued: string[] = [];
  const tokenRequests: Array<Record<string, string>> = [];
  let origin = "";

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    const fail = (status: number, error: string) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error }));
    const issue = (scope: string) => {
      const token = `at_${base64Url(randomBytes(18))}`;
      const refresh = `rt_${base64Url(randomBytes(18))}`;
      issued.push(token);
      refreshTokens.add(refresh);
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: options.expiresInS ?? 3600, refresh_token: refresh, scope }));
    };
    if (request.method === "GET" && url.pathname === "/authorize") {
      const q = Object.fromEntries(url.searchParams);
      if (q.response_type !== "code" || q.client_id !== clientId || !q.redirect_uri || !q.state) return void fail(400, "invalid_request");
      if (q.code_challenge_method !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge ?? "")) return void fail(400, "invalid_request");
      const code = base64Url(randomBytes(16));
      codes.set(code, { clientId, redirectUri: q.redirect_uri, challenge: q.code_challenge ?? "", scope: q.scope ?? "" });
      const back = new URL(q.redirect_uri);
      back.searchParams.set("code", code);
      back.searchParams.set("state", q.state);
      return void response.writeHead(302, { location: back.toString() }).end();
    }
    if (request.method === "POST" && url.pathname === "/token") {
      void readBody(request).then((body) => {
        const form = Object.fromEntries(new URLSearchParams(body));
        tokenRequests.push(form);
        if (request.headers["content-type"] !== "application/x-www-form-urlencoded") return fail(400, "invalid_request");
        if (form.client_id !== clientId || form.client_secret !== clientSecret) return fail(401, "invalid_client");
        if (form.grant_type === "refresh_token") {
          if (!refreshTokens.delete(form.refresh_token ?? "")) return fail(400, "invalid_grant");
          return issue("");
        }
        if (form.grant_type !== "authorization_code") return fail(400, "unsupported_grant_type");
        const pending = codes.get(form.code ?? "");
        codes.delete(form.code ?? "");
        if (!pending || pending.redirectUri !== form.redirect_uri) return fail(400, "invalid_grant");
        const challenge = base64Url(
          createHash("sha256")
            .update(form.code_verifier ?? "")
            .digest(),
        );
        if (challenge !== pending.challenge) return fail(400, "invalid_grant");
        issue(pending.scope);
      });
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("OAuth server has no port");
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    clientId,
    clientSecret,
    issued,
    tokenRequests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
