// Generic streams through the Worker: resuming from an offset after a dropped SSE connection (and
// across long-polls) loses and duplicates nothing; the same path in two projects is two streams.
import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/worker-api";
import { control, jsonMessages, SseEvents, streamFetch, uniquePath, type SseEvent } from "../helpers/worker-stream";

const seqOf = (offset: string) => Number(offset.split("_")[1]);

async function createJsonStream(key: string, path: string, initial: unknown[] = []) {
  const res = await streamFetch(key, "PUT", path, { headers: { "content-type": "application/json" }, body: JSON.stringify(initial) });
  expect(res.status).toBe(201);
}

async function append(key: string, path: string, value: unknown) {
  const res = await streamFetch(key, "POST", path, { headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
  expect(res.status).toBe(204);
}

const controlAt = (seq: number) => (event: SseEvent) => event.type === "control" && seqOf(control(event).streamNextOffset) >= seq;

/** Byte equality without a per-element deep compare (which is slow on megabytes). */
const sameBytes = (a: Uint8Array | null, b: Uint8Array) => a !== null && a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);

describe("resuming a stream from its offset", () => {
  it("SSE: a dropped connection resumes from the last control offset with no gap and no duplicate", async () => {
    const { key } = await createTenant("Resume");
    const path = uniquePath("resume-sse");
    await createJsonStream(key, path, [{ n: 1 }, { n: 2 }]);
    const first = SseEvents.of(await streamFetch(key, "GET", `${path}?offset=-1&live=sse`));
    const seen = await first.until(controlAt(1));
    for (let n = 3; n <= 6; n += 1) await append(key, path, { n });
    seen.push(...(await first.until(controlAt(4))));
    await first.cancel(); // the connection drops here, mid-stream
    for (let n = 7; n <= 10; n += 1) await append(key, path, { n });
    const { messages, lastOffset } = jsonMessages(seen);
    expect(lastOffset).not.toBeNull();
    const second = SseEvents.of(await streamFetch(key, "GET", `${path}?offset=${lastOffset}&live=sse`));
    const rest = jsonMessages(await second.until(controlAt(9)));
    await second.cancel();
    expect([...messages, ...rest.messages]).toEqual(Array.from({ length: 10 }, (_, i) => ({ n: i + 1 })));
  });

  it("long-poll: following Stream-Next-Offset across waits sees every message exactly once", async () => {
    const { key } = await createTenant("Resume LP");
    const path = uniquePath("resume-lp");
    await createJsonStream(key, path);
    let offset = "now";
    const received: unknown[] = [];
    for (let n = 1; n <= 4; n += 1) {
      const poll = streamFetch(key, "GET", `${path}?offset=${offset}&live=long-poll`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      await append(key, path, [
        { n, part: "a" },
        { n, part: "b" },
      ]);
      const res = await poll;
      expect(res.status).toBe(200);
      expect(res.headers.get("stream-cursor")).toMatch(/^\d+$/);
      received.push(...(await res.json<unknown[]>()));
      offset = res.headers.get("stream-next-offset") ?? "";
    }
    expect(received).toHaveLength(8);
    const timeout = await streamFetch(key, "GET", `${path}?offset=${offset}&live=long-poll`);
    expect(timeout.status).toBe(204);
    expect(timeout.headers.get("stream-next-offset")).toBe(offset);
    const all = await streamFetch(key, "GET", `${path}?offset=-1`);
    expect(await all.json()).toEqual(received);
  });

  it("scopes streams by project: the same path in two projects is two streams", async () => {
    const a = await createTenant("Tenant A");
    const b = await createTenant("Tenant B");
    const path = uniquePath("shared-name");
    await createJsonStream(a.key, path, [{ owner: "a" }]);
    expect((await streamFetch(b.key, "GET", path)).status).toBe(404);
    await createJsonStream(b.key, path, [{ owner: "b" }]);
    expect(await (await streamFetch(a.key, "GET", path)).json()).toEqual([{ owner: "a" }]);
    expect(await (await streamFetch(b.key, "GET", path)).json()).toEqual([{ owner: "b" }]);
  });

  it("requires an API key and answers errors in the flat shape with protocol headers", async () => {
    const { key } = await createTenant("Errors");
    expect((await streamFetch("csk_test_nope", "GET", "x")).status).toBe(401);
    const path = uniquePath("closed");
    await createJsonStream(key, path);
    await streamFetch(key, "POST", path, { headers: { "stream-closed": "true" } });
    const res = await streamFetch(key, "POST", path, { headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(409);
    expect(res.headers.get("stream-closed")).toBe("true");
    expect(await res.json()).toMatchObject({ error: "stream_closed", code: "stream_closed" });
  });

  it("stores an append larger than a row chunk and reads it back intact", async () => {
    const { key } = await createTenant("Large");
    const path = uniquePath("large");
    expect((await streamFetch(key, "PUT", path, { headers: { "content-type": "application/octet-stream" } })).status).toBe(201);
    const big = new Uint8Array(900 * 1024).map((_, i) => (i * 7) % 251);
    expect((await streamFetch(key, "POST", path, { headers: { "content-type": "application/octet-stream" }, body: big })).status).toBe(204);
    const res = await streamFetch(key, "GET", path);
    expect(sameBytes(new Uint8Array(await res.arrayBuffer()), big)).toBe(true);
  });
});
