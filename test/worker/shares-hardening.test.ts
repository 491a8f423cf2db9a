// Share-link hardening: an expired link still says "expired" (410) long after its expiry, a
// snapshot link can never prompt, and a viewer's display name is bounded for every caller.
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SHARE_ROUTE_RETENTION_S } from "../../src/db/share-codes";
import { PromptAccepted } from "../../src/shared/schemas/queue";
import { ShareLink, ViewerToken } from "../../src/shared/schemas/shares";
import { expectError, expectJson } from "../helpers/worker-assert";
import { expireShare, sessionObject } from "../helpers/worker-log";
import { call, createSession, createTenant } from "../helpers/worker-api";

async function sharedSession(body: Record<string, unknown>) {
  const tenant = await createTenant();
  const session = await createSession(tenant.key);
  const res = await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body });
  return { tenant, session, res };
}

const exchange = (code: string) => SELF.fetch(`http://gateway.test/api/shares/${code}/token`, { method: "POST" });
const asViewer = (token: string, path: string, body: unknown) =>
  SELF.fetch(`http://gateway.test${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("expired share links", () => {
  it("keep their KV route for the retention period after expiry, so the link answers 410 rather than 404", async () => {
    const { tenant, session, res } = await sharedSession({ mode: "live", expires_in_s: 60 });
    const share = await expectJson(res, 201, ShareLink);
    const listed = await env.SHARES.list({ prefix: `share:${share.code}` });
    const expiresAtS = Date.parse(share.expires_at) / 1000;
    // KV deletes the route at `expiration`; it must outlive the share by the retention period.
    expect(listed.keys[0]?.expiration ?? 0).toBeGreaterThanOrEqual(Math.floor(expiresAtS + SHARE_ROUTE_RETENTION_S) - 5);

    // Past its expiry (driven through the object, not by sleeping): both doors say expired.
    await expireShare(tenant.projectId, session.id, share.code);
    await expectError(await exchange(share.code), 410, "share_expired");
    const page = await SELF.fetch(`http://gateway.test/s/${share.code}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("This link has expired");
  });

  it("a revoked link stays 410 share_revoked", async () => {
    const { tenant, res } = await sharedSession({ mode: "live", expires_in_s: 60 });
    const share = await expectJson(res, 201, ShareLink);
    expect((await call(tenant.key, "DELETE", `/v1/shares/${share.code}`)).status).toBe(204);
    await expectError(await exchange(share.code), 410, "share_revoked");
    const page = await SELF.fetch(`http://gateway.test/s/${share.code}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("This link was revoked");
  });
});

describe("snapshot shares", () => {
  it("refuses a snapshot share that would allow prompts", async () => {
    const { res } = await sharedSession({ mode: "snapshot", can_prompt: true });
    const body = await expectError(res, 400, "validation_failed");
    expect(body.message).toMatch(/snapshot/i);
    expect(body.message).toContain("can_prompt");
  });

  it("never grants the prompt scope to a snapshot share stored before the check", async () => {
    const { tenant, session, res } = await sharedSession({ mode: "snapshot" });
    const share = await expectJson(res, 201, ShareLink);
    await runInDurableObject(sessionObject(tenant.projectId, session.id), (_instance, state) => {
      state.storage.sql.exec("UPDATE shares SET can_prompt = 1 WHERE code = ?", share.code);
    });
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    expect(token).toMatchObject({ mode: "snapshot", scope: "read", canPrompt: false });
    await expectError(await asViewer(token.token, `/v1/sessions/${session.id}/prompts`, { text: "hi" }), 403, "forbidden");
  });
});

describe("display names", () => {
  const prompt = (key: string, sessionId: string, name: string) =>
    call(key, "POST", `/v1/sessions/${sessionId}/prompts`, { body: { text: "hello", user: { name } } });

  it("bounds a prompt's user name for API keys: 1..64 characters after trim, no control characters", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await expectError(await prompt(tenant.key, session.id, "x".repeat(10_000)), 400, "validation_failed");
    await expectError(await prompt(tenant.key, session.id, "x".repeat(65)), 400, "validation_failed");
    await expectError(await prompt(tenant.key, session.id, "   "), 400, "validation_failed");
    await expectError(await prompt(tenant.key, session.id, "Eve\u0000"), 400, "validation_failed");
    await expectError(await prompt(tenant.key, session.id, "Eve\u001b[2J"), 400, "validation_failed");
    await expectError(await prompt(tenant.key, session.id, "\u202Enimda"), 400, "validation_failed");
    await expectJson(await prompt(tenant.key, session.id, ` ${"x".repeat(64)} `), 202, PromptAccepted);
    await expectJson(await prompt(tenant.key, session.id, "Zoë 👩‍💻"), 202, PromptAccepted);
  });

  it("bounds it for viewers too, and on permission answers", async () => {
    const { tenant, session, res } = await sharedSession({ mode: "live", can_prompt: true });
    const share = await expectJson(res, 201, ShareLink);
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    const path = `/v1/sessions/${session.id}/prompts`;
    await expectError(await asViewer(token.token, path, { text: "hi", user: { name: "x".repeat(10_000) } }), 400, "validation_failed");
    await expectJson(await asViewer(token.token, path, { text: "hi", user: { name: "Viewer" } }), 202, PromptAccepted);
    const answer = { decision: "allow", user: { name: "x".repeat(10_000) } };
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/permissions/perm_unknown`, { body: answer }), 400, "validation_failed");
  });
});
