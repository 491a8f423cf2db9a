// GET /v1/sessions/:id/events: the session's log with Durable Streams read semantics in JSON mode —
// events carry their offsets, offset/now/-1, ETag, long-poll woken by the session's own writes, and
// an SSE live tail that ends with streamClosed when the session closes.
import { describe, expect, it } from "vitest";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { control, jsonMessages, SseEvents } from "../helpers/worker-stream";

type Logged = { type: string; offset: string };

async function events(key: string, sessionId: string, query = "") {
  return call(key, "GET", `/v1/sessions/${sessionId}/events${query}`);
}

describe("session events as a Durable Stream", () => {
  it("reads the log as a JSON array whose events carry their offsets", async () => {
    const { key } = await createTenant("Events");
    const session = await createSession(key);
    const res = await events(key, session.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("stream-up-to-date")).toBe("true");
    const body = await res.json<Logged[]>();
    expect(body.map((event) => event.type)).toEqual(["session_init"]);
    expect(body[0]?.offset).toBe("0000000000000000_0000000000000001");
    expect(res.headers.get("stream-next-offset")).toBe(body[0]?.offset);
    const etag = res.headers.get("etag") ?? "";
    expect((await events(key, session.id)).headers.get("etag")).toBe(etag);
    const cached = await call(key, "GET", `/v1/sessions/${session.id}/events`, { headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
    const tail = await events(key, session.id, `?offset=${body[0]?.offset}`);
    expect(await tail.json()).toEqual([]);
    const now = await events(key, session.id, "?offset=now");
    expect(now.headers.get("cache-control")).toContain("no-store");
    expect(await now.text()).toBe("[]");
  });

  it("rejects bad offsets and hides other projects' sessions", async () => {
    const a = await createTenant("Events A");
    const b = await createTenant("Events B");
    const session = await createSession(a.key);
    expect((await events(a.key, session.id, "?offset=garbage")).status).toBe(400);
    expect((await events(a.key, session.id, "?offset=0000000000000000_0000000000000099")).status).toBe(400);
    expect((await events(a.key, session.id, "?live=sse")).status).toBe(400);
    expect((await events(b.key, session.id)).status).toBe(404);
  });

  it("wakes a long-poll with the events of a turn sent through the session", async () => {
    const { key } = await createTenant("Events LP");
    const session = await createSession(key);
    const poll = events(key, session.id, "?offset=now&live=long-poll");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sent = await call(key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hello" }, headers: { accept: "application/json" } });
    expect(sent.status).toBe(200);
    const res = await poll;
    expect(res.status).toBe(200);
    const first = await res.json<Logged[]>();
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((event) => event.offset > "0000000000000000_0000000000000001")).toBe(true);
  });

  it("tails a session over SSE and ends with streamClosed when the session closes", async () => {
    const { key } = await createTenant("Events SSE");
    const session = await createSession(key);
    const stream = SseEvents.of(await events(key, session.id, "?offset=-1&live=sse"));
    await stream.until((event) => event.type === "control" && control(event).upToDate === true);
    await call(key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hello" }, headers: { accept: "application/json" } });
    expect((await call(key, "DELETE", `/v1/sessions/${session.id}`)).status).toBe(204);
    const got = await stream.until((event) => event.type === "control" && control(event).streamClosed === true);
    const { messages } = jsonMessages(got);
    const types = messages.map((message) => (typeof message === "object" && message !== null && "type" in message ? message.type : null));
    expect(types).toContain("user_message");
    expect(types.at(-1)).toBe("session_end");
    expect(await stream.until(() => false)).toEqual([]);
    expect(stream.done).toBe(true);
    const all = await (await events(key, session.id)).json<Logged[]>();
    expect(all.slice(1)).toEqual(messages);
  });
});
