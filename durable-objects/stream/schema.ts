// The stream object's SQLite schema, as ordered migrations. Append new versions; never edit old ones.
import type { Migration } from "../lib/migrations";
import { PRODUCERS_TABLE_SQL } from "../lib/producers";
import { RECORDS_TABLE_SQL } from "../lib/record-store";
import { META_TABLE_SQL } from "./stream-meta";

export const STREAM_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "stream metadata, records (chunked), producers",
    sql: `${META_TABLE_SQL}\n${RECORDS_TABLE_SQL}\n${PRODUCERS_TABLE_SQL}`,
  },
];
