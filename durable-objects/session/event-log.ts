// The session's append-only event log in SQLite: ordered, persisted before acknowledged, read by
// offset. Offsets are Durable Streams record offsets (see ../lib/offsets.ts).
import type { NewSessionEvent, SessionEvent } from "../../src/schemas/events";
import { formatOffset, parseOffset } from "../lib/offsets";

export type StoredEvent = SessionEvent & { offset: string };

export interface ReadResult {
  events: StoredEvent[];
  nextOffset: string;
  upToDate: boolean;
}

export class EventLog {
  constructor(private readonly sql: SqlStorage) {}

  /** Appends in order; call inside a transaction when the append must be atomic with other writes. */
  append(events: readonly NewSessionEvent[]): StoredEvent[] {
    let seq = this.lastSeq();
    return events.map((event) => {
      seq += 1;
      const stored: SessionEvent = { ...event, v: 1 as const, ts: Date.now() };
      this.sql.exec("INSERT INTO events (seq, type, ts, body) VALUES (?, ?, ?, ?)", seq, stored.type, stored.ts, JSON.stringify(stored));
      return { ...stored, offset: formatOffset(seq) };
    });
  }

  lastSeq(): number {
    return this.sql.exec<{ seq: number }>("SELECT COALESCE(MAX(seq), 0) AS seq FROM events").one().seq;
  }

  tailOffset(): string {
    return formatOffset(this.lastSeq());
  }

  /** Events after `offset` (exclusive), at most `limit`; null when the offset is not one of ours. */
  read(offset: string, limit: number): ReadResult | null {
    const after = parseOffset(offset);
    if (after === null) return null;
    const rows = this.sql
      .exec<{ seq: number; body: string }>("SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
      .toArray();
    const events = rows.map((row): StoredEvent => {
      const event: SessionEvent = JSON.parse(row.body);
      return { ...event, offset: formatOffset(row.seq) };
    });
    const lastRead = rows.at(-1)?.seq ?? Math.min(after, this.lastSeq());
    return { events, nextOffset: formatOffset(lastRead), upToDate: lastRead >= this.lastSeq() };
  }
}
