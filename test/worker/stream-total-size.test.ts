// Stream-Total-Size (messages in JSON mode, bytes otherwise) on HEAD and reads: appends, producer
// retries, forks, long-poll and SSE, the version-2 migration's backfill of streams stored before it,
// and session logs; ?offset=compact's 307; a plain GET reads up to WHOLE_READ_BYTES, live reads a page.
import { env, evictDurableObject, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { migrate } from "../../durable-objects/lib/migrations";
import { READ_PAGE_BYTES, RecordStore, ROW_CHUNK_BYTES, WHOLE_READ_BYTES } from "../../durable-objects/lib/record-store";
import { STREAM_MIGRATIONS } from "../../durable-objects/stream/schema";
import type { LogSource } from "../../src/lib/live/hub";
import { snapshotSource } from "../../src/lib/live/snapshot-source";
import { messagesToFragment } from "../../src/shared/protocol/json-mode";
import { formatOffset } from "../../src/shared/protocol/offsets";
import { ok } from "../../src/shared/result";
import { streamObjectName } from "../../src/shared/object-names";
import { ShareLink, ViewerToken } from "../../src/shared/schemas/shares";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { streamFetch, uniquePath } from "../helpers/worker-stream";

const JSON_TYPE = { "content-type": "application/json" };
const BYTES_TYPE = { "content-type": "application/octet-stream" };
const NASTY = ["a,b", '"],[{', "\\", '\\",', "é,😀", { ",": [",", { "]": "}" }] }, [], {}, null, 0, ""];

const totalSize = (res: Response) => res.headers.get("stream-total-size");
const head = async (key: string, path: string) => totalSize(await streamFetch(key, "HEAD", path));

async function put(key: string, path: string, headers: Record<string, string>, body?: BodyInit) {
  expect((await streamFetch(key, "PUT", path, { headers, body })).status).toBe(201);
}

async function post(key: string, path: string, body: BodyInit, headers: Record<string, string> = JSON_TYPE) {
  const res = await streamFetch(key, "POST", path, { headers, body });
  expect([200, 204], await res.clone().text()).toContain(res.status);
  return res;
}

describe("Stream-Total-Size", () => {
  it("is 0 on a new stream, counts JSON messages (arrays flattened), and is on every read", async () => {
    const { key } = await createTenant("Total JSON");
    const path = uniquePath("total-json");
    await put(key, path, JSON_TYPE);
    expect(await head(key, path)).toBe("0");
    await post(key, path, JSON.stringify(NASTY));
    await post(key, path, JSON.stringify("one value, with commas"));
    await post(key, path, JSON.stringify([[1, 2, 3]])); // one message: the inner array
    const expected = String(NASTY.length + 2);
    expect(await head(key, path)).toBe(expected);
    const read = await streamFetch(key, "GET", `${path}?offset=-1`);
    expect(totalSize(read)).toBe(expected);
    expect(await read.json()).toHaveLength(NASTY.length + 2);
    expect(totalSize(await streamFetch(key, "GET", `${path}?offset=now`))).toBe(expected);
    expect(totalSize(await streamFetch(key, "GET", `${path}?offset=-1&live=long-poll`))).toBe(expected);
    const sse = await streamFetch(key, "GET", `${path}?offset=-1&live=sse`);
    expect(totalSize(sse)).toBe(expected);
    await sse.body?.cancel();
    const missing = await streamFetch(key, "HEAD", uniquePath("missing"));
    expect([missing.status, totalSize(missing)]).toEqual([404, null]);
  });

  it("counts a PUT's initial messages, and bytes for other content types", async () => {
    const { key } = await createTenant("Total bytes");
    const json = uniquePath("total-initial");
    await put(key, json, JSON_TYPE, JSON.stringify([{ a: 1 }, { b: "x,y" }]));
    expect(await head(key, json)).toBe("2");
    const bytes = uniquePath("total-bytes");
    await put(key, bytes, { "content-type": "text/plain" });
    expect(await head(key, bytes)).toBe("0");
    await post(key, bytes, "héllo, [world]", { "content-type": "text/plain" });
    await post(key, bytes, new Uint8Array(ROW_CHUNK_BYTES + 5), { "content-type": "text/plain" });
    expect(await head(key, bytes)).toBe(String(new TextEncoder().encode("héllo, [world]").byteLength + ROW_CHUNK_BYTES + 5));
  });

  it("adds nothing for an idempotent producer's retries", async () => {
    const { key } = await createTenant("Total producer");
    const path = uniquePath("total-producer");
    await put(key, path, JSON_TYPE);
    const producer = (seq: number) => ({ ...JSON_TYPE, "producer-id": "p1", "producer-epoch": "0", "producer-seq": String(seq) });
    expect((await post(key, path, "[1,2,3]", producer(0))).status).toBe(200);
    expect((await post(key, path, "[1,2,3]", producer(0))).status).toBe(204);
    expect((await post(key, path, "[1,2,3]", producer(0))).status).toBe(204);
    expect(await head(key, path)).toBe("3");
    expect((await post(key, path, '"four"', producer(1))).status).toBe(200);
    expect((await post(key, path, '"four"', producer(1))).status).toBe(204);
    expect(await head(key, path)).toBe("4");
  });

  it("is exact on forks: inherited records, a sub-offset prefix, then the fork's own appends", async () => {
    const { key } = await createTenant("Total fork");
    const source = uniquePath("total-src");
    await put(key, source, JSON_TYPE);
    await post(key, source, JSON.stringify(NASTY.slice(0, 4)));
    const offsetAfterFirst = (await streamFetch(key, "HEAD", source)).headers.get("stream-next-offset") ?? "";
    await post(key, source, JSON.stringify(NASTY.slice(4)));
    await post(key, source, '"tail"');
    const fork = (path: string, headers: Record<string, string>) => put(key, path, { ...JSON_TYPE, "stream-forked-from": source, ...headers });
    const whole = uniquePath("total-fork-whole");
    await fork(whole, {});
    expect(await head(key, whole)).toBe(String(NASTY.length + 1));
    const early = uniquePath("total-fork-early");
    await fork(early, { "stream-fork-offset": offsetAfterFirst });
    expect(await head(key, early)).toBe("4");
    const prefix = uniquePath("total-fork-prefix");
    await fork(prefix, { "stream-fork-offset": offsetAfterFirst, "stream-fork-sub-offset": "3" });
    expect(await head(key, prefix)).toBe("7");
    await post(key, prefix, "[true,false]");
    expect(await head(key, prefix)).toBe("9");
    expect(await head(key, source)).toBe(String(NASTY.length + 1));
    const bytes = uniquePath("total-bytes-src");
    await put(key, bytes, BYTES_TYPE, "abcdef");
    const bytesFork = uniquePath("total-bytes-fork");
    await put(key, bytesFork, { ...BYTES_TYPE, "stream-forked-from": bytes, "stream-fork-offset": formatOffset(0), "stream-fork-sub-offset": "4" });
    expect(await head(key, bytesFork)).toBe("4");
  });

  it("grows by a long-poll's new messages, and a long-poll timeout carries it too", async () => {
    const { key } = await createTenant("Total long-poll");
    const path = uniquePath("total-lp");
    await put(key, path, JSON_TYPE, "[1]");
    const poll = streamFetch(key, "GET", `${path}?offset=now&live=long-poll`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await post(key, path, '["a,b",{"c":[1,2]},"\\""]');
    const woken = await poll;
    expect(woken.status).toBe(200);
    expect(await woken.json()).toHaveLength(3);
    expect(totalSize(woken)).toBe("4");
    const idle = await streamFetch(key, "GET", `${path}?offset=${woken.headers.get("stream-next-offset") ?? ""}&live=long-poll`);
    expect([idle.status, totalSize(idle)]).toEqual([204, "4"]);
  });
});

describe("the version-2 migration", () => {
  it("backfills the size of streams stored before it from their records", async () => {
    const tenant = await createTenant("Total backfill");
    const big = "x,".repeat(ROW_CHUNK_BYTES); // one message spanning three row chunks, full of commas
    const json = {
      path: uniquePath("old-json"),
      type: "application/json; charset=utf-8",
      records: [messagesToFragment(NASTY), messagesToFragment([big, "z"])],
    };
    const bytes = { path: uniquePath("old-bytes"), type: "text/plain", records: [new Uint8Array(ROW_CHUNK_BYTES * 2 + 3), new Uint8Array(10)] };
    for (const stream of [json, bytes]) {
      const stub = env.STREAMS.get(env.STREAMS.idFromName(streamObjectName(tenant.projectId, stream.path)));
      await runInDurableObject(stub, (_instance, state) => {
        migrate(state.storage, STREAM_MIGRATIONS.slice(0, 1)); // the schema as it was before version 2
        insertVersion1Meta(state.storage.sql, tenant.projectId, stream.path, stream.type, stream.records.length);
        const records = new RecordStore(state.storage.sql);
        stream.records.forEach((data, i) => records.put(i + 1, data));
      });
      await evictDurableObject(stub); // the next instance finds version 1 and migrates
    }
    expect(await head(tenant.key, json.path)).toBe(String(NASTY.length + 2));
    expect(await head(tenant.key, bytes.path)).toBe(String(ROW_CHUNK_BYTES * 2 + 13));
    await post(tenant.key, json.path, "[1,2]", { "content-type": "application/json; charset=utf-8" });
    expect(await head(tenant.key, json.path)).toBe(String(NASTY.length + 4));
    const stub = env.STREAMS.get(env.STREAMS.idFromName(streamObjectName(tenant.projectId, json.path)));
    const versions = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec<{ version: number }>("SELECT version FROM _migrations ORDER BY version")
        .toArray()
        .map((row) => row.version),
    );
    expect(versions).toEqual([1, 2]);
  });
});

function insertVersion1Meta(sql: SqlStorage, projectId: string, path: string, contentType: string, tailSeq: number) {
  const config = { contentType: "application/json", ttlSeconds: null, expiresAt: null, closed: false, forkedFrom: null, forkOffset: null, forkSubOffset: 0 };
  sql.exec(
    `INSERT INTO meta (id, incarnation, project_id, path, content_type, config, ttl_seconds, expires_at, last_access_ms, tail_seq, closed,
       closed_by, last_stream_seq, fork_source, fork_source_incarnation, ref_count, soft_deleted)
     VALUES (1, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, 0, NULL, NULL, NULL, NULL, 0, 0)`,
    crypto.randomUUID(),
    projectId,
    path,
    contentType,
    JSON.stringify({ ...config, contentType: contentType.split(";")[0] }),
    Date.now(),
    tailSeq,
  );
}

describe("GET ?offset=compact", () => {
  it("answers 307 to the same URL at offset=-1 (no checkpoints), keeping other parameters", async () => {
    const { key } = await createTenant("Compact");
    const path = uniquePath("compact");
    await put(key, path, JSON_TYPE, "[1,2]");
    // As capi asks: redirects off (SELF.fetch, like fetch, follows them by default).
    const res = await SELF.fetch(`http://gateway.test/v1/stream/${path}?offset=compact&cursor=42`, {
      headers: { authorization: `Bearer ${key}` },
      redirect: "manual",
    });
    expect(res.status).toBe(307);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.pathname).toBe(`/v1/stream/${path}`);
    expect(Object.fromEntries(location.searchParams)).toEqual({ offset: "-1", cursor: "42" });
    const followed = await SELF.fetch(location, { headers: { authorization: `Bearer ${key}` } });
    expect(await followed.json()).toEqual([1, 2]);
  });

  it("is valid only there: with live, as a fork offset, on a missing stream or a session log", async () => {
    const { key } = await createTenant("Compact invalid");
    const path = uniquePath("compact-bad");
    await put(key, path, JSON_TYPE);
    await expectError(await streamFetch(key, "GET", `${path}?offset=compact&live=sse`), 400, "validation_failed");
    await expectError(await streamFetch(key, "GET", `${path}?offset=compact&offset=-1`), 400, "invalid_offset");
    await expectError(await streamFetch(key, "GET", uniquePath("nothing-here") + "?offset=compact"), 404, "stream_not_found");
    const fork = await streamFetch(key, "PUT", uniquePath("compact-fork"), {
      headers: { ...JSON_TYPE, "stream-forked-from": path, "stream-fork-offset": "compact" },
    });
    expect(fork.status).toBe(400);
    const session = await createSession(key);
    expect((await call(key, "GET", `/v1/sessions/${session.id}/events?offset=compact`)).status).toBe(400);
  });
});

describe("read bounds", () => {
  it("a plain GET reads up to WHOLE_READ_BYTES, a live read one page; a short page is not up to date and pages on", async () => {
    const { key } = await createTenant("Bounds");
    const path = uniquePath("bounds");
    await put(key, path, BYTES_TYPE);
    const recordBytes = 1_000_000;
    const firstPageRecords = Math.ceil(WHOLE_READ_BYTES / recordBytes);
    const records = firstPageRecords + 2;
    for (let i = 0; i < records; i += 1) await post(key, path, new Uint8Array(recordBytes).fill(i), BYTES_TYPE);
    const first = await streamFetch(key, "GET", `${path}?offset=-1`);
    expect(first.headers.get("stream-up-to-date")).toBeNull();
    expect(totalSize(first)).toBe(String(records * recordBytes));
    expect((await first.arrayBuffer()).byteLength).toBe(firstPageRecords * recordBytes);
    expect(first.headers.get("stream-next-offset")).toBe(formatOffset(firstPageRecords));
    const rest = await streamFetch(key, "GET", `${path}?offset=${formatOffset(firstPageRecords)}`);
    expect(rest.headers.get("stream-up-to-date")).toBe("true");
    const tail = new Uint8Array(await rest.arrayBuffer());
    expect([tail.byteLength, tail[0], tail.at(-1)]).toEqual([2 * recordBytes, firstPageRecords, records - 1]);
    const live = await streamFetch(key, "GET", `${path}?offset=-1&live=long-poll`);
    expect(live.headers.get("stream-up-to-date")).toBeNull();
    expect((await live.arrayBuffer()).byteLength).toBe(Math.ceil(READ_PAGE_BYTES / recordBytes) * recordBytes);
  });
});

describe("session logs and snapshots", () => {
  it("a session log's size is its number of events; a snapshot's is its bound", async () => {
    const tenant = await createTenant("Total sessions");
    const session = await createSession(tenant.key);
    const body = { mode: "snapshot" };
    const share = await expectJson(await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body }), 201, ShareLink);
    await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "after" }, headers: { accept: "application/json" } });
    const owner = await call(tenant.key, "GET", `/v1/sessions/${session.id}/events?offset=-1`);
    const events = await owner.json<unknown[]>();
    expect(events.length).toBeGreaterThan(1);
    expect(totalSize(owner)).toBe(String(events.length));
    expect(totalSize(await call(tenant.key, "HEAD", `/v1/sessions/${session.id}/events`))).toBe(String(events.length));
    const token = await expectJson(await SELF.fetch(`http://gateway.test/api/shares/${share.code}/token`, { method: "POST" }), 200, ViewerToken);
    const viewed = await SELF.fetch(`http://gateway.test/v1/sessions/${session.id}/events?offset=-1`, { headers: { authorization: `Bearer ${token.token}` } });
    const seen = await viewed.json<unknown[]>();
    expect(totalSize(viewed)).toBe(String(seen.length));
    expect(seen.length).toBeLessThan(events.length);
  });

  it("a snapshot of a source that counts shows the size it is given at its bound, else none", async () => {
    const info = { contentType: "application/json", incarnation: "i", tailSeq: 3, closed: false, ttlSeconds: null, expiresAt: null, totalSize: 9 };
    const payload = new TextEncoder().encode('{"offset":"0000000000000000_0000000000000001"},{"offset":"0000000000000000_0000000000000003"}');
    const source: LogSource = {
      key: "k",
      connect: async () => null,
      read: async (from) => ok({ info, page: { afterSeq: from === "now" ? 3 : from, endSeq: 3, payload, upToDate: true } }),
    };
    const bound = formatOffset(1);
    const sized = await snapshotSource(source, bound, 5).read(0);
    const unsized = await snapshotSource(source, bound).read(0);
    expect(sized.ok && sized.value.info.totalSize).toBe(5);
    expect(unsized.ok && [unsized.value.info.totalSize, unsized.value.info.tailSeq]).toEqual([undefined, 1]);
  });
});
