// The session's append-only event log in SQLite: ordered, persisted before acknowledged, read by
// offset. Offsets are Durable Streams record offsets (src/shared/protocol/offsets.ts).
import { SessionEvent, type NewSessionEvent, type StoredEvent } from "../../src/shared/schemas/events";
import { formatOffset, parseOffset } from "../../src/shared/protocol/offsets";
import { decodeStored } from "../../src/shared/stored-json";

export type { StoredEvent };

export interface ReadResult {
  events: StoredEvent[];
  nextOffset: string;
  upToDate: boolean;
}

export class EventLog {
  /**
   * `onAppend` runs inside the append (and so inside the caller's transaction): for work that must
   * commit or roll back together with the events, such as capturing them for webhooks.
   */
  /** Told the tail before each append, after the rows are written (still inside any transaction). */
  private readonly watchers: Array<(prevSeq: number) => void> = [];

  constructor(
    private readonly sql: SqlStorage,
    private readonly onAppend: (events: StoredEvent[]) => void = () => {},
  ) {}

  /** Registers a listener for appends; it must defer real work until the transaction is over. */
  watch(watcher: (prevSeq: number) => void): void {
    this.watchers.push(watcher);
  }

  /** Appends in order; call inside a transaction when the append must be atomic with other writes. */
  append(events: readonly NewSessionEvent[]): StoredEvent[] {
    let seq = this.lastSeq();
    const prevSeq = seq;
    const stored = events.map((event) => {
      seq += 1;
      const full: SessionEvent = { ...event, v: 1 as const, ts: Date.now() };
      this.sql.exec("INSERT INTO events (seq, type, ts, body) VALUES (?, ?, ?, ?)", seq, full.type, full.ts, JSON.stringify(full));
      return { ...full, offset: formatOffset(seq) };
    });
    this.onAppend(stored);
    if (stored.length > 0) for (const watcher of this.watchers) watcher(prevSeq);
    return stored;
  }

  lastSeq(): number {
    return this.sql.exec<{ seq: number }>("SELECT COALESCE(MAX(seq), 0) AS seq FROM events").one().seq;
  }

  tailOffset(): string {
    return formatOffset(this.lastSeq());
  }

  /**
   * The last `count` events of the given types, oldest first, without streamed text pieces
   * (`assistant_delta`, even when asked for): each is followed by its whole message, and a turn
   * streams many of them.
   */
  recent(types: readonly string[], count: number): SessionEvent[] {
    const marks = types.map(() => "?").join(", ");
    const whole = "type != 'assistant_delta'";
    return this.sql
      .exec<{ body: string }>(
        `SELECT body FROM (SELECT seq, body FROM events WHERE type IN (${marks}) AND ${whole} ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
        ...types,
        count,
      )
      .toArray()
      .map((row) => decodeStored(SessionEvent, row.body, "session event"));
  }

  /**
   * Events (afterSeq, uptoSeq] as a Durable Streams JSON page: each stored body with its `offset`
   * spliced in (no parse), comma-joined, stopping at the first event past `maxBytes`.
   */
  page(afterSeq: number, uptoSeq: number, maxBytes: number): { endSeq: number; payload: string } {
    const parts: string[] = [];
    let endSeq = afterSeq;
    let bytes = 0;
    const rows = this.sql.exec<{ seq: number; body: string }>("SELECT seq, body FROM events WHERE seq > ? AND seq <= ? ORDER BY seq", afterSeq, uptoSeq);
    for (const row of rows) {
      if (parts.length > 0 && bytes >= maxBytes) break;
      const part = `${row.body.slice(0, -1)},"offset":"${formatOffset(row.seq)}"}`;
      parts.push(part);
      bytes += part.length;
      endSeq = row.seq;
    }
    return { endSeq, payload: parts.join(",") };
  }

  /** Events after `offset` (exclusive), at most `limit`; null when the offset is not one of ours. */
  read(offset: string, limit: number): ReadResult | null {
    const after = parseOffset(offset);
    if (after === null) return null;
    const rows = this.sql.exec<{ seq: number; body: string }>("SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", after, limit).toArray();
    const events = rows.map((row): StoredEvent => {
      const event = decodeStored(SessionEvent, row.body, "session event");
      return { ...event, offset: formatOffset(row.seq) };
    });
    const lastRead = rows.at(-1)?.seq ?? Math.min(after, this.lastSeq());
    return { events, nextOffset: formatOffset(lastRead), upToDate: lastRead >= this.lastSeq() };
  }
}
