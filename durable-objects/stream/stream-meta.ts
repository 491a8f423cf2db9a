// A stream's one metadata row: its configuration as requested (for idempotent PUT), its effective
// expiry, tail, Stream-Total-Size, closed state, Stream-Seq, fork lineage and how many forks still
// reference it.
import { z } from "zod";
import { decodeStored } from "../../src/shared/stored-json";
import type { LazySchema } from "../lib/migrations";

const RequestedConfig = z.object({
  contentType: z.string(),
  ttlSeconds: z.number().nullable(),
  expiresAt: z.string().nullable(),
  closed: z.boolean(),
  forkedFrom: z.string().nullable(),
  /** Only compared when a later PUT names one explicitly. */
  forkOffset: z.string().nullable(),
  forkSubOffset: z.number(),
});
export type RequestedConfig = z.infer<typeof RequestedConfig>;

const ProducerTuple = z.object({ id: z.string(), epoch: z.number(), seq: z.number() });
export type ProducerTuple = z.infer<typeof ProducerTuple>;

export interface StreamState {
  incarnation: string;
  projectId: string;
  path: string;
  contentType: string;
  config: RequestedConfig;
  ttlSeconds: number | null;
  expiresAt: string | null;
  lastAccessMs: number;
  tailSeq: number;
  /** Stream-Total-Size: messages in JSON mode, bytes otherwise (column total_size, schema version 2). */
  totalSize: number;
  closed: boolean;
  closedBy: ProducerTuple | null;
  lastStreamSeq: string | null;
  forkSource: string | null;
  forkSourceIncarnation: string | null;
  refCount: number;
  softDeleted: boolean;
}

/** Version 1 of the table; later versions alter it (schema.ts). */
export const META_TABLE_SQL = `
  CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    incarnation TEXT NOT NULL,
    project_id TEXT NOT NULL,
    path TEXT NOT NULL,
    content_type TEXT NOT NULL,
    config TEXT NOT NULL,
    ttl_seconds INTEGER,
    expires_at TEXT,
    last_access_ms INTEGER NOT NULL,
    tail_seq INTEGER NOT NULL,
    closed INTEGER NOT NULL,
    closed_by TEXT,
    last_stream_seq TEXT,
    fork_source TEXT,
    fork_source_incarnation TEXT,
    ref_count INTEGER NOT NULL,
    soft_deleted INTEGER NOT NULL
  );`;

type MetaRow = {
  incarnation: string;
  project_id: string;
  path: string;
  content_type: string;
  config: string;
  ttl_seconds: number | null;
  expires_at: string | null;
  last_access_ms: number;
  tail_seq: number;
  total_size: number;
  closed: number;
  closed_by: string | null;
  last_stream_seq: string | null;
  fork_source: string | null;
  fork_source_incarnation: string | null;
  ref_count: number;
  soft_deleted: number;
};

/** When the stream expires (unix ms), or null if it never does. */
export function expiryMs(state: Pick<StreamState, "ttlSeconds" | "expiresAt" | "lastAccessMs">): number | null {
  const absolute = state.expiresAt === null ? null : Date.parse(state.expiresAt);
  const sliding = state.ttlSeconds === null ? null : state.lastAccessMs + state.ttlSeconds * 1000;
  if (absolute === null) return sliding;
  if (sliding === null) return absolute;
  return Math.min(absolute, sliding);
}

/**
 * The meta row, read once and then kept in memory: every call reads it (an append twice: its own
 * check and the live broadcast), and only this class writes it, so each write replaces the kept
 * copy with the row as written. Copies are never changed in place: a caller holding the state it
 * read keeps seeing that state. A write whose transaction fails calls `forget()`.
 */
export class StreamMeta {
  /** undefined: not read yet; null: no stream. */
  private kept: StreamState | null | undefined = undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly schema: LazySchema,
  ) {}

  /** The stream, if one was ever created in this object (one nobody created has no tables to read). */
  get(): StreamState | null {
    if (!this.schema.exists) return null;
    if (this.kept === undefined) this.kept = this.read();
    return this.kept;
  }

  /** Drops the kept row (after a write that may not have committed): the next get() reads it again. */
  forget(): void {
    this.kept = undefined;
  }

  private read(): StreamState | null {
    const row = this.sql.exec<MetaRow>("SELECT * FROM meta WHERE id = 1").toArray()[0];
    if (!row) return null;
    return {
      incarnation: row.incarnation,
      projectId: row.project_id,
      path: row.path,
      contentType: row.content_type,
      config: decodeStored(RequestedConfig, row.config, "stream config"),
      ttlSeconds: row.ttl_seconds,
      expiresAt: row.expires_at,
      lastAccessMs: row.last_access_ms,
      tailSeq: row.tail_seq,
      totalSize: row.total_size,
      closed: row.closed === 1,
      closedBy: row.closed_by === null ? null : decodeStored(ProducerTuple, row.closed_by, "closing producer"),
      lastStreamSeq: row.last_stream_seq,
      forkSource: row.fork_source,
      forkSourceIncarnation: row.fork_source_incarnation,
      refCount: row.ref_count,
      softDeleted: row.soft_deleted === 1,
    };
  }

  insert(state: StreamState): void {
    this.sql.exec(
      `INSERT INTO meta (id, incarnation, project_id, path, content_type, config, ttl_seconds, expires_at, last_access_ms,
         tail_seq, total_size, closed, closed_by, last_stream_seq, fork_source, fork_source_incarnation, ref_count, soft_deleted)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      state.incarnation,
      state.projectId,
      state.path,
      state.contentType,
      JSON.stringify(state.config),
      state.ttlSeconds,
      state.expiresAt,
      state.lastAccessMs,
      state.tailSeq,
      state.totalSize,
      state.closed ? 1 : 0,
      state.closedBy === null ? null : JSON.stringify(state.closedBy),
      state.lastStreamSeq,
      state.forkSource,
      state.forkSourceIncarnation,
      state.refCount,
      state.softDeleted ? 1 : 0,
    );
    this.kept = { ...state };
  }

  /** Replaces the kept row by a changed copy (if it was read; otherwise the next get() reads it). */
  private update(change: (state: StreamState) => Partial<StreamState>): void {
    if (this.kept) this.kept = { ...this.kept, ...change(this.kept) };
  }

  /**
   * Records an append in the one UPDATE every append makes: the new tail, the size it `added`
   * (Stream-Total-Size units), and optionally the Stream-Seq it carried and a close.
   */
  advance(tailSeq: number, added: number, streamSeq: string | null, closedBy: ProducerTuple | null, close: boolean, nowMs: number): void {
    this.sql.exec(
      `UPDATE meta SET tail_seq = ?, total_size = total_size + ?, last_stream_seq = COALESCE(?, last_stream_seq), last_access_ms = ?,
         closed = CASE WHEN ? THEN 1 ELSE closed END, closed_by = CASE WHEN ? THEN ? ELSE closed_by END WHERE id = 1`,
      tailSeq,
      added,
      streamSeq,
      nowMs,
      close ? 1 : 0,
      close ? 1 : 0,
      closedBy === null ? null : JSON.stringify(closedBy),
    );
    this.update((state) => ({
      tailSeq,
      totalSize: state.totalSize + added,
      lastStreamSeq: streamSeq ?? state.lastStreamSeq,
      lastAccessMs: nowMs,
      ...(close ? { closed: true, closedBy } : {}),
    }));
  }

  touch(nowMs: number): void {
    this.sql.exec("UPDATE meta SET last_access_ms = ? WHERE id = 1", nowMs);
    this.update(() => ({ lastAccessMs: nowMs }));
  }

  addRefs(delta: number): number {
    this.sql.exec("UPDATE meta SET ref_count = MAX(0, ref_count + ?) WHERE id = 1", delta);
    const refCount = this.sql.exec<{ n: number }>("SELECT ref_count AS n FROM meta WHERE id = 1").one().n;
    this.update(() => ({ refCount }));
    return refCount;
  }

  markSoftDeleted(): void {
    this.sql.exec("UPDATE meta SET soft_deleted = 1 WHERE id = 1");
    this.update(() => ({ softDeleted: true }));
  }

  clear(): void {
    this.sql.exec("DELETE FROM meta");
    this.kept = null;
  }
}
