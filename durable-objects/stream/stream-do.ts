// StreamObject (exported as StreamDO by src/objects.ts): one per generic Durable Stream (/v1/stream/<path>, per project). A thin shell: it keeps
// its SQLite schema (created with the stream), exposes RPC methods, and accepts live-tail WebSockets
// in `fetch`; the logic lives in StreamLog, StreamLifecycle, the fork functions and LiveBroadcaster.
import { DurableObject } from "cloudflare:workers";
import { streamObjectName } from "../../src/shared/object-names";
import type { ObjectEnv } from "../env";
import { LiveBroadcaster, type LiveLog } from "../lib/live-broadcaster";
import { LazySchema } from "../lib/migrations";
import { failure, isJsonType, type ReadFrom, type StreamReply } from "../../src/shared/protocol/durable-streams";
import { READ_PAGE_BYTES, WHOLE_READ_BYTES, type StoredRecord } from "../lib/record-store";
import { STREAM_MIGRATIONS } from "./schema";
import { createFork, takeSnapshot } from "./stream-fork";
import { goneReply, StreamLifecycle, type SourceRef } from "./stream-lifecycle";
import { DEFAULT_CONTENT_TYPE, sameConfig, StreamLog, type StoredBody } from "./stream-log";
import type { AppendArgs, CreateArgs, ForkSnapshot, ReadSize, SnapshotArgs, StreamInfoReply, StreamRead } from "./types";
import { fail } from "../../src/shared/result";

export class StreamObject extends DurableObject<ObjectEnv> {
  private readonly schema: LazySchema;
  private readonly log: StreamLog;
  private readonly lifecycle: StreamLifecycle;
  private readonly live: LiveBroadcaster;
  /** Creates run one at a time: a fork awaits its source, and a second PUT must see the first's result. */
  private createChain: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: ObjectEnv) {
    super(ctx, env);
    this.schema = new LazySchema(ctx.storage, STREAM_MIGRATIONS);
    this.log = new StreamLog(ctx.storage, this.schema);
    this.live = new LiveBroadcaster(ctx, () => this.liveLog());
    this.lifecycle = new StreamLifecycle(
      ctx.storage,
      this.log,
      (ref) => this.releaseSource(ref),
      () => this.live.gone(),
      (work) => ctx.waitUntil(work),
    );
  }

  create(args: CreateArgs): Promise<StreamReply> {
    const run = () => this.createNow(args);
    const next = this.createChain.then(run, run);
    this.createChain = next.catch(() => {});
    return next;
  }

  append(args: AppendArgs): StreamReply {
    const current = this.lifecycle.current();
    if (!current.ok) return goneReply(current.status);
    const { reply, prevSeq } = this.log.append(current.state, args, Date.now());
    if (prevSeq !== null) this.live.appended(prevSeq);
    return reply;
  }

  /**
   * A read after `from`; `size` picks the page bound (READ_PAGE_BYTES, or WHOLE_READ_BYTES for a plain
   * GET); `upToSeq` stops it at a record (a snapshot share's bound).
   */
  read(from: ReadFrom, size: ReadSize = "page", upToSeq?: number): StreamRead {
    const current = this.lifecycle.current();
    if (!current.ok) return goneReply(current.status);
    this.lifecycle.touch(current.state);
    return this.log.read(current.state, from, size === "whole" ? WHOLE_READ_BYTES : READ_PAGE_BYTES, upToSeq);
  }

  head(): StreamInfoReply {
    const current = this.lifecycle.current();
    if (!current.ok) return goneReply(current.status);
    return this.log.head(current.state);
  }

  remove(): Promise<StreamReply> {
    return this.lifecycle.remove();
  }

  /** Called by a fork being created: validates the fork point and counts the reference. */
  forkSnapshot(args: SnapshotArgs): ForkSnapshot {
    const current = this.lifecycle.current();
    if (!current.ok && current.status === 404) return fail(404, "source_not_found", "The source stream does not exist");
    if (!current.ok) return fail(409, "source_deleted", "The source stream was deleted");
    return takeSnapshot(this.log, current.state, args);
  }

  /** Called by a fork being created: the inherited records, a page at a time. */
  forkRecords(incarnation: string, afterSeq: number, uptoSeq: number): StoredRecord[] | null {
    const state = this.log.meta.get();
    if (!state || state.incarnation !== incarnation) return null;
    return this.log.records.records(afterSeq, uptoSeq);
  }

  /** Called when a fork of this stream goes away. */
  releaseRef(incarnation: string): Promise<void> {
    return this.lifecycle.releaseRef(incarnation);
  }

  /** Only for live-tail subscriptions from Worker isolates. */
  override async fetch(request: Request): Promise<Response> {
    return this.live.accept(request);
  }

  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    this.live.closed(socket, code);
  }

  override async alarm(): Promise<void> {
    this.lifecycle.alarm();
  }

  private async createNow(args: CreateArgs): Promise<StreamReply> {
    const nowMs = Date.now();
    const current = this.lifecycle.current(nowMs);
    if (current.ok)
      return sameConfig(current.state, args)
        ? this.log.createdReply(200)
        : failure(409, "stream_exists", "A stream with a different configuration exists at this path");
    if (current.status === 410) return failure(409, "stream_gone", "A deleted stream that forks still reference holds this path");
    let result: StreamReply;
    if (args.fork) {
      this.schema.ensure();
      result = await createFork(this.ctx.storage, this.log, args, this.stream(args.projectId, args.fork.source), nowMs);
    } else {
      const contentType = args.contentType ?? DEFAULT_CONTENT_TYPE;
      let data: StoredBody | null = null;
      if (args.body) {
        const stored = StreamLog.storedBody(args.body, contentType, true);
        if (!stored.ok) return stored;
        data = stored.value;
      }
      this.schema.ensure();
      const origin = {
        contentType,
        ttlSeconds: args.ttlSeconds,
        expiresAt: args.expiresAt,
        tailSeq: 0,
        forkSource: null,
        forkSourceIncarnation: null,
        forkOffset: null,
      };
      result = this.log.create(args, origin, data, nowMs);
    }
    const state = this.log.meta.get();
    if (state) this.lifecycle.armAlarm(state);
    return result;
  }

  private liveLog(): LiveLog | null {
    const state = this.log.meta.get();
    if (!state || state.softDeleted) return null;
    const json = isJsonType(state.contentType);
    return {
      tailSeq: state.tailSeq,
      closed: state.closed,
      page: (afterSeq, tailSeq, maxBytes) => this.log.records.page(afterSeq, tailSeq, json, maxBytes),
    };
  }

  private async releaseSource(ref: SourceRef): Promise<void> {
    await this.stream(ref.projectId, ref.path).releaseRef(ref.incarnation);
  }

  /** Another stream of the project (a fork's source). */
  private stream(projectId: string, path: string) {
    return this.env.STREAMS.get(this.env.STREAMS.idFromName(streamObjectName(projectId, path)));
  }
}
