// StreamLog and RecordStore over a stream object's real SQLite: large appends are chunked below the
// row limit and read back whole, pages stop at record boundaries, and the write path's rules
// (producers before Stream-Seq, close, content type) hold without HTTP in between.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RecordStore, ROW_CHUNK_BYTES } from "../../../durable-objects/lib/record-store";
import { LazySchema } from "../../../durable-objects/lib/migrations";
import { STREAM_MIGRATIONS } from "../../../durable-objects/stream/schema";
import { StreamLog } from "../../../durable-objects/stream/stream-log";
import type { AppendArgs, CreateArgs } from "../../../durable-objects/stream/types";
import type { StreamReply } from "../../../src/shared/protocol/durable-streams";

/** A write reply's HTTP status, whether it went through or failed. */
const statusOf = (reply: StreamReply) => (reply.ok ? reply.value.status : reply.error.status);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A fresh stream object's storage with its schema created (as a stream's first write would). */
function withStreamStorage<R>(callback: (storage: DurableObjectStorage, schema: LazySchema) => R | Promise<R>): Promise<R> {
  return runInDurableObject(env.STREAMS.get(env.STREAMS.newUniqueId()), (_instance, state) => {
    const schema = new LazySchema(state.storage, STREAM_MIGRATIONS);
    schema.ensure();
    return callback(state.storage, schema);
  });
}

const createArgs = (contentType: string): CreateArgs => ({
  projectId: "prj_test0000000000001",
  path: "unit",
  contentType,
  ttlSeconds: null,
  expiresAt: null,
  closed: false,
  body: null,
  fork: null,
});

const origin = (contentType: string) => ({
  contentType,
  ttlSeconds: null,
  expiresAt: null,
  tailSeq: 0,
  forkSource: null,
  forkSourceIncarnation: null,
  forkOffset: null,
});

const json = (value: unknown, extra: Partial<AppendArgs> = {}): AppendArgs => ({
  contentType: "application/json",
  body: { json: true, data: encoder.encode(JSON.stringify(value)) },
  close: false,
  streamSeq: null,
  producer: null,
  ...extra,
});

/** Byte equality without a per-element deep compare (which is slow on megabytes). */
const sameBytes = (a: Uint8Array | null, b: Uint8Array) => a !== null && a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);

describe("RecordStore", () => {
  it("chunks a record larger than a row and reads it back whole", async () => {
    await withStreamStorage((storage) => {
      const records = new RecordStore(storage.sql);
      const big = new Uint8Array(ROW_CHUNK_BYTES * 2 + 123).map((_, i) => i % 253);
      records.put(1, big);
      records.put(2, encoder.encode("tail"));
      const rows = storage.sql.exec<{ n: number; widest: number }>("SELECT COUNT(*) AS n, MAX(length(data)) AS widest FROM records WHERE seq = 1").one();
      expect(rows).toEqual({ n: 3, widest: ROW_CHUNK_BYTES });
      expect(sameBytes(records.record(1), big)).toBe(true);
      const page = records.page(0, 2, false);
      expect(page.endSeq).toBe(2);
      expect(page.payload.byteLength).toBe(big.byteLength + 4);
    });
  });

  it("ends a page at a record boundary once past the byte budget", async () => {
    await withStreamStorage((storage) => {
      const records = new RecordStore(storage.sql);
      for (let seq = 1; seq <= 10; seq += 1) records.put(seq, encoder.encode(`{"n":${seq}}`));
      const page = records.page(0, 10, true, 20);
      expect(page.endSeq).toBe(3);
      expect(JSON.parse(`[${decoder.decode(page.payload)}]`)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(records.page(3, 10, true, 1_000).endSeq).toBe(10);
    });
  });
});

describe("StreamLog writes", () => {
  it("checks producers before Stream-Seq, and a retry after close is acknowledged, not appended", async () => {
    await withStreamStorage((storage, schema) => {
      const log = new StreamLog(storage, schema);
      log.create(createArgs("application/json"), origin("application/json"), null, Date.now());
      const producer = { id: "p1", epoch: 0, seq: 0 };
      const state = () => {
        const current = log.meta.get();
        if (!current) throw new Error("no stream");
        return current;
      };
      expect(statusOf(log.append(state(), json({ n: 1 }, { producer, streamSeq: "a" }), Date.now()).reply)).toBe(200);
      const retry = log.append(state(), json({ n: 1 }, { producer, streamSeq: "a" }), Date.now());
      expect(statusOf(retry.reply)).toBe(204);
      expect(retry.prevSeq).toBeNull();
      const closing = log.append(state(), json({ n: 2 }, { producer: { ...producer, seq: 1 }, close: true }), Date.now());
      expect(closing.reply).toMatchObject({ ok: true, value: { status: 200, headers: { "Stream-Closed": "true" } } });
      const closedRetry = log.append(state(), json({ n: 2 }, { producer: { ...producer, seq: 1 }, close: true }), Date.now());
      expect(statusOf(closedRetry.reply)).toBe(204);
      expect(statusOf(log.append(state(), json({ n: 3 }), Date.now()).reply)).toBe(409);
      const read = log.read(state(), 0);
      if (!read.ok) throw new Error(read.error.message);
      expect(JSON.parse(`[${decoder.decode(read.value.page.payload)}]`)).toEqual([{ n: 1 }, { n: 2 }]);
    });
  });

  it("rejects a content type that differs from the stream's", async () => {
    await withStreamStorage((storage, schema) => {
      const log = new StreamLog(storage, schema);
      log.create(createArgs("text/plain"), origin("text/plain"), null, Date.now());
      const state = log.meta.get();
      if (!state) throw new Error("no stream");
      const result = log.append(state, json({ n: 1 }), Date.now());
      expect(result.reply).toMatchObject({ ok: false, error: { status: 409, code: "content_type_mismatch" } });
    });
  });
});
