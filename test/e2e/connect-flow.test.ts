// The connect-link flow as the SDK drives it, over real HTTP: create a session for a user,
// session.authorize (POST /v1/connect/start), the end user completes the page (an OAuth 2 server
// with PKCE here, the secret form for a key-based server), waitForConnections (poll the session's
// connections every second until every server is connected), then execute with that user's
// credential -> paymentStatusStream (pending, then succeeded when the provider's signed webhook
// arrives); revocation stops the credential at once. PKCE and state mix-ups are refused.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConnectionRow, ConnectLink, ConnectPageDone } from "../../src/shared/schemas/connections";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { PaymentStatusResult } from "../../src/shared/schemas/tool-status";
import { Connections, ToolResult } from "../../src/shared/schemas/tools";
import { api, apiJson, apiKey, baseUrl } from "../helpers/e2e-api";
import { startMcpServer, type LocalMcpServer } from "../helpers/e2e-mcp-server";
import { startOAuthServer, type LocalOAuthServer } from "../helpers/e2e-oauth-server";
import { FrameReader } from "../helpers/sse-frames";

const suffix = Date.now().toString(36);
const OAUTH_ID = `oauth-${suffix}`;
const SHORT_ID = `short-${suffix}`;
const KEY_ID = `keyed-${suffix}`;
const USER_KEY = "user-key-0123456789";
const REDIRECT = "http://localhost:5999/connected";
const WEBHOOK_SECRET = "whsec_connect_flow_0123456789";

let oauth: LocalOAuthServer;
/** Issues access tokens that expire within the gateway's refresh margin, so every use refreshes first. */
let shortLived: LocalOAuthServer;
let mcp: LocalMcpServer;

const connections = (sessionId: string) => apiJson(Connections, "GET", `/v1/sessions/${sessionId}/connections`);
const execute = (sessionId: string, tool: string, input: unknown) => apiJson(ToolResult, "POST", `/v1/sessions/${sessionId}/execute`, { tool, input });
const authorize = (serverId: string, userId: string) =>
  apiJson(ConnectLink, "POST", "/v1/connect/start", { server_id: serverId, user_id: userId, redirect_uri: REDIRECT, scopes: ["tools"] });
const hop = (url: string) => fetch(url, { redirect: "manual" });
const location = (res: Response) => new URL(res.headers.get("location") ?? "about:blank");

/** What the SDK's waitForConnections does: poll every second until every server is connected. */
async function waitForConnections(sessionId: string, timeoutMs = 15_000): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const { servers } = await connections(sessionId);
    if (servers.length > 0 && servers.every((server) => server.connected)) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

/** The end user's browser through the OAuth consent: gateway page -> authorize -> callback -> the app. */
async function consent(link: { authorize_url: string }): Promise<URL> {
  const toProvider = await hop(link.authorize_url);
  const toCallback = await hop(location(toProvider).toString());
  return location(await hop(location(toCallback).toString()));
}

beforeAll(async () => {
  oauth = await startOAuthServer();
  shortLived = await startOAuthServer({ expiresInS: 30 });
  // The MCP server takes the OAuth servers' current access tokens, or the key-based user's key.
  const live = (token: string) => [...oauth.issued, ...shortLived.issued.slice(-1)].includes(token);
  mcp = await startMcpServer({
    payments: true,
    accepts: (header) => header === `Bearer ${USER_KEY}` || (header?.startsWith("Bearer ") === true && live(header.slice(7))),
  });
  const server = (id: string, body: Record<string, unknown>) =>
    apiJson(z.unknown(), "POST", "/v1/servers", { id, name: id, url: `${mcp.origin}/mcp`, ...body });
  await server(OAUTH_ID, {
    auth_type: "oauth",
    oauth: { authorize_url: `${oauth.origin}/authorize`, token_url: `${oauth.origin}/token`, client_id: oauth.clientId, client_secret: oauth.clientSecret },
  });
  await server(KEY_ID, { auth_type: "api_key", webhook_secret: WEBHOOK_SECRET });
  await server(SHORT_ID, {
    auth_type: "oauth",
    oauth: {
      authorize_url: `${shortLived.origin}/authorize`,
      token_url: `${shortLived.origin}/token`,
      client_id: shortLived.clientId,
      client_secret: shortLived.clientSecret,
    },
  });
});

afterAll(async () => {
  for (const id of [OAUTH_ID, KEY_ID, SHORT_ID]) await api("DELETE", `/v1/servers/${id}`);
  await mcp.close();
  await oauth.close();
  await shortLived.close();
});

describe("connect links end to end", () => {
  it("runs create -> authorize -> OAuth consent -> waitForConnections -> execute with the user's token -> revoke", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [OAUTH_ID], user_id: "alice" });
    expect(session.user_id).toBe("alice");
    expect((await connections(session.id)).servers[0]?.connected).toBe(false);

    const link = await authorize(OAUTH_ID, session.user_id);
    expect(link.authorize_url).toBe(`${baseUrl}/connect/${link.link_token}`);
    const toProvider = await hop(link.authorize_url);
    expect(toProvider.status).toBe(302);
    expect(location(toProvider).origin).toBe(oauth.origin);
    const toCallback = await hop(location(toProvider).toString());
    expect(location(toCallback).pathname).toBe("/connect/callback");
    const toApp = await hop(location(toCallback).toString());
    expect(toApp.status).toBe(302);
    const landing = location(toApp);
    expect(`${landing.origin}${landing.pathname}`).toBe(REDIRECT);
    expect(landing.searchParams.get("status")).toBe("connected");

    // The gateway sent the code with the verifier, its client secret and the same redirect_uri.
    expect(oauth.tokenRequests.at(-1)).toMatchObject({
      grant_type: "authorization_code",
      client_id: oauth.clientId,
      redirect_uri: `${baseUrl}/connect/callback`,
    });
    expect(await waitForConnections(session.id)).toBe(true);

    const echoed = await execute(session.id, `${OAUTH_ID}/echo`, { message: "hi" });
    expect(echoed).toMatchObject({ success: true });
    const token = oauth.issued.at(-1);
    expect(mcp.requests.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);

    const row = await apiJson(ConnectionRow, "GET", `/v1/connections/${link.connection_id}`);
    expect(row).toMatchObject({ status: "connected", user_id: "alice", auth_type: "oauth", metadata: { scope: "tools", token_type: "Bearer" } });
    expect(JSON.stringify(row)).not.toContain(token ?? "missing");

    // Replaying the callback (same code and state) finds the link used.
    expect((await hop(location(toCallback).toString())).status).toBe(410);

    await apiJson(ConnectionRow, "POST", `/v1/connections/${link.connection_id}/revoke`, {});
    expect((await connections(session.id)).servers[0]?.connected).toBe(false);
    const refused = await execute(session.id, `${OAUTH_ID}/echo`, { message: "again" });
    expect(refused.success).toBe(false);
    expect(refused.error).toMatch(/connect the server first/);
  });

  it("does not exchange a code under another link's state: the PKCE verifier does not match and the link stays pending", async () => {
    const first = await authorize(OAUTH_ID, "bob");
    const second = await authorize(OAUTH_ID, "bob");
    const codeForFirst = location(await hop(location(await hop(first.authorize_url)).toString())).searchParams.get("code") ?? "";
    await hop(second.authorize_url); // the second link's redirect went out, so it has a verifier of its own
    const swapped = await hop(`${baseUrl}/connect/callback?code=${codeForFirst}&state=${second.link_token}`);
    expect(Object.fromEntries(location(swapped).searchParams)).toEqual({ status: "error", error: "oauth_failed" });
    expect((await apiJson(ConnectionRow, "GET", `/v1/connections/${second.connection_id}`)).status).toBe("pending");
  });

  it("refreshes an access token about to expire before calling the server with it", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [SHORT_ID], user_id: "erin" });
    const link = await authorize(SHORT_ID, "erin");
    expect((await consent(link)).searchParams.get("status")).toBe("connected");
    const first = shortLived.issued.at(-1);
    expect(await execute(session.id, `${SHORT_ID}/echo`, { message: "fresh" })).toMatchObject({ success: true });
    // The token from the consent expired within the margin: the gateway traded the refresh token first.
    expect(shortLived.tokenRequests.at(-1)).toMatchObject({ grant_type: "refresh_token", client_id: shortLived.clientId });
    const refreshed = shortLived.issued.at(-1);
    expect(refreshed).not.toBe(first);
    expect(mcp.requests.at(-1)?.headers.authorization).toBe(`Bearer ${refreshed}`);
    const row = await apiJson(ConnectionRow, "GET", `/v1/connections/${link.connection_id}`);
    expect(row.status).toBe("connected");
  });

  it("connects a key-based server through the hosted page and calls it with the user's key", async () => {
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [KEY_ID], user_id: "carol" });
    const link = await authorize(KEY_ID, "carol");
    const page = await hop(link.authorize_url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const submitted = await fetch(`${baseUrl}/api/connect/${link.link_token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secrets: { api_key: USER_KEY } }),
    });
    const done = ConnectPageDone.parse(await submitted.json());
    expect(new URL(done.redirect_url).searchParams.get("status")).toBe("connected");
    expect(await waitForConnections(session.id)).toBe(true);
    expect(await execute(session.id, `${KEY_ID}/add`, { a: 2, b: 3 })).toMatchObject({ success: true, data: { sum: 5 } });
    expect(mcp.requests.at(-1)?.headers.authorization).toBe(`Bearer ${USER_KEY}`);

    // session.paymentStatusStream: the SDK reads `snapshot` first, then `update`s, until `done`.
    const payment = await execute(session.id, `${KEY_ID}/create_payment`, { amount: 42 });
    expect(payment).toMatchObject({ success: true, data: { status: "PENDING" } });
    const headers = { authorization: `Bearer ${apiKey}`, accept: "text/event-stream" };
    const stream = new FrameReader(await fetch(`${baseUrl}/v1/tool-calls/${payment.tool_call_id}/payment-status/stream`, { headers }));
    const snapshot = await stream.next();
    expect(snapshot).toMatchObject({ kind: "event", event: "snapshot" });
    expect(PaymentStatusResult.parse(snapshot?.kind === "event" ? snapshot.data : null)).toMatchObject({
      payment_status: "pending",
      original_status: "PENDING",
    });
    const key = z.object({ idempotency_key: z.string() }).parse(payment.data).idempotency_key;
    const body = JSON.stringify({ id: `evt_${key}`, event: "PAYMENT_RECEIVED", payment: { id: "pay_e2e_1", status: "RECEIVED", externalReference: key } });
    const delivered = await fetch(`${baseUrl}/v1/webhooks/inbound/${KEY_ID}/${link.connection_id}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-webhook-signature": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}` },
      body,
    });
    expect(delivered.status, await delivered.clone().text()).toBe(200);
    let update = await stream.next();
    while (update?.kind === "comment") update = await stream.next();
    expect(update).toMatchObject({ kind: "event", event: "update", data: { tool_call_id: payment.tool_call_id, payment_status: "succeeded" } });
    let finished = await stream.next(15_000);
    while (finished?.kind === "comment") finished = await stream.next(15_000);
    expect(finished).toMatchObject({ kind: "event", event: "done" });
    expect(await stream.next()).toBeNull();

    // Another user of the same project has no connection, so the server is not connected for them.
    const other = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [KEY_ID], user_id: "dave" });
    expect((await connections(other.id)).servers[0]?.connected).toBe(false);
  });
});
