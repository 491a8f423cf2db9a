// Share links: create, list, revoke, expiry, the viewer page and its errors, and viewer-token scope
// (a read token cannot prompt; a token for one session cannot touch another).
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PromptAccepted } from "../../src/shared/schemas/queue";
import { ShareLink, ShareList, ViewerToken } from "../../src/shared/schemas/shares";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { expireShare } from "../helpers/worker-log";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { SseEvents } from "../helpers/worker-stream";
import { VIEWER_SHARE_RECHECK_MS } from "../../src/services/share-access";

async function sharedSession(body: Record<string, unknown> = { mode: "live", can_prompt: true }) {
  const tenant = await createTenant();
  const session = await createSession(tenant.key);
  const share = await expectJson(await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body }), 201, ShareLink);
  return { tenant, session, share };
}

const exchange = (code: string) => SELF.fetch(`http://gateway.test/api/shares/${code}/token`, { method: "POST" });
const asViewer = (token: string, method: string, path: string, body?: unknown) =>
  SELF.fetch(`http://gateway.test${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("share links", () => {
  it("creates an unguessable code with a URL and lists it", async () => {
    const { tenant, session, share } = await sharedSession();
    expect(share.code).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(share.url).toBe(`http://gateway.test/s/${share.code}`);
    expect(share).toMatchObject({ mode: "live", can_prompt: true, revoked_at: null });
    expect(Date.parse(share.expires_at) - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
    const list = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/shares`), 200, ShareList);
    expect(list.shares.map((s) => s.code)).toEqual([share.code]);
  });

  it("validates the body", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body: { mode: "forever" } }), 400, "validation_failed");
    await expectError(
      await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body: { mode: "live", expires_in_s: 5 } }),
      400,
      "validation_failed",
    );
  });

  it("exchanges a code for a short-lived token scoped to its session", async () => {
    const { session, share } = await sharedSession({ mode: "live", can_prompt: true });
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    expect(token).toMatchObject({ sessionId: session.id, scope: "read prompt", mode: "live", canPrompt: true, upToOffset: null });
    expect(token.expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(token.expiresAt - Date.now()).toBeGreaterThan(14 * 60 * 1000);
    const accepted = await expectJson(
      await asViewer(token.token, "POST", `/v1/sessions/${session.id}/prompts`, { text: "from a viewer", user: { name: "Viewer" } }),
      202,
      PromptAccepted,
    );
    expect(accepted.status).toBe("queued");
  });

  it("a read token cannot prompt, and no token reaches another session or the rest of the API", async () => {
    const { tenant, session, share } = await sharedSession({ mode: "live" });
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    expect(token.scope).toBe("read");
    await expectError(await asViewer(token.token, "POST", `/v1/sessions/${session.id}/prompts`, { text: "nope" }), 403, "forbidden");
    const other = await createSession(tenant.key);
    await expectError(await asViewer(token.token, "GET", `/v1/sessions/${other.id}/events`), 401, "unauthorized");
    await expectError(await asViewer(token.token, "GET", `/v1/sessions/${session.id}`), 401, "unauthorized");
    await expectError(await asViewer(token.token, "GET", "/v1/projects"), 401, "unauthorized");
    await expectError(await asViewer(`${token.token}x`, "GET", `/v1/sessions/${session.id}/events`), 401, "unauthorized");
  });

  it("revokes at once: the token exchange and the viewer's next request fail", async () => {
    const { tenant, session, share } = await sharedSession();
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/shares/${share.code}`));
    await expectError(await asViewer(token.token, "POST", `/v1/sessions/${session.id}/prompts`, { text: "late" }), 401, "share_inactive");
    await expectError(await exchange(share.code), 410, "share_revoked");
    expect((await SELF.fetch(`http://gateway.test/s/${share.code}`)).status).toBe(410);
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/shares/${share.code}`));
    const list = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/shares`), 200, ShareList);
    expect(list.shares[0]?.revoked_at).not.toBeNull();
  });

  it("ends an open viewer stream as soon as the share is revoked, not at the next periodic check", async () => {
    const { tenant, session, share } = await sharedSession({ mode: "live" });
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    const events = SseEvents.of(await asViewer(token.token, "GET", `/v1/sessions/${session.id}/events?offset=-1&live=sse`));
    await events.until((event) => event.type === "control");
    // Let the stream's live subscription come up, so the revocation reaches it as a frame.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const revokedAt = Date.now();
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/shares/${share.code}`));
    await events.until(() => false, VIEWER_SHARE_RECHECK_MS * 2);
    expect(events.done).toBe(true);
    expect(Date.now() - revokedAt).toBeLessThan(VIEWER_SHARE_RECHECK_MS / 2);
  });

  it("another tenant cannot revoke a share", async () => {
    const { share } = await sharedSession();
    const stranger = await createTenant("Stranger");
    await expectError(await call(stranger.key, "DELETE", `/v1/shares/${share.code}`), 404, "share_not_found");
    expect((await exchange(share.code)).status).toBe(200);
  });

  it("expired shares answer 410 and their page says so", async () => {
    const { tenant, session, share } = await sharedSession();
    await expireShare(tenant.projectId, session.id, share.code);
    await expectError(await exchange(share.code), 410, "share_expired");
    const page = await SELF.fetch(`http://gateway.test/s/${share.code}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("This link has expired");
  });

  it("a snapshot share is bound to the offset at which it was made", async () => {
    const { share } = await sharedSession({ mode: "snapshot" });
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    expect(token.mode).toBe("snapshot");
    expect(token.upToOffset).toMatch(/^\d{16}_\d{16}$/);
  });

  it("a snapshot token reads nothing past its bound: the log looks closed there", async () => {
    const { tenant, session, share } = await sharedSession({ mode: "snapshot" });
    const sent = await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, {
      body: { message: "after the snapshot" },
      headers: { accept: "application/json" },
    });
    expect(sent.status).toBe(200);
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    const page = await asViewer(token.token, "GET", `/v1/sessions/${session.id}/events?offset=-1`);
    expect(page.status).toBe(200);
    expect(page.headers.get("stream-next-offset")).toBe(token.upToOffset);
    expect(page.headers.get("stream-closed")).toBe("true");
    const events = await page.json<Array<{ type: string; offset: string }>>();
    expect(events.map((event) => event.type)).toEqual(["session_init"]);
    expect(events.at(-1)?.offset).toBe(token.upToOffset);
    const sse = await (await asViewer(token.token, "GET", `/v1/sessions/${session.id}/events?offset=-1&live=sse`)).text();
    expect(sse).toContain('"streamClosed":true');
    expect(sse).not.toContain("after the snapshot");
    const owner = await call(tenant.key, "GET", `/v1/sessions/${session.id}/events?offset=-1`);
    expect(JSON.stringify(await owner.json())).toContain("after the snapshot");
  });

  it("serves the viewer with a strict policy, and a friendly 404 for unknown codes", async () => {
    const { share } = await sharedSession();
    const page = await SELF.fetch(`http://gateway.test/s/${share.code}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await page.text()).toContain('<div id="root">');
    const missing = await SELF.fetch("http://gateway.test/s/doesNotExist1");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Link not found");
    // An address cut off before its code is the same page, never the API's JSON.
    for (const path of ["/s", "/s/"]) {
      const cut = await SELF.fetch(`http://gateway.test${path}`);
      expect(cut.status).toBe(404);
      expect(cut.headers.get("content-type")).toContain("text/html");
      expect(cut.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(await cut.text()).toContain("This address has no share code");
    }
  });
});
