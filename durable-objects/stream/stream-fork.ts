// Forks: a new stream that starts as a copy of another stream up to an offset (and optionally the
// first bytes or messages of the next append, Stream-Fork-Sub-Offset), then lives on its own. The
// source answers with a snapshot and counts the reference; the fork copies the records in pages,
// keeping their offsets, so offsets read from the source stay valid on the fork (and its
// Stream-Total-Size is counted from them when it is created).
import { fragmentMessages, messagesToFragment } from "../../src/shared/protocol/json-mode";
import { parseOffset } from "../../src/shared/protocol/offsets";
import { failure, isJsonType, normalizeContentType, type StreamReply } from "../../src/shared/protocol/durable-streams";
import type { StoredRecord } from "../lib/record-store";
import { StreamLog, type StoredBody } from "./stream-log";
import type { StreamState } from "./stream-meta";
import type { CreateArgs, ForkSnapshot, SnapshotArgs } from "./types";
import { formatOffset } from "../../src/shared/protocol/offsets";
import { fail, ok } from "../../src/shared/result";

/** The source's side: validate the fork point and take a reference. */
export function takeSnapshot(log: StreamLog, state: StreamState, args: SnapshotArgs): ForkSnapshot {
  if (args.contentType !== null && normalizeContentType(args.contentType) !== normalizeContentType(state.contentType)) {
    return fail(409, "content_type_mismatch", `The source stream's content type is ${state.contentType}`);
  }
  const forkSeq = args.offset === null ? state.tailSeq : parseOffset(args.offset);
  if (forkSeq === null || forkSeq > state.tailSeq) {
    return fail(400, "invalid_fork_offset", "Stream-Fork-Offset is not an offset of the source stream");
  }
  let prefix: Uint8Array | null = null;
  if (args.subOffset > 0) {
    const next = log.records.record(forkSeq + 1);
    if (!next) return fail(400, "invalid_fork_sub_offset", "No append follows the fork offset");
    if (isJsonType(state.contentType)) {
      const messages = fragmentMessages(next);
      if (args.subOffset > messages.length) return subOffsetTooLarge(messages.length, "messages");
      prefix = messagesToFragment(messages.slice(0, args.subOffset));
    } else {
      if (args.subOffset > next.byteLength) return subOffsetTooLarge(next.byteLength, "bytes");
      prefix = next.slice(0, args.subOffset);
    }
  }
  log.meta.addRefs(1);
  return ok({
    contentType: state.contentType,
    ttlSeconds: state.ttlSeconds,
    expiresAt: state.expiresAt,
    incarnation: state.incarnation,
    forkSeq,
    prefix,
  });
}

const subOffsetTooLarge = (size: number, unit: string): ForkSnapshot =>
  fail(400, "invalid_fork_sub_offset", `Stream-Fork-Sub-Offset is past the end of the append (${size} ${unit})`);

/** What the fork needs from its source object (an RPC stub in production). */
export interface ForkSource {
  forkSnapshot(args: SnapshotArgs): Promise<ForkSnapshot>;
  forkRecords(incarnation: string, afterSeq: number, uptoSeq: number): Promise<StoredRecord[] | null>;
  releaseRef(incarnation: string): Promise<void>;
}

/** The fork's side: snapshot, copy, then create; any failure after the snapshot gives the reference back. */
export async function createFork(storage: DurableObjectStorage, log: StreamLog, args: CreateArgs, source: ForkSource, nowMs: number): Promise<StreamReply> {
  const fork = args.fork;
  if (!fork) return failure(400, "not_a_fork", "Stream-Forked-From is missing");
  const taken = await source.forkSnapshot({ offset: fork.offset, subOffset: fork.subOffset, contentType: args.contentType });
  if (!taken.ok) return taken;
  const snapshot = taken.value;
  const giveBack = async (reply: StreamReply) => {
    storage.transactionSync(() => log.records.clear());
    await source.releaseRef(snapshot.incarnation);
    return reply;
  };
  let data: StoredBody | null = null;
  if (args.body) {
    const stored = StreamLog.storedBody(args.body, snapshot.contentType, true);
    if (!stored.ok) return giveBack(stored);
    data = stored.value;
  }
  for (let after = 0; after < snapshot.forkSeq;) {
    const records = await source.forkRecords(snapshot.incarnation, after, snapshot.forkSeq);
    if (!records || records.length === 0) return giveBack(failure(409, "source_changed", "The source stream changed while forking"));
    storage.transactionSync(() => records.forEach((record) => log.records.put(record.seq, record.data)));
    after = records.at(-1)?.seq ?? snapshot.forkSeq;
  }
  if (snapshot.prefix) log.records.put(snapshot.forkSeq + 1, snapshot.prefix);
  const ownExpiry = args.ttlSeconds !== null || args.expiresAt !== null;
  return log.create(
    args,
    {
      contentType: snapshot.contentType,
      ttlSeconds: ownExpiry ? args.ttlSeconds : snapshot.ttlSeconds,
      expiresAt: ownExpiry ? args.expiresAt : snapshot.expiresAt,
      tailSeq: snapshot.forkSeq + (snapshot.prefix ? 1 : 0),
      forkSource: fork.source,
      forkSourceIncarnation: snapshot.incarnation,
      forkOffset: formatOffset(snapshot.forkSeq),
    },
    data,
    nowMs,
  );
}
