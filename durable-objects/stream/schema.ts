// The stream object's SQLite schema, as ordered migrations. Append new versions; never edit old ones.
import { isJsonType } from "../../src/shared/protocol/durable-streams";
import type { Migration } from "../lib/migrations";
import { PRODUCERS_TABLE_SQL } from "../lib/producers";
import { RECORDS_TABLE_SQL, RecordStore } from "../lib/record-store";
import { META_TABLE_SQL } from "./stream-meta";

/** Version 2's backfill: a stream stored before it gets its Stream-Total-Size counted from its records. */
export function backfillTotalSize(sql: SqlStorage): void {
  const meta = sql.exec<{ content_type: string; tail_seq: number }>("SELECT content_type, tail_seq FROM meta WHERE id = 1").toArray()[0];
  if (!meta) return;
  const size = new RecordStore(sql).size(0, meta.tail_seq, isJsonType(meta.content_type));
  sql.exec("UPDATE meta SET total_size = ? WHERE id = 1", size);
}

export const STREAM_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "stream metadata, records (chunked), producers",
    sql: `${META_TABLE_SQL}\n${RECORDS_TABLE_SQL}\n${PRODUCERS_TABLE_SQL}`,
  },
  {
    version: 2,
    description: "meta.total_size (Stream-Total-Size: messages in JSON mode, else bytes), backfilled from the records",
    sql: "ALTER TABLE meta ADD COLUMN total_size INTEGER NOT NULL DEFAULT 0;",
    run: backfillTotalSize,
  },
];
