// Share links of streams: the owner's POST/GET /v1/shares, capi's shortener (/api/create and the
// link's JSON answer), the viewer token's rights on the stream and its /prompts stream, revocation,
// snapshots, and tenancy (another project's stream or share is a 404).
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ApiKeyCreated } from "../../src/shared/schemas/tenancy";
import { ShareLink, ShareList, ShareResolve, ShortenerLink, ViewerToken } from "../../src/shared/schemas/shares";
import { objectContaining } from "../helpers/matchers";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createTenant, type TestTenant } from "../helpers/worker-api";
import { streamFetch } from "../helpers/worker-stream";

const ORIGIN = "http://gateway.test";
const jsonType = { "content-type": "application/json" };

async function jsonStream(key: string, path: string, events: unknown[] = []) {
  expect((await streamFetch(key, "PUT", path, { headers: jsonType })).status).toBe(201);
  if (events.length > 0) expect((await streamFetch(key, "POST", path, { headers: jsonType, body: JSON.stringify(events) })).status).toBe(204);
}

const aspEvents = (sessionId: string) => [
  { v: 1, ts: 1, type: "session_init", sessionId, cwd: "/work", agent: "claude" },
  { v: 1, ts: 2, type: "user_message", text: "hello" },
  { v: 1, ts: 3, type: "assistant_message", text: "hi there" },
];

async function keyWith(tenant: TestTenant, scopes: string[]): Promise<string> {
  return (await expectJson(await call(tenant.key, "POST", "/v1/api-keys", { body: { name: "capi", scopes } }), 201, ApiKeyCreated)).full_key;
}

const shareStream = (key: string, body: Record<string, unknown>) => call(key, "POST", "/v1/shares", { body });
const exchange = (code: string) => SELF.fetch(`${ORIGIN}/api/shares/${code}/token`, { method: "POST" });
const asViewer = (token: string, method: string, path: string, body?: unknown) =>
  SELF.fetch(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...jsonType },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const shorten = (body: Record<string, unknown>) => SELF.fetch(`${ORIGIN}/api/create`, { method: "POST", headers: jsonType, body: JSON.stringify(body) });
const resolveJson = (url: string) => SELF.fetch(url, { headers: { accept: "application/json" } });
const prompt = (text: string, name?: string) => ({ v: 1, ts: Date.now(), type: "prompt", text, ...(name ? { user: { name } } : {}) });

async function readAll(key: string, path: string): Promise<unknown[]> {
  const res = await streamFetch(key, "GET", `${path}?offset=-1`);
  expect(res.status).toBe(200);
  return res.json();
}

describe("stream shares, as the owner manages them", () => {
  it("shares a JSON stream live with prompts: the viewer token reads it and appends only to its /prompts stream", async () => {
    const tenant = await createTenant();
    const path = `asp/${crypto.randomUUID()}/live`;
    await jsonStream(tenant.key, path, aspEvents("s1"));
    const share = await expectJson(await shareStream(tenant.key, { stream: path, mode: "live", can_prompt: true }), 201, ShareLink);
    expect(share).toMatchObject({ stream: path, mode: "live", can_prompt: true, url: `${ORIGIN}/s/${share.code}` });

    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    expect(token).toMatchObject({ kind: "stream", streamPath: path, sessionId: path, scope: "read prompt", mode: "live", upToOffset: null });
    const read = await asViewer(token.token, "GET", `/v1/stream/${path}?offset=-1`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(aspEvents("s1"));
    expect((await asViewer(token.token, "HEAD", `/v1/stream/${path}`)).status).toBe(200);

    // The /prompts stream was created with the share, and the viewer's prompt lands there.
    const appended = await asViewer(token.token, "POST", `/v1/stream/${path}/prompts`, prompt("run the tests", "Ana"));
    expect(appended.status).toBe(204);
    expect(await readAll(tenant.key, `${path}/prompts`)).toEqual([objectContaining({ v: 1, type: "prompt", text: "run the tests", user: { name: "Ana" } })]);

    // Only a prompt in the agent-session-protocol shape goes in.
    for (const body of [{ text: "no envelope" }, [prompt("two"), prompt("at once")], { ...prompt("x"), extra: true }, { ...prompt(""), text: "" }]) {
      await expectError(await asViewer(token.token, "POST", `/v1/stream/${path}/prompts`, body), 400, "validation_failed");
    }
    expect(await readAll(tenant.key, `${path}/prompts`)).toHaveLength(1);

    // Nothing else: not the stream itself, not a sibling, not the prompts' contents, not the API.
    await expectError(await asViewer(token.token, "POST", `/v1/stream/${path}`, prompt("into the log")), 401, "unauthorized");
    await expectError(await asViewer(token.token, "GET", `/v1/stream/${path}/prompts?offset=-1`), 401, "unauthorized");
    await expectError(await asViewer(token.token, "GET", `/v1/stream/${path}/native/claude?offset=-1`), 401, "unauthorized");
    await expectError(await asViewer(token.token, "DELETE", `/v1/stream/${path}`), 401, "unauthorized");
    await expectError(await asViewer(token.token, "GET", "/v1/sessions"), 401, "unauthorized");
  });

  it("a read-only live share cannot prompt, and its token cannot be bent to another stream", async () => {
    const tenant = await createTenant();
    const path = `asp/${crypto.randomUUID()}/live`;
    await jsonStream(tenant.key, path, aspEvents("s2"));
    await jsonStream(tenant.key, `${path}/prompts`);
    const share = await expectJson(await shareStream(tenant.key, { stream: path, mode: "live" }), 201, ShareLink);
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    expect(token).toMatchObject({ scope: "read", canPrompt: false });
    await expectError(await asViewer(token.token, "POST", `/v1/stream/${path}/prompts`, prompt("nope")), 403, "forbidden");
    await expectError(await asViewer(token.token, "GET", `/v1/stream/${path}x?offset=-1`), 401, "unauthorized");
    await expectError(await asViewer(token.token, "GET", `/v1/stream/${encodeURIComponent(path)}?offset=-1`), 401, "unauthorized");
    expect(await readAll(tenant.key, `${path}/prompts`)).toEqual([]);
  });

  it("a snapshot share is bound to the stream's tail when it was made", async () => {
    const tenant = await createTenant();
    const path = `asp/${crypto.randomUUID()}/${crypto.randomUUID()}`;
    await jsonStream(tenant.key, path, aspEvents("s3"));
    const share = await expectJson(await shareStream(tenant.key, { stream: path, mode: "snapshot" }), 201, ShareLink);
    const head = await streamFetch(tenant.key, "HEAD", path);
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    expect(token).toMatchObject({ mode: "snapshot", canPrompt: false, upToOffset: head.headers.get("stream-next-offset") });
    // Appended after the snapshot: its viewer never sees it, and the stream looks closed at the bound.
    expect(
      (await streamFetch(tenant.key, "POST", path, { headers: jsonType, body: JSON.stringify({ v: 1, ts: 9, type: "assistant_message", text: "later" }) }))
        .status,
    ).toBe(204);
    const read = await asViewer(token.token, "GET", `/v1/stream/${path}?offset=-1`);
    expect(read.headers.get("stream-next-offset")).toBe(token.upToOffset);
    expect(read.headers.get("stream-closed")).toBe("true");
    expect(await read.json()).toEqual(aspEvents("s3"));
    const viewerHead = await asViewer(token.token, "HEAD", `/v1/stream/${path}`);
    expect(viewerHead.headers.get("stream-next-offset")).toBe(token.upToOffset);
    const sse = await (await asViewer(token.token, "GET", `/v1/stream/${path}?offset=-1&live=sse`)).text();
    expect(sse).toContain("hi there");
    expect(sse).not.toContain("later");
    await expectError(await shareStream(tenant.key, { stream: path, mode: "snapshot", can_prompt: true }), 400, "validation_failed");
  });

  it("lists a stream's shares and revokes one at once", async () => {
    const tenant = await createTenant();
    const path = `asp/${crypto.randomUUID()}/live`;
    await jsonStream(tenant.key, path, aspEvents("s4"));
    const first = await expectJson(await shareStream(tenant.key, { stream: path, mode: "live" }), 201, ShareLink);
    const second = await expectJson(await shareStream(tenant.key, { stream: path, mode: "snapshot" }), 201, ShareLink);
    const list = await expectJson(await call(tenant.key, "GET", `/v1/shares?stream=${encodeURIComponent(path)}`), 200, ShareList);
    expect(new Set(list.shares.map((s) => s.code))).toEqual(new Set([first.code, second.code]));

    const token = await expectJson(await exchange(first.code), 200, ViewerToken);
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/shares/${first.code}`));
    await expectError(await asViewer(token.token, "GET", `/v1/stream/${path}?offset=-1`), 401, "share_inactive");
    await expectError(await exchange(first.code), 410, "share_revoked");
    await expectError(await resolveJson(first.url), 410, "share_revoked");
    expect((await SELF.fetch(first.url)).status).toBe(410);
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/shares/${first.code}`));
    expect((await exchange(second.code)).status).toBe(200);
  });

  it("refuses missing and non-JSON streams, paths it cannot name, and keys that cannot read the stream", async () => {
    const tenant = await createTenant();
    await expectError(await shareStream(tenant.key, { stream: `asp/${crypto.randomUUID()}`, mode: "live" }), 404, "stream_not_found");
    const bytes = `raw/${crypto.randomUUID()}`;
    expect((await streamFetch(tenant.key, "PUT", bytes, { headers: { "content-type": "text/plain" } })).status).toBe(201);
    await expectError(await shareStream(tenant.key, { stream: bytes, mode: "live" }), 400, "stream_not_json");
    for (const stream of ["", "a//b", "../etc", "a/./b", "with space", "/lead"]) {
      await expectError(await shareStream(tenant.key, { stream, mode: "live" }), 400, "validation_failed");
    }
    const path = `asp/${crypto.randomUUID()}/live`;
    await jsonStream(tenant.key, path, aspEvents("s5"));
    const elsewhere = await keyWith(tenant, ["shares:write", "streams:read:other/"]);
    await expectError(await shareStream(elsewhere, { stream: path, mode: "live" }), 403, "insufficient_scope");
  });

  it("another project's stream or share is a 404", async () => {
    const owner = await createTenant("Owner");
    const stranger = await createTenant("Stranger");
    const path = `asp/${crypto.randomUUID()}/live`;
    await jsonStream(owner.key, path, aspEvents("s6"));
    const share = await expectJson(await shareStream(owner.key, { stream: path, mode: "live" }), 201, ShareLink);
    await expectError(await shareStream(stranger.key, { stream: path, mode: "live" }), 404, "stream_not_found");
    await expectError(await call(stranger.key, "DELETE", `/v1/shares/${share.code}`), 404, "share_not_found");
    const theirs = await expectJson(await call(stranger.key, "GET", `/v1/shares?stream=${encodeURIComponent(path)}`), 200, ShareList);
    expect(theirs.shares).toEqual([]);
    expect((await exchange(share.code)).status).toBe(200);
  });

  it("a share code stored before stream shares (no kind) still opens its session", async () => {
    const tenant = await createTenant();
    const session = await (await call(tenant.key, "POST", "/v1/sessions", { body: { servers: [] } })).json<{ id: string }>();
    const share = await expectJson(await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body: { mode: "live" } }), 201, ShareLink);
    await env.SHARES.put(`share:${share.code}`, JSON.stringify({ sessionId: session.id, projectId: tenant.projectId, orgId: tenant.orgId }));
    const token = await expectJson(await exchange(share.code), 200, ViewerToken);
    expect(token).toMatchObject({ kind: "session", sessionId: session.id, streamPath: null });
  });
});

describe("the capi shortener", () => {
  async function exported(tenant: TestTenant) {
    const sessionId = crypto.randomUUID();
    const path = `asp/${sessionId}/live`;
    await jsonStream(tenant.key, path, aspEvents(sessionId));
    await jsonStream(tenant.key, `${path}/prompts`);
    const capiKey = await keyWith(tenant, ["streams:read:asp/", "streams:append:asp/"]);
    return { sessionId, path, capiKey, fullUrl: `${ORIGIN}/v1/stream/${path}` };
  }

  it("makes a live link of the stream that resolves as JSON for capi import, once per session", async () => {
    const tenant = await createTenant();
    const { sessionId, path, capiKey, fullUrl } = await exported(tenant);
    const body = { fullUrl, sessionId, entryCount: 3, agent: "claude", token: capiKey, live: true };
    const link = await expectJson(await shorten(body), 200, ShortenerLink);
    expect(link.shortUrl).toBe(`${ORIGIN}/s/${link.shortId}`);
    expect(await expectJson(await shorten(body), 200, ShortenerLink)).toEqual(link);

    const res = await resolveJson(link.shortUrl);
    expect(res.headers.get("content-type")).toContain("application/json");
    const resolved = await expectJson(res, 200, ShareResolve);
    expect(resolved).toMatchObject({ fullUrl, sessionId, entryCount: 3, agent: "claude", live: true, liveShareUrl: link.shortUrl });
    // A browser gets the viewer page.
    const page = await SELF.fetch(link.shortUrl, { headers: { accept: "text/html,application/xhtml+xml,application/json;q=0.9" } });
    expect(page.headers.get("content-type")).toContain("text/html");

    // The live link lets its viewers prompt; a non-live link of the same session is a snapshot that points at it.
    const token = await expectJson(await exchange(link.shortId), 200, ViewerToken);
    expect(token).toMatchObject({ kind: "stream", streamPath: path, sessionId, scope: "read prompt", mode: "live" });
    const snapshot = await expectJson(await shorten({ ...body, live: false }), 200, ShortenerLink);
    expect(snapshot.shortId).not.toBe(link.shortId);
    expect(await expectJson(await resolveJson(snapshot.shortUrl), 200, ShareResolve)).toMatchObject({ live: false, liveShareUrl: link.shortUrl });
    expect(await expectJson(await exchange(snapshot.shortId), 200, ViewerToken)).toMatchObject({ mode: "snapshot", canPrompt: false });
  });

  it("checks the token against the stream and stores it nowhere", async () => {
    const tenant = await createTenant();
    const { sessionId, path, capiKey, fullUrl } = await exported(tenant);
    const body = { fullUrl, sessionId, entryCount: 3, agent: "claude", token: capiKey };
    await expectError(await shorten({ ...body, token: "csk_test_notakeyatall0000000000000000000" }), 403, "token_not_valid");
    await expectError(await shorten({ ...body, token: "not-a-key" }), 403, "token_not_valid");
    const blind = await keyWith(tenant, ["streams:read:elsewhere/"]);
    await expectError(await shorten({ ...body, token: blind }), 403, "token_not_valid");
    await expectError(await shorten({ ...body, fullUrl: `https://evil.example/v1/stream/${path}` }), 400, "share_url_not_served");
    await expectError(await shorten({ ...body, fullUrl: `${ORIGIN}/v1/sessions/x/events` }), 400, "share_url_not_served");
    await expectError(await shorten({ ...body, fullUrl: `${ORIGIN}/v1/stream/asp/${crypto.randomUUID()}/live` }), 404, "stream_not_found");
    await expectError(await shorten({ ...body, agent: "gemini" }), 400, "validation_failed");

    const link = await expectJson(await shorten(body), 200, ShortenerLink);
    const row = await env.DB.prepare("SELECT * FROM stream_shares WHERE code = ?").bind(link.shortId).first();
    expect(row).toMatchObject({ path, agent_session_id: sessionId, mode: "snapshot" });
    expect(JSON.stringify(row)).not.toContain(capiKey);
    expect(await env.SHARES.get(`share:${link.shortId}`)).not.toContain(capiKey);
  });

  it("a scoped capi key can export, shorten and read back, and nothing else", async () => {
    const tenant = await createTenant();
    const { capiKey } = await exported(tenant);
    const path = `asp/${crypto.randomUUID()}/live`;
    expect((await streamFetch(capiKey, "PUT", path, { headers: jsonType })).status).toBe(201);
    expect((await streamFetch(capiKey, "HEAD", path)).status).toBe(200);
    await expectError(await streamFetch(capiKey, "PUT", `private/${crypto.randomUUID()}`, { headers: jsonType }), 403, "insufficient_scope");
    await expectError(await streamFetch(capiKey, "DELETE", path), 403, "insufficient_scope");
    await expectError(await call(capiKey, "GET", "/v1/sessions"), 403, "insufficient_scope");
    await expectError(await shareStream(capiKey, { stream: path, mode: "live" }), 403, "insufficient_scope");
  });
});
