// A stream's lifetime: TTL and Expires-At (checked on every access, and by an alarm that re-arms
// while the stream lives), DELETE, and fork reference counts. A stream that forks still reference
// is soft-deleted (410, its name blocked) until the last fork goes, then removed for good, which
// in turn releases its own source.
import { failure, reply, type StreamReply } from "../../src/shared/protocol/durable-streams";
import type { Failure } from "../../src/shared/result";
import { expiryMs, type StreamState } from "./stream-meta";
import type { StreamLog } from "./stream-log";

/** Furthest ahead an expiry alarm is set; the alarm re-arms for what remains. */
const MAX_ALARM_AHEAD_MS = 365 * 24 * 60 * 60 * 1000;

/** A fork's reference on its source, released when the fork is removed. */
export interface SourceRef {
  projectId: string;
  path: string;
  incarnation: string;
}

export type Current = { ok: true; state: StreamState } | { ok: false; status: 404 | 410 };

const GONE_MESSAGE = "The stream was deleted; forks still reference it";

/** The answer to any call on a stream that is not there (404) or deleted while forks use it (410). */
export const goneReply = (status: 404 | 410): { ok: false; error: Failure } =>
  status === 404 ? failure(404, "stream_not_found", "Stream not found") : failure(410, "stream_gone", GONE_MESSAGE);

export class StreamLifecycle {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly log: StreamLog,
    private readonly release: (ref: SourceRef) => Promise<void>,
    private readonly onGone: () => void,
    private readonly background: (work: Promise<unknown>) => void,
  ) {}

  /** The stream if it is live; an expired one is removed (or soft-deleted) on the way. */
  current(nowMs = Date.now()): Current {
    const state = this.log.meta.get();
    if (!state) return { ok: false, status: 404 };
    if (state.softDeleted) return { ok: false, status: 410 };
    const expiry = expiryMs(state);
    if (expiry === null || nowMs < expiry) return { ok: true, state };
    if (state.refCount > 0) {
      this.softDelete();
      return { ok: false, status: 410 };
    }
    this.background(this.hardDelete(state));
    return { ok: false, status: 404 };
  }

  /** A read or write extends a sliding TTL (HEAD does not). */
  touch(state: StreamState, nowMs = Date.now()): void {
    if (state.ttlSeconds !== null) this.log.meta.touch(nowMs);
  }

  /** DELETE: soft while forks reference the stream, otherwise for good (and release its source). */
  async remove(): Promise<StreamReply> {
    const current = this.current();
    if (!current.ok) return goneReply(current.status);
    if (current.state.refCount > 0) this.softDelete();
    else await this.hardDelete(current.state);
    return reply(204);
  }

  /** A fork of this incarnation went away. */
  async releaseRef(incarnation: string): Promise<void> {
    const state = this.log.meta.get();
    if (!state || state.incarnation !== incarnation) return;
    const remaining = this.log.meta.addRefs(-1);
    if (remaining === 0 && (state.softDeleted || this.expired(state))) await this.hardDelete(state);
  }

  armAlarm(state: StreamState): void {
    const expiry = expiryMs(state);
    // A far expiry (streams stored before its bound) is approached in steps the runtime accepts.
    if (expiry !== null) void this.storage.setAlarm(Math.min(expiry, Date.now() + MAX_ALARM_AHEAD_MS));
  }

  /** Idempotent housekeeping: expire if due, else re-arm for the (possibly extended) expiry. */
  alarm(): void {
    const current = this.current();
    if (current.ok) this.armAlarm(current.state);
  }

  private expired(state: StreamState): boolean {
    const expiry = expiryMs(state);
    return expiry !== null && Date.now() >= expiry;
  }

  /** Keeps the data (forks may still be copying it) but answers 410 and blocks the name. */
  private softDelete(): void {
    this.log.meta.markSoftDeleted();
    this.onGone();
  }

  private async hardDelete(state: StreamState): Promise<void> {
    this.log.transaction(() => {
      this.log.records.clear();
      this.storage.sql.exec("DELETE FROM producers");
      this.log.meta.clear();
    });
    void this.storage.deleteAlarm();
    this.onGone();
    if (state.forkSource !== null && state.forkSourceIncarnation !== null) {
      await this.release({ projectId: state.projectId, path: state.forkSource, incarnation: state.forkSourceIncarnation });
    }
  }
}
