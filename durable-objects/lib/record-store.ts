// A Durable Stream's records in SQLite: one record per append (sequence number = offset), stored in
// chunks so no row comes near SQLite's 2 MB row limit. Reads return whole records in pages; JSON
// records hold their messages as a comma-joined fragment, so a page is fragments joined by commas.
import { concatBytes } from "../../src/shared/bytes";
import { FragmentCounter } from "../../src/shared/protocol/json-mode";

export const RECORDS_TABLE_SQL =
  "CREATE TABLE records (seq INTEGER NOT NULL, chunk INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, chunk)) WITHOUT ROWID;";

/** Largest piece of one record stored in a row (well under the 2 MB row limit). */
export const ROW_CHUNK_BYTES = 512 * 1024;
/**
 * A live reader's page (SSE catch-up, long-poll, a fork's copy) stops at the first record boundary
 * past this size (a single record may exceed it).
 */
export const READ_PAGE_BYTES = 2 * 1024 * 1024;
/**
 * A plain catch-up GET (no `live`) stops at the first record boundary past this size. Clients such
 * as `capi` read a whole stream in one GET, so this is as large as memory allows: the page crosses
 * RPC (limit 32 MiB; one append adds at most MAX_BODY_BYTES past the bound) and the Worker holds it
 * twice (as received, and bracketed as the body), about 34 MiB of a 128 MB isolate.
 */
export const WHOLE_READ_BYTES = 16 * 1024 * 1024;

const COMMA = new Uint8Array([0x2c]);

export interface StoredRecord {
  seq: number;
  data: Uint8Array;
}

type RecordRow = { seq: number; data: ArrayBuffer };

export class RecordStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Writes one record; call inside the transaction that advances the tail. */
  put(seq: number, data: Uint8Array): void {
    for (let chunk = 0, at = 0; chunk === 0 || at < data.byteLength; chunk += 1, at += ROW_CHUNK_BYTES) {
      this.sql.exec("INSERT INTO records (seq, chunk, data) VALUES (?, ?, ?)", seq, chunk, data.subarray(at, at + ROW_CHUNK_BYTES));
    }
  }

  private rows(afterSeq: number, uptoSeq: number) {
    return this.sql.exec<RecordRow>("SELECT seq, data FROM records WHERE seq > ? AND seq <= ? ORDER BY seq, chunk", afterSeq, uptoSeq);
  }

  /** Whole records after `afterSeq` and at most `uptoSeq`, stopping at a record boundary past `maxBytes`. */
  records(afterSeq: number, uptoSeq: number, maxBytes = READ_PAGE_BYTES): StoredRecord[] {
    const out: StoredRecord[] = [];
    let current: { seq: number; parts: Uint8Array[] } | null = null;
    let bytes = 0;
    for (const row of this.rows(afterSeq, uptoSeq)) {
      if (!current || row.seq !== current.seq) {
        if (current) out.push({ seq: current.seq, data: concatBytes(current.parts) });
        if (out.length > 0 && bytes >= maxBytes) return out;
        current = { seq: row.seq, parts: [] };
      }
      current.parts.push(new Uint8Array(row.data));
      bytes += row.data.byteLength;
    }
    if (current) out.push({ seq: current.seq, data: concatBytes(current.parts) });
    return out;
  }

  /**
   * One page for a reader: the payload (JSON fragments joined by commas) and where it ends. Chunks
   * are joined once, straight into the payload, so a large page is not copied twice.
   */
  page(afterSeq: number, tailSeq: number, json: boolean, maxBytes = READ_PAGE_BYTES): { endSeq: number; payload: Uint8Array } {
    const parts: Uint8Array[] = [];
    let endSeq = afterSeq;
    let bytes = 0;
    for (const row of this.rows(afterSeq, tailSeq)) {
      if (row.seq !== endSeq) {
        if (parts.length > 0 && bytes >= maxBytes) break;
        if (json && parts.length > 0) parts.push(COMMA);
        endSeq = row.seq;
      }
      parts.push(new Uint8Array(row.data));
      bytes += row.data.byteLength;
    }
    return { endSeq, payload: concatBytes(parts) };
  }

  /**
   * Stream-Total-Size of records (afterSeq, uptoSeq]: their messages for JSON, else their bytes.
   * Counted chunk by chunk without joining or parsing records; for a migration's backfill and a
   * fork's inherited records, never on the append or read path.
   */
  size(afterSeq: number, uptoSeq: number, json: boolean): number {
    if (!json) {
      return this.sql.exec<{ n: number }>("SELECT COALESCE(SUM(length(data)), 0) AS n FROM records WHERE seq > ? AND seq <= ?", afterSeq, uptoSeq).one().n;
    }
    let total = 0;
    let counter: FragmentCounter | null = null;
    let seq = afterSeq;
    for (const row of this.rows(afterSeq, uptoSeq)) {
      if (!counter || row.seq !== seq) {
        total += counter?.count ?? 0;
        counter = new FragmentCounter();
        seq = row.seq;
      }
      counter.push(new Uint8Array(row.data));
    }
    return total + (counter?.count ?? 0);
  }

  record(seq: number): Uint8Array | null {
    return this.records(seq - 1, seq, Number.MAX_SAFE_INTEGER)[0]?.data ?? null;
  }

  clear(): void {
    this.sql.exec("DELETE FROM records");
  }
}
