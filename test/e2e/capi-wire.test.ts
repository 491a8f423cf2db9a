// What `capi` (agent-session-protocol's CLI) does against the gateway, replayed over real HTTP with
// the Durable Streams client it is built on: export (HEAD for Stream-Total-Size, PUT, batched POSTs),
// a re-export that appends nothing twice, the shortener and its JSON resolve, import's one-GET read,
// `?offset=compact`, the live prompt queue tailed over SSE by capi-queue-channel, and session_end.
import { DurableStream, FetchError } from "@durable-streams/client";
import { describe, expect, it } from "vitest";
import { ApiKeyCreated } from "../../src/shared/schemas/tenancy";
import { ShareResolve, ShortenerLink, ViewerToken } from "../../src/shared/schemas/shares";
import { apiJson, baseUrl } from "../helpers/e2e-api";
import { objectContaining } from "../helpers/matchers";

interface Sent {
  method: string;
  path: string;
  contentType: string | null;
  body: string | null;
}

/** A fetch that records what the client sends, so the test can say what went over the wire. */
function recordingFetch(): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const recorder: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.clone().text() : null;
    sent.push({ method: request.method, path: new URL(request.url).pathname, contentType: request.headers.get("content-type"), body });
    return fetch(request);
  };
  return { fetch: recorder, sent };
}

async function capiKey(): Promise<string> {
  const created = await apiJson(ApiKeyCreated, "POST", "/v1/api-keys", { name: "capi", scopes: ["streams:read:asp/", "streams:append:asp/"] });
  return created.full_key;
}

/** capi's item count: the HEAD's Stream-Total-Size, 0 when absent or not found. */
async function itemCount(url: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { method: "HEAD", headers });
  return res.ok ? Number(res.headers.get("stream-total-size") ?? "0") : 0;
}

/** capi's pushLines: count what is there, create or connect, append the rest concurrently (the client batches). */
async function pushLines(url: string, lines: string[], headers: Record<string, string>, fetchFn: typeof fetch): Promise<number> {
  const existing = await itemCount(url, headers);
  if (existing >= lines.length) return 0;
  let stream: DurableStream;
  try {
    stream = await DurableStream.create({ url, contentType: "application/json", headers, fetch: fetchFn });
  } catch (error) {
    if (!(error instanceof FetchError && error.status === 409)) throw error;
    stream = new DurableStream({ url, contentType: "application/json", headers, fetch: fetchFn });
  }
  const fresh = lines.slice(existing);
  await Promise.all(fresh.map((line) => stream.append(line)));
  return fresh.length;
}

async function readStream(url: string, headers: Record<string, string>, fetchFn: typeof fetch = fetch): Promise<unknown[]> {
  const stream = new DurableStream({ url, contentType: "application/json", headers, fetch: fetchFn });
  const response = await stream.stream<unknown>({ json: true, live: false });
  return response.json();
}

const events = (sessionId: string, turns: number) => [
  JSON.stringify({ v: 1, ts: 1, type: "session_init", sessionId, cwd: "/home/ana/app", agent: "claude", model: "claude-sonnet" }),
  ...Array.from({ length: turns }, (_, i) => [
    JSON.stringify({ v: 1, ts: 10 + i * 3, type: "user_message", text: `step ${i}` }),
    JSON.stringify({ v: 1, ts: 11 + i * 3, type: "assistant_message", text: `done ${i}, with "quotes", [brackets] and {braces}` }),
    JSON.stringify({ v: 1, ts: 12 + i * 3, type: "turn_complete", success: true }),
  ]).flat(),
];

describe("capi against the gateway", () => {
  it("exports with batched appends, re-exports without duplicates, and shares through the shortener", async () => {
    const token = await capiKey();
    const headers = { Authorization: `Bearer ${token}` };
    const sessionId = crypto.randomUUID();
    const url = `${baseUrl}/v1/stream/asp/${sessionId}/${crypto.randomUUID()}`;
    const wire = recordingFetch();

    const lines = events(sessionId, 20);
    expect(await itemCount(url, headers)).toBe(0);
    expect(await pushLines(url, lines, headers, wire.fetch)).toBe(lines.length);
    expect(await itemCount(url, headers)).toBe(lines.length);
    // PUT once, then appends the client batched into JSON arrays (fewer POSTs than lines).
    expect(wire.sent.filter((s) => s.method === "PUT")).toHaveLength(1);
    const posts = wire.sent.filter((s) => s.method === "POST");
    expect(posts.length).toBeLessThan(lines.length);
    expect(posts.every((post) => post.contentType?.startsWith("application/json") && post.body?.startsWith("["))).toBe(true);

    // Re-exporting the same session appends nothing; a longer one appends only what is new.
    expect(await pushLines(url, lines, headers, wire.fetch)).toBe(0);
    const longer = events(sessionId, 22);
    expect(await pushLines(url, longer, headers, wire.fetch)).toBe(longer.length - lines.length);
    expect(await readStream(url, headers)).toEqual(longer.map((line): unknown => JSON.parse(line)));

    // The shortener: a link that capi import resolves as JSON, with no credential.
    const created = await fetch(`${baseUrl}/api/create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fullUrl: url, sessionId, entryCount: longer.length, agent: "claude", token }),
    });
    const link = ShortenerLink.parse(await created.json());
    expect(link.shortUrl).toBe(`${baseUrl}/s/${link.shortId}`);
    const resolvedRes = await fetch(link.shortUrl, { headers: { accept: "application/json" } });
    expect(resolvedRes.headers.get("content-type")).toContain("application/json");
    const resolved = ShareResolve.parse(await resolvedRes.json());
    expect(resolved).toMatchObject({ fullUrl: url, sessionId, entryCount: longer.length, agent: "claude", live: false });

    // capi import: no native stream for the agent, so the whole normalized stream in one read.
    const probe = await fetch(`${resolved.fullUrl}/native/claude?offset=-1`, { headers });
    expect(probe.status).toBe(404);
    const reads = recordingFetch();
    expect(await readStream(resolved.fullUrl, headers, reads.fetch)).toHaveLength(longer.length);
    expect(reads.sent.filter((s) => s.method === "GET")).toHaveLength(1);
  });

  it("answers ?offset=compact with a 307 to a checkpoint a resume can read from", async () => {
    const token = await capiKey();
    const headers = { Authorization: `Bearer ${token}` };
    const url = `${baseUrl}/v1/stream/asp/${crypto.randomUUID()}/live`;
    await pushLines(url, events("c", 2), headers, fetch);
    const res = await fetch(`${url}?offset=compact`, { headers, redirect: "manual" });
    expect(res.status).toBe(307);
    const location = new URL(res.headers.get("location") ?? "", url);
    expect(location.pathname).toBe(new URL(url).pathname);
    const offset = location.searchParams.get("offset");
    expect(offset).not.toBeNull();
    const page = await fetch(`${url}?offset=${offset ?? ""}`, { headers });
    expect(page.status).toBe(200);
    expect(page.headers.get("stream-up-to-date")).toBe("true");
    expect(await page.json()).toHaveLength(7);
  });

  it("a live share's viewer prompt reaches the queue channel's SSE tail, and stop appends session_end", async () => {
    const token = await capiKey();
    const headers = { Authorization: `Bearer ${token}` };
    const sessionId = crypto.randomUUID();
    const url = `${baseUrl}/v1/stream/asp/${sessionId}/live`;
    await pushLines(url, events(sessionId, 1), headers, fetch);
    // capi creates the queue stream for a live export, then asks for the live link.
    await DurableStream.create({ url: `${url}/prompts`, contentType: "application/json", headers });
    const created = await fetch(`${baseUrl}/api/create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fullUrl: url, sessionId, entryCount: 4, agent: "claude", token, live: true }),
    });
    const link = ShortenerLink.parse(await created.json());

    // capi-queue-channel: HEAD for the tail, then SSE from there (so older prompts are not replayed).
    await fetch(`${url}/prompts`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ v: 1, ts: 1, type: "prompt", text: "old" }),
    });
    const head = await fetch(`${url}/prompts`, { method: "HEAD", headers });
    const tail = head.headers.get("stream-next-offset") ?? "-1";
    const queue = new DurableStream({ url: `${url}/prompts`, contentType: "application/json", headers });
    const live = await queue.stream<{ text: string; user?: { name: string } }>({ json: true, live: "sse", offset: tail });
    const received: Array<{ text: string; user?: { name: string } }> = [];
    const arrived = new Promise<void>((resolve) => {
      live.subscribeJson((batch) => {
        received.push(...batch.items);
        if (received.length > 0) resolve();
      });
    });

    // A viewer of the live link prompts with its short-lived token.
    const viewer = ViewerToken.parse(await (await fetch(`${baseUrl}/api/shares/${link.shortId}/token`, { method: "POST" })).json());
    expect(viewer).toMatchObject({ kind: "stream", canPrompt: true });
    const sent = await fetch(`${url}/prompts`, {
      method: "POST",
      headers: { authorization: `Bearer ${viewer.token}`, "content-type": "application/json" },
      body: JSON.stringify({ v: 1, ts: Date.now(), type: "prompt", text: "add a test", user: { name: "Ana" } }),
    });
    expect(sent.status).toBe(204);
    await arrived;
    live.cancel();
    expect(received).toEqual([objectContaining({ text: "add a test", user: { name: "Ana" } })]);

    // Stopping the live share.
    await new DurableStream({ url, contentType: "application/json", headers }).append(JSON.stringify({ v: 1, ts: Date.now(), type: "session_end" }));
    const all = await readStream(url, headers);
    expect(all.at(-1)).toMatchObject({ type: "session_end" });
    expect(await itemCount(url, headers)).toBe(all.length);
  });
});
