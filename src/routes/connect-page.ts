// The hosted connect page a connect link opens (no API key: the link token is the capability).
// Key-based servers: the viewer app asks for the server's secret fields and posts them here.
// OAuth servers: a redirect to the server's authorize URL (PKCE S256, state = the link token), and
// the callback that exchanges the code. Either way the user lands on redirect_uri?status=connected.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { completeConnectLink, openConnectLink, openVerifier, rememberVerifier, type OpenLink } from "../db/connections";
import { getServer, openOAuthClient } from "../db/servers";
import type { AppEnv } from "../env";
import { secretHeaders } from "../lib/connect-secrets";
import { ApiError } from "../lib/errors";
import { publicOrigin } from "../lib/public-origin";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { authorizeRedirect, exchangeCode, newCodeVerifier, tokenCredential } from "../services/oauth";
import { loopbackAllowed } from "../shared/destinations/guard";
import { ConnectPageDone, ConnectPageInfo, ConnectPageSubmit } from "../shared/schemas/connections";
import { viewerHeaders } from "./viewer";
import { errorPage } from "./viewer-error-page";

const TokenParam = z.object({ token: z.string().max(100) });
export const connectPage = createRouter();

const callbackUrl = (c: Context<AppEnv>) => `${publicOrigin(c.env, c.req.url)}/connect/callback`;

function landing(link: OpenLink, outcome: { status: "connected" } | { status: "error"; error: string }): string {
  const url = new URL(link.redirectUri);
  url.searchParams.set("status", outcome.status);
  if (outcome.status === "error") url.searchParams.set("error", outcome.error);
  else url.searchParams.set("connection_id", link.connection.id);
  return url.toString();
}

/** A link that cannot be used renders the friendly page: there is nowhere trustworthy to redirect to. */
function refusalPage(c: Context<AppEnv>, error: unknown) {
  if (!(error instanceof ApiError)) throw error;
  return c.html(errorPage(error.status === 410 ? "gone" : "missing", error.message), error.status === 410 ? 410 : 404);
}

// Before /connect/:token, so "callback" is never read as a token.
connectPage.get("/connect/callback", viewerHeaders, async (c) => {
  c.header("cache-control", "no-store");
  let link: OpenLink;
  try {
    link = await openConnectLink(c.env.DB, c.req.query("state") ?? "");
  } catch (error) {
    return refusalPage(c, error);
  }
  const denied = c.req.query("error");
  if (denied) return c.redirect(landing(link, { status: "error", error: denied.slice(0, 100) }), 302);
  const code = c.req.query("code");
  const verifier = await openVerifier(c.env, link);
  const client = await openOAuthClient(c.env, link.connection.project_id, link.connection.server_id);
  // No verifier means this state never went out through our redirect: refuse rather than exchange.
  if (!code || !verifier || !client) return c.redirect(landing(link, { status: "error", error: "invalid_request" }), 302);
  try {
    const tokens = await exchangeCode(client, { code, verifier, callbackUrl: callbackUrl(c) }, loopbackAllowed(c.env));
    const { credential, expiresAt } = tokenCredential(tokens);
    await completeConnectLink(c.env, link, credential, {
      metadata: { ...(tokens.scope ? { scope: tokens.scope } : {}), token_type: tokens.token_type ?? "bearer" },
      expiresAt,
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 410) return refusalPage(c, error);
    return c.redirect(landing(link, { status: "error", error: error.code }), 302);
  }
  return c.redirect(landing(link, { status: "connected" }), 302);
});

/** Where links made without a return_to land: the viewer app says connected (or why not). */
connectPage.get("/connect/done", viewerHeaders, async (c) => {
  const page = await c.env.ASSETS.fetch(new URL("/index.html", c.req.url));
  return c.html(await page.text(), 200);
});

connectPage.get("/connect/:token", viewerHeaders, async (c) => {
  c.header("cache-control", "no-store");
  let link: OpenLink;
  try {
    link = await openConnectLink(c.env.DB, c.req.param("token"));
  } catch (error) {
    return refusalPage(c, error);
  }
  if (link.connection.auth_type === "oauth") {
    const client = await openOAuthClient(c.env, link.connection.project_id, link.connection.server_id);
    if (!client) return c.html(errorPage("missing", "This server is not set up for OAuth connections"), 404);
    const verifier = newCodeVerifier();
    await rememberVerifier(c.env, link, verifier);
    return c.redirect(await authorizeRedirect(client, { callbackUrl: callbackUrl(c), state: c.req.param("token"), verifier, scopes: link.scopes }), 302);
  }
  const page = await c.env.ASSETS.fetch(new URL("/index.html", c.req.url));
  return c.html(await page.text(), 200);
});

connectPage.openapi(
  createRoute({
    method: "get",
    path: "/api/connect/{token}",
    tags: ["Connections"],
    summary: "What the hosted connect page shows: the server and the secret fields it asks for",
    request: { params: TokenParam },
    responses: { 200: json(ConnectPageInfo, "The link's server and fields"), 404: ERR[404], 410: ERR[410] },
  }),
  async (c) => {
    const link = await openConnectLink(c.env.DB, c.req.valid("param").token);
    const server = await getServer(c.env.DB, link.connection.project_id, link.connection.server_id);
    c.header("cache-control", "no-store");
    return c.json(
      {
        server: { id: server.id, name: server.name, auth_type: server.auth_type },
        fields: server.connect_fields.map((field) => ({ name: field.name, label: field.label ?? field.name, hint: field.hint ?? null })),
        expires_at: link.connection.expires_at ?? "",
      },
      200,
    );
  },
);

connectPage.openapi(
  createRoute({
    method: "post",
    path: "/api/connect/{token}",
    tags: ["Connections"],
    summary: "Submit the secret fields of a connect link (once); answers where to send the user next",
    request: { params: TokenParam, ...jsonBody(ConnectPageSubmit) },
    responses: { 200: json(ConnectPageDone, "Connected"), 400: ERR[400], 404: ERR[404], 410: ERR[410] },
  }),
  async (c) => {
    const link = await openConnectLink(c.env.DB, c.req.valid("param").token);
    if (link.connection.auth_type === "oauth") throw new ApiError(400, "validation_failed", "This server connects through OAuth: open the link instead");
    const server = await getServer(c.env.DB, link.connection.project_id, link.connection.server_id);
    await completeConnectLink(c.env, link, { headers: secretHeaders(server.connect_fields, c.req.valid("json").secrets) });
    c.header("cache-control", "no-store");
    return c.json({ redirect_url: landing(link, { status: "connected" }) }, 200);
  },
);
