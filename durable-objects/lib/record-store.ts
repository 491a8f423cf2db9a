// A Durable Stream's records in SQLite: one record per append (sequence number = offset), stored in
// chunks so no row comes near SQLite's 2 MB row limit. Reads return whole records in pages; JSON
// records hold their messages as a comma-joined fragment, so a page is fragments joined by commas.
import { concatBytes } from "../../src/shared/bytes";

export const RECORDS_TABLE_SQL =
  "CREATE TABLE records (seq INTEGER NOT NULL, chunk INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, chunk)) WITHOUT ROWID;";

/** Largest piece of one record stored in a row (well under the 2 MB row limit). */
export const ROW_CHUNK_BYTES = 512 * 1024;
/** A catch-up page stops at the first record boundary past this size (a single record may exceed it). */
export const READ_PAGE_BYTES = 2 * 1024 * 1024;

const COMMA = 0x2c;

export interface StoredRecord {
  seq: number;
  data: Uint8Array;
}

export class RecordStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Writes one record; call inside the transaction that advances the tail. */
  put(seq: number, data: Uint8Array): void {
    for (let chunk = 0, at = 0; chunk === 0 || at < data.byteLength; chunk += 1, at += ROW_CHUNK_BYTES) {
      this.sql.exec("INSERT INTO records (seq, chunk, data) VALUES (?, ?, ?)", seq, chunk, data.subarray(at, at + ROW_CHUNK_BYTES));
    }
  }

  /** Whole records after `afterSeq` and at most `uptoSeq`, stopping at a record boundary past `maxBytes`. */
  records(afterSeq: number, uptoSeq: number, maxBytes = READ_PAGE_BYTES): StoredRecord[] {
    const out: StoredRecord[] = [];
    let current: { seq: number; parts: Uint8Array[] } | null = null;
    let bytes = 0;
    const cursor = this.sql.exec<{ seq: number; data: ArrayBuffer }>(
      "SELECT seq, data FROM records WHERE seq > ? AND seq <= ? ORDER BY seq, chunk",
      afterSeq,
      uptoSeq,
    );
    for (const row of cursor) {
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

  /** One page for a reader: the payload (JSON fragments joined by commas) and where it ends. */
  page(afterSeq: number, tailSeq: number, json: boolean, maxBytes = READ_PAGE_BYTES): { endSeq: number; payload: Uint8Array } {
    const records = this.records(afterSeq, tailSeq, maxBytes);
    const payload = concatBytes(
      records.map((record) => record.data),
      json ? COMMA : undefined,
    );
    return { endSeq: records.at(-1)?.seq ?? afterSeq, payload };
  }

  record(seq: number): Uint8Array | null {
    return this.records(seq - 1, seq, Number.MAX_SAFE_INTEGER)[0]?.data ?? null;
  }

  clear(): void {
    this.sql.exec("DELETE FROM records");
  }
}
