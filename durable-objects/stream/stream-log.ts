// One stream's data operations over its SQLite storage: create, append (JSON, bytes, close,
// Stream-Seq, idempotent producers), catch-up reads and metadata (with Stream-Total-Size, kept in
// the meta row by the append's own UPDATE). Producer check, append and producer commit run in one
// transaction; the caller broadcasts after it returns.
import type { LazySchema } from "../lib/migrations";
import { payloadSize, toJsonFragment } from "../../src/shared/protocol/json-mode";
import { formatOffset } from "../../src/shared/protocol/offsets";
import { ProducerStore } from "../lib/producers";
import { producerRefusal } from "../../src/shared/protocol/producers";
import { ok, type Result } from "../../src/shared/result";
import { failure, H, isJsonType, normalizeContentType, reply, type LogPage, type ReadFrom, type StreamReply } from "../../src/shared/protocol/durable-streams";
import { RecordStore } from "../lib/record-store";
import { StreamMeta, type RequestedConfig, type StreamState } from "./stream-meta";
import type { AppendArgs, CreateArgs, StreamBody, StreamInfo, StreamInfoReply, StreamRead } from "./types";

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/** Lineage and inherited data of a new stream; all empty for a plain create. */
export interface NewStreamOrigin {
  contentType: string;
  ttlSeconds: number | null;
  expiresAt: string | null;
  tailSeq: number;
  forkSource: string | null;
  forkSourceIncarnation: string | null;
  forkOffset: string | null;
}

/** A body as stored, and its Stream-Total-Size (messages in JSON mode, else bytes). */
export interface StoredBody {
  data: Uint8Array;
  size: number;
}

const expiresMs = (value: string | null) => (value === null ? null : Date.parse(value));

export function sameConfig(existing: StreamState, args: CreateArgs): boolean {
  const config = existing.config;
  const contentType = args.contentType === null ? (args.fork ? config.contentType : DEFAULT_CONTENT_TYPE) : normalizeContentType(args.contentType);
  return (
    contentType === config.contentType &&
    args.ttlSeconds === config.ttlSeconds &&
    expiresMs(args.expiresAt) === expiresMs(config.expiresAt) &&
    args.closed === config.closed &&
    (args.fork?.source ?? null) === config.forkedFrom &&
    (args.fork?.offset == null || args.fork.offset === config.forkOffset) &&
    (args.fork?.subOffset ?? 0) === config.forkSubOffset
  );
}

export class StreamLog {
  readonly meta: StreamMeta;
  readonly records: RecordStore;
  readonly producers: ProducerStore;

  constructor(
    private readonly storage: DurableObjectStorage,
    schema: LazySchema,
  ) {
    this.meta = new StreamMeta(storage.sql, schema);
    this.records = new RecordStore(storage.sql);
    this.producers = new ProducerStore(storage.sql);
  }

  /**
   * Runs `write` in one transaction. If it throws (and rolls back), the meta row kept in memory may
   * hold what was rolled back, so it is forgotten.
   */
  transaction(write: () => void): void {
    try {
      this.storage.transactionSync(write);
    } catch (error) {
      this.meta.forget();
      throw error;
    }
  }

  /** The body as stored for a stream of `contentType` with its size, or the 400 it earns. */
  static storedBody(body: StreamBody, contentType: string, allowEmpty: boolean): Result<StoredBody> {
    if (!isJsonType(contentType)) return ok({ data: body.data, size: body.data.byteLength });
    if (body.json) return ok({ data: body.data, size: body.messages ?? payloadSize(body.data, true) });
    const parsed = toJsonFragment(body.data, allowEmpty);
    return parsed.ok ? ok({ data: parsed.fragment, size: parsed.count }) : failure(400, parsed.code, parsed.message);
  }

  /**
   * Creates the stream (the existing-stream cases are the caller's). A fork's inherited records
   * (0, origin.tailSeq] are already stored; their size is counted here, once.
   */
  create(args: CreateArgs, origin: NewStreamOrigin, body: StoredBody | null, nowMs: number): StreamReply {
    const config: RequestedConfig = {
      contentType: normalizeContentType(origin.contentType),
      ttlSeconds: args.ttlSeconds,
      expiresAt: args.expiresAt,
      closed: args.closed,
      forkedFrom: args.fork?.source ?? null,
      forkOffset: origin.forkOffset,
      forkSubOffset: args.fork?.subOffset ?? 0,
    };
    const data = body !== null && body.data.byteLength > 0 ? body : null;
    const tailSeq = origin.tailSeq + (data ? 1 : 0);
    const inherited = origin.tailSeq > 0 ? this.records.size(0, origin.tailSeq, isJsonType(origin.contentType)) : 0;
    this.transaction(() => {
      if (data) this.records.put(tailSeq, data.data);
      this.meta.insert({
        incarnation: crypto.randomUUID(),
        projectId: args.projectId,
        path: args.path,
        contentType: origin.contentType,
        config,
        ttlSeconds: origin.ttlSeconds,
        expiresAt: origin.expiresAt,
        lastAccessMs: nowMs,
        tailSeq,
        totalSize: inherited + (data?.size ?? 0),
        closed: args.closed,
        closedBy: null,
        lastStreamSeq: null,
        forkSource: origin.forkSource,
        forkSourceIncarnation: origin.forkSourceIncarnation,
        refCount: 0,
        softDeleted: false,
      });
    });
    return this.createdReply(201);
  }

  createdReply(status: 200 | 201): StreamReply {
    const state = this.meta.get();
    if (!state) return failure(404, "stream_not_found", "Stream not found");
    const headers: Record<string, string> = { "Content-Type": state.contentType, [H.nextOffset]: formatOffset(state.tailSeq) };
    if (state.closed) headers[H.closed] = "true";
    return reply(status, headers);
  }

  /** POST: append and/or close. Returns the reply and, when something changed, the tail before it. */
  append(state: StreamState, args: AppendArgs, nowMs: number): { reply: StreamReply; prevSeq: number | null } {
    const tail = formatOffset(state.tailSeq);
    const producer = args.producer;
    const body = args.body !== null && args.body.data.byteLength > 0 ? args.body : null;
    const producerHeaders = (seq: number): Record<string, string> =>
      producer ? { [H.producerEpoch]: String(producer.epoch), [H.producerSeq]: String(seq) } : {};
    if (state.closed) {
      const by = state.closedBy;
      const sameCloser = producer && by && by.id === producer.id && by.epoch === producer.epoch && by.seq === producer.seq;
      if (sameCloser || (!producer && !body && args.close)) {
        return { reply: reply(204, { [H.nextOffset]: tail, [H.closed]: "true", ...producerHeaders(producer?.seq ?? 0) }), prevSeq: null };
      }
      return { reply: failure(409, "stream_closed", "The stream is closed", { [H.closed]: "true", [H.nextOffset]: tail }), prevSeq: null };
    }
    if (body && (args.contentType === null || normalizeContentType(args.contentType) !== normalizeContentType(state.contentType))) {
      const message = `This stream's content type is ${state.contentType}; append with the same Content-Type`;
      return { reply: failure(409, "content_type_mismatch", message), prevSeq: null };
    }
    if (producer) {
      const verdict = this.producers.check(producer);
      if (verdict.kind === "duplicate") return { reply: reply(204, { [H.nextOffset]: tail, ...producerHeaders(verdict.lastSeq) }), prevSeq: null };
      const refused = producerRefusal(verdict);
      if (refused) return { reply: refused, prevSeq: null };
    }
    if (args.streamSeq !== null && state.lastStreamSeq !== null && args.streamSeq <= state.lastStreamSeq) {
      const message = `Stream-Seq ${args.streamSeq} is not after ${state.lastStreamSeq}`;
      return { reply: failure(409, "stream_seq_conflict", message), prevSeq: null };
    }
    let data: StoredBody | null = null;
    if (body) {
      const stored = StreamLog.storedBody(body, state.contentType, false);
      if (!stored.ok) return { reply: stored, prevSeq: null };
      data = stored.value;
    }
    const newTail = state.tailSeq + (data ? 1 : 0);
    this.transaction(() => {
      if (data) this.records.put(newTail, data.data);
      if (producer) this.producers.commit(producer);
      this.meta.advance(newTail, data?.size ?? 0, args.streamSeq, args.close ? producer : null, args.close, nowMs);
    });
    const headers: Record<string, string> = { [H.nextOffset]: formatOffset(newTail), ...producerHeaders(producer?.seq ?? 0) };
    if (args.close) headers[H.closed] = "true";
    return { reply: reply(producer && data ? 200 : 204, headers), prevSeq: state.tailSeq };
  }

  info(state: StreamState): StreamInfo {
    return {
      contentType: state.contentType,
      incarnation: state.incarnation,
      tailSeq: state.tailSeq,
      closed: state.closed,
      ttlSeconds: state.ttlSeconds,
      expiresAt: state.expiresAt,
      totalSize: state.totalSize,
    };
  }

  head(state: StreamState): StreamInfoReply {
    return ok(this.info(state));
  }

  /**
   * A catch-up page after `from` (exclusive), at most about `maxBytes`; "now" is an empty page at
   * the tail. A page that stops before the tail is not up to date, so the reader asks for the next.
   */
  read(state: StreamState, from: ReadFrom, maxBytes?: number, upToSeq?: number): StreamRead {
    const info = this.info(state);
    const readPage = (page: LogPage): StreamRead => ok({ info, page });
    if (from === "now") {
      return readPage({ afterSeq: state.tailSeq, endSeq: state.tailSeq, payload: new Uint8Array(0), upToDate: true });
    }
    if (from > state.tailSeq) {
      return failure(400, "offset_out_of_range", `Offset ${formatOffset(from)} is past the end of this stream`);
    }
    const endSeq = upToSeq === undefined ? state.tailSeq : Math.max(from, Math.min(state.tailSeq, upToSeq));
    const page = this.records.page(from, endSeq, isJsonType(state.contentType), maxBytes);
    return readPage({ afterSeq: from, endSeq: page.endSeq, payload: page.payload, upToDate: page.endSeq >= endSeq });
  }
}
